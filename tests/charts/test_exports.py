"""Exports that survive 40 countries, measured in the exported files themselves (SVG text, PNG size)."""

from __future__ import annotations

import io
import itertools
import re
import struct
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from analytics.compare import Average
from charts import alt, brief, style
from charts import compare as cc
from core.i18n import Language
from etl.harmonise.countries import country_table
from reports import images
from reports.meta import ExportMeta, SourceNote

SVG = "{http://www.w3.org/2000/svg}"
LONG = ["BIH", "LAO", "VCT", "COD", "CAF", "PNG", "TTO", "MKD", "BES", "KAZ", "KGZ"]
META = {"name": "Government Effectiveness", "unit": "estimate (standard normal units)", "decimals": 2,
        "higher_is_better": True}
SOURCE = (SourceNote("Worldwide Governance Indicators", "2024 update", "CC BY 4.0", "Kaufmann D., Kraay A."),)


def countries(n: int, lang: str = "en", seed: int = 3) -> pd.DataFrame:
    """`n` countries (long names among them) with values, standard errors, one earlier-year value, one missing."""
    table = country_table()
    picked = pd.concat([table[table["iso3"].isin(LONG)], table[~table["iso3"].isin(LONG)]]).head(n)
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "iso3": picked["iso3"].to_numpy(), "name_en": picked["name_en"].to_numpy(),
        "name_ru": picked["name_ru"].to_numpy(), "name_kk": picked["name_kk"].to_numpy(),
        "value": rng.normal(0, 1, n).round(3), "value_year": 2023,
        "is_fallback": False, "std_error": rng.uniform(0.1, 0.3, n), "lower": np.nan, "upper": np.nan})
    frame["value_year"] = frame["value_year"].astype("Int64")
    frame.loc[n - 2, ["value", "std_error"]] = np.nan
    frame.loc[n - 2, "value_year"] = pd.NA
    frame.loc[n - 3, ["is_fallback", "value_year"]] = [True, 2021]
    return frame


AVERAGES = [Average("Hub average, 22 confirmed members, 20 reporting in 2023", 0.1, 20, 22, 2023),
            Average("Central Asia average, 5 countries, 5 reporting in 2023", 0.12, 5, 5, 2023)]


def ranking_files(n: int, lang: str = "en") -> tuple[pd.DataFrame, bytes, bytes]:
    frame = countries(n, lang)
    fig = cc.ranked_bar(frame, AVERAGES, META, lang, "KAZ", False)
    meta = ExportMeta(title="Government Effectiveness, 2023", subtitle="2023; edition 2024 update", sources=SOURCE,
                      lang=lang, alt=alt.ranked(frame, AVERAGES, META, lang, "KAZ", 2023))
    return frame, images.to_svg(fig, meta), images.to_png(fig, meta)


# -- reading the SVG ----------------------------------------------------------------------------------------------

TRANSLATE = re.compile(r"translate\(\s*([-\d.e]+)(?:[,\s]+([-\d.e]+))?\s*\)")


def _offset(element: ET.Element) -> tuple[float, float]:
    found = TRANSLATE.search(element.get("transform") or "")
    return (float(found.group(1)), float(found.group(2) or 0)) if found else (0.0, 0.0)


def text_boxes(svg: bytes) -> list[dict]:
    """Every <text> of the SVG with its words and its box in page pixels (x and y from the element and every
    enclosing translate; width from the font size, 0.62 em a character, the width of DejaVu Sans' digits)."""
    root = ET.fromstring(svg)
    boxes: list[dict] = []

    def walk(node: ET.Element, dx: float, dy: float, classes: tuple[str, ...]) -> None:
        ox, oy = _offset(node)
        dx, dy = dx + ox, dy + oy
        classes = (*classes, node.get("class") or "")
        if node.tag == SVG + "text":
            lines = [t.text or "" for t in node.iter(SVG + "tspan")] or [node.text or ""]
            words = " ".join(x for x in ([node.text or ""] + [t.text or "" for t in node.iter(SVG + "tspan")]) if x)
            size = float(re.search(r"font-size:\s*([\d.]+)px", node.get("style") or "font-size: 12px").group(1))
            width = max(len(line) for line in lines) * 0.62 * size
            x, y = dx + float(node.get("x") or 0), dy + float(node.get("y") or 0)
            anchor = node.get("text-anchor") or "start"
            left = x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
            boxes.append({"text": words.strip(), "left": left, "right": left + width, "top": y - 0.8 * size,
                          "bottom": y + 0.25 * size + (len(lines) - 1) * 1.3 * size, "classes": classes})
        for child in node:
            walk(child, dx, dy, classes)

    walk(root, 0.0, 0.0, ())
    return boxes


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


# -- the ranking ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ranking40() -> tuple[pd.DataFrame, bytes, bytes]:
    try:
        yield ranking_files(40)
    finally:
        images.stop_browser()


def test_every_country_is_named_in_the_exported_ranking(ranking40) -> None:
    frame, svg, _ = ranking40
    ticks = [b["text"] for b in text_boxes(svg) if "ytick" in b["classes"]]
    assert len(ticks) == 40
    for name in frame["name_en"]:  # wrapped names come back whole once the lines are joined
        assert name in ticks, name
    names = [b for b in text_boxes(svg) if "ytick" in b["classes"]]
    for a, b in itertools.combinations(names, 2):
        assert not overlap(a, b), (a["text"], b["text"])


def test_no_two_value_labels_overlap(ranking40) -> None:
    frame, svg, _ = ranking40
    boxes = text_boxes(svg)
    values = [b for b in boxes if "textpoint" in b["classes"]]
    assert len(values) == 40  # 39 values (one from 2021, marked) and one "missing"
    assert any("(from 2021)" in b["text"] for b in values) and any(b["text"] == "missing" for b in values)
    notes = [b for b in boxes if "annotation-text-g" in b["classes"] or "annotation" in " ".join(b["classes"])]
    averages = [b for b in notes if "average" in b["text"]]
    assert len(averages) == 2  # the two averages are close (0.10, 0.12): stacked, never on top of each other
    labels = values + averages
    for a, b in itertools.combinations(labels, 2):
        assert not overlap(a, b), (a["text"], b["text"])


@pytest.mark.parametrize("mean", [-2.5, 0.05, 2.9])  # near the left edge, the middle, the right edge
def test_long_average_labels_stay_on_the_page(mean: float) -> None:
    """Kazakh's average labels run to 90 characters: wrapped and anchored away from the edge they are near, they
    stay inside the exported page and clear of each other wherever the average falls."""
    averages = [Average("Хаб бойынша орташа мән, тізімдегі барлық 38 қатысушы (22 расталған), деректер 36 бойынша "
                        "2023 жылы", mean, 36, 38, 2023),
                Average("орташа мән: Орталық Азия, 5 ел, деректер 5 бойынша 2023 жылы", mean + 0.02, 5, 5, 2023)]
    frame = countries(40, "kk")
    fig = cc.ranked_bar(frame, averages, META, "kk", "KAZ", False)
    meta = ExportMeta(title="Government Effectiveness, 2023", subtitle="2023", sources=SOURCE, lang="kk",
                      alt=alt.ranked(frame, averages, META, "kk", "KAZ", 2023))
    try:
        svg = images.to_svg(fig, meta)
    finally:
        images.stop_browser()
    width = float(ET.fromstring(svg).get("width"))
    labels = [b for b in text_boxes(svg) if "орташа" in b["text"]]
    assert len(labels) == 2
    for label in labels:
        assert 0 <= label["left"] and label["right"] <= width, (label, width)
    assert not overlap(*labels)
    values = [b for b in text_boxes(svg) if "textpoint" in b["classes"]]
    assert all(not overlap(label, v) for label in labels for v in values)


def test_the_ranking_grows_with_its_countries(ranking40) -> None:
    _, _, png40 = ranking40
    _, _, png10 = ranking_files(10)
    (w40, h40), (w10, h10) = png_size(png40), png_size(png10)
    assert w40 == w10 == 2000  # a full text column at 300 dpi
    assert h40 > 2.2 * h10  # 40 rows need room: rows keep their height instead of squeezing
    per_row = (h40 - h10) / 30 / images.SCALE
    assert per_row >= cc.ROW_PX - 1  # every added country adds a full row (at least 12 px type, 22 px rows)
    assert Image.open(io.BytesIO(png40)).info.get("Description", "").startswith("Bar chart of Government")


def test_alt_text_is_written_from_the_data_in_the_language(ranking40) -> None:
    frame, svg, _ = ranking40
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    description = root.find(SVG + "desc").text
    kaz = frame[frame["iso3"] == "KAZ"].iloc[0]
    have = frame[frame["value"].notna()]
    rank = int((have["value"] > kaz["value"]).sum()) + 1
    assert f"Kazakhstan ranks {rank} of {len(have)} with {Language('en').n(kaz['value'], 2)}" in description
    assert "No value for 1" in description
    ru = alt.ranked(frame, AVERAGES, META, "ru", "KAZ", 2023)
    assert f"Казахстан: {rank}-е место из {len(have)}" in ru
    kk = alt.ranked(frame, AVERAGES, META, "kk", "KAZ", 2023)
    assert f"Қазақстан: {len(have)} ел ішінде {rank} орын" in kk


# -- the series ------------------------------------------------------------------------------------------------------


def series(n: int) -> pd.DataFrame:
    frame = countries(n)
    rows = []
    rng = np.random.default_rng(5)
    for r in frame.itertuples():
        for year in range(2010, 2024):
            rows.append({"iso3": r.iso3, "name_en": r.name_en, "name_ru": r.name_ru, "year": year,
                         "value": rng.normal(0, 0.5), "std_error": 0.2, "lower": np.nan, "upper": np.nan})
    return pd.DataFrame(rows)


def test_a_series_of_38_countries_highlights_focus_and_peers_with_a_short_legend() -> None:
    frame = series(38)
    hub = frame.groupby("year")["value"].agg(mean="mean", n="size").reset_index()
    lines = [("Hub average, 22 confirmed members", hub, 22), ("Central Asia average, 5 countries", hub, 5)]
    peers = ["KGZ", "TJK", "UZB", "TKM", "ARM", "GEO"]
    fig = cc.time_series(frame, lines, META, "en", "KAZ", False, peers=peers)
    legend = [tr for tr in fig.data if tr.showlegend is not False]
    assert len(legend) <= style.MAX_LEGEND
    colours = {tr.name: tr.line.color for tr in fig.data if tr.mode == "lines+markers"}
    assert colours["Kazakhstan"] == style.FOCUS
    highlighted = [name for name, colour in colours.items() if colour in style.PEER_COLOURS]
    assert 1 <= len(highlighted) <= len(style.PEER_COLOURS)
    grey = [tr for tr in fig.data if tr.line.color == style.GREY]
    assert len(grey) == 38 - 1 - len(highlighted)
    assert sum(1 for tr in grey if tr.showlegend is not False) == 1  # "Other countries (n)" once
    meta = ExportMeta(title="Government Effectiveness, 2010–2023", subtitle="edition 2024 update", sources=SOURCE,
                      alt=alt.series(frame, lines, META, "en", "KAZ", peers))
    try:
        svg = images.to_svg(fig, meta)
    finally:
        images.stop_browser()
    boxes = text_boxes(svg)
    title = [b for b in boxes if "gtitle" in " ".join(b["classes"])]
    legend_texts = [b for b in boxes if "legendtext" in b["classes"]]
    footer = [b for b in legend_texts if "Source:" in b["text"]]
    entries = [b for b in legend_texts if b not in footer]
    assert len(entries) <= style.MAX_LEGEND
    assert "Other countries (31)" in [b["text"] for b in entries] or any("Other countries" in b["text"]
                                                                          for b in entries)
    for entry in entries:  # the legend sits under the title and subtitle, never over them
        for head in title:
            assert entry["top"] >= head["bottom"] - 1, (entry["text"], head["text"])
    assert "Kazakhstan went from" in ET.fromstring(svg).find(SVG + "desc").text


# -- long names wrap, never cut -------------------------------------------------------------------------------------


def test_long_indicator_names_wrap_whole() -> None:
    long_name = "Political Stability and Absence of Violence/Terrorism: percentile rank among all countries"
    frame = pd.DataFrame({"name_en": [long_name, "Control of Corruption", "Voice and Accountability"],
                          "name_ru": ["a", "b", "c"], "gap_sd": [0.4, -1.2, 0.9]})
    fig = brief.gaps(frame, "en", "Standard deviations from the peer average")
    labels = list(fig.data[0].y)
    wrapped = [label for label in labels if "<br>" in label][0]
    assert wrapped.replace("<br>", " ") == long_name and "…" not in wrapped
    assert max(len(line) for line in wrapped.split("<br>")) <= brief.GAP_NAME_WIDTH
    assert style.wrap("Bosnia and Herzegovina", 26) == "Bosnia and Herzegovina"
