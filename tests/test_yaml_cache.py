"""netralitas.yaml_cache: a catalog parsed before is read back exactly, without PyYAML."""

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import EXAMPLES

from netralitas import catalogs, yaml_cache
from netralitas.paths import data_dir


def _never(text):
    raise AssertionError("parsed again")


@pytest.mark.parametrize("name", ["pemilu.yaml", "pelanggaran.yaml", "rute.yaml", "sanksi.yaml", "tanggal_wajar.yaml"])
def test_a_bundled_catalog_comes_back_exactly(name):
    text = (data_dir() / name).read_text(encoding="utf-8")
    parsed = yaml.safe_load(text)
    assert yaml_cache.load(text, yaml.safe_load) == parsed  # parsed, and kept
    again = yaml_cache.load(text, _never)
    assert again == parsed and repr(again) == repr(parsed)  # the same types too (dates, ints, bools)
    assert catalogs._load_yaml(data_dir() / name) == parsed


def test_another_text_is_parsed_again():
    assert yaml_cache.load("- a: 2024-11-27\n", yaml.safe_load) == [{"a": dt.date(2024, 11, 27)}]
    assert yaml_cache.load("- a: 2024-11-28\n", yaml.safe_load) == [{"a": dt.date(2024, 11, 28)}]
    assert yaml_cache.load("- a: 2024-11-27\n", _never) == [{"a": dt.date(2024, 11, 27)}]


@pytest.mark.parametrize("text", ["{1: a}\n", "x: !!set {a, b}\n", "x: !!binary aGVsbG8=\n", "$date: 2024-01-01\n",
                                  "x: .nan\n", "[2024-01-01 10:00:00+07:00, 2024-01-01 10:00:00, 1, 1.0, true, null]\n"])
def test_what_json_cannot_give_back_is_parsed_each_time(text):
    parsed = yaml.safe_load(text)
    first = yaml_cache.load(text, yaml.safe_load)
    assert repr(first) == repr(parsed)
    kept = list((yaml_cache.cache_dir() / "katalog").glob("*.json"))
    if kept:  # only the last one, which JSON holds exactly (dates with and without a zone)
        assert repr(yaml_cache.load(text, _never)) == repr(parsed)


def test_a_cache_that_cannot_be_written_or_read_changes_nothing(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("NETRALITAS_CACHE_DIR", str(blocked))
    assert yaml_cache.load("- x\n", yaml.safe_load) == ["x"]
    monkeypatch.setenv("NETRALITAS_CACHE_DIR", str(tmp_path / "cache2"))
    assert yaml_cache.load("- y\n", yaml.safe_load) == ["y"]
    (kept,) = (tmp_path / "cache2" / "katalog").glob("*.json")
    kept.write_text("{half")  # damaged: parsed again, and kept whole again
    assert yaml_cache.load("- y\n", yaml.safe_load) == ["y"]
    assert yaml_cache.load("- y\n", _never) == ["y"]


def test_a_bad_user_catalog_still_says_so(cli, config_dir):
    (config_dir / "pemilu.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    result = cli("pemilu", code=1)
    assert "cannot be read as YAML" in result.stderr and "pemilu.yaml" in result.stderr


def test_a_second_report_imports_no_pyyaml(cli, db_path):
    cli("import", "--db", db_path, EXAMPLES / "kasus.yaml")
    shutil.rmtree(yaml_cache.cache_dir())  # the import kept the catalogs: start cold
    code = ("import sys; sys.argv = ['netralitas', 'report', '--db', sys.argv[1]]; import netralitas.entry as e\n"
            "try:\n    e.main()\nexcept SystemExit as x:\n    assert not x.code, x.code\n"
            "print('yaml' in sys.modules, file=sys.stderr)")
    runs = [subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True,
                           env=os.environ) for _ in range(2)]
    assert [r.stderr.strip().splitlines()[-1] for r in runs] == ["True", "False"]
