"""Every path that lost data before: each now loses nothing (or refuses, naming what would be lost)."""

import csv
import io
import json

from conftest import EXAMPLES, count

NOMOR = "001/Reg/LP/PW/Kota/23.04/X/2024"  # Bontang, Andi Pratama: direkomendasikan sedang in kasus.yaml


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def person(cli, nomor=NOMOR):
    return json.loads(cli("show", nomor, "--format", "json").stdout)["terlapor"][0]


def test_yesterdays_export_never_undoes_a_sanction(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.yaml")
    old = tmp_path / "kemarin.csv"
    cli("export", "-f", "csv", "--include-pii", "-o", old)
    cli("tahap", NOMOR, "sanksi", "--tanggal", "2024-11-20", "--tingkat", "sedang", "--nomor-sk", "SK-1")
    history = count(db_path, "riwayat")
    r = cli("import", old, code=1)
    assert "conflict" in r.stdout and "status would move back" in r.stdout and "exported before" in r.stdout
    r = cli("import", "--dry-run", old, code=1)
    assert person(cli)["status"] == "disanksi" and person(cli)["nomor_sk"] == "SK-1"
    assert count(db_path, "riwayat") == history
    # said explicitly, the file wins, and every overwrite is in the history
    cli("import", "--timpa", old)
    p = person(cli)
    assert p["status"] == "direkomendasikan" and p["sanksi"] is None
    view = json.loads(cli("show", NOMOR, "--format", "json").stdout)
    assert any(t["tahap"] == "sanksi" and t["batal"] for t in view["tahapan"])  # withdrawn, not erased
    assert ("status", "disanksi", "direkomendasikan") in {(r["kolom"], r["lama"], r["baru"]) for r in view["riwayat"]}


def test_an_export_without_names_changes_no_name(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv")
    for fmt in ("csv", "yaml", "xlsx"):
        out = tmp_path / f"tanpa-pii.{fmt}"
        cli("export", "-f", fmt, "-o", out)
        r = cli("import", out)
        assert "0 new, 0 updated" in r.stderr, fmt
    assert count(db_path, "riwayat") == 0
    assert person(cli)["nama"] == "Andi Pratama" and person(cli)["nip"] == "199207152019031004"


def test_the_same_file_sorted_otherwise_changes_nothing(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.yaml", EXAMPLES / "kasus.csv", EXAMPLES / "kasus.xlsx")
    out = tmp_path / "a.csv"
    cli("export", "-f", "csv", "--include-pii", "-o", out)
    rows = rows_of(out.read_text(encoding="utf-8"))
    write(tmp_path / "b.csv", sorted(rows, key=lambda r: (r["nama"] or "", r["nomor"]), reverse=True))
    r = cli("import", tmp_path / "b.csv")
    assert "0 new, 0 updated, 14 unchanged" in r.stderr
    assert count(db_path, "riwayat") == 0 and count(db_path, "tahapan") == count(db_path, "tahapan")


def test_empty_cells_never_erase(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.yaml")
    out = tmp_path / "a.csv"
    cli("export", "-f", "csv", "--include-pii", "-o", out)
    rows = rows_of(out.read_text(encoding="utf-8"))
    for r in rows:
        r.pop("diubah")
        if r["nomor"] == NOMOR:
            r["nip"] = r["instansi"] = r["uraian"] = ""
    r = cli("import", write(tmp_path / "b.csv", rows), code=1)
    assert r.stdout.count("conflict") >= 3 and "file has (kosong)" in r.stdout
    assert "199207152019031004" not in r.stdout + r.stderr  # the NIP is masked in the conflict list
    assert person(cli)["nip"] == "199207152019031004"


def test_dry_run_lists_each_change(cli, tmp_path):
    cli("import", EXAMPLES / "kasus.yaml")
    update = write(tmp_path / "bkpsdm.csv", [{"nomor": NOMOR, "nip": "199207152019031004", "sanksi": "sedang",
                                              "sanksi_jenis": "pemotongan tunjangan kinerja 25% selama 6 bulan",
                                              "nomor_sk": "800/12/BKPSDM", "tanggal_sanksi": "20/11/2024"}])
    r = cli("import", "--perbarui", "--dry-run", update)
    assert "sanksi" in r.stdout and "(kosong)" in r.stdout and "800/12/BKPSDM" in r.stdout
    assert person(cli)["status"] == "direkomendasikan"
    r = cli("import", "--perbarui", update)
    assert "0 new, 1 updated" in r.stderr
    p = person(cli)
    assert (p["status"], p["sanksi"], p["nomor_sk"], p["tanggal_sanksi"]) == ("disanksi", "sedang", "800/12/BKPSDM",
                                                                               "2024-11-20")
    assert p["nama"] == "Andi Pratama" and p["jabatan"] == "Penyuluh"  # columns the sheet lacks are left alone
    r = cli("import", "--perbarui", update)
    assert "0 new, 0 updated, 1 unchanged" in r.stderr


def test_an_update_file_names_only_recorded_cases_and_persons(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.yaml")
    bad = write(tmp_path / "bad.csv", [{"nomor": "999/TIDAK/ADA", "nip": "199207152019031004", "sanksi": "ringan"}])
    r = cli("import", "--perbarui", bad, code=1)
    assert "unknown-nomor" in r.stdout
    bad = write(tmp_path / "bad2.csv", [{"nomor": NOMOR, "nip": "198001012005011001", "sanksi": "ringan"}])
    r = cli("import", "--perbarui", bad, code=1)
    assert "unknown-terlapor" in r.stdout and "198001012005011001" not in r.stdout
    assert count(db_path, "riwayat") == 0


def test_a_terlapor_missing_from_the_file_is_a_conflict(cli, tmp_path, db_path):
    cli("import", EXAMPLES / "kasus.csv")
    out = tmp_path / "a.csv"
    cli("export", "-f", "csv", "--include-pii", "-o", out)
    rows = rows_of(out.read_text(encoding="utf-8"))
    nomors = [r["nomor"] for r in rows]
    two = next(n for n in nomors if nomors.count(n) == 2)
    second = [x for x in rows if x["nomor"] == two][1]
    before = count(db_path, "terlapor")
    r = cli("import", write(tmp_path / "b.csv", [x for x in rows if x is not second]), code=1)
    assert "the terlapor is not in the file" in r.stdout
    assert count(db_path, "terlapor") == before


def test_a_sanction_before_the_incident_is_refused(cli, tmp_path):
    f = tmp_path / "k.csv"
    f.write_text("nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,sanksi,tanggal_sanksi,tanggal_rekomendasi\n"
                 "K1,temuan,pilkada-2024,kukar,2024-10-02,foto-bersama,A,ringan,2024-09-01,\n"
                 "K2,temuan,pilkada-2024,kukar,2024-10-02,foto-bersama,B,,,2024-09-30\n", encoding="utf-8")
    r = cli("import", f, code=1)
    assert r.stdout.count("before the incident") == 2
