"""The case model: normalisation and the rules between fields."""

import pytest
from pydantic import ValidationError

from netralitas.models import Kasus, Terlapor
from netralitas.validation_problems import problems_from

BASE = dict(sumber="Laporan", pemilu="Pilkada 2024", wilayah="kukar", tanggal_kejadian="4 Oktober 2024",
            pelanggaran="medsos_interaksi")


def codes(exc: ValidationError) -> dict:
    return {p.field: p.code for p in problems_from(exc)}


def test_normalises_everything():
    k = Kasus(**BASE, kecamatan="tenggarong", tanggal_diterima="09/10/2024", bukti="a.png | b.png",
              terlapor=[dict(nama=" Budi  Santoso ", nip="19800101 200501 1 001", jenis="pns",
                             kategori_jabatan="Kepala Wilayah", status="Tidak Terbukti")])
    assert (k.sumber, k.pemilu, k.wilayah, k.pelanggaran) == ("laporan", "pilkada-2024", "64.02", "medsos-interaksi")
    assert k.kecamatan == "Tenggarong"
    assert k.bukti == ["a.png", "b.png"]
    t = k.terlapor[0]
    assert (t.nama, t.nip, t.jenis, t.kategori_jabatan, t.status) == (
        "Budi Santoso", "198001012005011001", "PNS", "kepala_wilayah", "tidak_terbukti")


def test_sanksi_implies_disanksi_and_type_implies_level():
    assert Terlapor(sanksi="berat").status == "disanksi"
    assert Terlapor(sanksi_moral="terbuka").status == "disanksi"
    t = Terlapor(sanksi_jenis="Teguran Tertulis")
    assert (t.sanksi, t.status) == ("ringan", "disanksi")
    assert Terlapor(rekomendasi="sedang").status == "direkomendasikan"
    assert Terlapor().status == "diproses"


@pytest.mark.parametrize("fields,field,code", [
    (dict(sanksi="berat", status="tidak_terbukti"), "status", "status-contradiction"),
    (dict(sanksi="berat", status="direkomendasikan"), "status", "status-contradiction"),
    (dict(rekomendasi="berat", status="tidak terbukti"), "status", "status-contradiction"),
    (dict(sanksi="berat", sanksi_jenis="teguran lisan"), "sanksi", "sanksi-contradiction"),
    (dict(tanggal_rekomendasi="2024-10-10", tanggal_sanksi="2024-10-01", sanksi="sedang"), "tanggal_sanksi", "bad-tanggal"),
    (dict(jenis="pejabat"), "jenis", "bad-enum"),
    (dict(nip="123"), "nip", "bad-nip"),
    (dict(umur=40), "umur", "unknown-field"),
])
def test_terlapor_problems(fields, field, code):
    with pytest.raises(ValidationError) as e:
        Terlapor(**fields)
    assert codes(e.value)[field] == code


def test_every_problem_of_a_case_at_once():
    with pytest.raises(ValidationError) as e:
        Kasus(sumber="x", pemilu="pilkada-2023", wilayah="bandung", tanggal_kejadian="31/02/2024",
              pelanggaran="medsos", terlapor=[{"nip": "1"}])
    assert codes(e.value) == {
        "sumber": "bad-enum", "pemilu": "unknown-pemilu", "wilayah": "ambiguous-wilayah",
        "tanggal_kejadian": "bad-tanggal", "pelanggaran": "unknown-pelanggaran", "terlapor[0].nip": "bad-nip",
    }
    problems = problems_from(e.value, file="f.yaml", line=7)
    assert all(p.file == "f.yaml" and p.line == 7 for p in problems)
    pemilu = next(p for p in problems if p.field == "pemilu")
    assert pemilu.value == "pilkada-2023" and "pilkada-2024" in pemilu.message


def test_case_dates_and_election_region():
    with pytest.raises(ValidationError) as e:
        Kasus(**{**BASE, "tanggal_diterima": "2024-10-01"})
    assert codes(e.value) == {"tanggal_diterima": "bad-tanggal"}
    with pytest.raises(ValidationError) as e:
        Kasus(**{**BASE, "pemilu": "pilkada-ulang-2025", "tanggal_kejadian": "2025-08-01"})
    assert codes(e.value) == {"tanggal_kejadian": "wilayah-not-in-pemilu"}
    assert Kasus(**{**BASE, "pemilu": "pilkada-ulang-2025", "wilayah": "19.71", "tanggal_kejadian": "2025-08-01"})


def test_required_fields():
    with pytest.raises(ValidationError) as e:
        Kasus()
    assert set(codes(e.value).values()) == {"missing-field"}
    assert set(codes(e.value)) == {"sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran"}


def test_a_terlapor_with_nothing_but_the_default_status_names_nobody():
    k = Kasus(**BASE, terlapor=[{}, {"status": "diproses"}, {"status": "tidak_terbukti"}, {"jenis": "TNI"}])
    assert [(t.status, t.jenis) for t in k.terlapor] == [("tidak_terbukti", None), ("diproses", "TNI")]


@pytest.mark.parametrize("wording,level", [
    ("Pemotongan tunjangan kinerja sebesar 25% (dua puluh lima persen) selama 9 (sembilan) bulan", "sedang"),
    ("pemotongan tunjangan kinerja 25 % selama 9 bulan", "sedang"),
    ("Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 (dua belas) bulan", "berat"),
    ("pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan", "berat"),
    ("Teguran lisan", "ringan"),
])
def test_sanction_types_match_the_legal_wording_and_its_variants(wording, level):
    assert Terlapor(sanksi_jenis=wording).sanksi == level
    assert Terlapor(sanksi_jenis="potong gaji").sanksi is None  # free text (PPPK), no level implied
