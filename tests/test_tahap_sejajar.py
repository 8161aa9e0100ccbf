"""Two rules of the one stage order (tahapan.check_dates) for `tahap`, `ubah` and files: the criminal
route (`sejajar`) runs beside the administrative stages, and the date a violation became known lies
between the incident and the receipt."""

import json

from conftest import ADD, count

NIP = "198403152009011002"
HEAD = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,tanggal_diterima,pelanggaran,tanggal_registrasi,"


def problems(cli, path, code=1) -> list[tuple]:
    r = cli("validate", path, "--format", "json", code=code)
    return [(p["code"], p["field"], p["line"]) for p in json.loads(r.stdout)["files"][0]["problems"]]


def test_the_criminal_route_runs_beside_the_administrative_stages(cli, db_path):
    cli(*ADD, "--nomor", "P1", "--diterima", "2024-10-05", "--nama", "Budi", "--nip", NIP, "--jenis", "PNS")
    cli("tahap", "P1", "registrasi", "--tanggal", "2024-10-06")
    cli("tahap", "P1", "pidana", "--tanggal", "2024-10-07", "--hasil", "penyidikan", "--pasal", "uu10-188")
    # the administrative stages after it, dated after it: none is refused
    cli("tahap", "P1", "klarifikasi", "--tanggal", "2024-10-08")
    cli("tahap", "P1", "pleno", "--tanggal", "2024-10-09", "--hasil", "terbukti")
    cli("tahap", "P1", "diteruskan", "--tanggal", "2024-10-10", "--ke", "bkn")
    cli("tahap", "P1", "rekomendasi", "--tanggal", "2024-10-11", "--tingkat", "sedang")
    cli("tahap", "P1", "sanksi", "--tanggal", "2024-10-20", "--tingkat", "sedang")
    # a court's putusan may come after the PPK's sanction, and even before the klarifikasi
    cli("tahap", "P1", "pidana", "--tanggal", "2024-11-01", "--hasil", "putusan")
    view = json.loads(cli("show", "P1", "--format", "json").stdout)
    assert view["terlapor"][0]["pidana"] == "putusan" and view["terlapor"][0]["status"] == "disanksi"
    # its own outcomes keep their order; it is still not before the receipt, the incident, nor in the future
    before = count(db_path, "tahapan")
    r = cli("tahap", "P1", "pidana", "--tanggal", "2024-11-02", "--hasil", "penyidikan", code=1)
    assert "pidana-backwards" in r.stderr
    cli("ubah", "P1", "--batalkan-tahap", "pidana", "--alasan", "salah catat")
    before = count(db_path, "tahapan")
    r = cli("tahap", "P1", "pidana", "--tanggal", "2024-10-04", "--hasil", "dihentikan", code=1)
    assert "tahap-order" in r.stderr and "before diterima on 5 October 2024" in r.stderr
    r = cli("tahap", "P1", "pidana", "--tanggal", "2024-10-01", "--hasil", "dihentikan", code=1)
    assert "before the incident" in r.stderr
    r = cli("tahap", "P1", "pidana", "--tanggal", "2099-01-01", "--hasil", "dihentikan", code=1)
    assert "bad-tanggal" in r.stderr
    assert count(db_path, "tahapan") == before


def test_administrative_stages_dated_after_the_criminal_route_are_recorded(cli):
    cli(*ADD, "--nomor", "P2", "--diterima", "2024-10-05", "--jenis", "PNS")
    cli("tahap", "P2", "pidana", "--tanggal", "2024-10-20", "--hasil", "dihentikan", "--pasal", "uu10-188")
    cli("tahap", "P2", "klarifikasi", "--tanggal", "2024-10-06")  # before it: fine too
    cli("tahap", "P2", "klarifikasi", "--tanggal", "2024-10-21")
    cli("tahap", "P2", "pleno", "--tanggal", "2024-10-22", "--hasil", "terbukti")
    cli("tahap", "P2", "diteruskan", "--tanggal", "2024-10-23", "--ke", "bkn")
    # the receipt entered later still may not come after it
    r = cli("tahap", "P2", "diterima", "--tanggal", "2024-10-25", code=1)
    assert "tahap-order" in r.stderr and "after pidana on 20 October 2024" in r.stderr


def test_a_file_with_the_criminal_route_before_the_clarification_is_valid(cli, tmp_path, db_path):
    head = HEAD + "tanggal_klarifikasi,tanggal_pleno,nama,nip,jenis,status,pidana,tanggal_pidana,pidana_pasal\n"
    row = "{n},laporan,pilkada-2024,64.09,2024-11-01,2024-11-02,medsos-interaksi,2024-11-03,2024-11-06,2024-11-08,"\
          "Eka,199301012019011001,PNS,direkomendasikan,penyidikan,{d},uu10-188\n"
    f = tmp_path / "pid.csv"
    f.write_text(head + row.format(n="020/LP/2024", d="2024-11-05") + row.format(n="021/LP/2024", d="2024-11-20"),
                 encoding="utf-8")
    cli("validate", f)
    y = tmp_path / "pid.yaml"
    y.write_text("""\
- nomor: 022/LP/2024
  sumber: laporan
  pemilu: pilkada-2024
  wilayah: '64.09'
  tanggal_kejadian: 2024-11-01
  tanggal_diterima: 2024-11-02
  tanggal_klarifikasi: 2024-11-06
  tanggal_pleno: 2024-11-08
  pelanggaran: medsos-interaksi
  terlapor: [{nama: Eka, jenis: PNS, status: direkomendasikan, pidana: dihentikan, tanggal_pidana: 2024-11-04}]
""", encoding="utf-8")
    cli("validate", y)
    cli("import", f)
    cli("import", y)
    assert count(db_path) == 3
    # before the receipt it is refused, by the fast path and the models alike
    f.write_text(head + row.format(n="023/LP/2024", d="2024-11-01").replace("2024-11-01,2024-11-02", "2024-10-30,2024-11-02"),
                 encoding="utf-8")
    assert problems(cli, f) == [("tahap-order", "tanggal_pidana", 2)]
    y.write_text(y.read_text(encoding="utf-8").replace("tanggal_pidana: 2024-11-04", "tanggal_pidana: 2024-11-01"),
                 encoding="utf-8")
    assert problems(cli, y)[0][:2] == ("tahap-order", "terlapor[0].tanggal_pidana")


LATE = (HEAD.replace("tanggal_registrasi,", "tanggal_diketahui\n")
        + "L1,laporan,pilkada-2024,64.09,2024-10-30,2024-11-08,medsos-interaksi,2024-11-01\n"
        + "L10,laporan,pilkada-2024,64.09,2024-10-30,2024-11-03,medsos-interaksi,2024-11-05\n"
        + "L11,laporan,pilkada-2024,64.09,2024-10-30,2024-11-03,medsos-interaksi,2024-10-20\n"
        + "L12,laporan,pilkada-2024,64.09,2024-10-30,,medsos-interaksi,2099-01-01\n")


def test_a_known_date_after_the_receipt_or_before_the_incident_is_refused_in_files(cli, tmp_path, db_path):
    f = tmp_path / "late.csv"
    f.write_text(LATE, encoding="utf-8")
    assert problems(cli, f) == [("tahap-order", "tanggal_diketahui", 3), ("tahap-order", "tanggal_diketahui", 4),
                                ("bad-tanggal", "tanggal_diketahui", 5)]
    cli("import", f, code=1)
    assert count(db_path) == 0
    y = tmp_path / "late.yaml"
    y.write_text("- {nomor: L20, sumber: laporan, pemilu: pilkada-2024, wilayah: '64.09', tanggal_kejadian: 2024-10-30,"
                 " tanggal_diterima: 2024-11-03, tanggal_diketahui: 2024-11-05, pelanggaran: medsos-interaksi}\n",
                 encoding="utf-8")
    r = cli("validate", y, code=1)
    assert "tahap-order" in r.stdout + r.stderr
    f.write_text(LATE.split("L10,")[0], encoding="utf-8")
    cli("import", f)
    assert json.loads(cli("show", "L1", "--format", "json").stdout)["tanggal_diketahui"] == "2024-11-01"


def test_tahap_and_ubah_keep_the_known_date_between_the_incident_and_the_receipt(cli, db_path):
    cli(*ADD, "--nomor", "K1", "--diterima", "2024-10-10", "--jenis", "PNS")
    before = count(db_path, "tahapan")
    r = cli("tahap", "K1", "diterima", "--tanggal", "2024-10-10", "--diketahui", "2024-10-12", code=1)
    assert "tahap-order" in r.stderr and "after the case was received on 10 October 2024" in r.stderr
    r = cli("tahap", "K1", "diterima", "--tanggal", "2024-10-10", "--diketahui", "2024-10-01", code=1)
    assert "tahap-order" in r.stderr and "before the incident on 4 October 2024" in r.stderr
    assert count(db_path, "tahapan") == before
    cli("tahap", "K1", "diterima", "--tanggal", "2024-10-10", "--diketahui", "2024-10-06")
    view = json.loads(cli("show", "K1", "--format", "json").stdout)
    assert view["tanggal_diketahui"] == "2024-10-06"
    # the incident moved after the known date: refused, nothing written
    r = cli("ubah", "K1", "--tanggal", "2024-10-08", code=1)
    assert "tahap-order" in r.stderr and "tanggal_diketahui" in r.stderr
    assert json.loads(cli("show", "K1", "--format", "json").stdout)["tanggal_kejadian"] == "2024-10-04"
    cli("ubah", "K1", "--tanggal", "2024-10-05")
