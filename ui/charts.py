"""Streamlit's side of the charts: the one way a figure reaches the page, and where map outlines are served
from. Builders live in charts/."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.i18n import Language
from reports.figure_text import literal_figure
from reports.tables import for_readers
from ui.text import plain

# Plotly reads map outlines from here (served by Streamlit from static/topojson/), never from a CDN.
TOPOJSON_URL = "app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


def show(fig: go.Figure, lang: Language, key: str | None = None, table: pd.DataFrame | None = None,
         config: dict | None = None, alt: str | None = None) -> None:
    """Draw a figure on the page, the only way a chart reaches the screen (no string in it, a name from a file or a
    group name from the address, becomes a link or an image; map outlines are served locally), with its text
    alternative: a sentence saying what it shows (`alt`, else one read from the figure; "" when the page already
    says it) and its numbers as a table (for screen readers, keyboard users and anyone who wants the figures)."""
    lang = Language(lang)
    st.plotly_chart(literal_figure(fig), config=config or PLOTLY_CONFIG, width="stretch", key=key)
    sentence = describe(fig, lang) if alt is None else alt
    if sentence:
        st.caption(plain(sentence))  # names from data: text, never Markdown
    frame = literal_table(for_readers(readable(chart_table(fig), lang) if table is None else table, lang))
    with st.expander(lang.t("chart_table_view"), expanded=False):
        # a real HTML table (st.dataframe draws on a canvas screen readers cannot read), rows named by the first
        # column
        st.table(frame.set_index(frame.columns[0]) if len(frame.columns) > 1 else frame)


def literal_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for st.table, which renders its cells and headers as Markdown: every text made literal."""
    shown = frame.map(lambda v: plain(v) if isinstance(v, str) else v)
    return shown.rename(columns=lambda c: plain(c) if isinstance(c, str) else c)


def readable(frame: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """Numbers as this language writes them, to four significant digits (0,7089; 75,43; 1 235); years and other
    whole numbers as they are."""
    lang = Language(lang)
    def say(v: object) -> object:
        if isinstance(v, float) and not math.isnan(v) and not v.is_integer():
            return lang.n(v, max(0, 4 - len(str(int(abs(v)))) if abs(v) >= 1 else 4))
        return v

    return frame.map(say)


def _drawn(fig: go.Figure) -> list:
    """The traces that carry data (not value labels, uncertainty bands or hover-less helpers)."""
    return [t for t in fig.data if getattr(t, "mode", None) != "text" and getattr(t, "fill", None) not in
            ("toself", "tonexty") and getattr(t, "hoverinfo", None) != "skip"]


def _name(trace: object) -> str:
    """A trace's name as words: a legend entry wrapped onto lines (charts.style.wrap) read as one line."""
    return str(getattr(trace, "name", None) or "").replace("<br>", " ")


def chart_table(fig: go.Figure) -> pd.DataFrame:
    """The numbers a figure draws, one row per point: series, then x and y (or location and value)."""
    rows = []
    for trace in _drawn(fig):
        name = _name(trace)
        if trace.type == "choropleth":
            rows += [{"series": name, "location": loc, "value": z}
                     for loc, z in zip(_seq(trace.locations), _seq(trace.z), strict=False)]
        elif trace.type == "heatmap":
            for y, zs in zip(_seq(trace.y), _seq(trace.z), strict=False):
                rows += [{"series": y, "x": x, "value": z} for x, z in zip(_seq(trace.x), zs, strict=False)]
        else:
            rows += [{"series": name, "x": x, "y": y}
                     for x, y in zip(_seq(trace.x), _seq(trace.y), strict=False)]
    return pd.DataFrame(rows)


def describe(fig: go.Figure, lang: Language) -> str:
    """One sentence saying what a chart shows: its kind, how much, and its extremes where they mean something."""
    lang = Language(lang)
    traces = _drawn(fig)
    kinds = {t.type for t in traces}
    names = [_name(t) for t in traces if getattr(t, "name", None)]
    if "choropleth" in kinds:
        maps = [t for t in traces if t.type == "choropleth"]
        if len(maps) > 1:
            groups = list(dict.fromkeys(names))
            return lang.t("chart_sum_map_groups", n=sum(len(_seq(t.locations)) for t in maps), k=len(groups),
                          names=lang.join(groups))
        places, texts = _seq(maps[0].locations), _seq(maps[0].text)
        if len(texts) == len(places):  # the hover text starts with the country's name ("Kazakhstan: 0.5 (2023)")
            places = [str(text).split(":")[0] for text in texts]
        return _extremes("chart_sum_map", places, _seq(maps[0].z), lang)
    if "heatmap" in kinds:
        grid = next(t for t in traces if t.type == "heatmap")
        return lang.t("chart_sum_heatmap", rows=len(_seq(grid.y)), columns=len(_seq(grid.x)))
    bars = [t for t in traces if t.type == "bar"]
    if len(bars) == 1:
        bar = bars[0]
        labels, values = (bar.y, bar.x) if bar.orientation == "h" else (bar.x, bar.y)
        return _extremes("chart_sum_bars", _seq(labels), _seq(values), lang)
    if bars:
        rows = _seq(bars[0].y if bars[0].orientation == "h" else bars[0].x)
        return lang.t("chart_sum_stacked", n=len(rows), k=len(bars), parts=lang.join(names))
    xs = [x for t in traces for x in _seq(t.x) if isinstance(x, int | float)]
    if any("lines" in (getattr(t, "mode", "") or "") for t in traces) and xs:
        return lang.t("chart_sum_lines", k=len(traces), first=int(min(xs)), last=int(max(xs)),
                      names=lang.join(names[:6] + (["…"] if len(names) > 6 else [])))
    return lang.t("chart_sum_points", n=sum(len(_seq(t.x)) for t in traces), k=len(traces),
                  names=lang.join(names[:6]))


def _extremes(key: str, labels: list, values: list, lang: Language) -> str:
    lang = Language(lang)
    pairs = [(str(label), float(v)) for label, v in zip(labels, values, strict=False)
             if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not pairs:
        return lang.t("chart_sum_heatmap", rows=len(labels), columns=1)
    high, low = max(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: p[1])
    return lang.t(key, n=len(pairs), high=high[0], high_value=lang.n(high[1], 2), low=low[0],
                  low_value=lang.n(low[1], 2))


def _seq(values: object) -> list:
    """A trace's data as a list (figures built without validation keep arrays and Series as given)."""
    return [] if values is None else list(values)
