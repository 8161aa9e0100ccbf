"""plain_table draws exactly what Rich draws for print_table's tables of plain cells."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from netralitas import plain_table, render

WORD = st.text(alphabet="abcXYZ019.,()-/ —×é", min_size=0, max_size=30)
CELL = st.one_of(WORD, st.builds(lambda a, b: a + "\n" + b, WORD, WORD))


@st.composite
def tables(draw):
    n = draw(st.integers(1, 6))
    columns = [f"c{i}" for i in range(n)]
    headers = {c: draw(CELL) for c in columns if draw(st.booleans())}
    rows = [{c: draw(CELL) for c in columns} for _ in range(draw(st.integers(0, 6)))]
    footer = draw(st.one_of(st.none(), st.just({}), st.fixed_dictionaries({c: CELL for c in columns})))
    numeric = [c for c in columns if draw(st.booleans())]
    title = draw(st.one_of(st.none(), WORD.filter(bool)))
    width = draw(st.integers(20, 120))
    return columns, headers, rows, footer, numeric, title, width


def _draw(table, plain: bool) -> str:
    columns, headers, rows, footer, numeric, title, width = table
    out = io.StringIO()
    con = Console(file=out, width=width, highlight=False, soft_wrap=False)
    original = plain_table.usable
    plain_table.usable = (lambda c: True) if plain else (lambda c: False)
    try:
        render.print_table(rows, columns, con=con, title=title, headers=headers, numeric=numeric, footer=footer)
    finally:
        plain_table.usable = original
    return out.getvalue()


@settings(max_examples=400, deadline=None)
@given(tables())
def test_same_as_rich(table):
    assert _draw(table, True) == _draw(table, False)


def test_markup_and_wide_text_go_to_rich():
    assert not plain_table.plain(["[bold]x[/bold]"])
    assert not plain_table.plain([":smile:"])
    assert not plain_table.plain(["lebar 漢字"]) and not plain_table.plain(["e\u0301"])  # wide, zero-width
    assert plain_table.plain(["Laporan — terlapor per wilayah × sanksi", "Kabupaten Biak Numfor é"])
    assert not plain_table.plain(["tab\there"])
    assert plain_table.plain(["Kabupaten Aceh Selatan", "1.234", "79,2 %", "tidak\nterbukti", ""])


def test_an_unstyled_console_only():
    assert plain_table.usable(Console(file=io.StringIO()))
    assert not plain_table.usable(Console(file=io.StringIO(), force_terminal=True, color_system="standard"))


def test_written_straight_to_the_file_unless_the_console_captures_records_or_is_quiet():
    out = io.StringIO()
    con = Console(file=out, width=80)
    plain_table.write(con, "a\nb")
    assert out.getvalue() == "a\nb\n"
    with con.capture() as captured:
        plain_table.write(con, "c")
    assert captured.get() == "c\n" and out.getvalue() == "a\nb\n"
    con.quiet = True
    plain_table.write(con, "d")
    assert out.getvalue() == "a\nb\n"
    recording = Console(file=io.StringIO(), width=80, record=True)
    plain_table.write(recording, "e")
    assert recording.export_text() == "e\n"
