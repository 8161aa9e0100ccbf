"""import --perbarui: an update sheet (nomor, the person's NIP or name, the columns that change) is
checked as the record it leaves, each problem at its own line, all at once; a refused sheet
writes nothing."""

import json
import sqlite3

from conftest import ADD, count

EKO, FAJAR = "198501012010011001", "198601012010011002"
CASES = (
    "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,nip,jenis,sanksi,sanksi_jenis,nomor_sk,tanggal_sanksi\n"
    f"T2,temuan,pilkada-2024,kukar,2024-10-01,foto-bersama,Eko Prasetyo,{EKO},PNS,sedang,"
    "pemotongan tunjangan kinerja 25% selama 6 bulan,800/2/BKPSDM,2024-11-20\n"
    f"T2,temuan,pilkada-2024,kukar,2024-10-01,foto-bersama,Fajar Nugroho,{FAJAR},PNS,ringan,teguran lisan,800/3,"
    "2024-11-21\n"
    "T3,temuan,pilkada-2024,kukar,2024-10-12,foto-bersama,Ani Wijaya,198001012005012001,PNS,,,,\n"
)


def register(cli, tmp_path):
    f = tmp_path / "kasus.csv"
    f.write_text(CASES, encoding="utf-8")
    cli("import", f)


def sheet(tmp_path, text, name="update.csv"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def snapshot(db_path):
    with sqlite3.connect(db_path) as conn:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("kasus", "terlapor", "tahapan",
                                                                                     "riwayat")]


def problems(r):
    return [(p["line"], p["code"], p["field"]) for f in json.loads(r.stdout)["files"] for p in f["problems"]]


def refused(cli, db_path, f, *more):
    before = snapshot(db_path)
    r = cli("import", "--perbarui", "--format", "json", *more, f, code=1)
    assert snapshot(db_path) == before  # nothing of a refused sheet is written
    return problems(r)


def person(cli, nomor, i):
    return json.loads(cli("show", nomor, "--format", "json").stdout)["terlapor"][i]


def test_a_level_that_contradicts_the_recorded_type_is_refused(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, f"nomor,nip,sanksi\nT3,198001012005012001,ringan\nT2,{FAJAR},sedang\n")
    assert refused(cli, db_path, f) == [(3, "sanksi-contradiction", "sanksi")]
    assert person(cli, "T3", 0)["sanksi"] is None  # the valid row of a refused sheet is not written either
    cli("ubah", "T2", "--sumber", "laporan")  # the record stays one that later corrections accept


def test_a_recommendation_after_the_recorded_sanction_is_refused(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, f"nomor,nip,tanggal_rekomendasi,rekomendasi\nT2,{FAJAR},2024-11-30,berat\n")
    assert refused(cli, db_path, f) == [(2, "bad-tanggal", "tanggal_sanksi")]


def test_a_valid_sheet_is_written(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, f"nomor,nip,sanksi,sanksi_jenis\nT2,{FAJAR},sedang,"
                        "pemotongan tunjangan kinerja 25% selama 6 bulan\n")
    cli("import", "--perbarui", f)
    assert person(cli, "T2", 1)["sanksi"] == "sedang"


def test_each_problem_at_its_own_line(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, f"nomor,nip,status\nT2,{FAJAR},\nT2,{FAJAR},\nT2,{EKO},tidak terbukti\n")
    assert refused(cli, db_path, f) == [(3, "duplicate-terlapor", "nip"), (4, "conflict", "status")]


def test_a_person_named_twice_is_not_an_unknown_one(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, f"nomor,nip,nama,nomor_sk\nT2,{FAJAR},,800/4\nT2,,fajar  nugroho,800/5\n")
    r = cli("import", "--perbarui", f, code=1)
    assert "duplicate-terlapor" in r.stdout and "already named at line 2" in r.stdout
    assert "unknown-terlapor" not in r.stdout and FAJAR not in r.stdout


def test_an_empty_cell_changes_nothing(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, f"nomor,nip,nama,status,nomor_sk,tanggal_kejadian\nT2,{FAJAR},,,800/9,\nT2,{EKO},-,,,\n")
    history = count(db_path, "riwayat")
    cli("import", "--perbarui", f)
    fajar, eko = person(cli, "T2", 1), person(cli, "T2", 0)
    assert (fajar["status"], fajar["nomor_sk"], fajar["nama"]) == ("disanksi", "800/9", "Fajar Nugroho")
    assert (eko["status"], eko["nomor_sk"], eko["nama"]) == ("disanksi", "800/2/BKPSDM", "Eko Prasetyo")
    assert count(db_path, "riwayat") == history + 1  # only the new nomor_sk


def test_every_independent_problem_at_once(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, "nomor,nip,nama,status,tanggal_sanksi\n"
                        "T2,197001012000011001,,,\n"
                        "T2,,Nobody Here,tidak terbukti,\n"
                        f"T2,{EKO},,tidak terbukti,\n"
                        f"T2,{FAJAR},,,2020-01-01\n")
    assert sorted(refused(cli, db_path, f)) == [(2, "unknown-terlapor", "nip"), (3, "unknown-terlapor", "nama"),
                                                (4, "conflict", "status"), (5, "tahap-order", "tanggal_sanksi")]


def case(cli, nomor):
    return json.loads(cli("show", nomor, "--format", "json").stdout)


def plenos(cli, nomor):
    return [(e["terlapor"], e["tanggal"], e["isi"].get("hasil")) for e in case(cli, nomor)["tahapan"]
            if e["tahap"] == "pleno" and e["batal"] is None]


def recommended(cli, tmp_path):
    """The register, with Ani (T3's only terlapor) recommended on 2024-11-01."""
    register(cli, tmp_path)
    cli("tahap", "T3", "rekomendasi", "--tanggal", "2024-11-01", "--tingkat", "sedang")


def test_a_pleno_date_on_a_row_naming_nobody_is_the_only_terlapors(cli, tmp_path, db_path):
    recommended(cli, tmp_path)
    history = count(db_path, "riwayat")
    cli("import", "--perbarui", sheet(tmp_path, "nomor,tanggal_pleno\nT3,2024-10-20\n"))
    assert plenos(cli, "T3") == [(1, "2024-10-20", "terbukti")]  # as `tahap T3 pleno` would: the case has one
    assert case(cli, "T3")["tanggal_pleno"] == "2024-10-20"
    assert count(db_path, "riwayat") > history  # what is listed is written, and kept in the history


def test_a_pleno_date_on_a_row_naming_nobody_is_checked_as_the_persons(cli, tmp_path, db_path):
    recommended(cli, tmp_path)
    f = sheet(tmp_path, "nomor,tanggal_pleno\nT3,2024-11-05\n")  # after the recorded recommendation
    assert refused(cli, db_path, f) == [(2, "tahap-order", "tanggal_rekomendasi")]


def test_a_pleno_date_naming_nobody_of_several_terlapor_is_refused(cli, tmp_path, db_path):
    recommended(cli, tmp_path)
    f = sheet(tmp_path, "nomor,tanggal_pleno\nT3,2024-10-20\nT2,2024-10-20\n")
    r = cli("import", "--perbarui", "--format", "json", f, code=1)
    assert problems(r) == [(3, "ambiguous-terlapor", "tanggal_pleno")]
    assert "add the nip or nama column" in r.stdout
    assert refused(cli, db_path, f) == [(3, "ambiguous-terlapor", "tanggal_pleno")]  # T3's valid row neither
    cli("import", "--perbarui", sheet(tmp_path, f"nomor,nip,tanggal_pleno\nT2,{EKO},2024-10-20\n"))
    assert plenos(cli, "T2") == [(1, "2024-10-20", "terbukti")]


def test_a_pleno_date_that_dates_no_outcome_is_the_cases_own(cli, tmp_path, db_path):
    register(cli, tmp_path)  # Ani (T3) is not decided yet
    cli(*ADD, "--nomor", "T4")  # no terlapor
    cli("import", "--perbarui", sheet(tmp_path, "nomor,nip,tanggal_pleno\nT3,198001012005012001,2024-10-20\n"
                                                "T4,,2024-10-21\n"))
    assert plenos(cli, "T3") == [(None, "2024-10-20", None)] and plenos(cli, "T4") == [(None, "2024-10-21", None)]
    assert (case(cli, "T3")["tanggal_pleno"], case(cli, "T4")["tanggal_pleno"]) == ("2024-10-20", "2024-10-21")
    assert person(cli, "T3", 0)["status"] == "diproses"


def test_a_pleno_dated_again_earlier_moves_the_cases_date(cli, tmp_path, db_path):
    recommended(cli, tmp_path)
    cli("import", "--perbarui", sheet(tmp_path, "nomor,tanggal_pleno\nT3,2024-10-20\n"))
    cli("import", "--perbarui", sheet(tmp_path, "nomor,tanggal_pleno\nT3,2024-10-15\n"))
    assert case(cli, "T3")["tanggal_pleno"] == "2024-10-15"  # the later record supersedes, as a stage's does


def test_not_registered_after_later_stages_is_refused(cli, tmp_path, db_path):
    register(cli, tmp_path)  # T2: both persons sanctioned
    not_registered = "tanggal_tidak_diregistrasi,alasan_tidak_diregistrasi"
    f = sheet(tmp_path, f"nomor,{not_registered}\nT2,2024-10-02,lainnya\n")
    assert {code for _line, code, _field in refused(cli, db_path, f)} == {"tahap-closed"}
    f = sheet(tmp_path, f"nomor,nip,{not_registered}\nT2,{EKO},2024-10-02,lainnya\n")
    assert {code for _line, code, _field in refused(cli, db_path, f)} == {"tahap-closed"}
    f = sheet(tmp_path, f"nomor,{not_registered}\nT3,2024-10-13,lainnya\n")  # nothing follows: accepted
    cli("import", "--perbarui", f)
    assert case(cli, "T3")["tanggal_tidak_diregistrasi"] == "2024-10-13"


def test_a_rows_own_problem_names_its_case(cli, tmp_path, db_path):
    register(cli, tmp_path)
    f = sheet(tmp_path, f"nomor,nip,tanggal_sanksi\nT2,{FAJAR},2020-01-01\n")
    assert refused(cli, db_path, f) == [(2, "tahap-order", "tanggal_sanksi")]
    r = cli("import", "--perbarui", "--format", "json", f, code=1)
    assert [p["message"] for p in json.loads(r.stdout)["files"][0]["problems"]][0].startswith("T2: ")
