"""Roll-up benchmark: the generator's register split by office (one database per kab/kota, 514
files), merged with `netralitas gabung`, merged again (idempotent), then published with
`netralitas terbitkan`. Wall time and peak memory (/usr/bin/time -v) of each command.
With --provinsi, roll-ups of roll-ups too: the 514 office databases merged into 38 province
roll-ups (measured as one step), the 38 merged into a second national roll-up, which must hold
the same records (office, nomor, content) as the first.

    python bench/rollup.py --terlapor 100000 [--provinsi]    # writes bench/out/rollup-N/
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import cases  # noqa: E402

from netralitas import importer, kantor, store  # noqa: E402
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS  # noqa: E402

NETRALITAS = [sys.executable, "-m", "netralitas"]


def offices(n: int, seed: int, folder: Path) -> list[Path]:
    """One office database per kab/kota of the generated register (the setup, not measured)."""
    by_kab = defaultdict(list)
    for case in cases(n, seed):
        by_kab[case["wilayah"]].append(case)
    from netralitas.wilayah import catalog

    paths = []
    for kab in sorted(catalog().kabkota):
        csv_path = folder / f"{kab}.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(KASUS_FIELDS + TERLAPOR_FIELDS)
            for case in by_kab.get(kab, []):
                for p in case["terlapor"]:
                    w.writerow([case.get(c) or "" for c in KASUS_FIELDS] + [p.get(c) or "" for c in TERLAPOR_FIELDS])
        db = store.open_db(folder / f"{kab}.db")
        kantor.set_kantor(db, f"Bawaslu {catalog().nama(kab)}", kab)
        result = importer.process_file(db, csv_path, write=True)
        assert result.valid, result.problems[:3]
        db.conn.close()
        csv_path.unlink()
        paths.append(folder / f"{kab}.db")
    return paths


def provinces(paths: list[Path], folder: Path) -> tuple[list[Path], str]:
    """One province roll-up per province: its kabupaten/kota databases merged (a shell loop of
    `gabung` per province, measured as one step)."""
    from netralitas.wilayah import catalog

    by_prov = defaultdict(list)
    for p in paths:
        by_prov[p.stem[:2]].append(p)
    script, out = [], []
    for prov in sorted(by_prov):
        db = folder / f"prov-{prov}.db"
        script.append(" ".join([*NETRALITAS, "kantor", "set", "--db", str(db), "--nama",
                                f"'Bawaslu Provinsi {catalog().nama(prov)}'", "--wilayah", prov, ">/dev/null"]))
        script.append(" ".join([*NETRALITAS, "gabung", "--db", str(db), "--format", "json",
                                *map(str, by_prov[prov]), ">/dev/null"]))
        out.append(db)
    return out, " && ".join(script)


def picture(db: Path) -> tuple[int, str]:
    """(records, a digest of every record's office, nomor and content)."""
    import hashlib
    import sqlite3

    h, n = hashlib.sha1(), 0
    with sqlite3.connect(db) as conn:
        for row in conn.execute("SELECT kantor, nomor, sidik FROM kasus ORDER BY kantor, nomor"):
            h.update(repr(row).encode())
            n += 1
    return n, h.hexdigest()


def measure(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB)."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd[:6])} … failed ({out.returncode}):\n{out.stderr[-2000:]}")
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    return wall, kb / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--terlapor", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--provinsi", action="store_true", help="Also roll-ups of roll-ups: 38 province roll-ups merged.")
    args = ap.parse_args()
    folder = args.out / f"rollup-{args.terlapor}"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "kantor").mkdir(parents=True)
    start = time.perf_counter()
    paths = offices(args.terlapor, args.seed, folder / "kantor")
    print(f"setup: {len(paths)} office databases, {args.terlapor:,} terlapor, {time.perf_counter() - start:.0f} s")
    rollup = folder / "nasional.db"
    for label, cmd in (
        ("gabung, 514 office databases", [*NETRALITAS, "gabung", "--db", str(rollup), "--format", "json", *map(str, paths)]),
        ("gabung again (nothing changed)", [*NETRALITAS, "gabung", "--db", str(rollup), "--format", "json", *map(str, paths)]),
        ("terbitkan", [*NETRALITAS, "terbitkan", "--db", str(rollup), str(folder / "terbit.db"), "--min-sel", "3"]),
    ):
        wall, rss = measure(cmd)
        print(f"| {label} | {args.terlapor:,} terlapor | {wall:.1f} s | {rss:.0f} MiB |", flush=True)
    if not args.provinsi:
        return
    rolls, script = provinces(paths, folder)
    national = folder / "nasional-provinsi.db"
    for label, cmd in (
        ("gabung into 38 province roll-ups (514 databases)", ["sh", "-c", script]),
        ("gabung, 38 province roll-ups", [*NETRALITAS, "gabung", "--db", str(national), "--format", "json",
                                          *map(str, rolls)]),
        ("gabung again (nothing changed)", [*NETRALITAS, "gabung", "--db", str(national), "--format", "json",
                                            *map(str, rolls)]),
    ):
        wall, rss = measure(cmd)
        print(f"| {label} | {args.terlapor:,} terlapor | {wall:.1f} s | {rss:.0f} MiB |", flush=True)
    a, b = picture(rollup), picture(national)
    print(f"same records as from the 514 databases: {a == b} ({a[0]:,} and {b[0]:,} kasus)")
    if a != b:
        sys.exit(1)


if __name__ == "__main__":
    main()
