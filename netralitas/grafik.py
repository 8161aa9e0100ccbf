"""The chart of a report's main table, as an SVG or PNG file for a slide.

One dimension: a bar per row (region, election, level …); two dimensions (`--by A,B`): a bar per
row of A, stacked by B. Labels are names, numbers are written the Indonesian way, and a source
line says which database, which selection and which day. matplotlib draws it; it is an
optional extra (`pip install 'netralitas[grafik]'`) imported only here, only when a chart is
asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from netralitas.errors import BadValue, RuntimeFailure
from netralitas.format import fmt_date, fmt_int
from netralitas.i18n import _
from netralitas.reports import PERSON_DIMS, Laporan

SUFFIXES = (".svg", ".png")
WIDTH_PX, HEIGHT_PX, DPI = 1280, 720, 100  # a 16:9 slide
MOST = 20  # bars shown; the rest are summed in one bar
INSTALL = "pip install 'netralitas[grafik]'"


@dataclass
class Chart:
    title: str
    measure: str  # kasus or terlapor
    labels: list[str]  # one per bar, top to bottom
    series: list[tuple[str, list[int]]]  # (segment name, a value per bar); one series: plain bars
    source: str


def check_path(path: Path, *, db_path: Path | None = None, overwrite: bool = True) -> None:
    """Refuse, before any work is done, an unknown file type (a bad option value: nothing written)
    and, given the register's `db_path`, a target `write` would refuse."""
    if Path(path).suffix.lower() not in SUFFIXES:
        raise BadValue(_("{path}: a chart is written as .svg or .png").format(path=path))
    if db_path is not None:
        from netralitas import safefile

        safefile.check(Path(path), overwrite=overwrite, database=Path(db_path))


def data(lap: Laporan, db_name: str, today: dt.date | None = None) -> Chart:
    """The bars of a report: its first dimension's rows, stacked by its second when there is one."""
    from netralitas import describe

    a = lap.by[0]
    measure = "terlapor" if any(d in PERSON_DIMS for d in lap.by) else "kasus"
    labels: list[str] = []
    cells: dict[tuple[str, str], int] = {}
    segments: list[str] = []
    for r in lap.rows:
        label = str(r.get(f"{a}_nama") or r.get(a) or "-")
        segment = str(r.get(f"{lap.by[1]}_nama") or r.get(lap.by[1]) or "-") if len(lap.by) == 2 else measure
        if label not in labels:
            labels.append(label)
        if segment not in segments:
            segments.append(segment)
        cells[label, segment] = cells.get((label, segment), 0) + (r.get(measure) or 0)
    totals = {label: sum(cells.get((label, s), 0) for s in segments) for label in labels}
    labels = [label for label in labels if totals[label]]  # a zero row is no bar
    if len(labels) > MOST:  # the largest bars, in the report's order, and the rest as one
        keep = set(sorted(labels, key=lambda x: -totals[x])[:MOST - 1])
        rest = [label for label in labels if label not in keep]
        other = _("{n} others").format(n=len(rest))
        for s in segments:
            cells[other, s] = sum(cells.get((label, s), 0) for label in rest)
        labels = [label for label in labels if label in keep] + [other]
    series = [(s, [cells.get((label, s), 0) for label in labels]) for s in segments]
    series = [(s, values) for s, values in series if any(values)] or series[:1]
    title = (_("{measure} per {a} and {b}").format(measure=measure, a=a, b=lap.by[1]) if len(lap.by) == 2
             else _("{measure} per {a}").format(measure=measure, a=a))
    source = _("Source: netralitas, database {db}; {selection}; as of {date}").format(
        db=db_name, selection=describe.line(lap.seleksi), date=fmt_date(today or dt.date.today()))
    return Chart(title=title[0].upper() + title[1:], measure=measure, labels=labels, series=series, source=source)


def _matplotlib():
    try:
        import matplotlib
    except ImportError:
        raise RuntimeFailure(_("charts need matplotlib, which is not installed; install it with: {cmd}")
                             .format(cmd=INSTALL)) from None
    return matplotlib


def draw(chart: Chart, path: Path, fmt: str | None = None) -> None:
    """Write the chart to `path` as `fmt` (svg or png; default: the path's suffix): horizontal bars,
    the report's first row on top, totals at the ends."""
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure  # no pyplot: no global state, no display needed
    from matplotlib.ticker import FuncFormatter

    fmt = fmt or Path(path).suffix.lower().lstrip(".")
    with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 11}):  # SVG keeps real text
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        ax = fig.add_axes((0.30, 0.14, 0.64, 0.74))
        y = list(range(len(chart.labels)))
        left = [0] * len(y)
        colours = matplotlib.colormaps["tab10"].colors
        for i, (name, values) in enumerate(chart.series):
            bars = ax.barh(y, values, left=left, color=colours[i % len(colours)], label=name, height=0.7)
            for j, patch in enumerate(bars):
                patch.set_gid(f"batang-{i}-{j}")
            left = [a + b for a, b in zip(left, values)]
        largest = max(left, default=0) or 1
        for j, total in enumerate(left):
            ax.text(total + largest * 0.01, j, fmt_int(total), va="center", fontsize=10)
        ax.set_yticks(y, labels=[_short(label) for label in chart.labels])
        ax.invert_yaxis()
        ax.set_xlim(0, largest * 1.12)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_int(v) if v == int(v) else ""))
        ax.set_xlabel(chart.measure)
        ax.spines[["top", "right"]].set_visible(False)
        if len(chart.series) > 1:
            ax.legend(loc="lower right", fontsize=9, frameon=False)
        fig.suptitle(chart.title, x=0.02, ha="left", fontsize=15, fontweight="bold")
        fig.text(0.02, 0.02, chart.source, fontsize=8, color="#555555", wrap=True)
        fig.savefig(path, format=fmt, dpi=DPI, metadata={"Date": None} if fmt == "svg" else None)


def _short(label: str, most: int = 40) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"


def write(lap: Laporan, target: Path, *, db_path: Path, overwrite: bool) -> Path:
    """Draw the report's chart into `target` safely (never over the database or an unasked file)."""
    from netralitas import safefile

    check_path(target)
    chart = data(lap, Path(db_path).name)
    _matplotlib()  # say it is missing before creating anything
    with safefile.output(target, overwrite=overwrite, database=Path(db_path)) as tmp:
        draw(chart, tmp, Path(target).suffix.lower().lstrip("."))
    return target
