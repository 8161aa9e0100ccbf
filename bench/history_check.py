"""Compare what two versions of netralitas write for changed cases (kasus, terlapor, tahapan, riwayat).

Runs the update scenarios on copies of an imported register with the netralitas found first on
sys.path when run from `--code` (a source tree, e.g. `git archive` of a base commit) and writes
one normalised dump per scenario into `--out`: each run's own timestamps become NEW, so two
versions' dumps are equal when they write the same rows, in the same order, with the same values.

    python bench/history_check.py --code /tmp/old --out /tmp/dump-old --db imported.db --csv register.csv
    python bench/history_check.py --code .        --out /tmp/dump-new --db imported.db --csv register.csv
    diff -r /tmp/dump-old /tmp/dump-new

Scenarios: the file whose every case changed (uraian), a stage update (`--perbarui`, a klarifikasi
date), and a mixed file with --timpa (names, statuses, stage dates, blanks, a terlapor added).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
TABLES = {"kasus": "id", "terlapor": "id", "tahapan": "id", "riwayat": "id"}


def mixed(src: Path, out: Path, n: int) -> Path:
    """The first `n` rows of `src`, with changes of every kind (for --timpa)."""
    with open(src, encoding="utf-8-sig", newline="") as f, open(out, "w", encoding="utf-8", newline="") as g:
        rows = csv.DictReader(f)
        w = csv.DictWriter(g, fieldnames=rows.fieldnames, lineterminator="\n")
        w.writeheader()
        last, c = None, -1
        for i, row in enumerate(rows):
            if i >= n:
                break
            if row["nomor"] != last:
                c += 1  # the case's changes are the same on each of its rows
            if c % 3 == 0:
                row["uraian"] = (row["uraian"] or "") + " (diubah)"
            if i % 5 == 0:
                row["jabatan"] = "Kepala Seksi"
            if c % 7 == 0 and row["tanggal_diterima"] and not row["tanggal_klarifikasi"]:
                row["tanggal_klarifikasi"] = row["tanggal_diterima"]
            if c % 11 == 0 and not row["tanggal_pleno"] and not row["tanggal_klarifikasi"] and row["tanggal_diterima"]:
                row["tanggal_pleno"] = row["tanggal_diterima"]
                if row["status"] == "diproses" and i % 2:
                    row["status"] = "tidak_terbukti"
            if i % 13 == 0:
                row["tanggal_rekomendasi"] = ""
                row["rekomendasi"] = ""
            if i % 17 == 0:
                row["instansi"] = ""
            if i % 19 == 0 and row["status"] == "direkomendasikan":  # backwards: the recommendation withdrawn
                row["status"] = "diproses"
                row["tanggal_rekomendasi"] = row["rekomendasi"] = row["nomor_surat_rekomendasi"] = ""
            if c % 29 == 0 and row["nomor"] == last:  # a terlapor left out (--timpa removes them)
                continue
            w.writerow(row)
            if c % 23 == 0 and row["nomor"] != last:
                extra = dict(row, nama=f"Tambahan {i}", nip="", status="diproses", rekomendasi="",
                             tanggal_rekomendasi="", sanksi="", sanksi_jenis="", sanksi_moral="", tanggal_sanksi="",
                             nomor_sk="", nomor_surat_rekomendasi="", tanggal_tidak_ditindaklanjuti="",
                             tanggal_blokir="", pidana="", tanggal_pidana="", pidana_pasal="")
                w.writerow(extra)
            last = row["nomor"]
    return out


def dump(db: Path, out: Path, since: str) -> None:
    conn = sqlite3.connect(db)
    out.mkdir(parents=True, exist_ok=True)
    for table, key in TABLES.items():
        digest = hashlib.sha256()
        with open(out / f"{table}.txt", "w", encoding="utf-8") as f:
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY {key}"):
                line = "|".join("NEW" if isinstance(v, str) and STAMP.match(v) and v > since else repr(v)
                                for v in row)
                f.write(line + "\n")
                digest.update(line.encode())
        print(f"  {table}: {digest.hexdigest()[:16]}")
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", type=Path, required=True, help="the source tree whose netralitas runs")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--db", type=Path, required=True, help="an imported register (copied, never written)")
    ap.add_argument("--csv", type=Path, required=True, help="the file it was imported from")
    ap.add_argument("--changed", type=Path, help="the all-changed file (default: made from --csv)")
    ap.add_argument("--tahap", type=Path, help="a stage update file (nomor,tanggal_klarifikasi)")
    ap.add_argument("--rows", type=int, default=20_000, help="rows of the mixed file")
    args = ap.parse_args()
    for name in ("code", "out", "db", "csv", "changed", "tahap"):
        if getattr(args, name) is not None:
            setattr(args, name, getattr(args, name).resolve())
    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NETRALITAS_PENGGUNA": "bench", "NO_COLOR": "1"}
    scenarios = []
    if args.changed:
        scenarios.append(("changed", args.changed, []))
    if args.tahap:
        scenarios.append(("tahap", args.tahap, ["--perbarui"]))
    scenarios.append(("mixed", mixed(args.csv, work / "mixed.csv", args.rows), ["--timpa"]))
    with sqlite3.connect(args.db) as conn:  # a run's own stamps are newer than any of the register
        since = max(conn.execute(f"SELECT MAX({c}) FROM {t}").fetchone()[0] or "" for t, c in
                    (("kasus", "updated_at"), ("terlapor", "updated_at"), ("tahapan", "dicatat"),
                     ("riwayat", "waktu")))
    for name, path, extra in scenarios:
        db = work / f"{name}.db"
        shutil.copy(args.db, db)
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        run = subprocess.run([sys.executable, "-m", "netralitas", "import", *extra, "--db", str(db), str(path)],
                             cwd=args.code, env=env, capture_output=True, text=True)
        print(f"{name}: exit {run.returncode}: {run.stdout.strip()[-200:]} {run.stderr.strip()[-300:]}")
        (args.out / name).mkdir(parents=True, exist_ok=True)
        (args.out / name / "output.txt").write_text(f"{run.returncode}\n{run.stdout}\n{run.stderr}", encoding="utf-8")
        dump(db, args.out / name, since)
        db.unlink()


if __name__ == "__main__":
    main()
