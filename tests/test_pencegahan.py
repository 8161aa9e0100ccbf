"""Prevention activities, monitoring coverage and recap figures, through the CLI on real SQLite files."""

import json
import sqlite3

import pytest

from conftest import EXAMPLES, count

COUNTS = ["kasus", "temuan", "laporan", "terlapor", "terbukti", "tidak_terbukti", "disanksi", "ringan", "sedang",
          "berat", "moral"]


def report(cli, *args):
    return json.loads(cli("report", *args, "--format", "json").stdout)


def rows_by(out, key):
    return {r[key]: r for r in out["rows"]}


def test_the_four_events_counted_by_region_and_election(cli, db_path):
    r = cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    assert "4 new" in r.stderr and count(db_path, "sosialisasi") == 4
    by_region = rows_by(report(cli, "--by", "wilayah"), "wilayah")
    assert {k: v["sosialisasi"] for k, v in by_region.items()} == {"62.03": 1, "64.02": 1, "64.09": 1, "64.74": 1}
    assert all(v["kasus"] == 0 and v["cakupan"] == "tidak_ada_data" for v in by_region.values())
    by_election = rows_by(report(cli, "--by", "pemilu"), "pemilu")
    assert {k: v["sosialisasi"] for k, v in by_election.items()} == {"pemilu-2024": 2, "pilkada-2024": 2}
    prevention = report(cli, "--pencegahan")
    assert prevention["total"]["sosialisasi"] == 4 and prevention["total"]["daring"] == 1
    assert prevention["total"]["bawaslu"] == 3 and prevention["total"]["pemda"] == 1
    assert {s["sasaran"] for s in prevention["sasaran"]} >= {"kepala OPD", "camat", "lurah", "Forkopimda", "ASN"}
    kukar = rows_by(report(cli, "--pencegahan", "--kab", "kukar"), "pemilu")
    assert kukar["pemilu-2024"]["sosialisasi"] == 1


def test_reimport_is_idempotent_and_a_change_has_history(cli, db_path, tmp_path):
    cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    r = cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    assert "0 new, 0 updated, 4 unchanged" in r.stderr and count(db_path, "riwayat_catatan") == 0
    changed = tmp_path / "ubah.yaml"
    changed.write_text((EXAMPLES / "sosialisasi.yaml").read_text(encoding="utf-8").replace(
        "    wilayah: Bontang\n", "    wilayah: Bontang\n    jumlah_peserta: 120\n"), encoding="utf-8")
    r = cli("sosialisasi", "import", changed)
    assert "0 new, 1 updated, 3 unchanged" in r.stderr
    kode = next(a["kode"] for a in json.loads(cli("sosialisasi", "list", "--kab", "bontang", "--format", "json").stdout))
    shown = json.loads(cli("sosialisasi", "show", kode, "--format", "json").stdout)
    assert shown["jumlah_peserta"] == 120
    assert [(h["kolom"], h["lama"], h["baru"]) for h in shown["riwayat"]] == [("jumlah_peserta", None, "120")]
    assert shown["riwayat"][0]["asal"] == "import ubah.yaml"


def test_export_imports_back_unchanged(cli, tmp_path):
    cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    for fmt in ("yaml", "csv", "json"):
        if fmt == "json":
            continue  # JSON is for machines; import reads YAML, CSV and xlsx
        out = tmp_path / f"out.{fmt}"
        cli("sosialisasi", "export", "--format", fmt, "--output", out)
        r = cli("sosialisasi", "import", out)
        assert "0 new, 0 updated, 4 unchanged" in r.stderr, (fmt, r.stderr)


@pytest.mark.parametrize("text,codes", [
    ("sosialisasi:\n  - tanggal: 16 Juni 2022\n    wilayah: kukar\n    penyelenggara: Bawaslu\n"
     "  - tanggal: 31 Juni 2024\n    wilayah: mura\n    penyelenggara: KPU\n    moda: hybrid\n    jumlah_peserta: -3\n",
     {"bad-tanggal", "ambiguous-wilayah", "bad-enum", "bad-number"}),
    ("sosialisasi:\n  - tanggal: 2024-10-04\n    wilayah: bontang\n    penyelenggara: bawaslu\n    pembicara: X\n",
     {"unknown-field"}),
    ("sosialisasi:\n  - tanggal: 2024-10-04\n    wilayah: bontang\n    penyelenggara: bawaslu\n"
     "  - tanggal: 4 Oktober 2024\n    wilayah: Kota Bontang\n    penyelenggara: Bawaslu Bontang\n", {"duplicate-kode"}),
])
def test_bad_prevention_files_rejected_whole(cli, db_path, tmp_path, text, codes):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    r = cli("sosialisasi", "import", bad, "--format", "json", code=1)
    out = json.loads(r.stdout)
    assert out["valid"] is False and {p["code"] for p in out["files"][0]["problems"]} == codes
    assert count(db_path, "sosialisasi") == 0 and "nothing written" in r.stderr


def test_bad_csv_header_and_bad_rekap_and_pantau_files(cli, db_path, tmp_path):
    bad = tmp_path / "s.csv"
    bad.write_text("Tanggal;Kab/Kota;Pembicara\n2024-10-04;Bontang;X\n", encoding="utf-8")
    out = json.loads(cli("sosialisasi", "import", bad, "--format", "json", code=1).stdout)
    assert {(p["code"], p["field"]) for p in out["files"][0]["problems"]} == {
        ("unknown-column", "Pembicara"), ("missing-column", "penyelenggara")}
    bad.write_text("tanggal,wilayah,penyelenggara,moda\n2024-10-04,bontang,,luring\n", encoding="utf-8")
    out = json.loads(cli("sosialisasi", "import", bad, "--format", "json", code=1).stdout)  # the column, its cell empty
    assert [(p["code"], p["field"], p["value"], p["message"]) for p in out["files"][0]["problems"]] == [
        ("missing-field", "penyelenggara", None, "required field is missing")]
    rekap = tmp_path / "r.yaml"
    rekap.write_text("- {pemilu: pilkada-2020, wilayah: kukar, temuan: 4, laporan: 4, terlapor: 3, terbukti: 5,"
                     " sumber_data: x, tanggal_data: 2022-06-16}\n- {pemilu: pilkada-2020, wilayah: ppu, temuan: x,"
                     " laporan: 1, sumber_data: y}\n", encoding="utf-8")
    out = json.loads(cli("rekap", "import", rekap, "--format", "json", code=1).stdout)
    assert {p["code"] for p in out["files"][0]["problems"]} == {"rekap-contradiction", "bad-number", "missing-field"}
    r = cli("rekap", "add", "--pemilu", "pilkada-2024", "--kab", "kukar", "--temuan", "1", "--laporan", "1",
            "--terlapor", "2", "--terbukti", "5", "--disanksi", "7", "--ringan", "9", "--sumber-data", "x",
            "--tanggal-data", "2024-12-01", code=1)
    said = " ".join(r.stderr.split())  # every contradiction at once, not the first alone
    assert all(part in said for part in ("terbukti (5) is more than terlapor (2)", "disanksi (7) is more than terbukti (5)",
                                         "ringan + sedang + berat (9) is more than disanksi (7)"))
    pantau = tmp_path / "p.csv"
    pantau.write_text("pemilu,wilayah,hasil,dari,sampai\npilkada-2024,ppu,mungkin,2024-10-05,2024-10-01\n", encoding="utf-8")
    out = json.loads(cli("pantau", "import", pantau, "--format", "json", code=1).stdout)
    assert {p["code"] for p in out["files"][0]["problems"]} == {"bad-enum", "bad-tanggal"}
    assert count(db_path, "rekap") == count(db_path, "pantau") == 0


def test_kukar_2020_from_its_recap_then_replaced_by_case_records(cli, db_path):
    cli("rekap", "import", EXAMPLES / "rekap.yaml")
    kukar = rows_by(report(cli, "--kab", "kukar"), "pemilu")["pilkada-2020"]
    assert (kukar["kasus"], kukar["temuan"], kukar["laporan"]) == (8, 4, 4)
    assert kukar["angka"] == "rekap" and kukar["cakupan"] == "ada"
    assert kukar["rekap"][0]["dipakai"] == "dipakai" and kukar["rekap"][0]["nihil"] == ["TNI", "Polri"]
    table = cli("report", "--kab", "kukar").stdout
    assert "angka rekap pilkada-2020" in table and "recap figures" in table
    assert report(cli, "--kab", "kukar", "--tanpa-rekap")["total"]["kasus"] == 0
    assert report(cli, "--kab", "kukar", "--sumber", "temuan")["total"]["kasus"] == 0  # not split by filters

    cli("import", EXAMPLES / "kasus.csv")  # the same election's case records: 4 temuan, 4 laporan
    out = report(cli, "--kab", "kukar")
    kukar = rows_by(out, "pemilu")["pilkada-2020"]
    assert (kukar["kasus"], kukar["temuan"], kukar["laporan"]) == (8, 4, 4)  # not 16: never double counted
    assert out["total"]["kasus"] == 8 and kukar["angka"] == "kasus"
    check = kukar["rekap"][0]
    assert check["dipakai"] == "pembanding" and check["selisih"] == {"temuan": 0, "laporan": 0}
    assert "cek rekap pilkada-2020 64.02: sama" in cli("report", "--kab", "kukar", "--by", "pemilu", "-f", "csv").stdout
    assert rows_by(report(cli, "--by", "wilayah"), "wilayah")["64.02"]["kasus"] == 8
    # a date selection: the recap is not used, not even as a check of all the election's cases
    dated = rows_by(report(cli, "--kab", "kukar", "--dari", "2020-10-05"), "pemilu")["pilkada-2020"]
    assert [r["dipakai"] for r in dated["rekap"]] == ["tidak_dipakai"] and "selisih" not in dated["rekap"][0]


def test_monitored_zero_is_nihil_unmonitored_is_tidak_ada_data(cli):
    cli("pantau", "add", "--pemilu", "pilkada-2024", "--kab", "berau", "--hasil", "nihil")
    out = report(cli, "--pemilu", "pilkada-2024", "--by", "wilayah")
    berau = rows_by(out, "wilayah")["64.03"]
    assert berau["kasus"] == 0 and berau["cakupan"] == "nihil"
    kutim = report(cli, "--kab", "kutai timur", "--by", "wilayah")
    assert kutim["total"]["cakupan"] == "tidak_ada_data"
    assert [(r["wilayah"], r["kasus"], r["cakupan"]) for r in kutim["rows"]] == [("64.08", 0, "tidak_ada_data")]
    table = cli("report", "--pemilu", "pilkada-2024", "--by", "wilayah").stdout
    assert "Kabupaten Berau" in table and "nihil" in table
    assert "tidak ada data" in cli("report", "--kab", "kutai timur", "--by", "wilayah").stdout
    assert "nihil: monitored" in cli("report", "--kab", "berau").stdout
    assert "tidak ada data" in cli("report", "--kab", "kutai timur").stdout
    csv_text = cli("report", "--pemilu", "pilkada-2024", "--by", "wilayah", "--format", "csv").stdout
    assert csv_text.splitlines()[0].endswith("sosialisasi,peserta,cakupan,angka,rekap") and ",nihil," in csv_text


def test_ppu_shows_pilkada_2024_after_monitoring(cli):
    cli("import", EXAMPLES / "kasus.yaml")  # PPU: one case in Pilkada 2018
    assert [r["pemilu"] for r in report(cli, "--kab", "ppu")["rows"]] == ["pilkada-2018"]
    cli("pantau", "import", EXAMPLES / "pantau.csv")
    rows = rows_by(report(cli, "--kab", "ppu"), "pemilu")
    assert list(rows) == ["pilkada-2018", "pilkada-2024"]
    assert rows["pilkada-2024"]["kasus"] == 0 and rows["pilkada-2024"]["cakupan"] == "nihil"
    assert rows["pilkada-2018"]["cakupan"] == "ada"
    assert "Pilkada Serentak 2024" in cli("report", "--kab", "ppu").stdout
    # re-recording the result changes it, with history
    args = ["pantau", "add", "--pemilu", "pilkada-2024", "--kab", "ppu", "--dari", "2024-09-25", "--sampai", "2024-10-01"]
    cli(*args, "--hasil", "nihil")
    r = cli(*args, "--hasil", "ada")
    assert "hasil 'nihil' -> 'ada'" in r.stderr
    assert rows_by(report(cli, "--kab", "ppu"), "pemilu")["pilkada-2024"]["cakupan"] == "ada"


def test_add_commands_and_refusals(cli, db_path):
    base = ["sosialisasi", "add", "--tanggal", "4 Oktober 2024", "--wilayah", "bontang", "--penyelenggara", "Bawaslu Bontang"]
    kode = cli(*base, "--narasumber", "Ibu Contoh", "--sasaran", "lurah").stdout.strip()
    r = cli(*base, "--tema", "lain", code=1)
    assert "--ganti" in r.stderr and count(db_path, "sosialisasi") == 1
    cli(*base, "--tema", "lain", "--kode", "BTG-2")
    cli(*base, "--tema", "baru", "--ganti")
    assert [h["kolom"] for h in json.loads(cli("sosialisasi", "show", kode, "--format", "json").stdout)["riwayat"]] == [
        "sasaran", "narasumber", "tema"]
    assert cli("sosialisasi", "add", "--tanggal", "2024-10-04", "--wilayah", "mura", "--penyelenggara", "bawaslu",
               code=2).stderr.count("ambiguous") == 1
    prov = cli("sosialisasi", "add", "--tanggal", "2024-10-10", "--wilayah", "kaltim", "--penyelenggara", "BKN").stdout.strip()
    assert json.loads(cli("sosialisasi", "show", prov, "--format", "json").stdout)["wilayah"] == "64"
    assert "Kalimantan Timur (se-provinsi)" in cli("report", "--by", "wilayah").stdout
    r = cli("rekap", "add", "--pemilu", "pilkada-2020", "--kab", "kukar", "--temuan", "4", "--laporan", "4",
            "--sumber-data", "Bawaslu Kukar", "--tanggal-data", "16 Juni 2022", "--nihil", "TNI", "--nihil", "Polri")
    assert r.stdout.strip() == "pilkada-2020/64.02"
    r = cli("rekap", "add", "--pemilu", "pilkada-2020", "--kab", "kukar", "--temuan", "5", "--laporan", "4",
            "--sumber-data", "KASN", "--tanggal-data", "2021-12-01")
    assert "temuan 4 -> 5" in r.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT kolom, lama, baru FROM riwayat_catatan WHERE tabel = 'rekap' ORDER BY id").fetchall()[:2] == [
            ("temuan", "4", "5"), ("nihil", '["TNI", "Polri"]', None)]


def test_speakers_never_in_reports_or_digest(cli, tmp_path):
    cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    cli("sosialisasi", "add", "--tanggal", "2024-11-01", "--wilayah", "ppu", "--penyelenggara", "bawaslu",
        "--narasumber", "Narasumber Rahasia")
    assert "Narasumber Rahasia" in cli("sosialisasi", "list").stdout
    outputs = [cli("report", *a).stdout for a in ([], ["--format", "json"], ["--pencegahan"], ["--pencegahan", "-f", "json"],
                                                     ["--by", "pemilu", "-f", "csv"], ["--by", "wilayah", "-f", "markdown"])]
    cli("digest", "--out", tmp_path / "d", "--format", "md,json,html")
    outputs += [p.read_text(encoding="utf-8") for p in (tmp_path / "d").iterdir()]
    for text in outputs:
        assert "Narasumber Rahasia" not in text and "Ketua Bawaslu Kukar" not in text


def test_digest_lists_new_activities_since_the_previous_run(cli, tmp_path):
    out = tmp_path / "d"
    cli("digest", "--out", out, code=3)  # no database yet: a digest never creates one
    cli("import", EXAMPLES / "kasus.yaml")
    cli("digest", "--out", out)
    cli("sosialisasi", "import", EXAMPLES / "sosialisasi.yaml")
    r = cli("digest", "--out", out)
    assert "New prevention activities since the previous digest" in r.stdout and "4 sosialisasi" in r.stdout
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert [a["wilayah"] for a in data["sosialisasi_baru"]] == ["64.02", "62.03", "64.09", "64.74"]
    assert "narasumber" not in data["sosialisasi_baru"][0]
    assert "New sosialisasi" in next(out.glob("*.md")).read_text(encoding="utf-8")
    cli("digest", "--out", out)
    assert json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))["sosialisasi_baru"] == []


def test_every_subcommand_has_help(cli):
    from typer.main import get_command

    from netralitas.cli.app import app

    for group in ("sosialisasi", "pantau", "rekap"):
        for name, command in get_command(app).commands[group].commands.items():
            assert command.help, f"{group} {name}"
            assert "Usage" in cli(group, name, "--help").stdout
            for param in command.params:
                assert getattr(param, "help", None), f"{group} {name} {param.name} has no help"
