"""Dates, NIP, enums: the parsers every input path shares."""

import datetime as dt

import pytest

from netralitas.dates import parse_tanggal
from netralitas.errors import LookupFailed
from netralitas.nip import check_nip


@pytest.mark.parametrize("text,expected", [
    ("2024-10-04", dt.date(2024, 10, 4)),
    ("04/10/2024", dt.date(2024, 10, 4)),  # day first, never month first
    ("4-10-2024", dt.date(2024, 10, 4)),
    ("4.10.2024", dt.date(2024, 10, 4)),
    ("4 Oktober 2024", dt.date(2024, 10, 4)),
    ("9 Okt 2024", dt.date(2024, 10, 9)),
    ("  17   agustus 2020 ", dt.date(2020, 8, 17)),
    ("1 Mei 2018", dt.date(2018, 5, 1)),
    ("2 Des. 2023", dt.date(2023, 12, 2)),
    ("2024-10-04 00:00:00", dt.date(2024, 10, 4)),
    (dt.datetime(2024, 1, 2, 3, 4), dt.date(2024, 1, 2)),
])
def test_dates(text, expected):
    assert parse_tanggal(text) == expected


@pytest.mark.parametrize("text,fragment", [
    ("31/02/2024", "no such date"),
    ("10/13/2024", "no such date"),  # month-first is refused, not guessed
    ("4 October 2024", "unknown month name 'october'"),
    ("kemarin", "expected a date"),
    ("24-10-4", "expected a date"),
])
def test_bad_dates(text, fragment):
    with pytest.raises(LookupFailed) as e:
        parse_tanggal(text)
    assert e.value.code == "bad-tanggal"
    assert fragment in e.value.message


def test_nip_valid_and_normalised():
    assert check_nip("19800101 200501 1 001") == "198001012005011001"


@pytest.mark.parametrize("nip,fragment", [
    ("12345", "18 digits"),
    ("19800101200501100A", "18 digits"),
    ("198013012005011001", "digits 1-8 must be a birth date"),
    ("198001012005131001", "month 13 is not a month"),
    ("198001011979011001", "not after the birth date"),
    ("198001012005013001", "digit 15 is the sex, 1 or 2, not 3"),
    ("198001012099011001", "in the future"),
])
def test_bad_nip_says_which_part(nip, fragment):
    with pytest.raises(LookupFailed) as e:
        check_nip(nip, today=dt.date(2026, 1, 1))
    assert e.value.code == "bad-nip"
    assert fragment in e.value.message
