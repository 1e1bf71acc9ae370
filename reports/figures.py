"""Plotly figures of the country brief: gaps to peers, trends against the peer average, peers in one year."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from core.i18n import Language

BLUE, ORANGE, GREY, GREEN, VERMILION = "#0072B2", "#E69F00", "#BBBBBB", "#009E73", "#D55E00"


def gaps(frame: pd.DataFrame, lang: Language, axis_title: str) -> go.Figure:
    """Horizontal bars: each indicator's distance from the peer average in peer standard deviations."""
    lang = Language(lang)  # a language code from older callers
    part = frame.dropna(subset=["gap_sd"]).sort_values("gap_sd")
    names = lang.column(part, "name").map(lambda s: s if len(s) <= 48 else s[:46] + "…")
    fig = go.Figure(go.Bar(
        x=part["gap_sd"].round(2), y=names, orientation="h",
        marker_color=[GREEN if v >= 0 else VERMILION for v in part["gap_sd"]],
        text=[lang.n(v, 1) for v in part["gap_sd"]], textposition="outside", cliponaxis=False,
        name="",
    ))
    low, high = min(0.0, float(part["gap_sd"].min())), max(0.0, float(part["gap_sd"].max()))
    pad = 0.15 * (high - low or 1)
    # the axis title on two lines ("... <br>(+ = better)"): it then fits under the plot in every language
    fig.update_layout(showlegend=False, xaxis_title=axis_title.replace(" (", "<br>(", 1), margin={"l": 300},
                      xaxis={"zeroline": True, "zerolinecolor": "#444444", "range": [low - pad, high + pad]})
    return fig


def trend(series: pd.DataFrame, country: str, peer_label: str, range_label: str, lang: Language,
          decimals: int) -> go.Figure:
    """The country's line against the peer average, with the peers' range shaded."""
    lang = Language(lang)  # a language code from older callers
    years = series["year"].astype(int)  # a numeric axis keeps gaps between survey years honest
    fig = go.Figure()
    band = series.dropna(subset=["peer_min"])
    fig.add_trace(go.Scatter(x=band["year"].astype(int), y=band["peer_max"], mode="lines",
                             line={"width": 0}, showlegend=False, hoverinfo="skip", name=range_label))
    fig.add_trace(go.Scatter(x=band["year"].astype(int), y=band["peer_min"], mode="lines",
                             line={"width": 0}, fill="tonexty", fillcolor="rgba(187,187,187,0.35)", name=range_label))
    fig.add_trace(go.Scatter(x=years, y=series["peer_average"], mode="lines", name=peer_label,
                             line={"color": ORANGE, "width": 2, "dash": "dash"}))
    fig.add_trace(go.Scatter(x=years, y=series["value"], mode="lines+markers", name=country,
                             line={"color": BLUE, "width": 3}, connectgaps=False))
    span = int(years.max() - years.min()) if len(years) else 1
    step = max(1, math.ceil(span / 10))  # whole years only: never "2,022.5"
    fig.update_layout(xaxis={"tickformat": "d", "dtick": step, "tick0": int(years.min()) if len(years) else 0},
                      yaxis={"tickformat": f",.{max(0, decimals)}f"})
    return fig


def peers(frame: pd.DataFrame, iso3: str, lang: Language, decimals: int, max_bars: int = 18) -> go.Figure:
    """Countries of the group in one year, best on top, the chosen country highlighted. A large group shows its
    best 8, worst 4 and the country with its neighbours, each labelled with its rank."""
    lang = Language(lang)  # a language code from older callers
    hib = bool(frame["higher_is_better"].iloc[0]) if len(frame) else True
    ranked = frame.sort_values("value", ascending=not hib).reset_index(drop=True)
    ranked["rank"] = range(1, len(ranked) + 1)
    if len(ranked) > max_bars:
        at = int(ranked.index[ranked["iso3"] == iso3][0]) if (ranked["iso3"] == iso3).any() else 0
        keep = set(range(8)) | set(range(len(ranked) - 4, len(ranked))) | set(range(at - 2, at + 3))
        ranked = ranked.loc[sorted(i for i in keep if 0 <= i < len(ranked))]
    part = ranked.iloc[::-1]  # plotly draws the first bar at the bottom
    names = lang.column(part, "country")
    labels = [f"{r}. {n}" for r, n in zip(part["rank"], names, strict=True)]
    colours = [BLUE if c == iso3 else GREY for c in part["iso3"]]
    text = [lang.n(v, decimals) for v in part["value"]]
    if len(part) and part["value"].min() >= 0:  # a quantity from zero: bars
        fig = go.Figure(go.Bar(x=part["value"], y=labels, orientation="h", marker_color=colours, text=text,
                               textposition="outside", cliponaxis=False, name=""))
        xaxis = {"range": [0, float(part["value"].max()) * 1.12]}
    else:  # a score around zero (e.g. WGI estimates): dots, since a bar's length from zero means nothing here
        fig = go.Figure(go.Scatter(x=part["value"], y=labels, mode="markers+text", text=text,
                                   textposition="middle right", marker={"color": colours, "size": 13}, name="",
                                   cliponaxis=False))
        low, high = float(part["value"].min()), float(part["value"].max())
        pad = 0.12 * (high - low or 1)
        xaxis = {"range": [low - pad, high + 2 * pad], "zeroline": True, "zerolinecolor": "#888888"}
    fig.update_layout(showlegend=False, margin={"l": 190}, bargap=0.25,
                      yaxis={"type": "category", "tickfont": {"size": 11}}, xaxis=xaxis)
    return fig
