"""The order of stages, one rule for `tahap`, import and validate: a case's stage is ordered against
every person's stages, and nothing of the sequence follows a case that was not registered."""

import json
import sqlite3

from conftest import ADD, count
from netralitas import events, store

NIP = "198403152009011002"


def recommended(cli, nomor="S1"):
    """A case registered 6 Oct, its pleno 8 Oct, its recommendation 10 Oct and sanction 20 Oct 2024."""
    cli(*ADD, "--nomor", nomor, "--diterima", "2024-10-05", "--nama", "Budi", "--nip", NIP, "--jenis", "PNS")
    cli("tahap", nomor, "registrasi", "--tanggal", "2024-10-06")
    cli("tahap", nomor, "pleno", "--tanggal", "2024-10-08", "--hasil", "terbukti")
    cli("tahap", nomor, "rekomendasi", "--tanggal", "2024-10-10", "--tingkat", "sedang")
    cli("tahap", nomor, "sanksi", "--tanggal", "2024-10-20", "--tingkat", "sedang")


def test_a_case_stage_after_a_persons_later_stage_is_refused(cli, db_path):
    recommended(cli)
    before = count(db_path, "tahapan")
    r = cli("tahap", "S1", "klarifikasi", "--tanggal", "2024-11-01", code=1)
    assert "tahap-order" in r.stderr and "after pleno on 8 October 2024, a later stage" in r.stderr
    # diteruskan comes before the recommendation and the sanction (catalog urutan 5 < 6, 7)
    r = cli("tahap", "S1", "diteruskan", "--tanggal", "2024-11-02", "--ke", "bkn", code=1)
    assert "tahap-order" in r.stderr and "after rekomendasi on 10 October 2024" in r.stderr
    r = cli("tahap", "S1", "registrasi", "--tanggal", "2024-10-09", code=1)
    assert "tahap-order" in r.stderr and "after pleno" in r.stderr
    assert count(db_path, "tahapan") == before
    # in order, each is recorded
    cli("tahap", "S1", "klarifikasi", "--tanggal", "2024-10-07")
    cli("tahap", "S1", "diteruskan", "--tanggal", "2024-10-09", "--ke", "bkn")


def test_a_pleno_then_an_earlier_registrasi_is_refused(cli):
    cli(*ADD, "--nomor", "R1", "--diterima", "2024-10-05", "--jenis", "PNS")
    cli("tahap", "R1", "pleno", "--tanggal", "2024-10-15", "--hasil", "terbukti")
    r = cli("tahap", "R1", "registrasi", "--tanggal", "2024-10-20", code=1)
    assert "tahap-order" in r.stderr and "registrasi on 20 October 2024 is after pleno on 15 October 2024" in r.stderr


def test_nothing_of_the_sequence_follows_a_case_not_registered(cli, db_path):
    cli(*ADD, "--nomor", "B1", "--diterima", "2024-10-05", "--jenis", "PNS")
    cli("tahap", "B1", "tidak_diregistrasi", "--tanggal", "2024-10-06", "--alasan", "syarat_formal")
    before = count(db_path, "tahapan")
    for stage in (["registrasi"], ["klarifikasi"], ["pleno", "--hasil", "terbukti"]):
        r = cli("tahap", "B1", *stage, "--tanggal", "2024-10-07", code=1)
        assert "tahap-closed" in r.stderr and "not registered (6 October 2024)" in r.stderr, stage
    assert count(db_path, "tahapan") == before
    view = json.loads(cli("show", "B1", "--format", "json").stdout)
    assert view["tahap"] == "tidak_diregistrasi" and view["tenggat"] == []
    # and the other way: a registered case is not then 'not registered'
    cli(*ADD, "--nomor", "B2", "--diterima", "2024-10-05", "--jenis", "PNS")
    cli("tahap", "B2", "registrasi", "--tanggal", "2024-10-06")
    r = cli("tahap", "B2", "tidak_diregistrasi", "--tanggal", "2024-10-07", "--alasan", "syarat_formal", code=1)
    assert "tahap-order" in r.stderr and "cannot be 'not registered'" in r.stderr


def test_a_register_that_holds_a_stage_after_the_end_reads_and_owes_no_deadline(cli, db_path):
    """Recorded before this was refused: a registrasi after tidak_diregistrasi shows, and no pleno is overdue."""
    cli("add", "--nomor", "B1", "--sumber", "laporan", "--pemilu", "pemilu-2024", "--kab", "kukar", "--tanggal",
        "2024-01-10", "--diterima", "2024-01-12", "--pelanggaran", "medsos-interaksi", "--jenis", "PNS")
    cli("tahap", "B1", "tidak_diregistrasi", "--tanggal", "2024-01-13", "--alasan", "syarat_formal")
    db = store.open_db(db_path)
    kasus_id = db.execute("SELECT id FROM kasus WHERE nomor = 'B1'").fetchone()[0]
    with db.conn:
        events.add(db, kasus_id, [events.Event("registrasi", "2024-01-14")], "lama", store.now())
        events.reproject(db, kasus_id, "lama", store.now())
    db.conn.close()
    view = json.loads(cli("show", "B1", "--format", "json").stdout)
    assert view["tanggal_registrasi"] == "2024-01-14" and view["tenggat"] == []
    assert "No deadline passed" in cli("tenggat", "--per", "2025-01-01").stderr


CLOSED = """\
- nomor: O1
  sumber: laporan
  pemilu: pemilu-2024
  wilayah: kukar
  tanggal_kejadian: 2024-01-10
  tanggal_diterima: 2024-01-12
  tanggal_registrasi: 2024-01-14
  tanggal_pleno: 2024-01-15
  tanggal_tidak_diregistrasi: 2024-01-13
  alasan_tidak_diregistrasi: syarat_formal
  pelanggaran: medsos-interaksi
  terlapor: [{nama: A, jenis: PNS, status: tidak terbukti}]
"""


def test_a_file_with_stages_after_the_end_is_refused_as_tahap_refuses_them(cli, tmp_path, db_path):
    f = tmp_path / "closed.yaml"
    f.write_text(CLOSED, encoding="utf-8")
    r = cli("validate", f, "--format", "json", code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"]
    assert {(p["code"], p["field"]) for p in problems} == {
        ("tahap-closed", "tanggal_registrasi"), ("tahap-closed", "terlapor[0].tanggal_pleno")}
    assert all("not registered (13 January 2024)" in p["message"] for p in problems)
    cli("import", f, code=1)
    assert count(db_path) == 0
    # a CSV (the fast check's path) the same, every row
    csv = tmp_path / "closed.csv"
    csv.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,tanggal_tidak_diregistrasi,"
                   "tanggal_registrasi,nama,jenis\n"
                   "C1,laporan,pemilu-2024,kukar,2024-01-10,medsos-interaksi,2024-01-13,2024-01-14,A,PNS\n"
                   "C1,laporan,pemilu-2024,kukar,2024-01-10,medsos-interaksi,2024-01-13,2024-01-14,B,PNS\n"
                   "C2,laporan,pemilu-2024,kukar,2024-01-10,medsos-interaksi,2024-01-13,,A,PNS\n", encoding="utf-8")
    r = cli("validate", csv, "--format", "json", code=1)
    problems = json.loads(r.stdout)["files"][0]["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [("tahap-closed", 2), ("tahap-closed", 3)]
    # an undated later stage counts too: a person proven in a case not registered
    f.write_text(CLOSED.replace("  tanggal_registrasi: 2024-01-14\n  tanggal_pleno: 2024-01-15\n", ""), encoding="utf-8")
    r = cli("validate", f, "--format", "json", code=1)
    assert [p["code"] for p in json.loads(r.stdout)["files"][0]["problems"]] == ["tahap-closed"]
    f.write_text(CLOSED.replace("  tanggal_registrasi: 2024-01-14\n  tanggal_pleno: 2024-01-15\n", "")
                 .replace("status: tidak terbukti", "status: diproses"), encoding="utf-8")
    cli("validate", f)


def test_the_export_of_a_case_tahap_accepts_validates(cli, tmp_path):
    recommended(cli)
    cli("tahap", "S1", "klarifikasi", "--tanggal", "2024-10-07")
    cli("tahap", "S1", "diteruskan", "--tanggal", "2024-10-09", "--ke", "bkn")
    out = tmp_path / "s1.yaml"
    cli("export", "--output", out)
    cli("validate", out)


def test_stored_stages_out_of_order_still_read(cli, db_path):
    """A register may hold stages recorded before this order was enforced: show, list and report read it."""
    recommended(cli)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE tahapan SET tanggal = '2024-11-01' WHERE tahap = 'registrasi'")
    cli("show", "S1")
    cli("list")
    cli("report")
