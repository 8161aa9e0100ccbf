"""What the import of one file found: its counts, problems (the first MAX_PROBLEMS, all counted),
date warnings (once per case) and changes; the share of another process joined in line order."""

from __future__ import annotations

from dataclasses import dataclass, field

from netralitas import store, tanggal_wajar
from netralitas.errors import Problem
from netralitas.staging import MAX_PROBLEMS


@dataclass
class FileResult:
    path: str
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0
    kasus: int = 0
    baru: int = 0
    diubah: int = 0
    sama: int = 0
    changes: list[dict] = field(default_factory=list)  # case, person, field, old -> new (masked)
    warnings: list[Problem] = field(default_factory=list)  # implausible dates; problems when `ketat`
    ketat: bool = False
    dilewati: list[int] = field(default_factory=list)  # lines of the block below the table, left out
    dilewati_alasan: str | None = None  # why
    _warned: dict = field(default_factory=dict, repr=False)  # case -> its line, the cases warned about (only those)
    _warns: dict = field(default_factory=dict, repr=False)  # (pemilu, tanggal_kejadian) -> any warning

    @property
    def valid(self) -> bool:
        return self.problem_count == 0

    def add(self, items: list[Problem]) -> None:
        self.problem_count += len(items)
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(items[:room])

    def warn(self, rec: dict, line: int | None) -> None:
        """The date warnings of a case, once per case however many rows repeat it."""
        when = (rec["pemilu"], rec["tanggal_kejadian"])  # all that tanggal_wajar reads
        if (warns := self._warns.get(when)) is None:
            warns = self._warns[when] = bool(tanggal_wajar.warnings(rec))
        if not warns:
            return
        key = tuple(rec[c] for c in store.CASE_COLUMNS)
        if key not in self._warned:
            self._warned[key] = line
            found = tanggal_wajar.warnings(rec, file=self.path, line=line)
            self.add(found) if self.ketat else self.warnings.extend(found[:MAX_PROBLEMS - len(self.warnings)])

    def mark(self) -> tuple:
        return len(self.problems), self.problem_count, len(self.warnings), self.rows, len(self._warned)

    def part(self, mark: tuple) -> tuple:
        """What was added since `mark` (split_rows: the child's share of a file's rows)."""
        problems, count, warnings, rows, warned = mark
        return (self.rows - rows, self.problem_count - count, self.problems[problems:], self.warnings[warnings:],
                list(self._warned.items())[warned:])

    def absorb(self, part: tuple) -> None:
        """Another process's share of this file's rows: in line order, as one process would have
        found them; a case both warned about is warned about at its first line."""
        rows, count, problems, warnings, warned = part
        self.rows += rows
        self.problem_count += count
        self.problems = sorted(self.problems + problems, key=_line)[:MAX_PROBLEMS]
        theirs_later, mine_later = set(), set()
        for key, line in warned:
            if (mine := self._warned.get(key)) is None:
                self._warned[key] = line
            elif mine < line:
                theirs_later.add(line)
            else:
                mine_later.add(mine)
                self._warned[key] = line
        self.warnings = sorted([w for w in self.warnings if w.line not in mine_later]
                               + [w for w in warnings if w.line not in theirs_later], key=_line)[:MAX_PROBLEMS]

    def to_dict(self) -> dict:
        return {"file": self.path, "valid": self.valid, "rows": self.rows, "kasus": self.kasus, "baru": self.baru,
                "diubah": self.diubah, "sama": self.sama, "perubahan": self.changes, "problem_count": self.problem_count,
                "problems": [p.to_dict() for p in self.problems], "warnings": [w.to_dict() for w in self.warnings],
                "dilewati": {"baris": self.dilewati, "alasan": self.dilewati_alasan}}


def _line(problem: Problem) -> int:
    return problem.line or 0
