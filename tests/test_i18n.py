"""Bahasa Indonesia by default, English on request; numbers and dates as each language writes them."""

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT
from netralitas import format as fmt
from netralitas import i18n

spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

# Words that only English text has (none is an Indonesian word or one of our domain terms).
ENGLISH = {"the", "and", "of", "to", "is", "are", "with", "for", "when", "from", "this", "that", "not", "show",
           "file", "files", "case", "cases", "default", "usage", "error", "help", "exit", "print", "only", "each",
           "every", "by", "in", "on", "be", "which", "its", "an", "or", "new", "saved", "imported", "rejected",
           "problems", "wrote", "report", "waiting", "since", "options", "commands", "arguments", "missing"}
# Words that only Indonesian text has, beside the domain terms (tidak terbukti, tidak ada data, …).
INDONESIAN = {"yang", "dan", "dengan", "untuk", "dari", "berkas", "disimpan", "sudah", "tanpa", "sejak", "bawaan",
              "baris", "ditolak", "diimpor", "ditulis", "menunggu", "keputusan", "lebih", "ringkasan", "opsi",
              "perintah", "penggunaan", "galat", "masalah"}
# Click's metavars in a usage line, kept as they are.
METAVARS = {"OPTIONS", "COMMAND", "ARGS"}


def words(text: str) -> set[str]:
    """The words of a text, leaving out option names (--help, --tanpa-rekap) and `quoted commands`."""
    text = re.sub(r"(?:/[\w.-]+)+|netralitas [a-z]+|\w+\.\.\.|<[^>]*>|\{[^}]*\}|`[^`]*`|(?<![\w])--?[A-Za-z][\w-]*", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text) if w not in METAVARS}


def run(*args, lang: str, env=None, code=None):
    e = {**os.environ, **(env or {}), "NETRALITAS_LANG": lang, "COLUMNS": "200", "NO_COLOR": "1"}
    r = subprocess.run([sys.executable, "-m", "netralitas", *map(str, args)], capture_output=True, text=True, env=e)
    if code is not None:
        assert r.returncode == code, r.stdout + r.stderr
    return r.stdout + r.stderr


def test_every_message_has_an_indonesian_translation():
    """Every _() of the code (and Typer's own words) has a confirmed translation; the list names file:line."""
    assert tool.messages(), "the extractor found no messages"
    gaps = tool.missing()
    assert not gaps, "untranslated (translate them in " + str(tool.PO.relative_to(ROOT)) + "):\n" + "\n".join(gaps)


WALK = """
import json
from netralitas.cli import app
from typer.main import get_command

root = get_command(app)
out = {}
def walk(cmd, path, parent=None):
    ctx = cmd.context_class(cmd, info_name=path[-1], parent=parent, help_option_names=["-h", "--help"])
    out[" ".join(path)] = cmd.get_help(ctx)
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        walk(sub, path + [name], ctx)
walk(root, ["netralitas"])
print(json.dumps(out))
"""


def help_pages(lang: str) -> dict[str, str]:
    import json

    e = {**os.environ, "NETRALITAS_LANG": lang, "COLUMNS": "200"}
    r = subprocess.run([sys.executable, "-c", WALK], capture_output=True, text=True, env=e, check=True)
    return json.loads(r.stdout)


def test_every_help_page_reads_as_indonesian():
    pages = help_pages("id")
    assert len(pages) > 30 and "netralitas sosialisasi add" in pages
    names = {w for path in pages for w in path.split()}  # command names (add, list, report …) are names
    for path, text in pages.items():
        english = (words(text) - names) & ENGLISH
        assert not english, f"{path} --help has English words {sorted(english)}:\n{text}"
        assert "Penggunaan:" in text and "Opsi" in text


def test_english_on_request_by_option_variable_or_locale():
    assert "Usage:" in run("--lang", "en", "--help", lang="id", code=0)
    assert "Show this message and exit." in run("--help", lang="en", code=0)
    env = {k: v for k, v in os.environ.items() if k not in ("NETRALITAS_LANG", "LC_ALL", "LC_MESSAGES")}
    en = subprocess.run([sys.executable, "-m", "netralitas", "--help"], capture_output=True, text=True,
                        env={**env, "LANG": "en_US.UTF-8"}).stdout
    idn = subprocess.run([sys.executable, "-m", "netralitas", "--help"], capture_output=True, text=True,
                         env={**env, "LANG": "C.UTF-8"}).stdout
    assert "Options:" in en and "Opsi:" in idn
    assert "Perintah:" in run("--lang", "id", "--help", lang="en", code=0)


def test_typer_words_follow_the_global_domain(tmp_path):
    """Typer's module-level constants (rich help) are built from gettext's global domain at import."""
    code = "import netralitas.cli, typer.rich_utils as r; print(r.OPTIONS_PANEL_TITLE, r.ABORTED_TEXT)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "NETRALITAS_LANG": "id"}, check=True).stdout
    assert out.split() == ["Opsi", "Dibatalkan."]


def tour(lang: str, tmp_path) -> str:
    env = {"NETRALITAS_DB": str(tmp_path / f"{lang}.db"), "NETRALITAS_CONFIG_DIR": str(tmp_path / "cfg")}
    bad = tmp_path / "bad.csv"
    bad.write_text((EXAMPLES / "kasus.csv").read_text(encoding="utf-8").replace("Kutai Kartanegara", "Atlantis", 1), encoding="utf-8")
    out = run("add", "--sumber", "temuan", "--pemilu", "pilkada-2024", "--kab", "kukar", "--tanggal", "2024-10-04",
              "--pelanggaran", "medsos-kampanye", "--no-prompt", lang=lang, env=env, code=0)
    out += run("import", EXAMPLES / "kasus.yaml", lang=lang, env=env, code=0)
    imported = run("import", bad, lang=lang, env=env, code=1)
    out += imported.splitlines()[0] + "\n" + imported.splitlines()[-1]  # the title and the summary line
    out += run("report", lang=lang, env=env, code=0)
    out += run("report", "--kab", "kukar", "--format", "markdown", lang=lang, env=env, code=0)
    out += run("digest", "--out", tmp_path / lang, lang=lang, env=env, code=0)
    out += (tmp_path / lang / f"netralitas-{dt.date.today().isoformat()}.md").read_text(encoding="utf-8")
    out += run("tenggat", lang=lang, env=env, code=0)
    return out


BROKEN = (  # one row per kind of problem an office file has: region, date, NIP, form, status, number, column
    "Nomor;Sumber;Pemilihan;Kab/Kota;Tgl Kejadian;Pelanggaran;Nama Terlapor;NIP;Jenis Pegawai;Status;Sanksi;Warna\n"
    "A1;temuan;pilkada-2024;Atlantis;04/10/2024;foto-bersama;Budi;198203142008011003;PNS;diproses;;x\n"
    "A2;temuan;pilkada-2024;Kukar;31/02/2024;foto-bersama;Ani;1982031420080110;PNS;diproses;;x\n"
    "A3;tamuan;pilkada-2099;Kukar;4 Oktobr 2024;terbang;Eko;198203142008013003;PNS;selesai;berat sekali;x\n"
    "A4;laporan;pilkada-2024;Kukar;2099-01-01;foto-bersama;;;PNS;disanksi;ringan;x\n")


def problem_messages(lang: str, tmp_path) -> str:
    """The messages of every problem of a broken file, and of usage errors: the text people read."""
    bad = tmp_path / f"rusak-{lang}.csv"
    bad.write_text(BROKEN, encoding="utf-8")
    found = []
    for extra in ([], ["--ignore-unknown"]):  # the unknown column; then the rows
        out = run("validate", bad, "--format", "json", *extra, lang=lang, code=1)
        data = json.loads(out[:out.rindex("}") + 1])
        found += [p["message"] for f in data["files"] for p in f["problems"]]
    text = "\n".join(found)
    assert len(found) >= 8, text  # the problems of every row, not just one
    for args in (["report", "--nope"], ["tahap"], ["list", "--limit", "x"], ["repot"], ["kantor", "set", "--nama", "x"],
                 ["report", "--kab"], ["list", "a", "b"]):
        text += "\n" + run(*args, lang=lang, code=2)
    text += "\n" + run("list", "--db", tmp_path / "tidak-ada.db", lang=lang, code=3)
    return re.sub(r"'[^']*'", "'…'", text)  # quoted values and commands are the user's words or names


def test_problem_messages_and_usage_errors_speak_one_language(tmp_path):
    idn = problem_messages("id", tmp_path)
    assert "Galat:" in idn and "Coba" in idn and "Penggunaan:" in idn
    english = words(idn) & (ENGLISH | {"must", "expected", "unknown", "invalid", "value", "such", "option", "try",
                                       "got", "mean", "date", "digits", "column", "field", "missing", "required"})
    assert not english, [line for line in idn.splitlines() if words(line) & english]
    en = problem_messages("en", tmp_path)
    assert "Error:" in en and "Usage:" in en
    indonesian = words(en) & INDONESIAN
    assert not indonesian, [line for line in en.splitlines() if words(line) & indonesian]


def test_a_tour_speaks_one_language(tmp_path):
    idn = tour("id", tmp_path)
    assert "Alur:" in idn and "Diimpor" in idn and "Ringkasan netralitas" in idn
    english = words(idn) & ENGLISH
    assert not english, [line for line in idn.splitlines() if words(line) & english]
    en = tour("en", tmp_path)
    assert "Funnel:" in en and "Imported" in en
    # Table cells hold the catalogs' own Indonesian (violation forms, deadline names) and column headers are field
    # names (dari, batas): data and domain words, not our text.
    domain = re.sub(r"tidak (ada data|terbukti)", "", "\n".join(
        line for line in en.splitlines() if not {"│", "┃"} & set(line) and not line.startswith("|")))
    indonesian = words(domain) & INDONESIAN
    assert not indonesian, [line for line in domain.splitlines() if words(line) & indonesian]


@pytest.fixture
def bahasa():
    i18n.use("id")
    yield
    i18n.use("en")


def test_numbers_and_dates_as_indonesians_write_them(bahasa):
    assert fmt.fmt_int(1365) == "1.365" and fmt.fmt_int(2007000) == "2.007.000" and fmt.fmt_int(None) == "-"
    assert fmt.fmt_pct(79.12) == "79,1 %" and fmt.fmt_pct(None) == "-" and fmt.fmt_num(33.333) == "33,3"
    assert fmt.fmt_num(1234.56, 2) == "1.234,56"
    assert fmt.fmt_date("2024-10-04") == "4 Oktober 2024" and fmt.fmt_month("2024-10") == "Oktober 2024"
    wita = dt.datetime(2024, 10, 4, 14, 5, 7, 123456, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert fmt.zone_name(wita) == "WITA" and fmt.zone_name(wita.astimezone(dt.timezone(dt.timedelta(hours=7)))) == "WIB"
    assert fmt.zone_name(wita.astimezone(dt.timezone(dt.timedelta(hours=9)))) == "WIT"
    assert fmt.zone_name(wita.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30)))) == "UTC+05:30"
    assert ".123456" not in fmt.fmt_time(wita) and re.fullmatch(r"\d+ \w+ 2024 \d\d\.\d\d \S+", fmt.fmt_time(wita))
    assert "123456" not in fmt.fmt_time("2024-10-04T01:30:00.123456+00:00")
    assert fmt.fmt_seleksi({"kab": ["64.02"], "pemilu": ["pilkada-2024"]}) == \
        "Kabupaten Kutai Kartanegara; Pilkada Serentak 2024"
    assert fmt.fmt_wilayah("64") == "Provinsi Kalimantan Timur"


def test_english_conventions_in_english():
    i18n.use("en")
    assert fmt.fmt_int(1365) == "1,365" and fmt.fmt_pct(79.12) == "79.1 %" and fmt.fmt_date("2024-10-04") == "4 October 2024"
    assert fmt.fmt_num(1234.56, 2) == "1,234.56" and fmt.fmt_month("2024-10") == "October 2024"
    assert re.fullmatch(r"\d+ \w+ 2024 \d\d:\d\d \S+", fmt.fmt_time("2024-10-04T01:30:00.123456+00:00"))


def test_language_choice_from_the_command_line_and_environment():
    assert i18n.from_argv(["--lang", "en", "report"], {}) == "en"
    assert i18n.from_argv(["--lang=en"], {"NETRALITAS_LANG": "id"}) == "en"
    assert i18n.from_argv(["report", "--lang", "en"], {}) == "id"  # a command's own arguments are not ours
    assert i18n.from_environment({"LANG": "en_GB.UTF-8"}) == "en"
    assert i18n.from_environment({"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}) == "id"
    assert i18n.from_environment({"NETRALITAS_LANG": "en", "LANG": "id_ID"}) == "en"
    assert i18n.from_environment({}) == "id"
