"""The nightly digest: totals, what is new since the previous digest, what waits on the PPK.

Exactness: every write stamps its records while holding SQLite's write lock, so stamps grow in
commit order. A digest reads one snapshot and remembers the newest stamp it saw (`batas`); the
next digest of the same selection reports what came after it, also after a missed night.
Overlapping runs are serialised by a lock file next to the database. Never names or NIP.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database

from netralitas import format as fmt_, laporan_rute, render, reports, ringkasan, safefile, store, tertunda
from netralitas.i18n import _
from netralitas.seleksi import Seleksi

CHANGED = ("status", "rekomendasi", "sanksi", "sanksi_moral")  # the columns `perubahan` reports
FORMATS = ("md", "json", "html")


def _watermark(db: Database) -> str:
    row = db.execute("""SELECT MAX(m) FROM (SELECT MAX(updated_at) AS m FROM kasus
                        UNION ALL SELECT MAX(updated_at) FROM terlapor UNION ALL SELECT MAX(waktu) FROM riwayat
                        UNION ALL SELECT MAX(updated_at) FROM sosialisasi)""").fetchone()
    return row[0] or ""


def build(db: Database, seleksi: Seleksi, tertunda_hari: int, today: dt.date | None = None) -> dict:
    """The digest's content, computed inside one read snapshot: on two connections that read the
    same snapshot (`_twin`), some sections in a second thread (SQLite runs without Python's lock)."""
    today = today or dt.date.today()
    twin = _twin(db)  # db in a read transaction; twin, when there, in one on the same snapshot
    beside = {  # the sections the twin computes
        "tenggat": lambda d: _tenggat(d, seleksi, tertunda_hari, today),
        "tertunda": lambda d: _tertunda(d, seleksi, tertunda_hari, today),
        "rute_lain": lambda d: laporan_rute.lain(d, seleksi)["rows"],  # TNI, Polri, village officials, others
    }
    found: dict = {}

    def twins_part() -> None:
        try:
            found.update((k, f(twin)) for k, f in beside.items())
        except BaseException as e:  # raised again in this thread
            found["error"] = e

    worker = threading.Thread(target=twins_part, daemon=True) if twin else None
    try:
        if worker:
            worker.start()
        try:
            content = _content(db, seleksi, tertunda_hari, today)
        finally:
            if worker:
                worker.join()  # the twin's connection is closed only after its work
        if "error" in found:
            raise found["error"]
        if not worker:
            found.update((k, f(db)) for k, f in beside.items())
    finally:
        db.execute("COMMIT")
        if twin:
            twin.execute("COMMIT")
            twin.conn.close()
    return {k: found.get(k, v) for k, v in content.items()}


def _twin(db: Database) -> Database | None:
    """Begin db's read transaction; and another connection's on the same snapshot, or None.

    A third connection holds the write lock (BEGIN IMMEDIATE) while both take their snapshot, so no
    write commits in between, and gives it back at once. When a writer holds the lock, or the
    database is not a file, db reads alone, as it always could.
    """
    path = getattr(db, "netralitas_path", None)
    uri = f"{Path(path).resolve().as_uri()}?mode=rw" if path is not None else None
    lock = _write_lock(uri)
    db.execute("BEGIN")
    if lock is None:
        return None
    twin = None
    try:
        _watermark(db)  # a read takes the snapshot
        twin = sqlite3.connect(uri, uri=True, isolation_level=None,
                               timeout=store.BUSY_TIMEOUT_MS / 1000, check_same_thread=False)  # read in another thread
        twin.execute("PRAGMA mmap_size = 0")  # through its page cache: the file is mapped once (resident memory)
        tertunda.hide(twin)  # as every register connection reads: an import in progress unseen
        twin.execute("BEGIN")
        _watermark(twin)
        return Database(twin, execute_plugins=False)
    except sqlite3.Error:
        if twin is not None:
            twin.close()
        return None  # db reads alone, in the snapshot it has
    except BaseException:
        db.execute("ROLLBACK")
        raise
    finally:
        lock.execute("ROLLBACK")  # the write lock is free again
        lock.close()


def _write_lock(uri: str | None) -> sqlite3.Connection | None:
    """A connection holding the write lock, or None: no file, or a writer at work (no wait)."""
    if uri is None:
        return None
    lock = None
    try:
        lock = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0)
        lock.execute("BEGIN IMMEDIATE")
        return lock
    except sqlite3.Error:
        if lock is not None:
            lock.close()
        return None


def _content(db: Database, seleksi: Seleksi, tertunda_hari: int, today: dt.date) -> dict:
    """The digest's content in its order; the twin's sections (None here) are filled in by build."""
    batas = _watermark(db)
    prev = db.execute("SELECT waktu, batas FROM digest_runs WHERE seleksi = ? ORDER BY id DESC LIMIT 1",
                      [seleksi.key()]).fetchone()
    window = (prev[1] if prev else "", batas)
    new_cases = dataclasses.replace(seleksi, kasus_dibuat=window)
    new_people = dataclasses.replace(seleksi, terlapor_dibuat=window)
    main, per_sanksi = ringkasan.main_and_sanksi(db, seleksi, ["wilayah"])  # one pass when it can
    if prev is None:  # the first digest: everything in the snapshot is new, exactly the total
        baru = dict(main.total)
    else:
        case_part = reports.aggregate(db, new_cases, [])[0]
        person_part = reports.aggregate(db, new_people, [])[0]
        baru = {c: case_part[c] if c in ("kasus", "temuan", "laporan") else person_part[c] for c in reports.COUNTS}
    content = {
        "tanggal": today.isoformat(),
        "seleksi": seleksi.to_dict(),
        "sebelumnya": prev[0] if prev else None,  # when the previous digest ran
        "batas": batas,
        "total": main.total,
        "funnel": laporan_rute.funnel(db, seleksi, totals=main.total),  # ASN only: the PPK route
        "baru": baru,
        "baru_per_wilayah": reports.labelled(reports.aggregate(db, new_cases, ["wilayah"]), ["wilayah"]),
        "perubahan": _changes(db, seleksi, window),
        "tertunda": None,
        "tenggat": None,
        "per_wilayah": main.rows,
        "per_sanksi": per_sanksi,
        # prevention activities recorded since the previous digest (never the speakers)
        "sosialisasi_baru": sosialisasi_baru(db, seleksi, window),
        "rute_lain": None,
    }
    return content


def sosialisasi_baru(db: Database, seleksi: Seleksi, window: tuple[str, str]) -> list[dict]:
    from netralitas.pencegahan.laporan import baru

    return baru(db, seleksi, window)


LONGEST = 100  # the digest lists the longest-waiting; `report --tertunda N` lists them all


def _tertunda(db: Database, seleksi: Seleksi, hari: int, today: dt.date) -> dict:
    per_region = reports.tertunda_per_wilayah(db, seleksi, hari, today=today)
    return {"hari": hari, "jumlah": sum(r["terlapor"] for r in per_region), "per_wilayah": per_region,
            "rows": reports.tertunda(db, seleksi, hari, today=today, limit=LONGEST)}


def _tenggat(db: Database, seleksi: Seleksi, ppk_hari: int, today: dt.date) -> dict:
    """Next steps overdue today (registration, decision, the PPK's decision): count and the longest."""
    from netralitas import tenggat

    count, rows = tenggat.overdue(db, seleksi, per=today, ppk_hari=ppk_hari, limit=LONGEST)
    return {"per": today.isoformat(), "jumlah": count, "rows": rows}


def _changes(db: Database, seleksi: Seleksi, window: tuple[str, str]) -> list[dict]:
    where, params = seleksi.kasus_where()
    rows = db.query(
        f"""SELECT r.waktu, k.nomor, k.wilayah, r.terlapor_urutan AS urutan, r.kolom, r.lama, r.baru
            FROM riwayat r JOIN kasus k ON k.id = r.kasus_id
            WHERE r.waktu > ? AND r.waktu <= ? AND r.kolom IN ({','.join('?' * len(CHANGED))}) AND {where}
            ORDER BY r.waktu, k.nomor, r.terlapor_urutan""",
        [*window, *CHANGED, *params],
    )
    return list(rows)


def publish(db: Database, content: dict, seleksi: Seleksi, out: Path, formats: list[str], *,
            wait: float = store.WRITE_WAIT_S) -> list[Path]:
    """Write the day's files and record the run: both, or neither.

    The files are first written to temporary files (random names, created exclusively in `out`,
    so a planted link is never followed); the run is recorded under the write lock and the files
    are renamed into place before it commits. A locked database or a full disk leaves no file
    and no record; the same day's files of an earlier run are replaced only by a recorded run.
    """
    out.mkdir(parents=True, exist_ok=True)
    stem = f"netralitas-{content['tanggal']}"
    texts = {"json": lambda: render.to_json(content) + "\n", "md": lambda: markdown(content),
             "html": lambda: html_page(content)}
    ready: list[tuple[Path, Path]] = []
    try:
        for fmt in formats:
            path = out / f"{stem}.{fmt}"
            safefile.refuse_sqlite(path)
            ready.append((safefile.temporary_text(out, path.name, texts[fmt]()), path))
        with store.write(db, wait=wait):
            db["digest_runs"].insert({"waktu": store.now(), "seleksi": seleksi.key(), "batas": content["batas"],
                                      "file": ", ".join(str(path) for _tmp, path in ready)})
            for tmp, path in ready:
                os.replace(tmp, path)  # a reader never sees half a file; the same day's file is replaced
    finally:
        for tmp, _path in ready:
            if tmp.exists():
                tmp.unlink()
    return [path for _tmp, path in ready]


def _sections(c: dict) -> list[tuple[str, list[dict], list[str]]]:
    counts = list(reports.COUNTS)
    return [
        (_("New by region"), [r for r in c["baru_per_wilayah"] if r["kasus"] or r["terlapor"]], ["wilayah_nama", "kasus", "terlapor"]),
        (_("Status and sanction changes"), c["perubahan"], ["waktu", "nomor", "wilayah", "urutan", "kolom", "lama", "baru"]),
        (_("Waiting on a PPK decision for more than {days} days, by region").format(days=c["tertunda"]["hari"]), c["tertunda"]["per_wilayah"],
         ["wilayah", "wilayah_nama", "terlapor", "sejak"]),
        (_("Waiting longest ({shown} of {n}; netralitas report --tertunda {days} lists all)").format(
            shown=len(c["tertunda"]["rows"]), n=c["tertunda"]["jumlah"], days=c["tertunda"]["hari"]), c["tertunda"]["rows"],
         ["nomor", "wilayah", "pemilu", "urutan", "jenis", "rekomendasi", "tanggal_rekomendasi", "hari"]),
        (_("Deadlines passed ({shown} of {n}; netralitas tenggat lists all)").format(shown=len(c["tenggat"]["rows"]), n=c["tenggat"]["jumlah"]),
         c["tenggat"]["rows"], ["nomor", "wilayah", "pemilu", "terlapor", "tenggat_nama", "batas", "hari_lewat"]),
        (_("New sosialisasi"), c.get("sosialisasi_baru", []),
         ["tanggal", "wilayah_nama", "pemilu", "moda", "penyelenggara", "sasaran", "jumlah_peserta", "tema"]),
        (_("By region"), c["per_wilayah"], ["wilayah", "wilayah_nama", *counts]),
        (_("By sanction level"), c["per_sanksi"], ["sanksi_nama", "terlapor", "kasus"]),
        (_("Other actors, each on its own route (not in the PPK funnel)"), c.get("rute_lain", []),
         ["jenis_nama", "rute", "terlapor", "diproses", "tidak_terbukti", "direkomendasikan", "disanksi"]),
    ]


def headline(c: dict) -> list[str]:
    t, b, f = c["total"], c["baru"], c["funnel"]
    pct = fmt_.fmt_pct
    n = fmt_.fmt_int
    since = (_("since the previous digest ({when})").format(when=fmt_.fmt_time(c["sebelumnya"])) if c["sebelumnya"]
             else _("(first digest: no previous one)"))
    return [
        _("Total: {kasus} kasus ({temuan} temuan, {laporan} laporan), {terlapor} terlapor; "
          "terbukti {terbukti}, disanksi {disanksi}; "
          "ringan {ringan}, sedang {sedang}, berat {berat}, moral {moral}.").format(
            **{k: n(v) for k, v in t.items() if isinstance(v, int)}),
        _("ASN funnel (the PPK route): terlapor {terlapor}, terbukti {terbukti} ({proven}), disanksi {disanksi} "
          "({sanctioned} of proven: PPK follow-up).").format(
            terlapor=n(f["terlapor"]), terbukti=n(f["terbukti"]), proven=pct(f["terbukti_persen"]),
            disanksi=n(f["disanksi"]), sanctioned=pct(f["disanksi_persen"])),
        _("New {since}: {kasus} kasus, {terlapor} terlapor; {changes} status/sanction changes.").format(
            since=since, kasus=n(b["kasus"]), terlapor=n(b["terlapor"]), changes=n(len(c["perubahan"]))),
        _("Waiting on a PPK decision for more than {days} days: {n} terlapor.").format(
            days=c["tertunda"]["hari"], n=n(c["tertunda"]["jumlah"])),
        _("Next steps overdue (tenggat): {n}.").format(n=n(c["tenggat"]["jumlah"])),
        _("New prevention activities {since}: {n} sosialisasi, {peserta} peserta.").format(
            since=since, n=n(len(c.get("sosialisasi_baru", []))),
            peserta=n(sum(a["jumlah_peserta"] or 0 for a in c.get("sosialisasi_baru", [])))),
    ]


def markdown(c: dict) -> str:
    from netralitas.digest_html import NUMERIC  # the columns of counts: 1.234.567, right-aligned

    parts = [_("# Neutrality summary {day}").format(day=fmt_.fmt_date(c["tanggal"])), ""]
    if c["seleksi"]:
        parts += [_("Selection: {what}").format(what=fmt_.fmt_seleksi(c["seleksi"])), ""]
    parts += [f"- {line}" for line in headline(c)] + [""]
    for title, rows, cols in _sections(c):
        parts += [f"## {title}", ""]
        parts += [render.markdown_text([_readable(r) for r in rows], cols, numeric=[c for c in cols if c in NUMERIC])
                  if rows else _("(none)"), ""]
    return "\n".join(parts)


DATES = ("tanggal_rekomendasi", "sejak", "batas", "tanggal", "dari")  # dates people read; the JSON keeps ISO


def _readable(row: dict) -> dict:
    """A digest row with its dates and times as the language writes them."""
    out = {k: fmt_.fmt_date(v) if k in DATES and v else v for k, v in row.items()}
    if out.get("tenggat_nama"):
        from netralitas.tenggat import nama

        out["tenggat_nama"] = nama(out)
    if out.get("waktu"):
        out["waktu"] = fmt_.fmt_time(out["waktu"])
    return out


def html_page(c: dict) -> str:
    from netralitas.digest_html import page

    return page(c)
