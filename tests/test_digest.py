"""The nightly digest: what is new, dated files, no personal data, overlapping runs."""

import csv
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys

from filelock import FileLock

from conftest import EXAMPLES
from netralitas import store


def run(cli, out, *args, code=0):
    return cli("digest", "--out", out, *args, code=code)


def latest(out, ext="json"):
    return out / f"netralitas-{dt.date.today().isoformat()}.{ext}"


def test_first_then_new_since_previous(cli, tmp_path, db_path):
    out = tmp_path / "digest"
    store.open_db(db_path)  # an empty database (a digest never creates one)
    r = run(cli, out)
    assert "first digest: no previous one" in r.stdout
    assert sorted(p.name for p in out.iterdir()) == [latest(out).name, latest(out, "md").name]
    first = json.loads(latest(out).read_text())
    assert first["sebelumnya"] is None and first["baru"]["kasus"] == 0

    cli("import", EXAMPLES / "kasus.csv")
    run(cli, out)
    data = json.loads(latest(out).read_text())
    assert data["sebelumnya"] is not None
    assert (data["baru"]["kasus"], data["baru"]["temuan"], data["baru"]["laporan"], data["baru"]["terlapor"]) == (8, 4, 4, 8)
    assert data["baru"]["disanksi"] == 4 and data["total"] == {**data["total"], "kasus": 8}
    assert list(data["total"]) == list(data["baru"]) == ["kasus", "temuan", "laporan", "terlapor", "terbukti",
                                                       "tidak_terbukti", "disanksi", "ringan", "sedang", "berat", "moral", "ptdh"]
    assert [r["wilayah"] for r in data["baru_per_wilayah"] if r["kasus"]] == ["64.02"]

    run(cli, out)  # nothing happened in between
    assert json.loads(latest(out).read_text())["baru"]["kasus"] == 0


def test_status_changes_and_new_person_on_an_old_case(cli, tmp_path):
    out = tmp_path / "d"
    header = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,status,rekomendasi,tanggal_rekomendasi,sanksi"
    v1 = tmp_path / "v1.csv"
    v1.write_text(header + "\nK1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Satu,,berat,2020-10-20,\n", encoding="utf-8")
    cli("import", v1)
    run(cli, out)
    v2 = tmp_path / "v2.csv"
    v2.write_text(header + "\nK1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Satu,,berat,2020-10-20,sedang"
                           "\nK1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Dua,tidak_terbukti,,,\n", encoding="utf-8")
    cli("import", v2)
    run(cli, out, "--format", "json,md,html")
    data = json.loads(latest(out).read_text())
    assert data["baru"]["kasus"] == 0 and data["baru"]["terlapor"] == 1 and data["baru"]["tidak_terbukti"] == 1
    changes = {(c["nomor"], c["urutan"], c["kolom"], c["lama"], c["baru"]) for c in data["perubahan"]}
    assert changes == {("K1", 1, "sanksi", None, "sedang"), ("K1", 1, "status", "direkomendasikan", "disanksi")}
    assert "Status and sanction changes" in latest(out, "md").read_text()
    assert latest(out, "html").read_text().startswith("<!doctype html>")


def test_selection_has_its_own_history_and_tertunda(cli, tmp_path):
    out = tmp_path / "d"
    cli("import", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.yaml")
    run(cli, out, "--kab", "bontang", "--tertunda", "30")
    data = json.loads(latest(out).read_text())
    assert data["seleksi"] == {"kab": ["64.74"]} and data["total"]["kasus"] == 2
    assert [r["nomor"] for r in data["tertunda"]["rows"]] == ["001/Reg/LP/PW/Kota/23.04/X/2024"]
    assert data["tertunda"]["jumlah"] == 1
    assert data["tertunda"]["per_wilayah"] == [{"wilayah": "64.74", "wilayah_nama": "Kota Bontang", "terlapor": 1,
                                                "sejak": "2024-10-18"}]
    run(cli, out)  # another selection: its own first run
    assert json.loads(latest(out).read_text())["sebelumnya"] is None


def test_no_names_or_nip_in_any_output(cli, tmp_path):
    names, nips = set(), set()
    with open(EXAMPLES / "kasus.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            names.add(row["Nama Terlapor"])
            nips.add(row["NIP"])
    names.discard("")
    nips.discard("")
    assert len(names) >= 7 and len(nips) >= 6
    cli("import", EXAMPLES / "kasus.csv")
    out = tmp_path / "d"
    run(cli, out, "--format", "md,json,html")
    header = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,nip,sanksi"
    change = tmp_path / "c.csv"  # a change of name and NIP lands in riwayat: it must not leak from there
    change.write_text(header + "\n001/TM/PW/Kab/23.03/X/2020,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,"
                      "Nama Baru Sekali,198203142008011011,berat\n", encoding="utf-8")
    cli("import", "--ignore-unknown", change, code=1)  # another person than the recorded one: a conflict
    cli("import", "--ignore-unknown", "--timpa", change)
    r = run(cli, out, "--format", "md,json,html")
    outputs = [r.stdout, r.stderr] + [p.read_text(encoding="utf-8") for p in out.iterdir()]
    for text in outputs:
        for secret in names | nips | {"Nama Baru Sekali", "198203142008011011"}:
            assert secret not in text, secret


def test_held_lock_declines_cleanly(cli, tmp_path, db_path):
    store.open_db(db_path)
    with FileLock(str(db_path) + ".digest.lock"):
        r = run(cli, tmp_path / "d", "--wait", "0.2", code=3)
    assert "another digest" in r.stderr and "not run this time" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_overlapping_runs_end_cleanly(tmp_path, db_path):
    env = {**os.environ, "NETRALITAS_DB": str(db_path)}
    subprocess.run([sys.executable, "-m", "netralitas", "import", str(EXAMPLES / "kasus.yaml")], env=env, check=True,
                   capture_output=True)
    out = tmp_path / "d"
    procs = [subprocess.Popen([sys.executable, "-m", "netralitas", "digest", "--out", str(out), "--quiet"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(5)]
    procs.append(subprocess.Popen([sys.executable, "-m", "netralitas", "import", str(EXAMPLES / "kasus.csv")], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in results), results
    assert not any("locked" in err for _, err in results)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM digest_runs").fetchone()[0] == 5
        assert conn.execute("SELECT COUNT(*) FROM kasus").fetchone()[0] == 11
    json.loads(latest(out).read_text())  # whole, parseable


def test_bad_format_is_usage_error(cli, tmp_path):
    r = cli("digest", "--out", tmp_path, "--format", "pdf", code=2)
    assert "md, json, html" in r.stderr


def test_per_sanksi_table_equals_the_report(cli, tmp_path):
    from netralitas import reports, store
    from netralitas.seleksi import Seleksi

    cli("import", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.xlsx")
    cli(*["add", "--sumber", "temuan", "--pemilu", "pilkada-2024", "--kab", "ppu", "--tanggal", "2024-10-01",
          "--pelanggaran", "anggota-parpol", "--jenis", "PNS", "--sanksi", "ptdh"])
    run(cli, tmp_path / "d")
    table = json.loads(latest(tmp_path / "d").read_text())["per_sanksi"]
    db = store.open_db(os.environ["NETRALITAS_DB"])
    expected = [{k: r[k] for k in ("sanksi", "terlapor", "kasus")}
                for r in reports.aggregate(db, Seleksi(), ["sanksi"])]
    assert [{k: r[k] for k in ("sanksi", "terlapor", "kasus")} for r in table] == expected


def test_tertunda_lists_the_longest_waiting_and_counts_all(cli, tmp_path, monkeypatch):
    from netralitas import digest

    monkeypatch.setattr(digest, "LONGEST", 2)
    cli("import", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.yaml")
    run(cli, tmp_path / "d")
    data = json.loads(latest(tmp_path / "d").read_text())["tertunda"]
    # only ASN wait on a PPK: the kepala desa (2020-11-05) and the perangkat desa (2018-06-01) do not
    assert data["jumlah"] == 2 and len(data["rows"]) == 2
    assert [r["tanggal_rekomendasi"] for r in data["rows"]] == ["2020-11-20", "2024-10-18"]  # the oldest first
    assert sum(r["terlapor"] for r in data["per_wilayah"]) == 2


def test_markdown_counts_are_written_as_the_headline_writes_them(cli, tmp_path, db_path):
    """The Markdown tables' counts read like the headline's (1,234,567 in English, 1.234.567 in Indonesian)."""
    store.open_db(db_path)
    cli("sosialisasi", "add", "--tanggal", "2024-11-03", "--pemilu", "pilkada-2024", "--wilayah", "bontang",
        "--penyelenggara", "Bawaslu Bontang", "--tema", "Netralitas ASN", "--jumlah-peserta", "1234567")
    out = tmp_path / "d"
    run(cli, out, "--format", "md")
    text = latest(out, "md").read_text()
    assert "1,234,567 peserta" in text  # the headline
    row = next(line for line in text.splitlines() if "Kota Bontang" in line)
    assert "| 1,234,567 |" in row and "1234567" not in row
