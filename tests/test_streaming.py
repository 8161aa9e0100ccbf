"""`list --format json` streams: the same bytes as one json.dumps of the whole list."""

import json

import pytest

from netralitas import render


@pytest.mark.parametrize("data", [[], [{"a": 1, "b": [1, 2], "c": {"x": "y\nz"}}], [{"a": []}, {}, {"b": {}}]])
def test_stream_json_writes_what_print_json_writes(data, capsys):
    render.print_json(data)
    whole = capsys.readouterr().out
    assert render.stream_json(iter(data)) == len(data)
    assert capsys.readouterr().out == whole


# -- export's CSV and list's JSON from one query: the same bytes as writing iter_kasus's cases ---------

import io
import sqlite3

from netralitas import exporter, store, streaming
from netralitas.cells import neutralise
from netralitas.kueri import iter_kasus
from netralitas.seleksi import Seleksi

from conftest import EXAMPLES


def reference_csv(cases, out, pii=True, excel=False, kantor=False) -> int:
    """The writer export used before streaming: flat_rows, each cell neutralised as text."""
    cols = exporter.columns(pii, kantor)
    w, quoted = render.csv_writers(out, excel)  # a row with a bare CR: every cell quoted
    w.writerow(cols)
    n = 0
    for row in exporter.flat_rows(cases, pii):
        cells = ["" if row[c] is None else neutralise(str(row[c])) for c in cols]
        render.writer_for(cells, w, quoted).writerow(cells)
        n += 1
    return n


def reference_json(cases) -> None:
    render.stream_json({**{k: v for k, v in c.items() if not k.startswith("_")},
                        **({"kantor": c["_kantor"]} if c["_kantor"] else {})} for c in cases)


@pytest.fixture
def hostile_db(cli, db_path):
    """The example register with values a spreadsheet would run, apostrophes, control characters,
    evidence lists, merged records, a deleted case and a case without terlapor."""
    cli("import", "--db", db_path, EXAMPLES / "kasus.csv")
    with sqlite3.connect(db_path) as conn:
        conn.executescript("""
            UPDATE kasus SET uraian = '=HYPERLINK("x")' WHERE id % 3 = 0;
            UPDATE kasus SET uraian = '''=x', kecamatan = '@kec', nomor_surat = '+1' WHERE id % 4 = 1;
            UPDATE kasus SET uraian = 'a' || char(1) || '"b"' || char(10) || 'c,d', alasan_tidak_diregistrasi = char(9) || 't'
                WHERE id % 5 = 2;
            UPDATE kasus SET bukti = '["=cmd", "ok", "-x", "Ñ ü"]' WHERE id % 2 = 0;
            UPDATE kasus SET bukti = '[""]' WHERE id % 7 = 3;
            UPDATE kasus SET bukti = '[]' WHERE id % 7 = 4;
            UPDATE kasus SET kantor = '64.02', asal_diubah = '2024-01-01T00:00:00+00:00' WHERE id % 3 = 1;
            UPDATE kasus SET kantor = '64.03', asal_diubah = NULL WHERE id % 5 = 4;
            UPDATE kasus SET kantor = '', asal_diubah = '2023-01-01' WHERE id % 7 = 6;
            UPDATE kasus SET dihapus = '2024-02-02', dihapus_alasan = 'x' WHERE id = 2;
            UPDATE terlapor SET nama = '-Budi', nip = '''+62' WHERE id % 2 = 0;
            UPDATE terlapor SET jabatan = char(13) || 'cr', instansi = '''''@x', nomor_sk = '' WHERE id % 3 = 0;
            UPDATE terlapor SET pidana_pasal = 'a;b,"c"' || char(8232) || char(31), nama = 'Ñoño ' || char(12)
                WHERE id % 3 = 1;
            DELETE FROM terlapor WHERE kasus_id = 3;
        """)
    return db_path


SELECTIONS = [dict(), dict(seleksi=Seleksi(status=("disanksi",))), dict(seleksi=Seleksi(asal=("sendiri",))),
              dict(limit=2), dict(cari="a"), dict(seleksi=Seleksi(kab=("00.00",)))]


@pytest.mark.parametrize("how", SELECTIONS)
@pytest.mark.parametrize("pii,kantor,excel", [(True, False, False), (False, True, False), (True, True, True)])
def test_streamed_csv_is_what_the_cases_give(hostile_db, how, pii, kantor, excel):
    db = store.open_db(hostile_db, create=False)
    seleksi, cari, limit = how.get("seleksi", Seleksi()), how.get("cari"), how.get("limit", 0)
    cases = iter_kasus(db, seleksi, pii=pii, cari=cari)
    want = io.StringIO()
    n = reference_csv(list(cases)[:limit] if limit else cases, want, pii, excel, kantor)
    got = io.StringIO()
    assert streaming.write_csv(db, seleksi, got, pii=pii, excel=excel, kantor=kantor, cari=cari, limit=limit) == n
    assert got.getvalue() == want.getvalue()
    if not how:  # the guard did act
        assert "'=HYPERLINK" in got.getvalue() and "''=x" in got.getvalue() and "'=cmd | ok | -x" in got.getvalue()


@pytest.mark.parametrize("how", SELECTIONS)
def test_streamed_json_is_what_the_cases_give(hostile_db, how, capsys):
    db = store.open_db(hostile_db, create=False)
    seleksi, cari, limit = how.get("seleksi", Seleksi()), how.get("cari"), how.get("limit", 0)
    cases = list(iter_kasus(db, seleksi, pii=True, cari=cari))
    reference_json(cases[:limit] if limit else cases)
    want = capsys.readouterr().out
    assert streaming.stream_json(db, seleksi, cari=cari, limit=limit) == len(cases[:limit] if limit else cases)
    assert capsys.readouterr().out == want


def test_list_and_export_stream_the_same_bytes(cli, hostile_db):
    db = store.open_db(hostile_db, create=False)
    want = io.StringIO()
    reference_csv(iter_kasus(db, Seleksi(), pii=False), want, pii=False, kantor=True)
    assert cli("export", "--db", hostile_db, "--format", "csv").stdout == want.getvalue()
    got = cli("list", "--db", hostile_db, "--format", "json", "--limit", "3").stdout
    assert [c["nomor"] for c in json.loads(got)] == [c["nomor"] for c in list(iter_kasus(db, Seleksi(), pii=True))[:3]]


def test_a_bare_carriage_return_survives_export_and_import(cli, tmp_path):
    """A YAML "\\r" is stored as it is; the CSV export quotes its row, so the file reads back the same."""
    case = {"nomor": "CR/1", "sumber": "temuan", "pemilu": "pilkada-2024", "wilayah": "kukar",
            "tanggal_kejadian": "2024-10-04", "pelanggaran": "medsos-interaksi", "uraian": "satu\rdua",
            "terlapor": [{"nama": "Budi\rSantoso", "jabatan": "=staf\rdua", "jenis": "PNS"}]}
    source = tmp_path / "cr.yaml"
    source.write_text(json.dumps({"kasus": [case, {**case, "nomor": "CR/2", "uraian": "biasa"}]}), encoding="utf-8")
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    cli("import", "--db", first, source)
    exported = tmp_path / "out.csv"
    cli("export", "--db", first, "--format", "csv", "--include-pii", "--output", exported)
    cli("import", "--db", second, exported)

    def stored(db):
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT k.nomor, k.uraian, t.nama, t.jabatan FROM kasus k JOIN terlapor t "
                                "ON t.kasus_id = k.id ORDER BY k.nomor").fetchall()
    assert stored(second) == stored(first)
    assert stored(first)[0][1] == "satu\rdua"  # a free text keeps it (single-line fields are normalised)


@pytest.mark.parametrize("excel", [False, True])
def test_csv_text_quotes_a_row_with_a_bare_carriage_return(excel):
    import csv

    text = render.csv_text([{"a": "satu\rdua", "b": 1}, {"a": "biasa", "b": 2}], ["a", "b"], excel=excel)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))
    assert rows == [["a", "b"], ["satu\rdua", "1"], ["biasa", "2"]]
