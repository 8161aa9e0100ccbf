"""An unchanged file into an unchanged register is recognised without being read; any change
to its cases, the numbering or the options sends it through the full import again."""

from pathlib import Path

import pytest

from conftest import count
from netralitas import importer, readers, store

HEADER = "nomor,sumber,pemilu,wilayah,tanggal_kejadian,pelanggaran,nama,status,sanksi"
ROWS = ["K1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Satu,direkomendasikan,",
        "K1,temuan,pilkada-2020,kukar,2020-10-02,foto-bersama,Dua,,",
        "K2,laporan,pilkada-2020,kukar,2020-10-05,lainnya,Tiga,,"]


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def unread(monkeypatch):
    """Reading a CSV fails the test: only a recognised file passes."""
    def boom(*args, **kwargs):
        raise AssertionError("the file was read")

    def arm():
        monkeypatch.setattr(readers, "read_csv", boom)
    return arm


def _import(db_path, path, **kw):
    db = store.open_db(db_path)
    try:
        return importer.process_file(db, path, write=True, **kw)
    finally:
        db.conn.close()


def test_a_repeated_file_is_recognised_without_reading_it(cli, tmp_path, db_path, unread):
    f = _csv(tmp_path / "a.csv", ROWS)
    first = _import(db_path, f)
    assert (first.baru, first.rows) == (2, 3)
    unread()
    again = _import(db_path, f)
    assert again.valid and (again.rows, again.kasus, again.baru, again.diubah, again.sama) == (3, 2, 0, 0, 2)
    assert count(db_path) == 2 and count(db_path, "riwayat") == 0
    assert "0 new, 0 updated, 2 unchanged" in cli("import", f).stderr


def test_a_changed_register_or_other_options_read_the_file_again(cli, tmp_path, db_path):
    f = _csv(tmp_path / "a.csv", ROWS)
    cli("import", f)
    # another file moves K1 on: the first file now differs from the register (a status moving back)
    g = _csv(tmp_path / "b.csv", [ROWS[0].replace("direkomendasikan,", "disanksi,sedang"), *ROWS[1:]])
    assert "0 new, 1 updated, 1 unchanged" in cli("import", g).stderr
    r = cli("import", f, code=1)
    assert "status would move back" in r.stdout + r.stderr
    # a deleted case refuses the file again, as it did before the file was remembered
    assert "0 new, 0 updated, 2 unchanged" in cli("import", g).stderr
    cli("hapus", "K2", "--alasan", "duplikat", "--ya")
    r = cli("import", g, code=1)
    assert "was deleted" in r.stdout + r.stderr
    cli("hapus", "K2", "--batal")
    # the same bytes with another option are another import
    assert "0 new, 0 updated, 2 unchanged" in cli("import", g, "--timpa").stderr


def test_a_new_case_elsewhere_forgets_the_file(tmp_path, db_path, unread):
    f = _csv(tmp_path / "a.csv", ROWS)
    _import(db_path, f)
    _import(db_path, _csv(tmp_path / "c.csv", ["K3,laporan,pilkada-2020,kukar,2020-10-06,lainnya,Empat,,"]))
    unread()
    with pytest.raises(AssertionError, match="the file was read"):
        _import(db_path, f)


@pytest.mark.parametrize("change", ["ketat", "pemilu", "header", "alias", "kantor"])
def test_what_changes_an_imports_meaning_reads_the_file_again(cli, tmp_path, db_path, unread, change):
    f = _csv(tmp_path / "a.csv", ROWS)
    _import(db_path, f)
    kw = {}
    if change == "ketat":
        kw = {"ketat": True}
    elif change == "pemilu":
        kw = {"defaults": {"pemilu": "pilkada-2020"}}
    elif change == "header":
        kw = {"header_row": 1}
    elif change == "alias":  # the user's own words may change what a cell means
        cli("alias", "sumber", "temuan pengawas desa", "temuan")
    else:
        cli("kantor", "set", "--wilayah", "kukar", "--nama", "Bawaslu Kutai Kartanegara")
    unread()
    with pytest.raises(AssertionError, match="the file was read"):
        _import(db_path, f, **kw)


def test_a_file_with_warnings_is_read_again_to_say_them(tmp_path, db_path, unread):
    f = _csv(tmp_path / "w.csv", ["K9,temuan,pilkada-2020,kukar,2019-01-02,foto-bersama,Satu,,"])
    first = _import(db_path, f)
    assert first.valid and first.warnings
    unread()
    with pytest.raises(AssertionError, match="the file was read"):
        _import(db_path, f)
