"""A real browser for tests: headless Chromium from the distribution, when installed.

`render(html_path, width)` loads a local page and returns its rendered DOM and a screenshot at
that viewport width; tests that need it skip when there is no browser (`.ci/run` installs one).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def available() -> bool:
    return CHROMIUM.exists() and shutil.which(str(CHROMIUM)) is not None


needs_browser = pytest.mark.skipif(not available(), reason=f"no browser at {CHROMIUM}")


@dataclass
class Rendered:
    dom: str  # the DOM after rendering (--dump-dom)
    screenshot: Path  # a PNG of the page at the given width


def _run(args: list[str], profile: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=120, check=True)


def dump_dom(url: str) -> str:
    """The DOM of a page (a local file's URI or a localhost address) after rendering."""
    with tempfile.TemporaryDirectory() as profile:
        return _run(["--dump-dom", url], profile).stdout


def render(html_path: Path, width: int, height: int = 2400, out_dir: Path | None = None) -> Rendered:
    """Render a local HTML file at a viewport `width` (CSS pixels): its DOM and a screenshot."""
    out_dir = Path(out_dir or tempfile.mkdtemp())
    url = Path(html_path).resolve().as_uri()
    with tempfile.TemporaryDirectory() as profile:
        dom = _run(["--dump-dom", url], profile).stdout
        shot = out_dir / f"{Path(html_path).stem}-{width}.png"
        _run([f"--window-size={width},{height}", f"--screenshot={shot}", url], profile)
    return Rendered(dom=dom, screenshot=shot)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    import struct

    head = Path(path).read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])
