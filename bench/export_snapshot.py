"""Snapshot every output of `export` and `list` on a database, to prove a change keeps them byte for byte.

    python bench/export_snapshot.py DB OUTDIR          # writes OUTDIR/<name> for every command
    python bench/export_snapshot.py --compare A B      # the outputs that differ (exit 1 if any)

Every format (CSV, --excel CSV, YAML, JSON, xlsx), with and without personal data, with filters.
An .xlsx is compared by its parts, less docProps/core.xml (it holds the time it was written).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NETRALITAS = [sys.executable, "-m", "netralitas"]

FILTERS = {
    "all": [],
    "kab": ["--kab", "19.06", "--kab", "33.05"],
    "status": ["--status", "disanksi", "--kab", "19.06", "--kab", "64.08", "--kab", "53.20"],
    "jenis-dates": ["--jenis", "PNS", "--dari", "2019-01-01", "--sampai", "2021-12-31"],
    "asal": ["--asal", "sendiri"],
}

COMMANDS: dict[str, list[str]] = {}
for fname, flt in FILTERS.items():
    for pii in (False, True):
        tag = f"{fname}{'-pii' if pii else ''}"
        extra = ["--include-pii"] if pii else []
        COMMANDS[f"export-csv-{tag}"] = ["export", "--format", "csv", *extra, *flt]
        COMMANDS[f"export-yaml-{tag}"] = ["export", "--format", "yaml", *extra, *flt]
        COMMANDS[f"export-json-{tag}"] = ["export", "--format", "json", *extra, *flt]
    COMMANDS[f"export-excel-{fname}"] = ["export", "--format", "csv", "--excel", "--include-pii", *flt]
    COMMANDS[f"list-json-{fname}"] = ["list", "--format", "json", *flt]
    COMMANDS[f"list-csv-{fname}"] = ["list", "--format", "csv", *flt]
COMMANDS["list-excel-all"] = ["list", "--format", "csv", "--excel"]
COMMANDS["list-json-cari"] = ["list", "--format", "json", "--cari", "LP/33"]
COMMANDS["list-json-limit"] = ["list", "--format", "json", "--limit", "50"]
COMMANDS["list-table-limit"] = ["list", "--limit", "200"]
COMMANDS["export-csv-file"] = ["export", "--include-pii", "--output", "{out}/file.csv"]
COMMANDS["export-xlsx-kab-pii"] = ["export", "--include-pii", "--output", "{out}/kab-pii.xlsx", *FILTERS["kab"]]
COMMANDS["export-xlsx-kab"] = ["export", "--output", "{out}/kab.xlsx", *FILTERS["kab"]]
COMMANDS["list-xlsx-kab"] = ["list", "--format", "xlsx", "--output", "{out}/list-kab.xlsx", *FILTERS["kab"]]


def snapshot(db: Path, out: Path, only: str | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "NETRALITAS_LANG": "en"}
    for name, args in COMMANDS.items():
        if only and only not in name:
            continue
        args = [a.replace("{out}", str(out)) for a in args]
        for a in args:
            if a.endswith((".csv", ".xlsx")) and str(out) in a:
                Path(a).unlink(missing_ok=True)
        r = subprocess.run([*NETRALITAS, *args, "--db", str(db)], env=env, capture_output=True, cwd=HERE.parent)
        (out / f"{name}.out").write_bytes(r.stdout)
        (out / f"{name}.err").write_bytes(r.stderr.replace(str(out).encode(), b"{out}") + f"\nexit {r.returncode}\n".encode())
        print(name, r.returncode, len(r.stdout), file=sys.stderr)


def digest(path: Path) -> str:
    if path.suffix == ".xlsx":
        h = hashlib.sha256()
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if name != "docProps/core.xml":
                    h.update(name.encode() + b"\0" + z.read(name))
        return h.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    bad = [n for n in names if not (a / n).exists() or not (b / n).exists() or digest(a / n) != digest(b / n)]
    for n in bad:
        print("DIFFERS", n)
    print(f"{len(names) - len(bad)} of {len(names)} outputs identical")
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--only", help="only the commands whose name contains this")
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.compare:
        sys.exit(compare(args.a, args.b))
    snapshot(args.a, args.b, args.only)


if __name__ == "__main__":
    main()
