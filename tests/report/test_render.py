"""The note in a real browser: headless Chromium (Debian's ``chromium``), poppler's pdftoppm/pdftotext/pdffonts.

* HTML: scripts run, every chart div holds a rendered Plotly SVG, no uncaught exception or console.error,
  a screenshot of the first screen is not blank;
* PDF: every page rendered to an image has content (non-white pixels); the Chinese notes' text is
  extractable as Chinese (the glyphs came from a CJK font, not missing-glyph boxes) and a CJK font is
  installed for Chromium's fallback.

Tests skip with the reason when Chromium or poppler is absent (CI installs them in ``.ci/run``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ustmon.analytics.base import Data
from ustmon.report import pdf as P
from ustmon.report.build import build_report
from ustmon.desk.i18n import t

needs_chromium = pytest.mark.skipif(P.find_chromium() is None,
                                    reason="headless Chromium not installed (apt-get install chromium fonts-noto-cjk)")
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftoppm, pdftotext, pdffonts) not installed")


def read_pgm(path: Path) -> np.ndarray:
    """A binary PGM (P5, 8-bit) as a 2-D array."""
    raw = path.read_bytes()
    parts = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    w, h = int(parts.group(1)), int(parts.group(2))
    return np.frombuffer(raw[parts.end():parts.end() + w * h], dtype=np.uint8).reshape(h, w)


def read_png_size(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


@pytest.fixture(scope="module")
def notes(mirror_store, tmp_path_factory):
    out = {}
    for lang in ("en", "zh-Hans", "zh-Hant"):
        with Data(mirror_store) as data:
            out[lang] = build_report(data, lang, tmp_path_factory.mktemp(f"render-{lang}"), write_state=False)
    return out


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_html_renders_every_chart_without_console_errors(notes, lang):
    rep = notes[lang]
    dom, stderr = P.dump_dom(rep.html)
    assert P.console_errors(stderr) == []
    m = re.search(r'<html[^>]*data-console-errors="(\d+)"', dom)
    assert m, "the page's error probe ran"
    msgs = re.search(r'data-console-messages="([^"]*)"', dom)
    assert m.group(1) == "0", msgs.group(1) if msgs else ""
    drawn = 0
    for res in rep.results.values():
        if res.frame is None or res.spec.kind == "table":  # a table is HTML, no plot (tests/report/test_tables.py)
            continue
        block = dom[dom.index(f'id="plot-{res.spec.id}"'):]
        block = block[:block.index("</figure>")]
        assert 'class="main-svg"' in block, f"chart {res.spec.id} not rendered"
        assert re.search(r'class="(trace|bars|scatterlayer|barlayer)', block), res.spec.id
        drawn += 1
    assert drawn == rep.charts_drawn >= 15


@needs_chromium
def test_probe_catches_console_errors(tmp_path):
    """The checks above would fail on a page with an error (guards against a silently broken probe)."""
    from ustmon.report.build import ERROR_PROBE

    page = tmp_path / "bad.html"
    page.write_text(f"<html><head><script>{ERROR_PROBE}</script></head><body><script>console.error('boom');"
                    f"undefinedFunction();</script></body></html>")
    dom, stderr = P.dump_dom(page)
    assert re.search(r'data-console-errors="2"', dom)
    assert P.console_errors(stderr), "Chromium logs the uncaught ReferenceError"


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_screenshot_of_first_screen_has_content(notes, lang, tmp_path):
    png = P.screenshot(notes[lang].html, tmp_path / f"first-{lang}.png", width=1000, height=1300)
    assert read_png_size(png) == (1000, 1300)
    assert png.stat().st_size > 20_000  # a blank page compresses to a few kB


@needs_chromium
@needs_poppler
@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_pdf_pages_have_content_and_cjk_text(notes, lang, tmp_path):
    rep = notes[lang]
    pdf = P.print_pdf(rep.html, tmp_path / f"note-{lang}.pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) >= 6
    for p in pages:
        img = read_pgm(p)
        assert (img < 200).mean() > 0.003, f"{p.name} looks blank"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert t("report_title", lang) in text
    assert t("sec_risk", lang) in text
    if lang != "en":
        # the takeaways are extractable as Chinese: the glyphs were drawn from a CJK font (a missing glyph
        # prints as a box that maps to no character) and no replacement character appears
        assert t("sec_takeaways", lang) in text
        assert ("美债" if lang == "zh-Hans" else "美債") in text
        assert "\ufffd" not in text and "\u25a1" not in text
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        # Chromium embeds the CFF-based Noto CJK faces as Type 3 fonts without a name: check they are
        # embedded with a Unicode map, and that fontconfig has the CJK face the page's font stack names
        rows = [r for r in fonts.splitlines()[2:] if r.strip()]
        assert rows and all(" yes " in r for r in rows), fonts
        face = "Noto Sans CJK SC" if lang == "zh-Hans" else "Noto Sans CJK TC"
        fc = subprocess.run(["fc-list", f":family={face}"], capture_output=True, text=True, check=False).stdout
        named = [r for r in rows if re.search(r"CJK|Han|Hei|Song|Ming", r)]
        assert named or fc.strip(), f"no CJK font: pdffonts lists none by name and fontconfig has no {face}"
