"""new_events derives, in SQL, for every new case at once, the events and the current stage that
reconcile.every_event_of_state and tahapan.current_stage give one case at a time: the same rows, in
the same order, with the same data."""

import itertools
import json
import random
import sqlite3

from sqlite_utils import Database

from netralitas import new_events
from netralitas.reconcile import every_event_of_state
from netralitas.tahapan import CASE_GROUPS, PERSON_GROUPS, current_stage

CASE = ["id", "tanggal_klarifikasi", "tanggal_pleno", "tahap", *(c for g in CASE_GROUPS.values() for c in g)]
PERSON = ["id", "kasus_id", "urutan", "status", *(c for g in PERSON_GROUPS.values() for c in g)]
STATUSES = [None, "diproses", "tidak_terbukti", "direkomendasikan", "disanksi"]
ODD = ['a "quoted" \\ value', "baris\nkedua\ttab\x01", "Pelaksana – ringan é", "", "x | y"]


def _value(rng, column):
    if column.startswith("tanggal"):
        return rng.choice([f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", None, None])
    return rng.choice([f"v{rng.randint(1, 3)}", *ODD, None, None, None])


def _cases():
    rng = random.Random(16)
    cases, people, pid = [], [], 0
    # every person-level combination that decides an event: status, rekomendasi, sanksi, pleno date
    combos = list(itertools.product(STATUSES, [False, True], [False, True], [None, "", "2024-05-05"]))
    for n in range(1, 1201):
        case = {c: None for c in CASE}
        case["id"] = n
        for columns in CASE_GROUPS.values():
            if rng.random() < 0.5:
                for c in columns:
                    case[c] = _value(rng, c)
        case["tanggal_klarifikasi"] = rng.choice([None, "", "2024-03-01", "2024-03-02 | 2024-03-01 | 2024-03-02",
                                                  " | 2024-03-04", "2024-03-05 |  | 2024-03-03", "x | | y"])
        if n <= len(combos):
            status, rek, sank, pleno = combos[n - 1]
            case["tanggal_pleno"] = pleno
            specs = [(status, rek, sank)]
        else:
            case["tanggal_pleno"] = rng.choice([None, "", "2024-06-0%d" % rng.randint(1, 9)])
            specs = [(rng.choice(STATUSES), rng.random() < 0.3, rng.random() < 0.3) for _ in range(rng.randint(0, 4))]
        cases.append(case)
        for urutan, (status, rek, sank) in enumerate(specs, 1):
            pid += 1
            person = {c: None for c in PERSON}
            person.update(id=pid, kasus_id=n, urutan=urutan, status=status)
            for stage, columns in PERSON_GROUPS.items():
                wanted = {"rekomendasi": rek, "sanksi": sank}.get(stage, rng.random() < 0.2)
                if wanted:
                    for c in columns:
                        person[c] = _value(rng, c)
            people.append(person)
    return cases, people


def _expected(cases, people):
    rows, stages = [], {}
    for case in cases:
        mine = [p for p in people if p["kasus_id"] == case["id"]]
        every = every_event_of_state(case, mine)
        rows += [(case["id"], e.terlapor_id, e.tahap, e.tanggal, json.dumps(e.data, ensure_ascii=False) if e.data else None)
                 for e in every]
        stages[case["id"]] = current_stage(every)
    return rows, stages


def test_sql_events_equal_events_of_state(tmp_path):
    cases, people = _cases()
    db = Database(sqlite3.connect(tmp_path / "x.db", isolation_level=None))
    db.execute(f"CREATE TEMP TABLE new_kasus ({', '.join(CASE)})")
    db.execute(f"CREATE TEMP TABLE new_terlapor ({', '.join(PERSON)})")
    db.execute("CREATE TEMP TABLE new_tahapan (seq INTEGER PRIMARY KEY, kasus_id, terlapor_id, tahap, tanggal, data, "
               "asal, oleh, dicatat, peringkat)")
    db.conn.executemany(f"INSERT INTO temp.new_kasus VALUES ({', '.join('?' * len(CASE))})",
                        [[c[k] for k in CASE] for c in cases])
    db.conn.executemany(f"INSERT INTO temp.new_terlapor VALUES ({', '.join('?' * len(PERSON))})",
                        [[p[k] for k in PERSON] for p in people])
    new_events.derive(db, asal="import a.csv", stamp="2024-07-01T00:00:00")

    rows, stages = _expected(cases, people)
    got = db.execute("SELECT kasus_id, terlapor_id, tahap, tanggal, data FROM temp.new_tahapan ORDER BY seq").fetchall()
    assert len(rows) > 3000 and {r[2] for r in rows} >= {"pleno", "sanksi", "klarifikasi", "diteruskan", "pidana"}
    assert got == rows
    new_events.current_stages(db)
    got_stages = dict(db.execute("SELECT id, e.tahap FROM temp.new_kasus LEFT JOIN temp.new_stage e ON e.kasus_id = id"))
    assert got_stages == stages
    assert db.execute("SELECT DISTINCT asal, dicatat FROM temp.new_tahapan").fetchall() == [
        ("import a.csv", "2024-07-01T00:00:00")]
