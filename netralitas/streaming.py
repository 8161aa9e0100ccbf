"""The register streamed out at the speed of SQLite: export's CSV and list's JSON from one query.

The query gives the output's columns in their order, formatted where SQL can: the formula guard
(cells.neutralise) runs in Python only for a cell whose first character could start a formula,
JSON values come quoted by SQLite's json_quote (the same text as Python's json.dumps without
ensure_ascii). Rows are plain tuples read in chunks, so memory stays flat. The output is byte for
byte what writing kueri.iter_kasus's cases would give: exporter.flat_rows through csv, and
render.stream_json (tests/test_streaming.py; bench/export_snapshot.py on a whole register).
"""

from __future__ import annotations

import json
import sys
from typing import IO

from sqlite_utils import Database

from netralitas.cells import FORMULA_START, neutralise
from netralitas.kueri import ORDER, case_where
from netralitas.models import KASUS_FIELDS, PII_FIELDS, TERLAPOR_FIELDS
from netralitas.seleksi import Seleksi

CHUNK = 50  # rows per fetch
# a cell starting with one of these may be formula-like (an apostrophe: behind apostrophes)
_MAYBE = ",".join(str(ord(c)) for c in (*FORMULA_START, "'"))
_FROM = "FROM kasus k LEFT JOIN terlapor t ON t.kasus_id = k.id"


def _cell(value):
    """A CSV cell that may be formula-like: neutralised as text (None: empty)."""
    return None if value is None else neutralise(str(value))


def _bukti_cell(value):
    """The evidence list of a case as one CSV cell (exporter.flat_rows: joined by ' | ')."""
    text = " | ".join(json.loads(value)) if value else ""
    return neutralise(text) if text else None


# columns whose values are dates or catalog codes, checked on every write: no carriage return there
_CODED = {"sumber", "pemilu", "wilayah", "pelanggaran", "alasan_tidak_diregistrasi", "diteruskan_ke", "jenis",
          "kategori_jabatan", "status", "rekomendasi", "sanksi", "sanksi_moral", "pidana"}


def _guard(expr: str) -> str:
    """A cell as CSV text: formula-like ones neutralised; a text holding a carriage return is noted
    (netralitas_cr), since the csv module quotes a bare CR only when it is in the line terminator."""
    column = expr.rpartition(".")[2]
    if column in _CODED or column.startswith("tanggal_"):
        return f"CASE WHEN unicode({expr}) IN ({_MAYBE}) THEN netralitas_cell({expr}) ELSE {expr} END"
    return (f"CASE WHEN unicode({expr}) IN ({_MAYBE}) THEN netralitas_cell({expr}) "
            f"WHEN instr({expr}, char(13)) THEN netralitas_cr({expr}) ELSE {expr} END")


def _stamp() -> str:
    """exporter._stamp in SQL: a merged record's change by its own office's clock, else its change here."""
    return ("CASE WHEN k.kantor IS NOT NULL AND k.kantor <> '' THEN COALESCE(NULLIF(k.asal_diubah, ''), k.updated_at) "
            "ELSE k.updated_at END")


def _functions(db: Database) -> list:
    """The SQL functions of the CSV query; the list returned fills when a chunk holds a carriage return."""
    seen_cr: list = []

    def noting(fn):
        def cell(value):
            text = fn(value)
            if text is not None and "\r" in text:
                seen_cr.append(True)
            return text
        return cell

    db.conn.create_function("netralitas_cell", 1, noting(_cell))
    db.conn.create_function("netralitas_bukti", 1, noting(_bukti_cell))
    db.conn.create_function("netralitas_cr", 1, noting(lambda value: None if value is None else str(value)))
    return seen_cr


def write_csv(db: Database, seleksi: Seleksi, out: IO[str], *, pii: bool, excel: bool = False, kantor: bool = False,
              cari: str | None = None, limit: int = 0) -> int:
    """One row per terlapor (one for a case without), the case fields repeated (exporter.columns);
    `excel`: semicolons and CRLF (the caller writes the BOM); `kantor`: a roll-up's export says whose
    each record is; the first `limit` cases (0: all)."""
    from netralitas.exporter import columns
    from netralitas.render import csv_writers, writer_for

    seen_cr = _functions(db)
    exprs = [("netralitas_bukti(k.bukti)" if c == "bukti" else _guard(f"k.{c}")) for c in KASUS_FIELDS]
    exprs += [_guard(f"t.{c}") for c in TERLAPOR_FIELDS if pii or c not in PII_FIELDS]
    exprs += [_guard(_stamp())] + [_guard("k.kantor")] * kantor
    where, params = case_where(seleksi, cari=cari, limit=limit)
    cursor = db.conn.execute(f"SELECT {', '.join(exprs)} {_FROM} WHERE {where} ORDER BY {ORDER}", params)
    w, quoted = csv_writers(out, excel)
    w.writerow(columns(pii, kantor))
    n = 0
    while rows := cursor.fetchmany(CHUNK):
        if seen_cr:  # rare (a YAML "\r", an older register's text); from then on each row is looked at
            for row in rows:
                writer_for(row, w, quoted).writerow(row)
        else:
            w.writerows(rows)
        n += len(rows)
    return n


def _key(name: str, indent: int) -> str:
    return "\n" + " " * indent + json.dumps(name) + ": %s"


# render.stream_json's items: json.dumps(indent=2) of each case, indented two more spaces in the list
_CASE = "{" + ",".join(_key(c, 4) for c in KASUS_FIELDS) + ',\n    "terlapor": '
_PERSON = "{" + ",".join(_key(c, 8) for c in TERLAPOR_FIELDS) + "\n      }"
_N = len(KASUS_FIELDS)
_BUKTI = 2 + KASUS_FIELDS.index("bukti")


def _bukti_json(value) -> str:
    """The evidence list as json.dumps(indent=2) writes it inside a case of the list."""
    if not value or value == "[]":
        return "[]"
    items = json.loads(value)
    if items and all(isinstance(x, str) for x in items):
        return "[\n      " + ",\n      ".join(json.dumps(x, ensure_ascii=False) for x in items) + "\n    ]"
    return json.dumps(items, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def stream_json(db: Database, seleksi: Seleksi, *, cari: str | None = None, limit: int = 0) -> int:
    """render.stream_json of list's cases (names and NIP included, `kantor` for a merged record), the
    first `limit` cases (0: all)."""
    where, params = case_where(seleksi, cari=cari, limit=limit)
    quoted = [f"json_quote(k.{c})" if c != "bukti" else "k.bukti" for c in KASUS_FIELDS]
    quoted += [f"json_quote(t.{c})" for c in TERLAPOR_FIELDS]
    cursor = db.conn.execute(f"SELECT k.id, t.id, {', '.join(quoted)}, k.kantor {_FROM} WHERE {where} "
                             f"ORDER BY {ORDER}", params)
    out, n, current, head, people, kantor, parts = sys.stdout, 0, None, "", [], None, []

    def case_text() -> str:
        body = "[\n      " + ",\n      ".join(people) + "\n    ]" if people else "[]"
        tail = f',\n    "kantor": {json.dumps(kantor, ensure_ascii=False)}' if kantor else ""
        return ("[\n  " if n == 0 else ",\n  ") + head + body + tail + "\n  }"

    while rows := cursor.fetchmany(CHUNK):
        for row in rows:
            if row[0] != current:
                if current is not None:
                    parts.append(case_text())
                    n += 1
                current, people, kantor = row[0], [], row[-1]
                case = list(row[2:2 + _N])
                case[_BUKTI - 2] = _bukti_json(case[_BUKTI - 2])
                head = _CASE % tuple(case)
            if row[1] is not None:
                people.append(_PERSON % row[2 + _N:-1])
        out.write("".join(parts))
        parts = []
    if current is not None:
        out.write(case_text())
        n += 1
    out.write("\n]\n" if n else "[]\n")
    return n
