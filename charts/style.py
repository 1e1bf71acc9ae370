"""The one look of every chart (page, download, brief): palette, fonts, base layout, demo stamp, wrapping."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from core.i18n import Language

# Okabe-Ito (Okabe & Ito 2008), the categorical palette built for the common forms of colour blindness; every pair
# used together is checked under simulated protanopia, deuteranopia and tritanopia (tests/charts/test_palette.py).
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, YELLOW, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
PALETTE = [BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, YELLOW, BLACK]

FOCUS = VERMILION  # the highlighted country: the same vermillion on every chart
OTHER = BLUE  # every other country of a ranking
OTHER_LIGHT = "rgba(0, 114, 178, 0.40)"  # a value from an earlier year
GREY = "#bdbdbd"  # countries in the background of a series (light enough to stay apart from purple under CVD)
HUB_LINE = BLACK  # the hub average
PEER_LINE = GREEN  # the peer-group average
# Highlighted peers in a series: the palette less the focus colour, yellow (unreadable on white), black (the hub
# line) and green (the peer average line).
PEER_COLOURS = [BLUE, ORANGE, PURPLE, SKY]
BAND_ALPHA = 0.15
TEXT = "#333333"
FONT = {"family": "DejaVu Sans, Liberation Sans, Arial, sans-serif", "size": 13}
MAX_LEGEND = 8  # entries a legend may hold, whatever the number of countries


def separators(lang: Language) -> str:
    """Plotly's decimal mark, then thousands separator, for `lang` (from CLDR)."""
    return Language(lang).plotly_separators


def demo_stamp(lang: Language) -> dict:
    """The watermark of a chart drawn from demo data."""
    lang = Language(lang)
    return {"text": lang.t("demo_tag"), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False,
            "font": {"size": 72, "color": "rgba(213, 94, 0, 0.18)"}, "textangle": -20, "name": "demo"}


def base_layout(lang: str, height: int) -> dict:
    return {
        "height": height, "font": FONT, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "separators": separators(lang), "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
        "hoverlabel": {"font": {"size": 13}}, "colorway": PALETTE,
    }


AXIS = {"gridcolor": "#e6e6e6", "zerolinecolor": "#bbbbbb", "linecolor": "#888888"}


def figure(traces: list[dict], layout: dict, lang: str, height: int, demo: bool) -> go.Figure:
    """One figure from plain trace and layout dicts: plotly's per-property validation of trace objects and of
    update_* calls costs more than the drawing (measured in bench/bench_compare.py), so it is built once."""
    for name in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        layout[name] = {**AXIS, **layout.get(name, {})}
    if demo:
        layout.setdefault("annotations", []).append(demo_stamp(lang))
    return go.Figure(data=traces, layout={**base_layout(lang, height), **layout}, _validate=False)


def finish(fig: go.Figure, lang: str, demo: bool) -> go.Figure:
    """Give a figure built with plotly's own API the shared look (fonts, colours, separators, demo stamp)."""
    base = base_layout(lang, fig.layout.height or 450)
    base.pop("margin")
    fig.update_layout(**base)
    fig.update_xaxes(**AXIS)
    fig.update_yaxes(**AXIS)
    if demo:
        fig.add_annotation(**{k: v for k, v in demo_stamp(lang).items()})
    return fig


def transparent(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def year_axis(first: int, last: int) -> dict:
    """Years print as 2023, never 2,023 or 2,022.5."""
    span = max(1, last - first)
    return {"tickformat": "d", "dtick": 1 if span <= 12 else (2 if span <= 24 else 5),
            "range": [first - 0.5, last + 0.5]}


def wrap(text: str, width: int) -> str:
    """`text` broken into lines of at most `width` characters at spaces (a single longer word stays whole),
    joined with <br> for Plotly: long names wrap, never cut."""
    lines: list[str] = []
    line = ""
    for word in str(text).split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def legend_height(names: list[str], width: float, font_px: float) -> int:
    """The pixels a horizontal legend of `names` (lines joined with <br>) takes in `width` pixels, as Plotly lays it
    out: entries left to right, a whole entry moved to the next row when it does not fit; an entry as wide as its
    longest line (0.62 em a character, DejaVu Sans' average, and 40 px of symbol and gaps), a row as tall as its
    tallest entry (1.3 em a line and 5 px), 10 px of padding around."""
    rows: list[int] = []  # the lines of each row's tallest entry
    used = 0.0
    for name in names:
        lines = re.sub(r"<(?!br>)[^>]*>", "", name).split("<br>")
        entry = max(len(line) for line in lines) * 0.62 * font_px + 40
        if not rows or used + entry > width:
            rows.append(0)
            used = 0.0
        rows[-1] = max(rows[-1], len(lines))
        used += entry
    return round(sum(1.3 * font_px * lines + 5 for lines in rows) + 10)


def escape(text: str) -> str:
    """Text from data or users shown in a chart: Plotly reads a few HTML tags in text, so < > & are escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
