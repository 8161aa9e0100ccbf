"""Every actor on its own route, every sanction under the law of its date: through files and the CLI."""

import csv
import json

import pytest

from tests.conftest import count

PNS = "199005212015032002"


def case(nomor, terlapor, *, pemilu="pilkada-2024", tanggal="2024-10-04", pelanggaran="medsos-interaksi"):
    return {"nomor": nomor, "sumber": "laporan", "pemilu": pemilu, "wilayah": "kukar", "tanggal_kejadian": tanggal,
            "pelanggaran": pelanggaran, "terlapor": terlapor}


def write(tmp_path, cases, name="kasus.yaml"):
    path = tmp_path / name
    path.write_text(json.dumps({"kasus": cases}), encoding="utf-8")  # JSON is YAML
    return path


def problems(cli, path, *args):
    out = json.loads(cli("import", path, *args, "--format", "json", code=1).stdout)
    return [p for f in out["files"] for p in f["problems"]]


def test_four_actors_followed_to_their_outcomes_each_on_its_route(cli, tmp_path):
    cli("import", write(tmp_path, [
        case("A1", [{"jenis": "PNS", "rekomendasi": "sedang", "tanggal_rekomendasi": "2024-10-20",
                     "sanksi_jenis": "pemotongan tunjangan kinerja 25% selama 6 bulan", "tanggal_sanksi": "2024-11-20"}]),
        case("T1", [{"jenis": "TNI", "tanggal_rekomendasi": "2024-10-20", "status": "direkomendasikan"}]),
        case("P1", [{"jenis": "Polri", "sanksi_jenis": "Teguran Tertulis", "tanggal_sanksi": "2024-11-01"}]),
        case("D1", [{"jenis": "kepala_desa", "sanksi_jenis": "pemberhentian sementara", "tanggal_sanksi": "2024-11-02"}]),
    ]))
    cli("tahap", "T1", "sanksi", "--tanggal", "2024-11-03", "--jenis-sanksi", "penahanan disiplin ringan")
    data = json.loads(cli("report", "--format", "json").stdout)
    # the funnel: the ASN alone, proven and sanctioned by the PPK (level implied by the PP 94/2021 type)
    assert {k: data["funnel"][k] for k in ("terlapor", "terbukti", "disanksi", "ppk")} == {
        "terlapor": 1, "terbukti": 1, "disanksi": 1, "ppk": True}
    assert data["total"]["sedang"] == 1 and data["total"]["terlapor"] == 4
    rows = {r["jenis"]: r for r in data["rute_lain"]["rows"]}
    assert [(j, rows[j]["rute"], rows[j]["disanksi"]) for j in ("TNI", "Polri", "kepala_desa")] == [
        ("TNI", "tni", 1), ("Polri", "polri", 1), ("kepala_desa", "desa", 1)]
    assert rows["perangkat_desa"]["terlapor"] == 0  # a kind with nobody: zero, not absent
    types = {(r["jenis"], r["sanksi_jenis"]) for r in data["rute_lain"]["sanksi"]}
    assert types == {("TNI", "penahanan disiplin ringan"), ("Polri", "teguran tertulis"),
                     ("kepala_desa", "pemberhentian sementara")}
    # --jenis still selects any kind; the funnel then counts that kind and says it is not the PPK's
    tni = json.loads(cli("report", "--jenis", "TNI", "--format", "json").stdout)
    assert (tni["funnel"]["terlapor"], tni["funnel"]["disanksi"], tni["funnel"]["ppk"]) == (1, 1, False)
    text = cli("report").stdout
    assert "The funnel counts ASN only" in text and "Other actors, each on its own route" in text


def test_only_asn_wait_on_a_ppk(cli, tmp_path):
    waiting = {"status": "direkomendasikan", "rekomendasi": "sedang", "tanggal_rekomendasi": "2024-10-10"}
    cli("import", write(tmp_path, [case("W1", [{"jenis": "kepala_desa", "status": "direkomendasikan",
                                                 "tanggal_rekomendasi": "2024-10-10"},
                                                {"jenis": "ASN", **waiting}, {**waiting}])]))
    rows = json.loads(cli("report", "--tertunda", "14", "--format", "json").stdout)["tertunda"]["rows"]
    assert [(r["urutan"], r["jenis"]) for r in rows] == [(2, "ASN"), (3, None)]  # never the kepala desa
    due = json.loads(cli("tenggat", "--format", "json").stdout)["rows"]
    assert {r["terlapor"] for r in due if r["terlapor"]} == {2, 3}  # the PPK deadline: ASN only


@pytest.mark.parametrize("person,pelanggaran,code,fragment", [
    ({"jenis": "TNI", "sanksi": "berat"}, "medsos-interaksi", "sanksi-not-in-route", "teguran; penahanan disiplin"),
    ({"jenis": "TNI", "sanksi_jenis": "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS"},
     "medsos-interaksi", "sanksi-not-in-route", "penahanan disiplin berat"),
    ({"jenis": "kepala_desa", "sanksi_jenis": "pemotongan tunjangan kinerja 25% selama 6 bulan"}, "medsos-interaksi",
     "sanksi-not-in-route", "teguran lisan; teguran tertulis; pemberhentian sementara; pemberhentian"),
    ({"jenis": "Polri", "sanksi_moral": "terbuka"}, "medsos-interaksi", "sanksi-not-in-route", "Propam"),
    ({"jenis": "PNS", "sanksi_jenis": "pemberhentian sementara"}, "medsos-interaksi", "sanksi-not-in-route",
     "PP 94/2021"),
    ({"jenis": "PNS", "sanksi": "ptdh"}, "ikut-kegiatan-kampanye", "ptdh-not-for-pelanggaran", "anggota-parpol"),
])
def test_cross_route_sanctions_are_refused_with_the_allowed_values(cli, tmp_path, db_path, person, pelanggaran, code,
                                                                  fragment):
    found = problems(cli, write(tmp_path, [case("X1", [person], pelanggaran=pelanggaran)]))
    assert [p["code"] for p in found] == [code] and fragment in found[0]["message"]
    assert count(db_path) == 0


def test_ptdh_for_party_membership_is_accepted(cli, tmp_path):
    cli("import", write(tmp_path, [case("M1", [{"jenis": "PNS", "sanksi": "ptdh"}], pelanggaran="anggota-parpol")]))
    assert json.loads(cli("report", "--format", "json").stdout)["total"]["ptdh"] == 1


def test_the_law_of_the_sanctions_date(cli, tmp_path):
    old = {"jenis": "PNS", "nip": PNS, "tanggal_sanksi": "2018-08-20"}
    pp53 = case("L1", [{**old, "sanksi_jenis": "penundaan kenaikan pangkat selama 1 tahun"}],
                pemilu="pilkada-2018", tanggal="2018-05-12", pelanggaran="kegiatan-keberpihakan")
    cli("import", write(tmp_path, [pp53]))  # PP 53/2010, in force in 2018: accepted, its level implied
    assert json.loads(cli("report", "--format", "json").stdout)["total"]["sedang"] == 1
    cut = case("L2", [{**old, "sanksi_jenis": "pemotongan tunjangan kinerja 25% selama 6 bulan"}],
               pemilu="pilkada-2018", tanggal="2018-05-12", pelanggaran="kegiatan-keberpihakan")
    found = problems(cli, write(tmp_path, [cut], "cut.yaml"))
    assert [p["code"] for p in found] == ["sanksi-not-in-law"]
    assert "PP 53/2010" in found[0]["message"] and "penundaan kenaikan gaji berkala" in found[0]["message"]
    # undated, on an act after PP 94/2021 came into force: a PP 53/2010 type cannot be its sanction
    late = case("L3", [{"jenis": "PNS", "sanksi_jenis": "penundaan kenaikan pangkat selama 1 tahun"}])
    assert [p["code"] for p in problems(cli, write(tmp_path, [late], "late.yaml"))] == ["sanksi-not-in-law"]
    out = cli("sanksi", "--format", "json").stdout
    assert "PP 53/2010" in out and "PP 94/2021" in out and "2021-08-30" in out


def test_moral_sanction_before_penetapan_is_not_lighter_than_the_guideline(cli, tmp_path):
    moral = [{"jenis": "PNS", "sanksi_moral": "terbuka"}]
    cli("import", write(tmp_path, [  # pilkada-2020: candidates set on 2020-09-23
        case("E1", moral, pemilu="pilkada-2020", tanggal="2020-09-01", pelanggaran="alat-peraga"),
        case("E2", moral, pemilu="pilkada-2020", tanggal="2020-10-01", pelanggaran="alat-peraga"),
    ]))
    data = json.loads(cli("report", "--di-bawah-pedoman", "--format", "json").stdout)["di_bawah_pedoman"]
    assert data["jumlah"] == 1 and [(r["nomor"], r["jalur"], r["pedoman"]) for r in data["rows"]] == [
        ("E2", "disiplin", "berat")]
    forms = {r["kode"]: r for r in json.loads(cli("pelanggaran", "--format", "json").stdout)}
    assert "before penetapan" in forms["alat-peraga"]["jalur"]
    assert "bloombergtechnoz" in forms["medsos-interaksi"]["beda_pendapat_jalur"]
    pemilu = {r["id"]: r for r in json.loads(cli("pemilu", "--format", "json").stdout)}
    assert pemilu["pilkada-2020"]["penetapan"] == "2020-09-23"


def test_by_sanksi_rows_are_exact_and_add_up(cli, tmp_path):
    cli("import", write(tmp_path, [
        case("S1", [{"jenis": "PNS", "sanksi": "ringan"}, {"jenis": "PNS", "sanksi_moral": "tertutup"},
                    {"jenis": "PPPK", "status": "disanksi", "sanksi_jenis": "potong gaji"},
                    {"jenis": "kepala_desa", "sanksi_jenis": "teguran lisan"}, {"jenis": "PNS"}]),
        case("S2", [{"jenis": "PNS", "sanksi": "berat", "sanksi_moral": "terbuka"}]),
        case("S3", [{"jenis": "PNS", "sanksi": "ptdh"}], pelanggaran="anggota-parpol"),
    ]))
    data = json.loads(cli("report", "--by", "sanksi", "--format", "json").stdout)
    rows = {r["sanksi"]: r["terlapor"] for r in data["rows"]}
    assert rows == {"ringan": 1, "sedang": 0, "berat": 1, "ptdh": 1, "moral": 1, "tanpa_tingkat": 2, None: 1}
    assert sum(rows.values()) == data["total"]["terlapor"] == 7
    assert (data["total"]["moral"], data["total"]["ptdh"], data["total"]["disanksi"]) == (2, 1, 6)


def test_kasn_2020_funnel_on_a_national_register_with_other_actors(cli, tmp_path):
    """KASN, Pilkada 2020 (Dec 2021): 2,007 ASN reported, 1,588 proven (79.1 %), 1,365 sanctioned
    by the PPK (86.0 % of proven), 311 not proven; village officials, TNI and Polri beside them."""
    from netralitas.wilayah import catalog

    regions = sorted(catalog().kabkota)
    kinds = ["PNS"] * 1500 + ["PPPK"] * 400 + ["ASN"] * 107  # 2,007 ASN
    outcomes = (["disanksi"] * 1365 + ["direkomendasikan"] * 223 + ["tidak_terbukti"] * 311
                + ["diproses"] * 108)
    people = list(zip(kinds, outcomes))
    people += [("kepala_desa", "disanksi")] * 40 + [("perangkat_desa", "direkomendasikan")] * 30 + \
              [("TNI", "tidak_terbukti")] * 5 + [("Polri", "disanksi")] * 3 + [("lainnya", "diproses")] * 4
    path = tmp_path / "nasional.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["nomor", "sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran", "jenis", "status",
                    "sanksi", "sanksi_jenis"])
        for i, (jenis, status) in enumerate(people):
            level = sanksi_jenis = ""
            if status == "disanksi":
                if jenis == "kepala_desa":
                    sanksi_jenis = "teguran tertulis"
                elif jenis == "Polri":
                    sanksi_jenis = "teguran lisan"
                else:
                    level = ("ringan", "sedang", "berat")[i % 3]
            w.writerow([f"{i:05d}/Reg/LP/2020", "laporan" if i % 2 else "temuan", "pilkada-2020",
                        regions[i % len(regions)], "2020-10-15", "medsos-interaksi", jenis, status, level, sanksi_jenis])
    cli("import", path)
    data = json.loads(cli("report", "--format", "json").stdout)
    f = data["funnel"]
    assert (f["terlapor"], f["terbukti"], f["disanksi"]) == (2007, 1588, 1365)
    assert (f["terbukti_persen"], f["disanksi_persen"]) == (79.1, 86.0)
    assert data["total"]["terlapor"] == 2007 + 82  # the table counts everyone; the funnel, ASN only
    assert sum(r["terlapor"] for r in data["rute_lain"]["rows"]) == 82


def test_an_incident_far_from_its_election_is_a_warning_and_ketat_a_problem(cli, tmp_path, db_path):
    far = write(tmp_path, [case("F1", [], pemilu="pilkada-2018", tanggal="2024-03-01")])
    out = json.loads(cli("validate", far, "--format", "json").stdout)
    assert out["valid"] and [w["code"] for w in out["files"][0]["warnings"]] == ["kejadian-long-after-pemilu"]
    strict = json.loads(cli("validate", far, "--ketat", "--format", "json", code=1).stdout)
    assert [p["code"] for p in strict["files"][0]["problems"]] == ["kejadian-long-after-pemilu"]
    cli("import", far, "--ketat", code=1)
    assert count(db_path) == 0
    r = cli("import", far)
    assert "1 warning;" in r.stderr and count(db_path) == 1
    early = write(tmp_path, [case("F2", [], pemilu="pilkada-2024", tanggal="2022-06-01")], "early.yaml")
    out = json.loads(cli("validate", early, "--format", "json").stdout)
    assert [w["code"] for w in out["files"][0]["warnings"]] == ["kejadian-long-before-pemilu"]
    r = cli("add", "--sumber", "laporan", "--pemilu", "pilkada-2018", "--kab", "kukar", "--tanggal", "2024-10-04",
            "--pelanggaran", "lainnya", "--ketat", code=1)
    assert "kejadian-long-after-pemilu" in r.stdout + r.stderr and count(db_path) == 1


def test_rute_catalog(cli):
    rows = {r["rute"]: r for r in json.loads(cli("rute", "--format", "json").stdout)}
    assert list(rows) == ["ppk", "tni", "polri", "desa", "perangkat_desa", "lainnya", "pidana"]
    assert rows["ppk"]["jenis"] == "PNS, PPPK, ASN" and "UU 6/2014" in rows["desa"]["dasar"]
    # the kepala desa decides on perangkat desa (UU 6/2014 Pasal 26 ayat (2) huruf b, Pasal 53);
    # the bupati/wali kota on the kepala desa (Pasal 29-30)
    assert rows["desa"]["jenis"] == "kepala_desa" and "bupati" in rows["desa"]["pemutus"]
    assert rows["perangkat_desa"]["jenis"] == "perangkat_desa" and "kepala desa" in rows["perangkat_desa"]["pemutus"]
    assert "Pasal 26 ayat (2) huruf b" in rows["perangkat_desa"]["dasar"] and "53" in rows["perangkat_desa"]["dasar"]
    assert rows["pidana"]["sanksi"].startswith("dihentikan, penyidikan, putusan; pasal: uu7-494")
    assert "Pasal 494" in rows["pidana"]["dasar"]


@pytest.mark.parametrize("jenis", ["TNI", "Polri", "kepala_desa", "perangkat_desa", "lainnya"])
def test_a_recommended_level_only_on_the_ppk_route(cli, tmp_path, db_path, jenis):
    found = problems(cli, write(tmp_path, [case("K1", [{"jenis": jenis, "rekomendasi": "berat",
                                                        "tanggal_rekomendasi": "2024-10-20"}])]))
    assert [p["code"] for p in found] == ["rekomendasi-not-in-route"]
    assert "ringan, sedang, berat, ptdh" in found[0]["message"] and "PNS, PPPK, ASN" in found[0]["message"]
    assert count(db_path) == 0
    # without the level, the recommendation is recorded; through `tahap`, a level is refused the same way
    cli("import", write(tmp_path, [case("K1", [{"jenis": jenis}])], name="ok.yaml"))
    r = cli("tahap", "K1", "rekomendasi", "--tanggal", "2024-10-20", "--tingkat", "sedang", code=1)
    assert "rekomendasi-not-in-route" in r.stdout + r.stderr
    cli("tahap", "K1", "rekomendasi", "--tanggal", "2024-10-20", "--nomor-surat", "R-1")
    person = json.loads(cli("show", "K1", "--format", "json").stdout)["terlapor"][0]
    assert (person["status"], person["rekomendasi"], person["nomor_surat_rekomendasi"]) == (
        "direkomendasikan", None, "R-1")
    r = cli("add", "--sumber", "laporan", "--pemilu", "pilkada-2024", "--kab", "kukar", "--tanggal", "2024-10-04",
            "--pelanggaran", "medsos-interaksi", "--jenis", jenis, "--rekomendasi", "ringan", code=1)
    assert "rekomendasi-not-in-route" in r.stdout + r.stderr


@pytest.mark.parametrize("jenis", ["PNS", "PPPK", "ASN", None])
def test_a_recommended_level_on_the_ppk_route_is_kept(cli, tmp_path, jenis):
    cli("import", write(tmp_path, [case("K2", [{"jenis": jenis, "rekomendasi": "berat",
                                                "tanggal_rekomendasi": "2024-10-20"}])]))
    assert json.loads(cli("show", "K2", "--format", "json").stdout)["terlapor"][0]["rekomendasi"] == "berat"


def test_tahap_refuses_ptdh_off_its_forms_and_a_wrong_one_can_always_be_withdrawn(cli, tmp_path, db_path):
    import sqlite3

    cli("import", write(tmp_path, [case("X1", [{"jenis": "PNS", "rekomendasi": "berat",
                                                 "tanggal_rekomendasi": "2024-10-20"}]),
                                   case("X2", [{"jenis": "PNS", "sanksi": "ptdh", "tanggal_sanksi": "2024-11-20"}],
                                        pelanggaran="anggota-parpol")]))
    before = count(db_path, "tahapan")
    r = cli("tahap", "X1", "sanksi", "--tingkat", "ptdh", "--tanggal", "2024-11-20", "--format", "json", code=1)
    assert "ptdh-not-for-pelanggaran" in r.stdout + r.stderr and "anggota-parpol" in r.stdout + r.stderr
    assert count(db_path, "tahapan") == before  # nothing written
    # a register from before this check may hold such a PTDH (here: its form corrected by hand);
    # withdrawing the sanction, the one repair, is not refused for the very fault it repairs
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE kasus SET pelanggaran = 'medsos-interaksi' WHERE nomor = 'X2'")
    cli("ubah", "X2", "--batalkan-tahap", "sanksi", "--alasan", "salah catat")
    total = json.loads(cli("report", "--format", "json").stdout)["total"]
    assert (total["ptdh"], total["disanksi"]) == (0, 0)
    cli("ubah", "X2", "--uraian", "baru")  # the record is whole again
