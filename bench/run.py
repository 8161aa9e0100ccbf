"""netralitas benchmarks, side by side with sqlite-utils, written to bench/RESULTS.md.

    python bench/run.py              # full run: 100k and 1M terlapor (about 10 minutes)
    python bench/run.py --quick      # 10k only, fewer repetitions: a smoke run

Pairs run alternately (A B, B A, …); each bar is judged on the median of the per-pair ratios,
so a noisy neighbour hits both sides. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
NETRALITAS = [str(BIN / "netralitas")]
SQLITE_UTILS = [str(BIN / "sqlite-utils")]

# What `netralitas report --by wilayah` computes, as one GROUP BY a person would type.
EQUIVALENT_SQL = """SELECT k.wilayah, COUNT(DISTINCT k.id) AS kasus,
  COUNT(DISTINCT CASE WHEN k.sumber = 'temuan' THEN k.id END) AS temuan,
  COUNT(DISTINCT CASE WHEN k.sumber = 'laporan' THEN k.id END) AS laporan,
  COUNT(t.id) AS terlapor, SUM(t.status IN ('direkomendasikan', 'disanksi')) AS terbukti,
  SUM(t.status = 'tidak_terbukti') AS tidak_terbukti, SUM(t.status = 'disanksi') AS disanksi,
  SUM(t.sanksi = 'ringan') AS ringan, SUM(t.sanksi = 'sedang') AS sedang, SUM(t.sanksi = 'berat') AS berat,
  SUM(t.sanksi_moral IS NOT NULL) AS moral
FROM kasus k LEFT JOIN terlapor t ON t.kasus_id = k.id GROUP BY k.wilayah"""


def wall(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", ".digest.lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def pairs(a, b, reps: int, before=lambda: None) -> dict:
    """Alternate A and B; the median of A/B ratios, and the medians of each side."""
    ta, tb, ratios = [], [], []
    for i in range(reps):
        order = (("a", a), ("b", b)) if i % 2 == 0 else (("b", b), ("a", a))
        got = {}
        for name, fn in order:
            before()
            got[name] = fn()
        ta.append(got["a"])
        tb.append(got["b"])
        ratios.append(got["a"] / got["b"])
    return {"a": statistics.median(ta), "b": statistics.median(tb), "ratio": statistics.median(ratios), "reps": reps}


def peak_rss_mib(cmd: list[str]) -> float:
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], check=True, capture_output=True, text=True)
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    return kb / 1024


def data(n: int) -> Path:
    path = OUT / f"register-{n}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--terlapor", str(n), "--format", "csv",
                        "--out", str(OUT)], check=True, stdout=subprocess.DEVNULL)
    return path


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    su = subprocess.run([*SQLITE_UTILS, "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {su}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="10k rows, fewer repetitions")
    ap.add_argument("--reps", type=int, default=None)
    args = ap.parse_args()
    small, big = (10_000, None) if args.quick else (100_000, 1_000_000)
    reps = args.reps or (3 if args.quick else 5)
    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1"}
    results, rows = [], []

    def bar(name, value, limit, unit, detail):
        ok = value <= limit
        results.append(ok)
        rows.append(f"| {name} | {detail} | {value:.2f}{unit} | ≤ {limit}{unit} | {'pass' if ok else 'FAIL'} |")
        print(rows[-1], flush=True)

    csv_small = data(small)
    db_a, db_b = work / "a.db", work / "b.db"

    # 1. import vs a blind load
    r = pairs(lambda: wall([*NETRALITAS, "import", "--db", str(fresh(db_a)), str(csv_small)], env),
              lambda: wall([*SQLITE_UTILS, "insert", str(fresh(db_b)), "cases", str(csv_small), "--csv"], env), reps)
    bar(f"import {small:,} terlapor (CSV)", r["ratio"], 1.0, "×",
        f"netralitas {r['a']:.2f} s vs sqlite-utils insert {r['b']:.2f} s")

    # 2. report vs the same GROUP BY through sqlite-utils query
    fresh(db_a)
    subprocess.run([*NETRALITAS, "import", "--db", str(db_a), str(csv_small)], env=env, check=True, capture_output=True)
    r = pairs(lambda: wall([*NETRALITAS, "report", "--db", str(db_a), "--by", "wilayah", "--format", "json"], env),
              lambda: wall([*SQLITE_UTILS, "query", str(db_a), EQUIVALENT_SQL], env), reps)
    bar(f"report --by wilayah, {small:,} terlapor", r["ratio"], 1.5, "×",
        f"netralitas {r['a']:.3f} s vs sqlite-utils query {r['b']:.3f} s")

    # 3. start-up
    n = max(reps * 3, 9)
    for label, cmd in (("--version", [*NETRALITAS, "--version"]), ("--help", [*NETRALITAS, "--help"])):
        r = pairs(lambda: wall(cmd, env), lambda: wall([*SQLITE_UTILS, "--version"], env), n)
        bar(f"start-up: netralitas {label}", r["ratio"], 1.0, "×",
            f"{r['a'] * 1000:.0f} ms vs sqlite-utils --version {r['b'] * 1000:.0f} ms")

    if big:
        csv_big = data(big)
        db_big = work / "big.db"
        # 4. memory of a 1M import (and its time)
        fresh(db_big)
        start = time.perf_counter()
        rss = peak_rss_mib([*NETRALITAS, "import", "--db", str(db_big), str(csv_big)])
        took = time.perf_counter() - start
        bar(f"peak memory, import {big:,} terlapor", rss, 200, " MiB", f"/usr/bin/time -v; the import took {took:.0f} s")
        # 2b. report on 1M
        times = [wall([*NETRALITAS, "report", "--db", str(db_big), "--by", "wilayah", "--format", "json"], env)
                 for _ in range(reps)]
        bar(f"report --by wilayah, {big:,} terlapor", statistics.median(times), 1.5, " s", f"median of {reps}")
        # 5. digest on 1M
        times = []
        for _ in range(reps):
            shutil.rmtree(work / "digest", ignore_errors=True)
            times.append(wall([*NETRALITAS, "digest", "--db", str(db_big), "--out", str(work / "digest"), "-q"], env))
        bar(f"digest, {big:,} terlapor", statistics.median(times), 3.0, " s", f"median of {reps}")

    write_results(rows, reps, args.quick)
    if not all(results):
        sys.exit(1)


def write_results(rows: list[str], reps: int, quick: bool) -> None:
    text = f"""# Benchmark results

Machine: {machine()}.
Date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}. Run: `python bench/run.py{' --quick' if quick else ''}` ({reps} alternating pairs per
comparison; start-up uses at least 9). Data: `bench/generate.py` (seed 2024), a synthetic national register.

| measure | detail | result | bar | |
| --- | --- | ---: | ---: | --- |
{chr(10).join(rows)}

Commands compared:
- import: `netralitas import --db a.db register-N.csv` vs `sqlite-utils insert b.db cases register-N.csv --csv`
  (which validates nothing), each into an empty database.
- report: `netralitas report --by wilayah --format json` vs `sqlite-utils query` with the same counts as one
  GROUP BY (`EQUIVALENT_SQL` in `bench/run.py`).
- start-up: `netralitas --version` and `netralitas --help` vs `sqlite-utils --version`.
"""
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
