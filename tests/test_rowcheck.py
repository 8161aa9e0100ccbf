"""The fast row check accepts exactly what the models accept, and stores the same values."""

import random
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError, field_validator

from netralitas import readers, store
from netralitas.models import KASUS_FIELDS, TERLAPOR_FIELDS, KasusFields, Terlapor
from netralitas.rowcheck import RowCheck, mirrored

ROOT = Path(__file__).resolve().parent.parent

# values the columns may hold: valid, odd but valid, and wrong
ODD = {
    "sumber": ["temuan", "Laporan", " TEMUAN ", "lapor", "LP", "TM", ""],
    "pemilu": ["pilkada-2020", "pemilu-2024", "Pilkada 2020", "pemilu-1999", ""],
    "wilayah": ["64.02", "Kukar", "Kutai Kartanegara", "Kab. Kutai Kartanegara", "99.99", "Kota Samarinda", ""],
    "kecamatan": ["Tenggarong", "tenggarong", "Nowhere", "", None],
    "tanggal_kejadian": ["2020-10-02", "02/10/2020", "4 Oktober 2020", "2020-13-01", "31/02/2020", "2999-01-01", ""],
    "tanggal_diterima": ["2020-10-05", "2020-09-01", "", "kemarin"],
    "pelanggaran": ["foto-bersama", "medsos-interaksi", "bukan-pelanggaran", ""],
    "bukti": ["a | b", "", "foto.jpg"],
    "tanggal_klarifikasi": ["2020-10-06 | 2020-10-07", "2020-10-07;2020-10-06", "", "x"],
    "alasan_tidak_diregistrasi": ["", "kedaluwarsa", "no-such-reason"],
    "diteruskan_ke": ["", "kasn", "nowhere"],
    "nama": ["Siti  Aminah", "  José ", ""],
    "nip": ["198203142008011003", "19820314200801100", "abc", ""],
    "jenis": ["PNS", "pns", "Kepala Desa", "honorer", "P3K", "ASN", "TNI", "Polri", "kades", "lainnya", ""],
    "kategori_jabatan": ["pengawas", "JPT", "menteri", ""],
    "status": ["diproses", "disanksi", "Direkomendasikan", "tidak terbukti", "selesai", "terbukti", "Terbukti melanggar",
               "proses", ""],
    "rekomendasi": ["sedang", "berat", "keras", "Hukuman disiplin sedang", ""],
    "tanggal_rekomendasi": ["2020-10-20", "20/10/2020", "2020-10-01", ""],
    "sanksi": ["ringan", "sedang", "ptdh", "keras", "Hukuman disiplin sedang", "pemberhentian tidak dengan hormat", ""],
    "sanksi_jenis": ["teguran tertulis", "pemotongan tunjangan kinerja 25% selama 6 bulan", "dipecat", "teguran lisan",
                     "penundaan kenaikan gaji berkala selama 1 tahun", "penahanan disiplin ringan",
                     "pemberhentian sementara", "pembebasan dari jabatan selama 12 bulan", ""],
    "sanksi_moral": ["terbuka", "tertutup", "publik", "pernyataan secara terbuka", ""],
    "tanggal_sanksi": ["2020-12-15", "2020-10-10", "2022-01-05", ""],
    "pidana": ["penyidikan", "putusan", "dihentikan", "dipenjara", ""],
    "tanggal_pidana": ["2020-11-20", ""],
    "pidana_pasal": ["uu7-494", "uu10-188", "pasal 999", ""],
    "tanggal_blokir": ["", "2020-12-01"],
}


def _rows():
    columns, rows = readers.read_csv(ROOT / "data/examples/kasus.csv", ignore_unknown=False)
    base = [row for _, row in rows]
    rng = random.Random(16)
    out = list(base)
    for _ in range(3000):
        row = dict(rng.choice(base))
        for name in rng.sample(sorted(ODD), rng.randint(1, 5)):
            row[name] = rng.choice(ODD[name])
        out.append(row)
    return out


def _model(model, raw):
    try:
        return model(**raw)
    except ValidationError:
        return None


@pytest.mark.parametrize("part", ["case", "person"])
def test_fast_check_agrees_with_the_models(part):
    check = RowCheck()
    assert check.on
    accepted = refused = 0
    for row in _rows():
        if part == "case":
            raw = {k: row.get(k) for k in KASUS_FIELDS if k in row}
            fast, slow = check.case(raw), _model(KasusFields, raw)
            want = store.kasus_record(slow) if slow is not None else None
        else:
            raw = {k: row[k] for k in TERLAPOR_FIELDS if k in row and row[k] not in (None, "")}
            fast, slow = check.person(raw), _model(Terlapor, raw)
            want = store.terlapor_record(slow) if slow is not None else None
        if fast is None:
            refused += 1  # the model decides: it gives the problems (or accepts; slower, still right)
        else:
            accepted += 1
            assert want is not None, raw  # never accepts what the model refuses
            assert fast == want, raw
    assert accepted > 300 and refused > 300


def test_the_quick_date_test_only_vouches_for_rows_without_stage_problems():
    from netralitas.models import stage_problems
    from netralitas.rowcheck import StageDates

    dates = StageDates()
    rng = random.Random(16)
    days = ["2020-09-30", "2020-10-02", "2020-10-05", "2020-10-09", "2020-11-01", "2021-01-10", "2999-01-01", None]
    case_cols = ["tanggal_diterima", "tanggal_registrasi", "tanggal_tidak_diregistrasi", "tanggal_pleno",
                 "tanggal_diteruskan", "tanggal_diketahui"]
    person_cols = ["tanggal_rekomendasi", "tanggal_sanksi", "tanggal_tidak_ditindaklanjuti", "tanggal_blokir",
                   "tanggal_pidana"]
    vouched = refused = 0
    for _ in range(4000):
        case = {c: rng.choice(days) for c in rng.sample(case_cols, rng.randint(0, 3))}
        case["tanggal_kejadian"] = "2020-10-02"
        case["tanggal_klarifikasi"] = " | ".join(sorted({rng.choice(days[:6]) for _ in range(rng.randint(0, 2))})) or None
        person = {c: rng.choice(days) for c in rng.sample(person_cols, rng.randint(0, 2))}
        person["status"] = rng.choice(["diproses", "tidak_terbukti", "direkomendasikan", "disanksi"])
        if person["status"] == "disanksi":
            person["sanksi"] = "ringan"
        if person.get("tanggal_pidana"):
            person["pidana"] = "penyidikan"
        if not dates.ended(case) and dates.fine(case["tanggal_kejadian"], dates.dates(case), dates.dates(person)):
            vouched += 1  # (a case that ended is left to stage_problems, as FastCase does)
            assert stage_problems(case, [person]) == [], (case, person)
        else:
            refused += 1
    assert vouched > 500 and refused > 500


def test_a_rule_the_fast_check_does_not_know_turns_it_off():
    class Stricter(Terlapor):
        @field_validator("jabatan")
        @classmethod
        def _no_bupati(cls, value):
            return value

    assert mirrored(KasusFields) and mirrored(Terlapor)
    assert not mirrored(Stricter)


@pytest.mark.parametrize("before", [[], ["--lang", "en"], ["--lang=id", "--debug"], ["--debug", "--lang", "id"]])
def test_version_answers_without_the_cli(before):
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "netralitas", *before, "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith("netralitas ")
    assert "typer" not in out.stderr and "pydantic" not in out.stderr


def test_version_elsewhere_goes_to_the_command_line():
    from netralitas.entry import _version_only

    assert not _version_only(["import", "--version"]) and not _version_only(["--lang"])
    assert not _version_only([]) and not _version_only(["--version", "list"])


def test_yaml_cases_through_the_fast_check_equal_the_models():
    from netralitas.models import Kasus
    from netralitas.rowcheck import FastCase, yaml_case

    fast = FastCase(RowCheck())
    cases = [case for _, case, _ in readers.read_yaml(ROOT / "data/examples/kasus.yaml")]
    base = dict(cases[0])
    cases += [
        {**base, "terlapor": [{"status": "diproses"}, {"nama": "Satu", "jenis": "PNS"}]},  # the first names nobody
        {**base, "terlapor": [{"nama": "Dua", "nip": None, "jenis": "pns"}]},
        {**base, "terlapor": []},
    ]
    for case in cases:
        got = yaml_case(fast, dict(case))
        kasus = Kasus(**case)
        assert got is not None, case
        rec, records, keys = got
        assert rec == store.kasus_record(kasus)
        assert records == [store.terlapor_record(p) for p in kasus.terlapor]
        assert [set(k) for k in keys] == [p.model_fields_set for p in kasus.terlapor]
    for odd in ({**base, "unknown": 1}, {**base, "terlapor": [{"nama": "X", "bogus": 1}]},
                {**base, "terlapor": "Satu"}, {**base, "sumber": "aduan"}):
        assert yaml_case(fast, odd) is None  # the models decide, and give the problems


def test_terbukti_is_read_never_stored():
    check = RowCheck()
    plain = check.person({"nama": "Satu", "jenis": "PNS", "status": "terbukti"})
    sanctioned = check.person({"nama": "Dua", "jenis": "PNS", "status": "Terbukti", "sanksi": "ringan",
                               "sanksi_jenis": "teguran tertulis"})
    village = check.person({"nama": "Tiga", "jenis": "kades", "status": "terbukti", "sanksi_jenis": "teguran lisan"})
    assert (plain["status"], sanctioned["status"], village["status"]) == ("direkomendasikan", "disanksi", "disanksi")
    for raw, rec in (({"nama": "Satu", "jenis": "PNS", "status": "terbukti"}, plain),
                     ({"nama": "Tiga", "jenis": "kades", "status": "terbukti", "sanksi_jenis": "teguran lisan"}, village)):
        assert store.terlapor_record(Terlapor(**raw)) == rec


def test_route_and_law_of_date_refusals_go_to_the_models():
    check = RowCheck()
    refused = [
        {"nama": "A", "jenis": "TNI", "sanksi": "ringan"},  # no PP level on the military route
        {"nama": "A", "jenis": "Polri", "rekomendasi": "sedang"},
        {"nama": "A", "jenis": "kepala_desa", "sanksi_moral": "terbuka"},
        {"nama": "A", "jenis": "TNI", "sanksi_jenis": "teguran tertulis keras"},  # not the route's own
        {"nama": "A", "jenis": "PNS", "sanksi_jenis": "teguran lisan", "sanksi": "berat"},  # the type names ringan
        {"nama": "A", "jenis": "PNS", "tanggal_pidana": "2020-11-20"},  # a date without the outcome
        {"nama": "A", "jenis": "PNS", "pidana_pasal": "uu7-494"},
        {"nama": "A", "jenis": "PNS", "status": "tidak_terbukti", "sanksi": "ringan"},
    ]
    for raw in refused:
        assert check.person(raw) is None, raw
        with pytest.raises(ValidationError):
            Terlapor(**raw)


def test_case_level_route_checks_run_on_the_fast_path():
    """PTDH only for the forms it is prescribed for, an article for the person's kind, an undated
    type against the law of the incident's date: rute.case_problems, which reads the case."""
    from netralitas.models import stage_problems
    from netralitas.rowcheck import ROUTE_CASE_FIELDS, FastCase

    fast = FastCase(RowCheck())
    row = dict(_rows()[0])
    rec = fast.case({k: row.get(k) for k in KASUS_FIELDS if k in row})
    for person in ({"nama": "A", "jenis": "PNS", "sanksi": "ptdh", "status": "disanksi"},
                   {"nama": "A", "jenis": "lainnya", "pidana": "putusan", "pidana_pasal": "uu7-494"},
                   {"nama": "A", "jenis": "PNS", "sanksi_jenis": "pembebasan dari jabatan selama 12 bulan"}):
        prec = fast.person(person)
        assert prec is not None
        assert fast.stage_problems(rec, prec, "f.csv", 2) == stage_problems(rec, [prec], file="f.csv", line=2)
    empty = {c: None for c in ROUTE_CASE_FIELDS}
    assert fast.stage_problems(rec, {**fast.person({"nama": "A"}), **empty}, "f.csv", 2) == []


def test_an_import_through_the_fast_path_stores_what_the_models_store(tmp_path, monkeypatch):
    """Office words (LP, P3K, Hukuman disiplin sedang, terbukti, '-' as empty) read from a file end
    in the same stored values with and without the fast path."""
    import csv
    import sqlite3

    from netralitas import importer, rowcheck

    header = ["nomor", "sumber", "pemilu", "wilayah", "tanggal_kejadian", "pelanggaran", "nama", "jenis", "status",
              "rekomendasi", "tanggal_rekomendasi", "sanksi", "sanksi_jenis", "tanggal_sanksi", "kategori_jabatan",
              "pidana", "tanggal_pidana", "pidana_pasal"]
    rows = [
        ["K1", "LP", "pilkada-2020", "Kukar", "02/10/2020", "foto-bersama", "Satu", "P3K", "terbukti", "-", "-", "-",
         "-", "-", "JPT", "-", "-", "-"],
        ["K2", "TM", "Pilkada 2020", "64.02", "2020-10-03", "foto-bersama", "Dua", "PNS", "Terbukti",
         "Hukuman disiplin sedang", "20/10/2020", "Hukuman disiplin sedang",
         "penundaan kenaikan gaji berkala selama 1 tahun", "15/12/2020", "-", "penyidikan", "20/11/2020", "uu10-188"],
        ["K3", "temuan", "pilkada-2020", "kukar", "2020-10-04", "medsos-interaksi", "Tiga", "kades", "terbukti", "",
         "", "", "teguran lisan", "", "", "", "", ""],
        ["K4", "laporan", "pilkada-2020", "kukar", "2020-10-04", "medsos-interaksi", "Empat", "ASN", "proses", "", "",
         "", "", "", "", "", "", ""],
    ]
    path = tmp_path / "kasus.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])

    def stored(name, fast):
        monkeypatch.setattr(rowcheck, "mirrored", (lambda model: True) if fast else (lambda model: False))
        db = store.open_db(tmp_path / name)
        result = importer.process_file(db, path, write=True)
        assert result.valid and result.baru == 4, result.problems
        db.conn.close()
        conn = sqlite3.connect(tmp_path / name)
        out = [conn.execute(f"SELECT {cols} FROM {table} ORDER BY id").fetchall()
               for table, cols in (("kasus", "nomor, sumber, pemilu, wilayah, sidik, n_terbukti, n_disanksi, n_sedang"),
                                   ("terlapor", ", ".join(store.PERSON_COLUMNS)))]
        conn.close()
        return out

    with_fast, without = stored("fast.db", True), stored("slow.db", False)
    assert with_fast == without
    people = {r[0]: r for r in without[1]}
    assert "terbukti" not in {p[store.PERSON_COLUMNS.index("status")] for p in without[1]}
    assert people["Satu"][store.PERSON_COLUMNS.index("jenis")] == "PPPK"
    assert people["Dua"][store.PERSON_COLUMNS.index("sanksi")] == "sedang"


TEXTS = ["Siti Aminah", "  Siti   Aminah ", "x", "a\tb", "a\nb", "a\x00b", "a\x1fb", "\x1c", "a\x0bb", "-", "  ",
         "José", "Jose\u0301", "a\u00a0b", "\u00a0a", "a\u3000", "19820314 200801 1 003", "198203142008011003",
         "19820314200801100", "1982.0314.2008.0110.03", "abc", "x" * 5000, "x" * 100_001, "pemilu-2024",
         "Pilkada 2020", "64.02", "Kukar", "99.99", "foto-bersama", "kedaluwarsa", "kasn", "uu7-494", "pasal 999",
         "penyidikan", "2020-10-06 | 2020-10-07", "tenggarong", "\ud800", "ab\udc80"]


@pytest.mark.parametrize("model", [KasusFields, Terlapor])
def test_the_quick_text_path_gives_what_the_adapter_gives(model):
    from netralitas.columncheck import FAIL, Column

    quick = 0
    for name in model.model_fields:
        column = Column(model, name)
        if not column.text:
            continue
        values = TEXTS + [v for v in ODD.get(name, []) if v]
        for value in values:
            got = column.quick(value) if value.isascii() else None
            if got is None:
                continue
            quick += 1
            column.text = False  # the adapter alone
            try:
                assert column._validate(value) == got, (name, value)
            finally:
                column.text = True
        assert column._validate("a\x00b") is FAIL  # refusals stay the adapter's
    assert quick > 40
