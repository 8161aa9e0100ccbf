"""The floor for an import: the same CSV through csv.reader and executemany, no checks at all.

    python bench/raw_load.py register-100000.csv out.db

One table with the file's columns (as text), rows inserted in 20,000-row chunks in one
transaction. What the machine can do with this file; netralitas is measured against it.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from itertools import islice


def main(src: str, dst: str) -> None:
    conn = sqlite3.connect(dst, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        conn.execute(f"CREATE TABLE cases ({', '.join(f'[{c}] TEXT' for c in header)})")
        sql = f"INSERT INTO cases VALUES ({', '.join('?' * len(header))})"
        conn.execute("BEGIN")
        while chunk := list(islice(rows, 20_000)):
            conn.executemany(sql, chunk)
        conn.execute("COMMIT")
    conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
