"""Files of prevention, monitoring and recap records: validated whole, written all-or-nothing.

The same readers as case files: a YAML list (or a mapping with the kind's key, e.g.
`sosialisasi:`), a CSV (encoding, delimiter and header synonyms detected) or an .xlsx sheet.
These files are small, so a file is validated in memory; a file with any problem writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from sqlite_utils import Database

from netralitas import readers, store, xlsx_reader
from netralitas.errors import Problem
from netralitas.importer import FileResult, file_kind
from netralitas.pencegahan import catatan
from netralitas.pencegahan.bidang import Jenis, problems
from netralitas.i18n import _


class Hasil(FileResult):
    """A prevention file's result: the problems kept are bounded as a case file's are."""

    def to_dict(self) -> dict:
        return {"file": self.path, "valid": self.valid, "rows": self.rows, "baru": self.baru, "diubah": self.diubah,
                "sama": self.sama, "problem_count": self.problem_count,
                "problems": [p.to_dict() for p in self.problems]}


def _rows(path: Path, jenis: Jenis, kind: str, hasil: Hasil, *, sheet: str | None, ignore_unknown: bool):
    """(line, raw mapping, {loc: line}) per record; header problems go to hasil."""
    if kind == "yaml":
        yield from readers.read_yaml(path, key=jenis.nama)
        return
    if kind == "csv":
        columns, rows = readers.read_csv(path, ignore_unknown=ignore_unknown, synonyms=jenis.synonyms)
    else:
        columns, rows = xlsx_reader.read_xlsx(path, sheet=sheet, ignore_unknown=ignore_unknown, synonyms=jenis.synonyms)
    hasil.add(columns.problems)
    hasil.add([Problem("missing-column", _("required column is missing"), f, None, str(path), columns.line)
               for f in jenis.required if f not in columns.fields])
    if not hasil.valid:  # a header problem makes every row meaningless
        rows.close()
        return
    for line, raw in rows:
        hasil.add(raw.pop("_problems", []))
        yield line, raw, {}


def validate(path: Path, jenis: Jenis, *, sheet: str | None = None, ignore_unknown: bool = False) -> tuple[Hasil, list]:
    """Every problem of a file, and its records (line, stored columns) when it has none."""
    hasil = Hasil(str(path))
    kind = file_kind(path)
    if not path.is_file():
        hasil.add([Problem("no-file", _("no such file"), None, str(path), str(path))])
        return hasil, []
    if kind is None:
        hasil.add([Problem("unknown-format", _("expected a .csv, .yaml/.yml or .xlsx file"), None,
                                      path.suffix, str(path))])
        return hasil, []
    records, seen = [], {}
    try:
        for line, raw, lines in _rows(path, jenis, kind, hasil, sheet=sheet, ignore_unknown=ignore_unknown):
            hasil.rows += 1
            try:
                rec = jenis.record(jenis.model(**raw))
            except ValidationError as e:
                hasil.add(problems(e, jenis.fields, file=str(path), line=line, lines=lines))
                continue
            if rec["kode"] in seen:
                hasil.add([Problem(
                    "duplicate-kode", _("the same {kind} as line {line} (same key {kode}); {advice}").format(
                        kind=jenis.nama, line=seen[rec["kode"]], kode=rec["kode"],
                        advice=_("give each a different kode") if jenis.nama == "sosialisasi" else _("keep one of them")),
                    "kode", rec["kode"], str(path), line)])
                continue
            seen[rec["kode"]] = line
            records.append(rec)
    except readers.YamlRefused as e:
        hasil.add([e.problem])
    except readers.BadFile as e:
        hasil.add([Problem(e.code, str(e), None, None, str(path), e.line)])
    except (OSError, UnicodeError) as e:
        hasil.add([Problem("bad-file", _("cannot read the file: {error}").format(error=e), None, None, str(path))])
    return hasil, (records if hasil.valid else [])


def process_file(db: Database | None, path: Path, jenis: Jenis, *, write: bool, sheet: str | None = None,
                 ignore_unknown: bool = False) -> Hasil:
    """Validate a file; when valid and `write`, write all its records in one transaction."""
    hasil, records = validate(path, jenis, sheet=sheet, ignore_unknown=ignore_unknown)
    if not hasil.valid:
        return hasil
    if not write:
        for rec in records:
            old = catatan.ambil(db, jenis.tabel, rec["kode"]) if db is not None else None
            outcome = "baru" if old is None else "sama" if all(old[c] == v for c, v in rec.items()) else "diubah"
            setattr(hasil, outcome, getattr(hasil, outcome) + 1)
        return hasil
    with store.write(db):
        stamp = store.now()  # under the write lock, as every stamp (the digest relies on it)
        for rec in records:
            _, outcome, _ = catatan.simpan(db, jenis.tabel, rec, f"import {path.name}", stamp=stamp)
            setattr(hasil, outcome, getattr(hasil, outcome) + 1)
    return hasil
