"""Export cases in the formats `import` reads: YAML, CSV, JSON, XLSX.

Names and NIP are left out unless asked for. Spreadsheet cells that would run as formulas
(starting with = + - @) get a leading apostrophe (see cells); the readers take it off again in
a file export wrote, so an export imports back to the same records.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import IO, Iterable, Iterator

from netralitas.cells import xlsx_cell
from netralitas.i18n import _
from netralitas.models import KASUS_FIELDS, PII_FIELDS, TERLAPOR_FIELDS
from netralitas.readers import EXPORT_CREATOR


STAMP = "diubah"  # when the case last changed: import recognises a file older than the record
KANTOR = "kantor"  # a roll-up's export: the office that keeps a merged record (empty: this office's own)


def columns(pii: bool, kantor: bool = False) -> list[str]:
    return KASUS_FIELDS + [c for c in TERLAPOR_FIELDS if pii or c not in PII_FIELDS] + [STAMP] + [KANTOR] * kantor


def has_merged(db) -> bool:
    """Whether the database keeps records merged from other offices: its exports then carry `kantor`."""
    return db.execute("SELECT 1 FROM kasus WHERE kantor IS NOT NULL LIMIT 1").fetchone() is not None


def _stamp(case: dict) -> str | None:
    """A merged record's last change by its own office's clock, so a roll-up of the export keeps
    recognising an older copy; this office's own records: their last change here."""
    return (case.get("_asal_diubah") or case.get("_updated_at")) if case.get("_kantor") else case.get("_updated_at")


def flat_rows(cases: Iterable[dict], pii: bool) -> Iterator[dict]:
    """One row per terlapor, the case fields repeated (one row for a case without terlapor)."""
    for case in cases:
        base = {c: case[c] for c in KASUS_FIELDS}
        base["bukti"] = " | ".join(case["bukti"]) or None
        base[STAMP] = _stamp(case)
        base[KANTOR] = case.get("_kantor")
        people = case["terlapor"] or [{}]
        for p in people:
            yield {**base, **{c: p.get(c) for c in TERLAPOR_FIELDS if pii or c not in PII_FIELDS}}


def _clean(case: dict) -> dict:
    out = {k: v for k, v in case.items() if not k.startswith("_") and v not in (None, [], "")}
    out["terlapor"] = [{k: v for k, v in p.items() if v is not None} for p in case["terlapor"]]
    if _stamp(case):
        out[STAMP] = _stamp(case)
    if case.get("_kantor"):
        out[KANTOR] = case["_kantor"]
    return out


def write_yaml(cases: Iterable[dict], out: IO[str]) -> int:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    out.write("# " + _("netralitas export: import it with `netralitas import FILE`") + "\nkasus:\n")
    n = 0
    for case in cases:
        # one list item per case keeps memory flat; text that reads as a number or date ("64.10",
        # a NIP) is quoted, so other YAML readers keep it as text too
        text = yaml.dump([_clean(case)], Dumper=dumper, allow_unicode=True, sort_keys=False, default_style=None,
                         width=100)
        out.write("".join("  " + line + "\n" for line in text.splitlines()))
        n += 1
    if n == 0:
        out.write("  []\n")
    return n


def write_json(cases: Iterable[dict], out: IO[str]) -> int:
    out.write("[")
    n = 0
    for case in cases:
        out.write(("," if n else "") + "\n  " + json.dumps(_clean(case), ensure_ascii=False))
        n += 1
    out.write("\n]\n")
    return n


def write_xlsx(cases: Iterable[dict], path, pii: bool, kantor: bool = False) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = EXPORT_CREATOR  # how the reader knows the apostrophes are export's
    ws = wb.create_sheet("kasus")
    cols = columns(pii, kantor)
    ws.append(cols)
    dates = {c for c in cols if c.startswith("tanggal_") and c != "tanggal_klarifikasi"}
    n = 0
    for row in flat_rows(cases, pii):
        ws.append([dt.date.fromisoformat(row[c]) if c in dates and row[c] else xlsx_cell(row[c]) for c in cols])
        n += 1
    wb.save(path)
    return n
