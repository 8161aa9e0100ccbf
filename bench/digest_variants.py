"""Dump the digest's content (md, json, html) for selections x days x --tertunda, as a first digest and
after a previous one, with `tenggat`'s rows and `report --tertunda`'s, to diff two code versions:

    PYTHONPATH=<checkout> python bench/digest_variants.py COPY.db OUTDIR [--quick]

COPY.db is written to (its digest_runs are replaced per selection, and a newer netralitas migrates
it): give each code version its own copy of the same register. The days are fixed, not today.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import time
from pathlib import Path

from netralitas import digest, render, reports, store, tenggat
from netralitas.seleksi import Seleksi

SELECTIONS = [Seleksi(), Seleksi(kab=("11.01",)), Seleksi(prov=("11",)), Seleksi(pemilu=("pilkada-2024",)),
              Seleksi(jenis=("TNI",)), Seleksi(jenis=("PNS", "kepala_desa")), Seleksi(status=("direkomendasikan",)),
              Seleksi(sumber=("temuan",)), Seleksi(dari=dt.date(2020, 1, 1), sampai=dt.date(2023, 12, 31)),
              Seleksi(pemilu=("pemilu-2019", "pemilu-2024")), Seleksi(asal=("sendiri",))]
DAYS = [dt.date(2026, 11, 24), dt.date(2024, 12, 1), dt.date(2019, 6, 1)]
HARI = [14, 0, 60]


def main() -> None:
    db_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    selections, days, hari_ = (SELECTIONS[:1], DAYS[:1], HARI[:1]) if "--quick" in sys.argv else (SELECTIONS, DAYS, HARI)
    with sqlite3.connect(db_path) as conn:  # the previous digest's bound: half the cases are new since
        mid = conn.execute("SELECT created_at FROM kasus ORDER BY created_at LIMIT 1 "
                           "OFFSET (SELECT COUNT(*) / 2 FROM kasus)").fetchone()[0]
    db = store.open_db(db_path, create=False)
    start = time.perf_counter()
    for prev in (False, True):
        for i, s in enumerate(selections):
            db.execute("DELETE FROM digest_runs WHERE seleksi = ?", [s.key()])
            if prev:
                db.execute("INSERT INTO digest_runs (waktu, seleksi, batas, file) VALUES (?, ?, ?, ?)",
                           ["2026-01-01T00:00:00+00:00", s.key(), mid, "-"])
            for day in days:
                for hari in hari_:
                    content = digest.build(db, s, hari, today=day)
                    stem = out / f"d-p{int(prev)}-s{i}-{day}-h{hari}"
                    stem.with_suffix(".json").write_text(render.to_json(content))
                    stem.with_suffix(".md").write_text(digest.markdown(content) + "\n" + "\n".join(digest.headline(content)))
                    if hari == 14:
                        stem.with_suffix(".html").write_text(digest.html_page(content))
    for i, s in enumerate(selections):
        for day in days:
            for dalam in (0, 7, 100_000):
                for ppk in (None, 0, 30):
                    found = tenggat.rows(db, s, per=day, dalam=dalam, ppk_hari=ppk)
                    (out / f"t-s{i}-{day}-{dalam}-{ppk}.json").write_text(json.dumps(found, ensure_ascii=False))
            waiting = reports.tertunda(db, s, 30, today=day)
            (out / f"r-s{i}-{day}.json").write_text(json.dumps(waiting, ensure_ascii=False))
    print(f"{time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
