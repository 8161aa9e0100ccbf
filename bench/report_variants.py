"""Snapshot every report and digest variant of a database into a folder, to diff before/after.

    python bench/report_variants.py DB OUTDIR [--no-digest]

Reports only read DB. The digest records its run, so it runs on a copy (made once, in OUTDIR)
whose digest_runs are emptied before each run; its json is kept without the run's date and time.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

NETRALITAS = [str(Path(sys.executable).with_name("netralitas"))]
FILTERS = [[], ["--kab", "11.01"], ["--prov", "11"], ["--pemilu", "pilkada-2024"], ["--jenis", "TNI"],
           ["--jenis", "PNS", "--jenis", "kepala_desa"], ["--status", "disanksi"], ["--sumber", "temuan"],
           ["--dari", "2020-01-01", "--sampai", "2023-12-31"], ["--asal", "sendiri"], ["--pelanggaran", "alat-peraga"]]
BYS = [[], ["--by", "wilayah"], ["--by", "wilayah,sanksi"], ["--by", "fase"], ["--by", "jenis"],
       ["--by", "sanksi"], ["--by", "pemilu,status"], ["--by", "bulan"]]


def run(cmd: list[str]) -> str:
    p = subprocess.run([*NETRALITAS, *cmd], capture_output=True, text=True, env={"COLUMNS": "160", "LANG": "id_ID.UTF-8",
                                                                                     "PATH": "/usr/bin:/bin", **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {})})
    return f"exit {p.returncode}\n{p.stdout}\n--stderr--\n{p.stderr}"


def main() -> None:
    db, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    quick = "--quick" in sys.argv
    filters = FILTERS[:3] if quick else FILTERS
    for i, f in enumerate(filters):
        for j, by in enumerate(BYS):
            for fmt in ("table", "json"):
                (out / f"report-f{i}-b{j}-{fmt}.txt").write_text(" ".join(f + by) + "\n" + run(
                    ["report", "--db", str(db), *f, *by, "--format", fmt]))
    for extra in (["--di-bawah-pedoman"], ["--tertunda", "30"], ["--tertunda", "30", "--format", "json"],
                  ["--by", "wilayah", "--format", "csv"], ["--by", "wilayah,sanksi", "--format", "markdown"]):
        (out / f"report-x-{'_'.join(extra)}.txt").write_text(run(["report", "--db", str(db), *extra]))
    if "--no-digest" in sys.argv:
        return
    copy = out / "digest-copy.db"
    if not copy.exists():
        src = sqlite3.connect(db)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
    for i, f in enumerate(filters[:3]):
        with sqlite3.connect(copy) as c:
            c.execute("DELETE FROM digest_runs")
        d = out / f"digest-{i}"
        shutil.rmtree(d, ignore_errors=True)
        run(["digest", "--db", str(copy), "--out", str(d), "-q", "-f", "json,md", *f])
        for p in d.iterdir():
            text = p.read_text()
            if p.suffix == ".json":
                content = json.loads(text)
                for k in ("tanggal", "dibuat", "batas", "waktu"):
                    content.pop(k, None)
                text = json.dumps(content, sort_keys=True, indent=1)
            (out / f"digest-f{i}{p.suffix}").write_text(text)
        shutil.rmtree(d)


if __name__ == "__main__":
    main()
