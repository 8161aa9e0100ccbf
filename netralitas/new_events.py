"""The events that new cases' stated state implies, for every new case of an import at once.

`reconcile.events_of_state` says, one case at a time, which events (tahapan rows) a new record's
columns imply; this module gives the same rows for all the cases prepared in TEMP tables by one
set-based INSERT … SELECT, in the same order (so the same ids once copied), and each case's
current stage (`tahap`, `current_stages`). tests/test_new_events.py compares the two on every combination of
stated stages, statuses and pleno dates.

The rules, as `events_of_state` applies them:
- a case stage (CASE_GROUPS) whose columns hold anything is one event, then one klarifikasi event
  per distinct date (sorted), then — when the case has a pleno date and no terlapor got a pleno
  event — a pleno of the case with no outcome;
- a terlapor's stages (PERSON_GROUPS) likewise; a status stated beyond what those give implies a
  pleno (tidak_terbukti, direkomendasikan: dated with the case's pleno) or an undated sanksi;
  a terlapor found (rekomendasi or sanksi) with no pleno gets one on the case's pleno date.
An event's data holds its non-tanggal columns that hold a value, as `json.dumps` writes them.
"""

from __future__ import annotations

from sqlite_utils import Database

from netralitas.events import oleh
from netralitas.tahapan import CASE_GROUPS, PERSON_GROUPS, SEP, katalog

STATE_COLUMNS = ("tanggal_klarifikasi", "tanggal_pleno", *(c for columns in CASE_GROUPS.values() for c in columns))
_FOUND = "'{\"hasil\": \"terbukti\"}'"
_NOT_FOUND = "'{\"hasil\": \"tidak_terbukti\"}'"


def _any(columns: dict, alias: str) -> str:
    return "(" + " OR ".join(f"{alias}.{c} IS NOT NULL" for c in columns) + ")"


def _data(columns: dict, alias: str) -> str:
    """The event's data as json.dumps(…, ensure_ascii=False) writes it; NULL when it holds nothing."""
    parts = [f"CASE WHEN {alias}.{c} IS NOT NULL THEN ', \"{key}\": ' || json_quote({alias}.{c}) ELSE '' END"
             for c, key in columns.items() if key != "tanggal"]
    if not parts:
        return "NULL"
    return "'{' || substr(NULLIF(" + " || ".join(parts) + ", ''), 3) || '}'"


def _date(columns: dict, alias: str) -> str:
    return f"{alias}." + next(c for c, key in columns.items() if key == "tanggal")


def _truthy(expr: str) -> str:
    """Python's truth of a stored value (a date): neither NULL nor empty."""
    return f"COALESCE({expr}, '') <> ''"


def _person_terms(t: str, k: str) -> tuple[str, str, str]:
    """SQL for one terlapor `t` of case `k`: the status its stated stages give, the status its
    stated status adds to them (NULL: none), and whether it gets a pleno event."""
    now = (f"(CASE WHEN {_any(PERSON_GROUPS['sanksi'], t)} THEN 'disanksi' "
           f"WHEN {_any(PERSON_GROUPS['rekomendasi'], t)} THEN 'direkomendasikan' ELSE 'diproses' END)")
    # moves_forward(now, wanted) with wanted != now: up the rank, never from tidak_terbukti
    implied = (f"(CASE WHEN {t}.status IS NULL OR {t}.status = {now} THEN NULL "
               f"WHEN {now} = 'diproses' AND {t}.status IN ('tidak_terbukti', 'direkomendasikan', 'disanksi') "
               f"THEN {t}.status WHEN {now} = 'direkomendasikan' AND {t}.status = 'disanksi' THEN 'disanksi' END)")
    found_pleno = (f"({_truthy(k + '.tanggal_pleno')} AND COALESCE({implied}, '') NOT IN ('tidak_terbukti', "
                   f"'direkomendasikan') AND ({now} <> 'diproses' OR {implied} = 'disanksi'))")
    has_pleno = f"(COALESCE({implied}, '') IN ('tidak_terbukti', 'direkomendasikan') OR {found_pleno})"
    return implied, found_pleno, has_pleno


def _rank(stage: str) -> int:
    return katalog().tahap[stage].urutan


def derive(db: Database, *, asal: str, stamp: str, kasus: str = "temp.new_kasus",
           terlapor: str = "temp.new_terlapor", tahapan: str = "temp.new_tahapan") -> None:
    """Insert the events of every case in `kasus` (its id and state columns; its terlapor in
    `terlapor`, numbered by urutan) into `tahapan` (which has a `peringkat` column: the stage's
    catalog order, for `current_stages`), ordered as events_of_state gives them, case by case."""
    implied, found_pleno, has_pleno = _person_terms("t", "k")
    branches = []
    for i, (stage, columns) in enumerate(CASE_GROUPS.items(), 1):
        branches.append(f"SELECT k.id AS kasus_id, NULL AS terlapor_id, 0 AS pos, {i} AS ord, NULL AS sub, "
                        f"'{stage}' AS tahap, {_date(columns, 'k')} AS tanggal, {_data(columns, 'k')} AS data, "
                        f"{_rank(stage)} AS peringkat FROM {kasus} k WHERE {_any(columns, 'k')}")
    n = len(CASE_GROUPS)
    branches.append(f"SELECT kasus_id, NULL, 0, {n + 1}, d, 'klarifikasi', d, NULL, {_rank('klarifikasi')} "
                    f"FROM (SELECT DISTINCT kasus_id, d FROM split WHERE d <> '')")
    branches.append(f"SELECT k.id, NULL, 0, {n + 2}, NULL, 'pleno', k.tanggal_pleno, NULL, {_rank('pleno')} "
                    f"FROM {kasus} k WHERE {_truthy('k.tanggal_pleno')} AND NOT EXISTS "
                    f"(SELECT 1 FROM {terlapor} t WHERE t.kasus_id = k.id AND {has_pleno})")
    person = f"FROM {terlapor} t JOIN {kasus} k ON k.id = t.kasus_id"
    for i, (stage, columns) in enumerate(PERSON_GROUPS.items(), 1):
        branches.append(f"SELECT t.kasus_id, t.id, t.urutan, {i}, NULL, '{stage}', {_date(columns, 't')}, "
                        f"{_data(columns, 't')}, {_rank(stage)} FROM {terlapor} t WHERE {_any(columns, 't')}")
    n = len(PERSON_GROUPS)
    branches.append(f"SELECT t.kasus_id, t.id, t.urutan, {n + 1}, NULL, "
                    f"CASE {implied} WHEN 'disanksi' THEN 'sanksi' ELSE 'pleno' END, "
                    f"CASE {implied} WHEN 'disanksi' THEN NULL ELSE k.tanggal_pleno END, "
                    f"CASE {implied} WHEN 'tidak_terbukti' THEN {_NOT_FOUND} WHEN 'direkomendasikan' THEN {_FOUND} END, "
                    f"CASE {implied} WHEN 'disanksi' THEN {_rank('sanksi')} ELSE {_rank('pleno')} END "
                    f"{person} WHERE {implied} IS NOT NULL")
    branches.append(f"SELECT t.kasus_id, t.id, t.urutan, {n + 2}, NULL, 'pleno', k.tanggal_pleno, {_FOUND}, "
                    f"{_rank('pleno')} {person} WHERE {found_pleno}")
    sep = SEP.replace("'", "''")
    db.execute(f"""INSERT INTO {tahapan} (kasus_id, terlapor_id, tahap, tanggal, data, asal, oleh, dicatat, peringkat)
                   WITH RECURSIVE split (kasus_id, rest, d) AS (
                       SELECT id, tanggal_klarifikasi || '{sep}', NULL FROM {kasus}
                       WHERE {_truthy('tanggal_klarifikasi')}
                       UNION ALL
                       SELECT kasus_id, substr(rest, instr(rest, '{sep}') + {len(SEP)}),
                              substr(rest, 1, instr(rest, '{sep}') - 1)
                       FROM split WHERE rest <> '')
                   SELECT kasus_id, terlapor_id, tahap, tanggal, data, :asal, :oleh, :stamp, peringkat
                   FROM ({' UNION ALL '.join(branches)})
                   ORDER BY kasus_id, pos, ord, sub""", {"asal": asal, "oleh": oleh(), "stamp": stamp})


def current_stages(db: Database, *, tahapan: str = "temp.new_tahapan", into: str = "temp.new_stage") -> None:
    """`into` (kasus_id, tahap): each case's furthest stage recorded in `tahapan`; of stages of the
    same order, the first recorded (tahapan.current_stage). Cases without events have no row."""
    db.execute(f"CREATE TABLE {into} (kasus_id INTEGER PRIMARY KEY, tahap, kunci)")
    # tahap is a bare column of the MIN() aggregate: SQLite takes it from the row with the minimum
    db.execute(f"""INSERT INTO {into} (kasus_id, tahap, kunci)
                   SELECT kasus_id, tahap, MIN((100 - peringkat) * 10000000000000 + seq) FROM {tahapan}
                   GROUP BY kasus_id""")
