"""Region resolution: codes, names, aliases; ambiguity and unknown text are never guessed."""

import pytest

from netralitas.errors import LookupFailed
from netralitas.wilayah import catalog


@pytest.mark.parametrize("text", ["64.02", "6402", "Kabupaten Kutai Kartanegara", "kab. kutai  kartanegara",
                                  "KUTAI KARTANEGARA", "kukar", " Kukar "])
def test_kukar(text):
    assert catalog().resolve_kab(text).kode == "64.02"


def test_counts_of_the_catalog():
    assert len(catalog().provinsi) == 38
    assert len(catalog().kabkota) == 514


def test_codes_are_text():
    assert all(isinstance(k, str) for k in catalog().kabkota)
    assert catalog().resolve_kab("11.10").nama == "Kabupaten Aceh Singkil"
    with pytest.raises(LookupFailed):
        catalog().resolve_kab("11.1")  # the number 11.1 is not the code 11.10


@pytest.mark.parametrize("text,codes", [("bandung", ["32.04", "32.73"]), ("mura", ["16.05", "62.12"]),
                                        ("bogor", ["32.01", "32.71"]), ("Malang", ["35.07", "35.73"])])
def test_ambiguous_lists_every_candidate(text, codes):
    with pytest.raises(LookupFailed) as e:
        catalog().resolve_kab(text)
    assert e.value.code == "ambiguous-wilayah"
    for code in codes:
        assert code in e.value.message


def test_kota_prefix_disambiguates():
    assert catalog().resolve_kab("Kota Bandung").kode == "32.73"
    assert catalog().resolve_kab("Kabupaten Bandung").kode == "32.04"


def test_unknown_suggests_closest():
    with pytest.raises(LookupFailed) as e:
        catalog().resolve_kab("Kutai Kertanegaraa")
    assert e.value.code == "unknown-wilayah"
    assert "Kabupaten Kutai Kartanegara (64.02)" in e.value.message


def test_province_given_as_kab_is_explained():
    with pytest.raises(LookupFailed) as e:
        catalog().resolve_kab("kaltim")
    assert "64 Kalimantan Timur" in e.value.message
    assert catalog().resolve_prov("Kaltim").kode == "64"


def test_user_aliases(config_dir):
    (config_dir / "aliases.csv").write_text("code,alias\n64.74,Kota Taman\n", encoding="utf-8")
    catalog.cache_clear()
    assert catalog().resolve_kab("kota taman").kode == "64.74"


def test_kecamatan():
    assert catalog().resolve_kecamatan("64.02", "tenggarong seberang") == "Tenggarong Seberang"
    with pytest.raises(LookupFailed) as e:
        catalog().resolve_kecamatan("64.02", "Tengarong Sebrang")
    assert "Tenggarong Seberang" in e.value.message
