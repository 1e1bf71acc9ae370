"""Plotly figure builders shared by the pages: palette, demo watermark, offline maps."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.i18n import Language
from reports.tables import for_readers

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Plotly reads map outlines from here (served by Streamlit from static/topojson/), never from a CDN.
TOPOJSON_URL = "app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


def demo_watermark(fig: go.Figure, lang: Language) -> go.Figure:
    """Stamp a figure built on demo data, so no screenshot of it passes for real data."""
    lang = Language(lang)  # a language code from older callers
    fig.add_annotation(
        text=lang.t("demo_tag"), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
        font={"size": 72, "color": "rgba(213, 94, 0, 0.18)"}, textangle=-20,
    )
    return fig


def members_map(members: pd.DataFrame, lang: Language) -> go.Figure:
    """Hub participants coloured by region; participants not confirmed drawn lighter."""
    lang = Language(lang)  # a language code from older callers
    members = members.assign(shown_name=lang.column(members, "name"), shown_region=lang.column(members, "region"))
    name, region = "shown_name", "shown_region"
    fig = go.Figure()
    # Colours follow the region code, so a region keeps its colour in both languages.
    codes = sorted(members["region"].fillna("—").unique())
    for i, code in enumerate(codes):
        colour = PALETTE[i % len(PALETTE)]
        reg = members.loc[members["region"].fillna("—") == code, region].fillna("—").iloc[0]
        shown = False
        for certain in (True, False):
            part = members[(members["region"].fillna("—") == code) & (members["membership_certain"].fillna(False)
                                                                      == certain)]
            if part.empty:
                continue
            since = part["member_since"].map(lambda y: lang.t("member_since", year=int(y)) if pd.notna(y) else "")
            status = lang.t("member") if certain else lang.t("member_unconfirmed")
            fig.add_trace(go.Choropleth(
                locations=part["iso3"], z=[1] * len(part), locationmode="ISO-3",
                colorscale=[[0, colour], [1, colour]], showscale=False,
                marker={"opacity": 1.0 if certain else 0.4, "line": {"color": "white", "width": 0.5}},
                text=part[name] + "<br>" + reg + "<br>" + status + "<br>" + since,
                hovertemplate="%{text}<extra></extra>",
                name=reg, legendgroup=reg, showlegend=not shown,  # one legend entry per region
            ))
            shown = True
    fig.update_geos(
        projection_type="natural earth", showcountries=True, countrycolor="#bbbbbb", showland=True,
        landcolor="#f2f2f2", showocean=False, showframe=False, lataxis_range=[-50, 80],
    )
    fig.update_layout(
        height=420, margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "yanchor": "top", "y": 0, "x": 0, "font": {"size": 11}},
    )
    return fig


def show(fig: go.Figure, lang: Language, key: str | None = None, table: pd.DataFrame | None = None,
         config: dict | None = None) -> None:
    """A chart and its text alternative: a sentence saying what it shows, and its numbers as a table (for screen
    readers, keyboard users and anyone who wants the figures)."""
    st.plotly_chart(fig, config=config or PLOTLY_CONFIG, width="stretch", key=key)
    st.caption(describe(fig, lang))
    frame = for_readers(readable(chart_table(fig), lang) if table is None else table, lang)
    with st.expander(lang.t("chart_table_view"), expanded=False):
        # a real HTML table (st.dataframe draws on a canvas screen readers cannot read), rows named by the first
        # column
        st.table(frame.set_index(frame.columns[0]) if len(frame.columns) > 1 else frame)


def readable(frame: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """Numbers as this language writes them, to four significant digits (0,7089; 75,43; 1 235); years and other
    whole numbers as they are."""
    def say(v: object) -> object:
        if isinstance(v, float) and not math.isnan(v) and not v.is_integer():
            return lang.n(v, max(0, 4 - len(str(int(abs(v)))) if abs(v) >= 1 else 4))
        return v

    return frame.map(say)


def _drawn(fig: go.Figure) -> list:
    """The traces that carry data (not value labels, uncertainty bands or hover-less helpers)."""
    return [t for t in fig.data if getattr(t, "mode", None) != "text" and getattr(t, "fill", None) not in
            ("toself", "tonexty") and getattr(t, "hoverinfo", None) != "skip"]


def chart_table(fig: go.Figure) -> pd.DataFrame:
    """The numbers a figure draws, one row per point: series, then x and y (or location and value)."""
    rows = []
    for trace in _drawn(fig):
        name = str(getattr(trace, "name", None) or "")
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
    traces = _drawn(fig)
    kinds = {t.type for t in traces}
    names = [str(t.name) for t in traces if getattr(t, "name", None)]
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
