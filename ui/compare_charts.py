"""Figures of the compare pages: ranked bars with reference lines, series with bands, map, scatter, profile."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.compare import Z95, Average
from core.i18n import number, t
from ui.charts import PALETTE, demo_watermark

FOCUS = "#D55E00"  # the highlighted country: the same vermillion on every chart
OTHER = "#0072B2"
OTHER_LIGHT = "rgba(0, 114, 178, 0.40)"  # a value from an earlier year
GREY = "#9a9a9a"
HUB_LINE = "#000000"
PEER_LINE = "#009E73"
SERIES_COLOURS = [c for c in PALETTE if c not in (FOCUS, "#F0E442")]  # yellow is unreadable on white
BAND_LIMIT = 8  # uncertainty bands drawn when at most this many countries are shown
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 13}


def _name(lang: str) -> str:
    return "name_ru" if lang == "ru" else "name_en"


def _layout(fig: go.Figure, lang: str, height: int, demo: bool) -> go.Figure:
    fig.update_layout(
        height=height, font=FONT, plot_bgcolor="white", paper_bgcolor="white",
        separators=", " if lang == "ru" else ".,",  # decimal mark, then thousands separator
        margin={"l": 10, "r": 20, "t": 40, "b": 40}, hoverlabel={"font_size": 13},
    )
    fig.update_xaxes(gridcolor="#e6e6e6", zerolinecolor="#bbbbbb")
    fig.update_yaxes(gridcolor="#e6e6e6", zerolinecolor="#bbbbbb")
    return demo_watermark(fig, lang) if demo else fig


def _year_axis(fig: go.Figure, first: int, last: int, **where) -> None:
    """Years print as 2023, never 2,023 or 2,022.5."""
    span = max(1, last - first)
    fig.update_xaxes(tickformat="d", dtick=1 if span <= 12 else (2 if span <= 24 else 5),
                     range=[first - 0.5, last + 0.5], **where)


def interval(row: pd.Series | object) -> tuple[float, float] | None:
    """The published interval of a value: [lower, upper] where given, else value ± 1.96 standard errors."""
    value, se = row.value, row.std_error
    lower, upper = row.lower, row.upper
    if pd.notna(lower) and pd.notna(upper) and lower <= value <= upper:
        return float(lower), float(upper)
    if pd.notna(se) and se > 0:
        return value - Z95 * se, value + Z95 * se
    return None


def average_label(avg: Average, decimals: int, lang: str) -> str:
    return (f"{avg.label}: {number(avg.mean, decimals, lang)} "
            f"({t('cmp_n_of_N_year', lang, n=avg.n, N=avg.N, year=avg.year)})")


def ranked_bar(values: pd.DataFrame, averages: list[Average], meta: dict, lang: str, focus: str | None,
               demo: bool) -> go.Figure:
    """Countries sorted best first; earlier-year values lighter and marked with their year; missing countries
    listed as missing; hub and peer averages as labelled vertical lines; published uncertainty as error bars."""
    decimals, higher = int(meta["decimals"]), bool(meta["higher_is_better"])
    name = _name(lang)
    have = values[values["value"].notna()].sort_values("value", ascending=higher)  # plotly draws bottom-up
    missing = values[values["value"].isna()].sort_values(name, ascending=False)
    fig = go.Figure()
    intervals = [interval(r) for r in have.itertuples()]
    err_plus = [(iv[1] - r.value) if iv else None for iv, r in zip(intervals, have.itertuples(), strict=True)]
    err_minus = [(r.value - iv[0]) if iv else None for iv, r in zip(intervals, have.itertuples(), strict=True)]
    colours = [FOCUS if r.iso3 == focus else (OTHER_LIGHT if r.is_fallback else OTHER) for r in have.itertuples()]
    labels = [
        number(r.value, decimals, lang) + (f" ({t('cmp_from_year', lang, year=int(r.value_year))})"
                                           if r.is_fallback else "")
        for r in have.itertuples()
    ]
    tops = [iv[1] if iv else r.value for iv, r in zip(intervals, have.itertuples(), strict=True)]
    bottoms = [iv[0] if iv else r.value for iv, r in zip(intervals, have.itertuples(), strict=True)]
    lo, hi = min([0.0, *bottoms]), max([0.0, *tops])
    span = (hi - lo) or 1.0
    fig.add_trace(go.Bar(
        x=have["value"], y=have[name], orientation="h", marker={"color": colours}, name=meta["name"],
        showlegend=False, text=labels, textposition="none",
        customdata=have["value_year"].astype("float").to_numpy(),
        hovertemplate="%{y}: %{text}<br>" + t("year", lang) + " %{customdata:d}<extra></extra>",
        error_x={"type": "data", "symmetric": False, "array": err_plus, "arrayminus": err_minus,
                 "color": "#555555", "thickness": 1, "width": 3, "visible": any(e is not None for e in err_plus)},
    ))
    # The values in a column of their own at the right, clear of bars, error bars and reference lines.
    text_x = hi + 0.03 * span
    fig.add_trace(go.Scatter(
        x=[text_x] * len(have), y=have[name], mode="text", text=labels, textposition="middle right",
        textfont={"size": 12, "color": "#333333"}, showlegend=False, hoverinfo="skip", name=t("value", lang),
    ))
    if len(missing):
        # Missing countries stay on the chart, said in words, never drawn as a zero bar.
        fig.add_trace(go.Scatter(
            x=[text_x] * len(missing), y=missing[name], mode="text", text=[t("missing", lang)] * len(missing),
            textposition="middle right", textfont={"color": "#666666", "size": 12}, showlegend=False,
            hoverinfo="skip", name=t("missing", lang),
        ))
    fig.update_xaxes(range=[lo - 0.03 * span, hi + 0.32 * span])
    order = list(missing[name]) + list(have[name])
    fig.update_yaxes(categoryorder="array", categoryarray=order, title=None, automargin=True)
    fig.update_xaxes(title=meta["unit"])
    for i, avg in enumerate(averages):
        if avg.n == 0 or math.isnan(avg.mean):
            continue
        colour = HUB_LINE if i == 0 else PEER_LINE
        fig.add_vline(
            x=avg.mean, line={"color": colour, "dash": "dash" if i == 0 else "dot", "width": 2},
            annotation={"text": average_label(avg, decimals, lang), "font": {"color": colour, "size": 12},
                        "bgcolor": "rgba(255,255,255,0.85)"},
            annotation_position="top" if i == 0 else "bottom",
        )
    height = 120 + 24 * max(len(order), 3)
    fig = _layout(fig, lang, height, demo)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 60}, bargap=0.25)
    return fig


def time_series(frame: pd.DataFrame, averages: list[tuple[str, pd.DataFrame, int]], meta: dict, lang: str,
                focus: str | None, demo: bool) -> go.Figure:
    """One line per country (the focus country in its own colour, drawn last); uncertainty bands where the
    source publishes them and few countries are shown; group averages as dashed lines with n of N."""
    name = _name(lang)
    decimals = int(meta["decimals"])
    fig = go.Figure()
    codes = sorted(frame["iso3"].unique(), key=lambda c: (c == focus, c))
    many = len(codes) > BAND_LIMIT
    for i, code in enumerate(codes):
        part = frame[frame["iso3"] == code].sort_values("year")
        is_focus = code == focus
        colour = FOCUS if is_focus else (GREY if many else SERIES_COLOURS[i % len(SERIES_COLOURS)])
        label = str(part[name].iloc[0]) if pd.notna(part[name].iloc[0]) else code
        bounds = [interval(r) for r in part.itertuples()]
        if (is_focus or not many) and any(bounds):
            rows = [(y, b) for y, b in zip(part["year"], bounds, strict=True) if b]
            xs = [y for y, _ in rows]
            fig.add_trace(go.Scatter(
                x=xs + xs[::-1], y=[b[1] for _, b in rows] + [b[0] for _, b in rows][::-1], fill="toself",
                fillcolor=_transparent(colour, 0.15), line={"width": 0}, hoverinfo="skip", showlegend=False,
                name=f"{label}: {t('cmp_band', lang)}", legendgroup=code,
            ))
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["value"], mode="lines+markers", name=label, legendgroup=code,
            line={"color": colour, "width": 3.5 if is_focus else (1.2 if many else 2)},
            marker={"size": 6 if is_focus or not many else 3},
            opacity=1.0 if is_focus or not many else 0.6,
            hovertemplate=f"{label} %{{x}}: %{{y:.{decimals}f}}<extra></extra>",
        ))
    for i, (label, avg, size) in enumerate(averages):
        if avg.empty:
            continue
        text = [f"{label} {int(y)}: {number(m, decimals, lang)} ({t('n_of_N', lang, n=int(n), N=size)})"
                for y, m, n in zip(avg["year"], avg["mean"], avg["n"], strict=True)]
        fig.add_trace(go.Scatter(
            x=avg["year"], y=avg["mean"], mode="lines", name=label, text=text, hovertemplate="%{text}<extra></extra>",
            line={"color": HUB_LINE if i == 0 else PEER_LINE, "dash": "dash" if i == 0 else "dot", "width": 2.5},
        ))
    if not frame.empty:
        _year_axis(fig, int(frame["year"].min()), int(frame["year"].max()))
    fig.update_yaxes(title=meta["unit"])
    fig = _layout(fig, lang, 480, demo)
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "y": 1, "font": {"size": 11}},
                      margin={"l": 10, "r": 10, "t": 30, "b": 40})
    return fig


def _transparent(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def value_map(values: pd.DataFrame, meta: dict, lang: str, demo: bool) -> go.Figure:
    """Choropleth of the values (better = darker whatever the direction); outlines served locally."""
    name = _name(lang)
    decimals = int(meta["decimals"])
    have = values[values["value"].notna()]
    text = [f"{r[name]}: {number(r['value'], decimals, lang)} ({int(r['value_year'])})" for _, r in have.iterrows()]
    fig = go.Figure(go.Choropleth(
        locations=have["iso3"], z=have["value"], locationmode="ISO-3", text=text,
        hovertemplate="%{text}<extra></extra>", colorscale="Viridis", reversescale=bool(meta["higher_is_better"]),
        marker={"line": {"color": "white", "width": 0.5}},
        colorbar={"title": {"text": meta["unit"], "side": "right"}, "thickness": 14, "len": 0.8},
    ))
    fig.update_geos(projection_type="natural earth", showcountries=True, countrycolor="#bbbbbb", showland=True,
                    landcolor="#f2f2f2", showocean=False, showframe=False, lataxis_range=[-50, 80])
    fig = _layout(fig, lang, 460, demo)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 10, "b": 0})
    return fig


def scatter_chart(frame: pd.DataFrame, x_meta: dict, y_meta: dict, lang: str, focus: str | None,
                  demo: bool) -> go.Figure:
    """Two indicators; every country labelled on hover, the focus country labelled on the chart."""
    name = _name(lang)
    both = frame[frame["value_x"].notna() & frame["value_y"].notna()]
    others, me = both[both["iso3"] != focus], both[both["iso3"] == focus]
    fig = go.Figure()
    for part, colour, size, label in ((others, OTHER, 10, t("cmp_other_countries", lang)),
                                      (me, FOCUS, 16, None)):
        if part.empty:
            continue
        hover = [f"{r[name]}<br>{x_meta['name']}: {number(r['value_x'], int(x_meta['decimals']), lang)} "
                 f"({int(r['value_year_x'])})<br>{y_meta['name']}: "
                 f"{number(r['value_y'], int(y_meta['decimals']), lang)} ({int(r['value_year_y'])})"
                 for _, r in part.iterrows()]
        fig.add_trace(go.Scatter(
            x=part["value_x"], y=part["value_y"], mode="markers+text" if label is None else "markers",
            text=part[name] if label is None else None, textposition="top center",
            textfont={"color": colour, "size": 14}, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
            marker={"color": colour, "size": size, "line": {"color": "white", "width": 1}},
            name=label or str(part[name].iloc[0]),
        ))
    fig.update_xaxes(title=f"{x_meta['name']} ({x_meta['unit']})")
    fig.update_yaxes(title=f"{y_meta['name']} ({y_meta['unit']})")
    fig = _layout(fig, lang, 500, demo)
    fig.update_layout(legend={"orientation": "h", "y": -0.18})
    return fig


def profile_strip(profile: pd.DataFrame, lang: str, demo: bool) -> go.Figure:
    """Heat strip: each indicator's distance from the hub average in hub standard deviations, oriented so that
    blue is ahead and orange behind whatever the indicator's direction; the cell says the rank."""
    name = _name(lang)
    frame = profile.iloc[::-1]
    labels = [f"{r[name]} ({int(r['year'])})" for _, r in frame.iterrows()]
    text = [t("cmp_rank_short", lang, rank=int(r["hub_rank"]), of=int(r["rank_of"]))
            if pd.notna(r["hub_rank"]) and r["rank_of"] > 0 else t("missing", lang) for _, r in frame.iterrows()]
    z = frame["position"].clip(-2.5, 2.5)
    fig = go.Figure(go.Heatmap(
        z=np.array([z.to_numpy(dtype=float)]).T, x=[t("cmp_position", lang)], y=labels,
        text=np.array([text]).T, texttemplate="%{text}", textfont={"size": 12},
        colorscale=[[0, "#E69F00"], [0.5, "#f7f7f7"], [1, "#0072B2"]], zmin=-2.5, zmax=2.5, zmid=0,
        colorbar={"title": {"text": t("cmp_sd_units", lang), "side": "right"}, "thickness": 12,
                  "tickvals": [-2, -1, 0, 1, 2]},
        hovertemplate="%{y}: %{z:.2f}<extra></extra>", xgap=2, ygap=2,
    ))
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(side="top")
    fig = _layout(fig, lang, 80 + 26 * len(frame), demo)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def small_multiples(panels: list[dict], lang: str, demo: bool, columns: int = 3) -> go.Figure:
    """One small chart per indicator: the country's series (with its uncertainty band), the hub average, and
    the country's targets where it set them. Each panel: meta, series, hub (year, mean, n), N, targets."""
    rows = max(1, math.ceil(len(panels) / columns))
    titles = [_wrap(p["meta"]["name"], 38) for p in panels]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, vertical_spacing=0.5 / rows + 0.04,
                        horizontal_spacing=0.06)
    for i, panel in enumerate(panels):
        r, c = i // columns + 1, i % columns + 1
        own, hub, targets = panel["series"], panel["hub"], panel["targets"]
        bounds = [interval(x) for x in own.itertuples()]
        if any(bounds):
            pts = [(y, b) for y, b in zip(own["year"], bounds, strict=True) if b]
            xs = [y for y, _ in pts]
            fig.add_trace(go.Scatter(x=xs + xs[::-1], y=[b[1] for _, b in pts] + [b[0] for _, b in pts][::-1],
                                     fill="toself", fillcolor=_transparent(FOCUS, 0.15), line={"width": 0},
                                     hoverinfo="skip", showlegend=False, name=t("cmp_band", lang)), row=r, col=c)
        if not hub.empty:
            fig.add_trace(go.Scatter(x=hub["year"], y=hub["mean"], mode="lines", name=t("cmp_hub_average", lang),
                                     line={"color": HUB_LINE, "dash": "dash", "width": 1.5}, showlegend=i == 0,
                                     legendgroup="hub"), row=r, col=c)
        fig.add_trace(go.Scatter(x=own["year"], y=own["value"], mode="lines+markers", name=panel["country"],
                                 line={"color": FOCUS, "width": 2.5}, marker={"size": 5}, showlegend=i == 0,
                                 legendgroup="me"), row=r, col=c)
        if targets is not None and not targets.empty:
            fig.add_trace(go.Scatter(x=targets["year"], y=targets["value"], mode="markers",
                                     name=t("cmp_target", lang), legendgroup="target", showlegend=True,
                                     marker={"symbol": "star", "size": 13, "color": "#CC79A7",
                                             "line": {"color": "black", "width": 1}}), row=r, col=c)
        years = pd.concat([own["year"], hub["year"]] + ([targets["year"]] if targets is not None else []))
        if len(years):
            span = int(years.max()) - int(years.min())
            fig.update_xaxes(tickformat="d", dtick=max(1, math.ceil(span / 4)), row=r, col=c)
    fig.update_annotations(font={"size": 12})
    fig = _layout(fig, lang, 60 + 230 * rows, demo)
    fig.update_layout(legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
                      margin={"l": 10, "r": 10, "t": 70, "b": 30})
    return fig


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines[:2]) + ("…" if len(lines) > 2 else "")


STATUS_CODE = {"absent": 0, "missing": 1, "value": 2}


def coverage_matrix(coverage: pd.DataFrame, names: pd.Series, years: list[int], lang: str,
                    demo: bool) -> go.Figure:
    """Country x year: a value, published as missing, or no row at all; gaps are visible before comparing."""
    grid = pd.DataFrame("absent", index=names.index, columns=years)
    for row in coverage.itertuples():
        if row.iso3 in grid.index and row.year in grid.columns:
            grid.loc[row.iso3, row.year] = row.status
    grid = grid.loc[names.sort_values(ascending=False).index]
    z = grid.replace(STATUS_CODE).to_numpy(dtype=float)
    words = {"absent": t("cmp_cov_absent", lang), "missing": t("cmp_cov_missing", lang),
             "value": t("cmp_cov_value", lang)}
    hover = [[f"{names[iso]} {y}: {words[grid.loc[iso, y]]}" for y in years] for iso in grid.index]
    fig = go.Figure(go.Heatmap(
        z=z, x=[str(y) for y in years], y=[names[i] for i in grid.index], customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", zmin=0, zmax=2, xgap=1, ygap=1,
        colorscale=[[0, "#eeeeee"], [0.33, "#eeeeee"], [0.34, "#E69F00"], [0.66, "#E69F00"], [0.67, "#0072B2"],
                    [1, "#0072B2"]],
        colorbar={"tickvals": [0.33, 1, 1.67], "ticktext": [words["absent"], words["missing"], words["value"]],
                  "thickness": 12, "len": 0.5},
    ))
    fig.update_xaxes(type="category", side="top")
    fig.update_yaxes(automargin=True)
    fig = _layout(fig, lang, 80 + 20 * len(grid), demo)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig
