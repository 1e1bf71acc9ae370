"""Chart exports opened with their own libraries: PNG size and dpi, SVG text, PDF text, offline HTML, ZIP pack."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from reports import images
from reports.meta import ExportMeta, SourceNote
from tests.conftest import ROOT

META = ExportMeta(
    title="Эффективность государственного управления", subtitle="Казахстан и Центральная Азия, 2015–2023",
    sources=(SourceNote("Worldwide Governance Indicators", "2024 update", "CC BY 4.0", "Kaufmann and Kraay (2024)"),),
    is_demo=True, lang="ru", file_stem="wgi-ge",
)


def line() -> go.Figure:
    return go.Figure([go.Scatter(x=["2015", "2019", "2023"], y=[-0.1, 0.02, 0.11], name="Казахстан"),
                      go.Scatter(x=["2015", "2019", "2023"], y=[-0.6, -0.5, -0.4], name="Среднее")])


def test_png_is_print_resolution_and_says_so() -> None:
    png = images.to_png(line(), META)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width >= 2000 and image.height >= 1200  # 16.9 cm wide at 300 dpi
    assert round(image.info["dpi"][0]) == 300
    assert image.width / image.info["dpi"][0] * 2.54 >= 15.9  # a full A4 text column (16 cm) at 300 dpi


def test_svg_carries_title_sources_licence_and_demo_in_russian() -> None:
    svg = images.to_svg(line(), META)
    root = ET.fromstring(svg)
    text = " ".join("".join(node.itertext()) for node in root.iter() if node.tag.endswith("text"))
    assert "Эффективность государственного управления" in text
    assert "Казахстан и Центральная Азия, 2015–2023" in text
    assert "Источник: Worldwide Governance Indicators, 2024 update." in text
    assert "Лицензия: CC BY 4.0." in text and "Kaufmann and Kraay (2024)" in text
    assert "ДЕМО-ДАННЫЕ" in text and "ДЕМО" in text


def test_pdf_is_one_vector_page_with_the_source_line() -> None:
    reader = PdfReader(io.BytesIO(images.to_pdf(line(), META)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Worldwide Governance Indicators" in text and "CC BY 4.0" in text


def test_english_export_has_english_stamps_and_no_demo_when_real() -> None:
    meta = ExportMeta(title="Government Effectiveness", sources=META.sources, is_demo=False, lang="en")
    svg = images.to_svg(line(), meta).decode("utf-8")
    assert "Source: Worldwide Governance Indicators, 2024 update." in svg and "Licence: CC BY 4.0." in svg
    assert "DEMO" not in svg and "ДЕМО" not in svg


def test_html_opens_offline_with_plotly_and_map_outlines_embedded() -> None:
    fig = go.Figure(go.Choropleth(locations=["KAZ", "UZB"], z=[1, 2], locationmode="ISO-3"))
    page = images.to_html(fig, META).decode("utf-8")
    scripts = re.findall(r"<script[^>]*\ssrc=", page)
    assert scripts == []  # nothing loaded from elsewhere: plotly.js is inline
    assert "Plotly.newPlot" in page and len(page) > 3_000_000  # plotly.js itself is in the file
    assets = json.loads(page.split("window.PlotlyGeoAssets = {topojson: ", 1)[1].split("};</script>", 1)[0])
    assert set(assets) == {"world_110m"} and assets["world_110m"]["type"] == "Topology"
    escaped = json.dumps("Источник: Worldwide Governance Indicators")[1:-1]  # text inside the figure's JSON
    assert escaped in page and json.dumps("ДЕМО")[1:-1] in page


def test_map_png_exports_offline_with_outlines(tmp_path) -> None:
    fig = go.Figure(go.Choropleth(locations=["KAZ"], z=[1], locationmode="ISO-3", colorscale=[[0, "#0072B2"],
                                  [1, "#0072B2"]], showscale=False))
    pixels = np.asarray(Image.open(io.BytesIO(images.to_png(fig, META))).convert("RGB"))
    blue = int((pixels == (0, 114, 178)).all(axis=2).sum())
    assert blue > 5000  # Kazakhstan drawn: the outlines came from static/topojson, not the network


def test_chart_pack_zip_has_png_svg_and_data_per_chart() -> None:
    items = [images.PackItem(line(), META), (line(), ExportMeta(title="Второй", lang="ru", file_stem="второй"))]
    with zipfile.ZipFile(io.BytesIO(images.chart_pack(items, META))) as zf:
        names = sorted(zf.namelist())
        assert names == ["01-wgi-ge.csv", "01-wgi-ge.png", "01-wgi-ge.svg", "02-второй.csv", "02-второй.png",
                         "02-второй.svg", "README.txt"]
        data = zf.read("01-wgi-ge.csv").decode("utf-8-sig")
        assert "Казахстан" in data and "-0.1" in data
        assert "Worldwide Governance Indicators" in zf.read("README.txt").decode("utf-8-sig")


def test_missing_browser_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(images.BrowserMissing, match="apt-get install -y chromium"):
        images.browser_path()


DEAD_BROWSER = """
import os, signal, subprocess
from pathlib import Path
import plotly.graph_objects as go
from reports import images
from reports.meta import ExportMeta
fig, meta = go.Figure(go.Bar(x=[1, 2], y=[3, 4])), ExportMeta(title="t")
images.to_png(fig, meta)
children = subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True, text=True).stdout.split()
browsers = [int(p) for p in children if "chromium" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
assert browsers, "kaleido's browser should be a child of this process"
for pid in browsers:
    os.kill(pid, signal.SIGKILL)  # the browser this script's export started, and only it
print(len(images.to_png(fig, meta)))
"""


def test_a_browser_that_died_is_replaced_on_the_next_export() -> None:
    # In a process of its own: the dead browser's abandoned tasks then cannot disturb this test session.
    done = subprocess.run([sys.executable, "-c", DEAD_BROWSER], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 10_000  # a real PNG after the restart


def test_exporting_leaves_the_pages_figure_unchanged() -> None:
    fig = line()
    before = fig.to_json()
    images.to_svg(fig, META)
    images.to_html(fig, META)
    assert fig.to_json() == before
