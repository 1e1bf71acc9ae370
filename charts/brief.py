"""Figures of the country brief, in the same look as the pages: gaps to the peer average, trend against it.

A brief's peer ranking is charts.compare.ranked_bar itself: one builder for the page, its downloads and Word."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.style import BLUE, FOCUS, GREY, ORANGE, PEER_LINE, escape, figure, transparent, wrap, year_axis
from core.i18n import Language

GAP_NAME_WIDTH = 34  # characters of an indicator name per line; longer names wrap onto more lines


def gaps(frame: pd.DataFrame, lang: Language, axis_title: str, demo: bool = False) -> go.Figure:
    """Horizontal bars: each indicator's distance from the peer average in peer standard deviations, blue where
    the country is ahead and orange where behind (the colours of the profile's heat strip); names wrap, whole."""
    lang = Language(lang)
    part = frame.dropna(subset=["gap_sd"]).sort_values("gap_sd")
    names = [wrap(escape(n), GAP_NAME_WIDTH) for n in lang.column(part, "name")]
    lines = sum(n.count("<br>") + 1 for n in names)
    values = part["gap_sd"].to_numpy(dtype=float)
    trace = dict(type="bar", x=values.round(2), y=names, orientation="h",
                 marker={"color": [BLUE if v >= 0 else ORANGE for v in values]},
                 text=[lang.n(v, 1) for v in values], textposition="outside", cliponaxis=False, name="",
                 hovertemplate="%{y}: %{x:.2f}<extra></extra>")
    low, high = min(0.0, float(values.min(initial=0))), max(0.0, float(values.max(initial=0)))
    pad = 0.18 * (high - low or 1)
    layout = {"showlegend": False, "bargap": 0.3,
              "xaxis": {"title": {"text": escape(axis_title)}, "zeroline": True, "zerolinecolor": "#444444",
                        "range": [low - pad, high + pad]},
              "yaxis": {"automargin": True, "type": "category", "tickfont": {"size": 12}},
              "margin": {"l": 10, "r": 20, "t": 30, "b": 50}}
    return figure([trace], layout, lang, 110 + 17 * lines + 8 * len(names), demo)


def trend(series: pd.DataFrame, country: str, peer_label: str, range_label: str, lang: str, decimals: int,
          demo: bool = False) -> go.Figure:
    """The country's line (the focus colour of every chart) against the peer average (the peer line of the
    compare page), with the peers' range shaded grey."""
    years = series["year"].astype(int)  # a numeric axis keeps gaps between survey years honest
    band = series.dropna(subset=["peer_min"])
    traces = [
        dict(type="scatter", x=band["year"].astype(int).tolist() + band["year"].astype(int).tolist()[::-1],
             y=band["peer_max"].tolist() + band["peer_min"].tolist()[::-1], fill="toself",
             fillcolor=transparent(GREY, 0.35), line={"width": 0}, hoverinfo="skip", name=escape(range_label)),
        dict(type="scatter", x=years, y=series["peer_average"], mode="lines", name=escape(peer_label),
             line={"color": PEER_LINE, "width": 2.5, "dash": "dot"},
             hovertemplate=f"%{{x}}: %{{y:.{max(0, decimals)}f}}<extra></extra>"),
        dict(type="scatter", x=years, y=series["value"], mode="lines+markers", name=escape(country),
             line={"color": FOCUS, "width": 3.5}, marker={"size": 6}, connectgaps=False,
             hovertemplate=f"%{{x}}: %{{y:.{max(0, decimals)}f}}<extra></extra>"),
    ]
    first, last = (int(years.min()), int(years.max())) if len(years) else (0, 1)
    axis = year_axis(first, last)
    axis["dtick"] = max(1, math.ceil((last - first) / 10))
    layout = {"xaxis": axis, "yaxis": {"tickformat": f",.{max(0, decimals)}f"},
              "legend": {"orientation": "h", "y": -0.15, "x": 0}, "margin": {"l": 10, "r": 20, "t": 30, "b": 40}}
    return figure(traces, layout, lang, 460, demo)
