"""Roll-up: three office databases (two kab, one province) merged with provenance."""

import json
import sqlite3
from pathlib import Path


from netralitas import store
from netralitas.gabung import duplikat


def case(nomor, wilayah, nip, nama, uraian, status="diproses", pemilu="pilkada-2024", tanggal="2024-10-04"):
    return {"nomor": nomor, "sumber": "laporan", "pemilu": pemilu, "wilayah": wilayah, "tanggal_kejadian": tanggal,
            "pelanggaran": "medsos-interaksi", "uraian": uraian,
            "terlapor": [{"nama": nama, "nip": nip, "jenis": "PNS", "status": status}]}


KUKAR = [case("001/Reg/LP/PB/Kab/23.03/X/2024", "64.02", "198203142008011003", "Rahmat Hidayat", "Menyukai unggahan calon A"),
         case("002/Reg/LP/PB/Kab/23.03/X/2024", "64.02", "199005212015032002", "Siti Aminah", "Berkomentar di akun tim B")]
PPU = [case("001/Reg/LP/PB/Kab/23.05/X/2024", "64.09", "197701082003121004", "Bambang Sutrisno", "Foto bersama calon C"),
       # the same nomor as a Kukar case: another office's record, never merged with it
       case("002/Reg/LP/PB/Kab/23.03/X/2024", "64.09", "198811022011012001", "Dewi Lestari", "Hadir di deklarasi D")]
# the province registers the event Kukar registered too: the same NIP in the same election
PROV = [case("001/Reg/LP/PB/Prov/23.00/X/2024", "64.02", "198203142008011003", "Rahmat Hidayat", "Unggahan calon A (prov)")]


def office(cli, tmp_path: Path, name: str, wilayah: str, cases: list) -> Path:
    import yaml

    db = tmp_path / f"{name}.db"
    src = tmp_path / f"{name}.yaml"
    src.write_text(yaml.safe_dump({"kasus": cases}, allow_unicode=True), encoding="utf-8")
    cli("kantor", "set", "--db", db, "--nama", f"Bawaslu {name}", "--wilayah", wilayah)
    cli("import", "--db", db, src)
    return db


def three_offices(cli, tmp_path):
    return (office(cli, tmp_path, "kukar", "64.02", KUKAR), office(cli, tmp_path, "ppu", "ppu", PPU),
            office(cli, tmp_path, "kaltim", "64", PROV))


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def merge(cli, target, *sources, code=0):
    r = cli("gabung", "--db", target, "--format", "json", *sources, code=code)
    return json.loads(r.stdout)


def test_kantor_set_and_info(cli, tmp_path):
    db = tmp_path / "k.db"
    cli("kantor", "set", "--db", db, "--nama", "Bawaslu Kabupaten Kutai Kartanegara", "--wilayah", "kukar")
    info = json.loads(cli("info", "--db", db, "--format", "json").stdout)
    assert info["kantor"] == "Bawaslu Kabupaten Kutai Kartanegara (64.02)"
    cli("kantor", "set", "--db", db, "--nama", "Bawaslu Kukar", "--wilayah", "64.02")
    assert rows(db, "SELECT kolom, lama, baru FROM riwayat_catatan WHERE tabel = 'kantor'") == [
        ("nama", "Bawaslu Kabupaten Kutai Kartanegara", "Bawaslu Kukar")]
    r = cli("kantor", "set", "--db", db, "--nama", "x", "--wilayah", "nowhere", code=1)
    assert "wilayah" in r.stderr


def test_three_offices_merged_with_provenance(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    rollup = tmp_path / "nasional.db"
    out = merge(cli, rollup, kukar, ppu, prov)
    summary = {s["kantor"]: s for s in out["sumber"]}
    assert {k: (s["baru"], s["diubah"], s["sama"]) for k, s in summary.items()} == {
        "64.02": (2, 0, 0), "64.09": (2, 0, 0), "64": (1, 0, 0)}
    assert rows(rollup, "SELECT COUNT(*) FROM kasus")[0][0] == 5
    assert rows(rollup, "SELECT COUNT(*) FROM terlapor")[0][0] == 5
    # every record keeps its office, source file and the time of its merge
    got = rows(rollup, """SELECT k.kantor, a.nama, a.file, a.waktu IS NOT NULL FROM kasus k JOIN asal a ON a.id = k.asal_id
                          ORDER BY k.kantor, k.nomor""")
    assert [(g[0], g[1], Path(g[2]).name, g[3]) for g in got] == [
        ("64", "Bawaslu kaltim", "kaltim.db", 1), ("64.02", "Bawaslu kukar", "kukar.db", 1),
        ("64.02", "Bawaslu kukar", "kukar.db", 1), ("64.09", "Bawaslu ppu", "ppu.db", 1),
        ("64.09", "Bawaslu ppu", "ppu.db", 1)]
    # the same nomor from two offices: two records, shown as a conflict
    assert rows(rollup, "SELECT kantor FROM kasus WHERE nomor = ? ORDER BY kantor",
                ["002/Reg/LP/PB/Kab/23.03/X/2024"]) == [("64.02",), ("64.09",)]
    assert summary["64.09"]["konflik_nomor"] == 1
    assert summary["64.09"]["daftar_konflik_nomor"][0]["kantor_lain"] == "64.02"
    # the province's case of the same person in the same election: a possible duplicate, not merged
    assert summary["64"]["duplikat"] == 1
    pair = summary["64"]["daftar_duplikat"][0]
    assert (pair["alasan"], pair["kantor_lain"], pair["nomor_lain"]) == ("nip", "64.02", KUKAR[0]["nomor"])
    assert "198203142008011003" not in json.dumps(out)  # NIP masked
    listed = json.loads(cli("duplikat", "--db", rollup, "--format", "json").stdout)
    assert listed["jumlah"] == 2 and {r["alasan"] for r in listed["rows"]} == {"nip", "nomor"}
    # reports by origin, and filtered by it
    rep = json.loads(cli("report", "--db", rollup, "--by", "asal", "--format", "json").stdout)
    assert {r["asal"]: r["kasus"] for r in rep["rows"] if r["kasus"]} == {"64": 1, "64.02": 2, "64.09": 2}
    rep = json.loads(cli("report", "--db", rollup, "--asal", "ppu", "--format", "json").stdout)
    assert rep["total"]["kasus"] == 2


def test_remerge_is_idempotent(cli, tmp_path, offices):
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, *offices)
    before = rows(rollup, "SELECT * FROM kasus ORDER BY id")
    history = rows(rollup, "SELECT COUNT(*) FROM riwayat")
    asal = rows(rollup, "SELECT * FROM asal ORDER BY id")
    out = merge(cli, rollup, *offices)
    assert [(s["baru"], s["diubah"]) for s in out["sumber"]] == [(0, 0)] * 3
    assert [s["sama"] for s in out["sumber"]] == [2, 2, 1]
    after = rows(rollup, "SELECT * FROM kasus ORDER BY id")
    assert after == before
    assert rows(rollup, "SELECT COUNT(*) FROM riwayat") == history
    # nothing written, no provenance row: each record keeps the hand-over that last wrote it
    assert rows(rollup, "SELECT * FROM asal ORDER BY id") == asal
    # an office that renamed itself: one new row, so its records show the name it gives now
    kukar = offices[0]
    cli("kantor", "set", "--db", kukar, "--nama", "Bawaslu Kabupaten Kutai Kartanegara", "--wilayah", "64.02")
    merge(cli, rollup, kukar)
    assert rows(rollup, "SELECT COUNT(*) FROM asal")[0][0] == len(asal) + 1
    view = json.loads(cli("show", "--db", rollup, KUKAR[0]["nomor"], "--format", "json").stdout)
    assert view["kantor_nama"] == "Bawaslu Kabupaten Kutai Kartanegara"
    merge(cli, rollup, kukar)
    assert rows(rollup, "SELECT COUNT(*) FROM asal")[0][0] == len(asal) + 1


def test_newer_handover_updates_only_its_office(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, kukar, ppu, prov)
    # Kukar decides its second case, the one whose nomor PPU uses too
    nomor = KUKAR[1]["nomor"]
    cli("tahap", "--db", kukar, nomor, "rekomendasi", "--tanggal", "2024-10-20", "--terlapor", "1", "--rekomendasi", "sedang",
        code=None)
    cli("ubah", "--db", kukar, nomor, "--kecamatan", "Tenggarong")
    out = merge(cli, rollup, kukar)
    s = out["sumber"][0]
    assert (s["baru"], s["diubah"], s["sama"]) == (0, 1, 1)
    assert rows(rollup, "SELECT kantor, kecamatan FROM kasus WHERE nomor = ? ORDER BY kantor", [nomor]) == [
        ("64.02", "Tenggarong"), ("64.09", None)]
    # the change is in the history, with the merge as its origin
    assert ("kecamatan", None, "Tenggarong", "gabung kukar.db") in rows(
        rollup, "SELECT kolom, lama, baru, asal FROM riwayat")
    # an older hand-over of the same office is refused whole: its changes are conflicts
    older = tmp_path / "kukar-old.db"
    office(cli, tmp_path, "kukar-old", "64.02", KUKAR)
    r = merge(cli, rollup, older, code=1)
    assert r["sumber"][0]["valid"] is False and r["sumber"][0]["konflik"] >= 1
    assert rows(rollup, "SELECT kecamatan FROM kasus WHERE nomor = ? AND kantor = '64.02'", [nomor]) == [("Tenggarong",)]


def test_local_import_never_touches_merged_records(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    target = tmp_path / "prov-rollup.db"
    cli("kantor", "set", "--db", target, "--nama", "Bawaslu Provinsi Kalimantan Timur", "--wilayah", "64")
    merge(cli, target, kukar)
    # the province's own file uses a nomor Kukar uses: a record of its own, the merged one untouched
    import yaml

    own = tmp_path / "own.yaml"
    own.write_text(yaml.safe_dump({"kasus": [case(KUKAR[0]["nomor"], "64.02", None, None, "Temuan provinsi")]}),
                   encoding="utf-8")
    cli("import", "--db", target, own)
    assert rows(target, "SELECT COALESCE(kantor, '-'), uraian FROM kasus WHERE nomor = ? ORDER BY kantor",
                [KUKAR[0]["nomor"]]) == [("-", "Temuan provinsi"), ("64.02", KUKAR[0]["uraian"])]
    # its own database is not merged into itself as another office
    r = merge(cli, target, prov, code=1)
    assert r["sumber"][0]["problems"][0]["code"] == "own-office"


def test_export_files_merge_with_kantor(cli, tmp_path, offices):
    kukar = offices[0]
    export = tmp_path / "kukar.csv"
    cli("export", "--db", kukar, "--format", "csv", "--include-pii", "-o", export)
    rollup = tmp_path / "r.db"
    r = cli("gabung", "--db", rollup, export, code=1)
    assert "--kantor" in r.stderr
    out = merge(cli, rollup, "--kantor", "kukar", export)
    assert out["sumber"][0]["baru"] == 2
    out = merge(cli, rollup, "--kantor", "kukar", export)
    assert out["sumber"][0]["sama"] == 2
    assert rows(rollup, "SELECT DISTINCT kantor FROM kasus") == [("64.02",)]


def test_rejected_source_writes_nothing(cli, tmp_path):
    rollup = tmp_path / "r.db"
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    out = merge(cli, rollup, bad, code=1)
    assert out["valid"] is False
    assert rows(rollup, "SELECT COUNT(*) FROM asal")[0][0] == 0


def test_duplicates_listed_from_the_library(tmp_path, cli, offices):
    rollup = tmp_path / "r.db"
    merge(cli, rollup, *offices)
    total, listed = duplikat.semua(store.open_db(rollup))
    assert total == 2


def test_duplikat_keeps_the_key_columns_at_80_columns(cli, tmp_path, offices, monkeypatch):
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, *offices)
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("duplikat", "--db", rollup).stdout
    header = [c.strip() for c in next(line for line in out.splitlines() if "nomor" in line).split("┃")]
    assert "nomor" in header and "nomor_lain" in header, out
    assert KUKAR[0]["nomor"] in out and PPU[1]["nomor"] in out  # both records' nomor, whole


def test_a_refused_source_counts_nothing_in_its_table_and_json(cli, tmp_path, offices):
    kukar, ppu, prov = offices
    rollup = tmp_path / "nasional.db"
    merge(cli, rollup, kukar)
    cli("ubah", "--db", kukar, KUKAR[1]["nomor"], "--kecamatan", "Tenggarong")
    merge(cli, rollup, kukar)
    older = tmp_path / "kukar-old.db"
    office(cli, tmp_path, "kukar-old", "64.02", KUKAR)  # older than what was merged: refused whole
    s = merge(cli, rollup, older, code=1)["sumber"][0]
    assert s["valid"] is False
    assert (s["baru"], s["diubah"], s["sama"]) == (0, 0, 0)
    r = cli("gabung", "--db", rollup, older, code=1)
    out = r.stdout
    row = next(line for line in out.splitlines() if "kukar-old" in line and "│" in line)
    cells = [c.strip() for c in row.split("│")]
    assert cells[3:6] == ["0", "0", "0"], out  # baru, diubah, sama
    assert "Merged 0 of 1 source(s): 0 new, 0 updated, 0 unchanged" in r.stdout + r.stderr
