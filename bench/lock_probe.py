"""How long another writer waits while a command runs: the longest wait for the write lock.

    python bench/lock_probe.py DB -- netralitas import --db DB file.csv

Starts the command, then takes and releases the write lock (BEGIN IMMEDIATE; ROLLBACK) over and
over on its own connection until the command ends, and prints the longest single wait in seconds.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time


def longest_wait(db: str, cmd: list[str]) -> float:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worst = 0.0
    while proc.poll() is None:
        try:
            conn = sqlite3.connect(db, timeout=600, isolation_level=None)
        except sqlite3.Error:
            time.sleep(0.05)
            continue
        start = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            worst = max(worst, time.perf_counter() - start)
        except sqlite3.Error:
            pass
        finally:
            conn.close()
        time.sleep(0.02)
    if proc.returncode:
        raise SystemExit(f"the command failed ({proc.returncode})")
    return worst


if __name__ == "__main__":
    db, rest = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    print(f"{longest_wait(db, rest):.2f}")
