"""Figures of the survey page and its downloads: diverging Likert bars, estimates with CI whiskers, waves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.style import BLUE, FONT, PALETTE, VERMILION, finish, legend_height, wrap
from core.i18n import Language

FAVOURABLE, NEUTRAL, UNFAVOURABLE = BLUE, "#BBBBBB", VERMILION
NEUTRAL_MARKER = "#555555"
ROW_PX = 32  # one country or group of the Likert bars, at any number of rows
# The answers' legend sits on the bars' top edge and Plotly moves the bars down by the height it draws, in any
# language at any width. An answer wraps at LEGEND_WIDTH characters (about 180 px at 13 px, so one entry fits the
# narrowest chart); the figure is made taller by the legend's height over a plot LEGEND_PLOT_PX wide, so the rows
# keep their height.
LEGEND_WIDTH, LEGEND_PLOT_PX = 24, 600


def _decimals(measure: str) -> int:
    return 4 if measure in ("fav", "share") else 2


def likert_bars(rows: pd.DataFrame, labels: list[str], lang: Language, is_demo: bool) -> go.Figure:
    """Diverging stacked bars: unfavourable to the left of zero, favourable to the right, neutral centred."""
    lang = Language(lang)
    fav, neu, unf = (rows[c].astype(float).to_numpy() for c in ("fav", "neu", "unf"))
    n = rows["n"].astype(float).to_numpy()
    years = rows["year"].astype(int).astype(str).to_numpy()
    fig = go.Figure()
    names = []
    for name, values, base, colour in (
        (lang.t("sv_unfavourable"), unf, -neu / 2 - unf, UNFAVOURABLE),
        (lang.t("sv_neutral"), neu, -neu / 2, NEUTRAL),
        (lang.t("sv_favourable"), fav, neu / 2, FAVOURABLE),
    ):
        text = [f"{lab} ({y}): {name} {lang.n(v, 4)} · {lang.plural('sv_respondents', int(k))}"
                for lab, y, v, k in zip(labels, years, values, n, strict=True)]
        names.append(wrap(name, LEGEND_WIDTH))
        fig.add_trace(go.Bar(y=labels, x=values.tolist(), base=base.tolist(), orientation="h", name=names[-1],
                             marker_color=colour, hovertext=text, hoverinfo="text"))
    fig.add_vline(x=0, line_color="#333333", line_width=1)
    legend_px = legend_height(names, LEGEND_PLOT_PX, FONT["size"])
    fig.update_layout(barmode="overlay", height=100 + ROW_PX * len(rows) + legend_px,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom"},
                      xaxis={"title": lang.t("sv_share_axis"), "range": [-1, 1], "tickformat": ".1f"},
                      yaxis={"autorange": "reversed"})
    return finish(fig, lang, is_demo)


def ci_chart(labels: list[str], value: np.ndarray, lower: np.ndarray, upper: np.ndarray, n: np.ndarray,
             measure: str, lang: Language, is_demo: bool, average: float | None = None,
             flags: list[str] | None = None, extra: list[str] | None = None,
             averages: np.ndarray | None = None, average_label: str = "") -> go.Figure:
    """One marker per row with its 95% interval as whiskers; filled where `flags` says it differs from the average."""
    lang = Language(lang)
    value, lower, upper = (np.asarray(a, dtype=float) for a in (value, lower, upper))
    decimals = _decimals(measure)
    flags = flags or ["same"] * len(labels)
    extra = extra or [""] * len(labels)
    text = [
        f"{lab}{e}: {lang.n(v, decimals)}{_interval(lo, hi, decimals, lang)}"
        + (f" · {lang.plural('sv_respondents', int(k))}" if np.isfinite(k) else "")
        for lab, e, v, lo, hi, k in zip(labels, extra, value, lower, upper, np.asarray(n, dtype=float), strict=True)
    ]
    symbols = {"above": "circle", "below": "circle", "same": "circle-open", "untested": "circle-open"}
    colours = {"above": PALETTE[0], "below": PALETTE[5], "same": NEUTRAL_MARKER, "untested": "#999999"}
    names = {"above": lang.t("sv_above_hub"), "below": lang.t("sv_below_hub"), "same": lang.t("sv_not_different"),
             "untested": lang.t("sv_not_tested")}
    average_label = average_label or lang.t("sv_hub_average")
    fig = go.Figure()
    for flag in ("above", "below", "same", "untested"):
        pick = [i for i, f in enumerate(flags) if f == flag]
        if not pick:
            continue
        fig.add_trace(go.Scatter(
            y=[labels[i] for i in pick], x=value[pick].tolist(), mode="markers", name=names[flag],
            marker={"symbol": symbols[flag], "size": 10, "color": colours[flag], "line": {"width": 2}},
            error_x={"type": "data", "symmetric": False, "array": (upper - value)[pick].tolist(),
                     "arrayminus": (value - lower)[pick].tolist(), "color": colours[flag], "thickness": 1.5},
            hovertext=[text[i] for i in pick], hoverinfo="text", showlegend=average is not None or averages is not None,
        ))
    if averages is not None:
        fig.add_trace(go.Scatter(
            y=labels, x=np.asarray(averages, dtype=float).tolist(), mode="markers", name=average_label,
            marker={"symbol": "diamond", "size": 9, "color": "#333333"},
            hovertext=[f"{lab}: {average_label} {lang.n(a, decimals)}"
                       for lab, a in zip(labels, averages, strict=True)], hoverinfo="text",
        ))
    if average is not None and np.isfinite(average):
        fig.add_vline(x=average, line_dash="dot", line_color="#333333",
                      annotation_text=f"{average_label}: {lang.n(average, decimals)}",
                      annotation_position="top")
    fig.update_layout(height=140 + 30 * len(labels), margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      legend={"orientation": "h", "y": -0.12, "x": 0},
                      yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels})
    return finish(fig, lang, is_demo)


def waves_chart(rows: pd.DataFrame, value: str, lower: str, upper: str, measure: str, lang: Language,
                is_demo: bool) -> go.Figure:
    """One country's waves with whiskers; years as categories (no '2,022.5')."""
    lang = Language(lang)
    years = rows["year"].astype(int).astype(str).tolist()
    v, lo, hi = (rows[c].astype(float).to_numpy() for c in (value, lower, upper))
    decimals = _decimals(measure)
    text = [f"{y}: {lang.n(a, decimals)}{_interval(b, c, decimals, lang)}"
            for y, a, b, c in zip(years, v, lo, hi, strict=True)]
    fig = go.Figure(go.Scatter(
        x=years, y=v.tolist(), mode="lines+markers", marker={"size": 9, "color": PALETTE[0]},
        line={"color": PALETTE[0]}, error_y={"type": "data", "symmetric": False, "array": (hi - v).tolist(),
                                             "arrayminus": (v - lo).tolist(), "thickness": 1.5},
        hovertext=text, hoverinfo="text",
    ))
    fig.update_layout(height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10}, xaxis={"type": "category"})
    return finish(fig, lang, is_demo)


def _interval(lower: float, upper: float, decimals: int, lang: Language) -> str:
    lang = Language(lang)
    if not (np.isfinite(lower) and np.isfinite(upper)):
        return ""
    return f" ({lang.t('sv_ci')} {lang.n(lower, decimals)}–{lang.n(upper, decimals)})"
