"""A large YAML file parsed by a child that also checks some blocks of cases (split_cases)
gives what one process gives: the same register rows, counts, problems, warnings and refusal,
in the same order."""

import multiprocessing

from netralitas import split_cases
from test_split_rows import one_and_two

CASE = """  - nomor: "{n:04d}/TM/2020"
    sumber: temuan
    pemilu: pilkada-2020
    wilayah: Kukar
    tanggal_kejadian: {tanggal}
    pelanggaran: {pelanggaran}
    uraian: kasus {n}
    terlapor:
{people}"""
PERSON = """      - nama: Orang {n} {p}
        nip: "{nip}"
        jenis: PNS
        status: diproses
"""


def _case(n: int, *, tanggal: str = "2020-10-02", pelanggaran: str = "foto-bersama", nip: str | None = None,
          people: int | None = None, nomor: int | None = None) -> str:
    people = n % 3 + 1 if people is None else people
    persons = "".join(PERSON.format(n=n, p=p, nip=nip if nip is not None and p == people - 1
                                    else f"198203142008011{(n * 7 + p) % 900 + 100:03d}") for p in range(people))
    return CASE.format(n=n if nomor is None else nomor, tanggal=tanggal, pelanggaran=pelanggaran, people=persons)


def _file(n: int, special: dict | None = None, tail: str = "") -> str:
    return "kasus:\n" + "".join(_case(i, **(special or {}).get(i, {})) for i in range(n)) + tail


def _both(cli, tmp_path, monkeypatch, text: str, code: int = 0, *args) -> tuple:
    """The import's JSON and the register, in one process and split in two (the child checking
    every other block of 2 cases: problems in both shares)."""
    got = one_and_two(cli, tmp_path, monkeypatch, "kasus.yaml", text, split_cases, {"BLOCK": 2, "CYCLE": 2}, code, args)
    assert not multiprocessing.active_children()
    return got


def test_the_same_register_and_summary(cli, tmp_path, monkeypatch):
    one, two = _both(cli, tmp_path, monkeypatch, _file(30))
    assert one == two
    assert one[0]["files"][0]["baru"] == 30 and len(one[1]["terlapor"]) == sum(c % 3 + 1 for c in range(30))


def test_the_same_problems_in_the_same_order(cli, tmp_path, monkeypatch):
    special = {3: {"pelanggaran": "tidak-ada", "nip": "123"}, 4: {"nip": "123"}, 9: {"tanggal": "31/02/2020"},
               12: {"pelanggaran": "x", "nip": "abc", "people": 3}, 26: {"nip": "abc"}, 27: {"nomor": 5}}
    one, two = _both(cli, tmp_path, monkeypatch, _file(30, special), 1)
    assert one == two
    problems = one[0]["files"][0]["problems"]
    assert len(problems) > 6 and {p["code"] for p in problems} >= {"duplicate-nomor"}
    assert one[1] is None and two[1] is None  # nothing written


def test_the_same_warnings(cli, tmp_path, monkeypatch):
    special = {i: {"tanggal": "2019-01-05"} for i in (1, 2, 7, 8, 21)}  # long before pilkada-2020
    one, two = _both(cli, tmp_path, monkeypatch, _file(24, special))
    assert one == two
    assert [w["line"] for w in one[0]["files"][0]["warnings"]] == sorted(w["line"] for w in one[0]["files"][0]["warnings"])
    assert len(one[0]["files"][0]["warnings"]) == 5


def test_the_same_problems_under_ketat(cli, tmp_path, monkeypatch):
    """--ketat makes a date warning a problem: a case whose fields repeat another's, in the other
    process's blocks, is one problem, as in one process (the file is read by one process)."""
    special = {0: {"tanggal": "2019-01-05"}, 2: {"tanggal": "2019-01-05", "nomor": 0}}
    text = _file(6, special).replace("uraian: kasus 2\n", "uraian: kasus 0\n")
    one, two = _both(cli, tmp_path, monkeypatch, text, 1, "--ketat")
    assert one == two
    assert [p["code"] for p in one[0]["files"][0]["problems"]] == ["kejadian-long-before-pemilu", "duplicate-nomor"]


def test_a_refusal_late_in_the_file_comes_after_both_shares(cli, tmp_path, monkeypatch):
    special = {2: {"nip": "123"}, 5: {"nip": "123"}}  # one in each process's blocks
    one, two = _both(cli, tmp_path, monkeypatch, _file(12, special, "  - sumber: &x laporan\n"), 1)
    assert one == two
    codes = [p["code"] for p in one[0]["files"][0]["problems"]]
    assert codes[-1] == "yaml-alias" and len(codes) == 3
    assert one[1] is None and two[1] is None


def test_the_child_checks_every_other_block():
    assert [split_cases.theirs(i * split_cases.BLOCK) for i in range(4)] == [False, True] * 2
