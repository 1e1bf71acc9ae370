"""Figures of the compare pages and their exports: ranked bars, series, map, scatter, profile strip, multiples.

Built for print as much as for the screen: a ranking grows in height with its countries so every name and value
is readable at print size; a series of many countries highlights the focus country and its peers and greys the
rest, with a legend of at most eight entries; long names wrap."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.compare import Average
from analytics.significance import intervals
from charts.style import (
    BAND_ALPHA,
    FOCUS,
    GREY,
    HUB_LINE,
    MAX_LEGEND,
    OTHER,
    OTHER_LIGHT,
    PEER_COLOURS,
    PEER_LINE,
    TEXT,
    escape,
    figure,
    transparent,
    wrap,
    year_axis,
)
from core.i18n import Language, with_unit

BAND_LIMIT = 2  # besides the focus country, uncertainty bands are drawn for at most this many highlighted peers
MAX_PANELS = 12  # small multiples drawn at most
ROW_PX = 22  # one country of a ranking: 12 px text with room to breathe, at any number of countries
ROW_PX_WRAPPED = 32  # ... when some name needs two lines
NAME_WIDTH = 26  # characters of a country name on one line before it wraps
RANKED_TOP, RANKED_BOTTOM = 74, 50
# An average's label: lines of at most this many characters (about 300 px at 12 px), each this many pixels high.
AVERAGE_WIDTH, AVERAGE_LINE_PX = 44, 16


def _name(lang: Language) -> str:
    lang = Language(lang)
    return lang.col("name")


def bounds(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each value's published interval (analytics.significance.intervals): NaN where none is published."""
    return intervals(frame["value"], frame["std_error"], frame["lower"], frame["upper"])


def _band(years: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[list, list] | None:
    """The outline of an uncertainty band (upper edge forward, lower edge back), or None without any bounds."""
    keep = ~np.isnan(lo)
    if not keep.any():
        return None
    xs = years[keep].tolist()
    return xs + xs[::-1], hi[keep].tolist() + lo[keep].tolist()[::-1]


def average_label(avg: Average, decimals: int, lang: Language) -> str:
    """'<what the average is over>: <value>' (the label says which countries and how many reported)."""
    lang = Language(lang)
    return f"{avg.label}: {lang.n(avg.mean, decimals)}"


def ranked_height(rows: int, wrapped: bool) -> int:
    """The height a ranking of `rows` countries needs: it grows with the countries, never squeezes them."""
    return RANKED_TOP + RANKED_BOTTOM + (ROW_PX_WRAPPED if wrapped else ROW_PX) * max(rows, 3)


def ranked_bar(values: pd.DataFrame, averages: list[Average], meta: dict, lang: Language, focus: str | None,
               demo: bool, ranges: dict[str, tuple[int, int]] | None = None) -> go.Figure:
    """Countries sorted best first; earlier-year values lighter and marked with their year; missing countries
    listed as missing; averages as labelled vertical lines; published uncertainty as error bars; every country
    named and every value printed in a column of its own, one row each, so nothing overlaps at any size.
    `ranges`: iso3 -> the rank range the published intervals allow (shown on hover)."""
    lang = Language(lang)
    decimals, higher = int(meta["decimals"]), bool(meta["higher_is_better"])
    name = _name(lang)
    have = values[values["value"].notna()].sort_values("value", ascending=higher)  # plotly draws bottom-up
    missing = values[values["value"].isna()].sort_values(name, ascending=False)
    traces: list[dict] = []
    lo_b, hi_b = bounds(have)
    value = have["value"].to_numpy(dtype=float)
    err_plus = [None if np.isnan(h) else h - v for h, v in zip(hi_b, value, strict=True)]
    err_minus = [None if np.isnan(low) else v - low for low, v in zip(lo_b, value, strict=True)]
    colours = [FOCUS if r.iso3 == focus else (OTHER_LIGHT if r.is_fallback else OTHER) for r in have.itertuples()]
    labels = [
        lang.n(r.value, decimals) + (f" ({lang.t('cmp_from_year', year=int(r.value_year))})"
                                           if r.is_fallback else "")
        for r in have.itertuples()
    ]
    ranges = ranges or {}
    hover_range = [lang.t("vw_alt_range", low=ranges[i][0], high=ranges[i][1]) if i in ranges else ""
                   for i in have["iso3"]]
    lo = float(np.nanmin(np.concatenate([[0.0], value, lo_b])))
    hi = float(np.nanmax(np.concatenate([[0.0], value, hi_b])))
    span = (hi - lo) or 1.0
    traces.append(dict(type="bar",
        x=have["value"], y=have[name], orientation="h", marker={"color": colours}, name=meta["name"],
        showlegend=False, text=labels, textposition="none",
        customdata=np.stack([have["value_year"].astype("float").to_numpy(), np.array(hover_range, dtype=object)],
                            axis=-1) if len(have) else None,
        hovertemplate="%{y}: %{text}<br>" + lang.t("year") + " %{customdata[0]:d}%{customdata[1]}<extra></extra>",
        error_x={"type": "data", "symmetric": False, "array": err_plus, "arrayminus": err_minus,
                 "color": "#555555", "thickness": 1, "width": 3, "visible": any(e is not None for e in err_plus)},
    ))
    # The values in a column of their own at the right, clear of bars, error bars and reference lines: one row per
    # country, so no two labels can meet. A second x-axis holds that column; the value axis keeps the data's range.
    traces.append(dict(type="scatter", xaxis="x2",
        x=[0.0] * len(have), y=have[name], mode="text", text=labels, textposition="middle right",
        textfont={"size": 12, "color": TEXT}, showlegend=False, hoverinfo="skip", name=lang.t("value"),
        cliponaxis=False,
    ))
    if len(missing):
        # Missing countries stay on the chart, said in words, never drawn as a zero bar.
        traces.append(dict(type="scatter", xaxis="x2",
            x=[0.0] * len(missing), y=missing[name], mode="text", text=[lang.t("missing")] * len(missing),
            textposition="middle right", textfont={"color": "#666666", "size": 12}, showlegend=False,
            hoverinfo="skip", name=lang.t("missing"), cliponaxis=False,
        ))
    order = list(missing[name]) + list(have[name])
    ticks = [wrap(escape(n), NAME_WIDTH) for n in order]
    wrapped = any("<br>" in tick for tick in ticks)
    shapes, notes = [], []
    # Each average's label above the plot, wrapped so that no language's label runs past the chart's edge, the
    # labels stacked one above the other (the last average nearest the plot) with room made for their lines.
    shown = [(i, avg) for i, avg in enumerate(averages) if avg.n and not math.isnan(avg.mean)]
    texts = {i: wrap(escape(average_label(avg, decimals, lang)), AVERAGE_WIDTH) for i, avg in shown}
    shift, shifts = 4, {}
    for i, _avg in reversed(shown):
        shifts[i] = shift
        shift += AVERAGE_LINE_PX * (texts[i].count("<br>") + 1) + 6
    top = max(RANKED_TOP, shift + 12)
    for i, avg in shown:
        colour = HUB_LINE if i == 0 else PEER_LINE
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": avg.mean, "x1": avg.mean, "y0": 0,
                       "y1": 1, "line": {"color": colour, "dash": "dash" if i == 0 else "dot", "width": 2}})
        # Anchored on the side away from the edge it is near.
        share = (avg.mean - (lo - 0.03 * span)) / (1.06 * span)
        notes.append({"text": texts[i], "xref": "x", "yref": "paper", "align": "left",
                      "x": avg.mean, "y": 1, "yanchor": "bottom", "yshift": shifts[i],
                      "xanchor": "left" if share < 0.4 else ("right" if share > 0.6 else "center"),
                      "showarrow": False, "font": {"color": colour, "size": 12},
                      "bgcolor": "rgba(255,255,255,0.85)", "name": "average"})
    layout = {
        "xaxis": {"range": [lo - 0.03 * span, hi + 0.03 * span], "title": {"text": escape(meta["unit"])},
                  "domain": [0, 0.79]},
        "xaxis2": {"domain": [0.8, 1], "range": [0, 1], "visible": False, "fixedrange": True},
        "yaxis": {"categoryorder": "array", "categoryarray": order, "automargin": True, "tickmode": "array",
                  "tickvals": order, "ticktext": ticks, "tickfont": {"size": 12}},
        "shapes": shapes, "annotations": notes, "bargap": 0.25,
        "margin": {"l": 10, "r": 10, "t": top, "b": RANKED_BOTTOM},
    }
    return figure(traces, layout, lang, ranked_height(len(order), wrapped) + top - RANKED_TOP, demo)


def highlighted(codes: list[str], focus: str | None, peers: list[str] | None, slots: int) -> list[str]:
    """Which countries of a series get a colour of their own besides the focus country: its peers first (in the
    order given), then the others while few are shown; at most `slots`."""
    others = [c for c in codes if c != focus]
    if len(others) <= slots and not peers:
        return others
    chosen = [c for c in (peers or []) if c in others and c != focus]
    return chosen[:slots]


def time_series(frame: pd.DataFrame, averages: list[tuple[str, pd.DataFrame, int]], meta: dict, lang: Language,
                focus: str | None, demo: bool, peers: list[str] | None = None) -> go.Figure:
    """One line per country: the focus country thick in its own colour, up to four peers in theirs, every other
    country thin and grey under one legend entry, so the legend holds at most eight entries at any number of
    countries; uncertainty bands for the focus country (and two peers); group averages as dashed lines."""
    lang = Language(lang)
    name = _name(lang)
    decimals = int(meta["decimals"])
    traces: list[dict] = []
    codes = sorted(frame["iso3"].unique())
    shown_averages = [a for a in averages if not a[1].empty]
    # focus + highlighted + "other countries" + averages <= MAX_LEGEND
    slots = min(len(PEER_COLOURS), MAX_LEGEND - 1 - len(shown_averages) - 1)
    coloured = highlighted(codes, focus, peers, slots)
    grey = [c for c in codes if c != focus and c not in coloured]
    frame = frame.sort_values(["iso3", "year"])
    lo_all, hi_all = bounds(frame)
    iso = frame["iso3"].to_numpy()
    years, values, labels = frame["year"].to_numpy(), frame["value"].to_numpy(dtype=float), frame[name].to_numpy()

    def label_of(rows: np.ndarray, code: str) -> str:
        return escape(str(labels[rows[0]])) if pd.notna(labels[rows[0]]) else code

    for i, code in enumerate(grey):  # drawn first: underneath everything else
        rows = np.flatnonzero(iso == code)
        label = label_of(rows, code)
        traces.append(dict(type="scatter",
            x=years[rows], y=values[rows], mode="lines", name=lang.t("vw_other_countries", n=len(grey)),
            legendgroup="others", showlegend=i == 0, legendrank=900,
            line={"color": GREY, "width": 1.1}, opacity=0.75, text=[label] * len(rows),
            hovertemplate=f"{label} %{{x}}: %{{y:.{decimals}f}}<extra></extra>",
        ))
    for i, code in enumerate(coloured + ([focus] if focus in codes else [])):
        rows = np.flatnonzero(iso == code)
        is_focus = code == focus
        colour = FOCUS if is_focus else PEER_COLOURS[i % len(PEER_COLOURS)]
        label = label_of(rows, code)
        if is_focus or i < BAND_LIMIT:
            band = _band(years[rows], lo_all[rows], hi_all[rows])
            if band:
                traces.append(dict(type="scatter",
                    x=band[0], y=band[1], fill="toself", fillcolor=transparent(colour, BAND_ALPHA),
                    line={"width": 0}, hoverinfo="skip", showlegend=False,
                    name=f"{label}: {lang.t('cmp_band')}", legendgroup=code,
                ))
        traces.append(dict(type="scatter",
            x=years[rows], y=values[rows], mode="lines+markers", name=label, legendgroup=code,
            legendrank=2 if is_focus else 10 + i,  # averages, the focus country, its peers, then the rest
            line={"color": colour, "width": 3.5 if is_focus else 2}, marker={"size": 6 if is_focus else 4},
            hovertemplate=f"{label} %{{x}}: %{{y:.{decimals}f}}<extra></extra>",
        ))
    for i, (label, avg, size) in enumerate(averages):
        if avg.empty:
            continue
        text = [f"{escape(label)} {int(y)}: {lang.n(m, decimals)} ({lang.t('n_of_N', n=int(n), N=size)})"
                for y, m, n in zip(avg["year"], avg["mean"], avg["n"], strict=True)]
        traces.append(dict(type="scatter",
            x=avg["year"], y=avg["mean"], mode="lines", name=escape(label), text=text,
            hovertemplate="%{text}<extra></extra>", legendrank=1,
            line={"color": HUB_LINE if i == 0 else PEER_LINE, "dash": "dash" if i == 0 else "dot", "width": 2.5},
        ))
    layout = {
        "xaxis": year_axis(int(frame["year"].min()), int(frame["year"].max())) if not frame.empty else {},
        "yaxis": {"title": {"text": escape(meta["unit"])}},
        "legend": {"orientation": "v", "x": 1.01, "y": 1, "font": {"size": 11}},
        "margin": {"l": 10, "r": 10, "t": 30, "b": 40},
    }
    return figure(traces, layout, lang, 480, demo)


def value_map(values: pd.DataFrame, meta: dict, lang: Language, demo: bool) -> go.Figure:
    """Choropleth of the values (better = darker whatever the direction); outlines served locally."""
    lang = Language(lang)
    name = _name(lang)
    decimals = int(meta["decimals"])
    have = values[values["value"].notna()]
    text = [f"{r[name]}: {lang.n(r['value'], decimals)} ({int(r['value_year'])})" for _, r in have.iterrows()]
    trace = dict(
        type="choropleth", locations=have["iso3"], z=have["value"], locationmode="ISO-3", text=text,
        hovertemplate="%{text}<extra></extra>", colorscale="Viridis", reversescale=bool(meta["higher_is_better"]),
        marker={"line": {"color": "white", "width": 0.5}},
        colorbar={"title": {"text": meta["unit"], "side": "right"}, "thickness": 14, "len": 0.8},
    )
    layout = {"geo": {"projection": {"type": "natural earth"}, "showcountries": True, "countrycolor": "#bbbbbb",
                      "showland": True, "landcolor": "#f2f2f2", "showocean": False, "showframe": False,
                      "lataxis": {"range": [-50, 80]}},
              "margin": {"l": 0, "r": 0, "t": 10, "b": 0}}
    return figure([trace], layout, lang, 460, demo)


def scatter_chart(frame: pd.DataFrame, x_meta: dict, y_meta: dict, lang: Language, focus: str | None,
                  demo: bool, hub_means: dict[str, float] | None = None) -> go.Figure:
    """Two indicators; every country labelled on hover, the focus country labelled on the chart; the hub
    averages of the two (`hub_means` {"x": .., "y": ..}) as dashed cross-hairs."""
    lang = Language(lang)
    name = _name(lang)
    both = frame[frame["value_x"].notna() & frame["value_y"].notna()]
    others, me = both[both["iso3"] != focus], both[both["iso3"] == focus]
    traces: list[dict] = []
    for part, colour, size, label in ((others, OTHER, 10, lang.t("cmp_other_countries")),
                                      (me, FOCUS, 16, None)):
        if part.empty:
            continue
        hover = [f"{r[name]}<br>{x_meta['name']}: {lang.n(r['value_x'], int(x_meta['decimals']))} "
                 f"({int(r['value_year_x'])})<br>{y_meta['name']}: "
                 f"{lang.n(r['value_y'], int(y_meta['decimals']))} ({int(r['value_year_y'])})"
                 for _, r in part.iterrows()]
        traces.append(dict(type="scatter",
            x=part["value_x"], y=part["value_y"], mode="markers+text" if label is None else "markers",
            text=part[name] if label is None else None, textposition="top center",
            textfont={"color": colour, "size": 14, "shadow": "auto"}, customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            marker={"color": colour, "size": size, "line": {"color": "white", "width": 1}},
            name=label or str(part[name].iloc[0]),
        ))
    shapes = []
    for axis in ("x", "y"):
        if hub_means and not math.isnan(hub_means[axis]):
            # The hub averages as thin dashed cross-hairs: which quadrant a country is in reads at a glance.
            line = {"type": "line", "line": {"color": HUB_LINE, "dash": "dash", "width": 1}}
            shapes.append({**line, "xref": "x", "yref": "paper", "x0": hub_means["x"], "x1": hub_means["x"],
                           "y0": 0, "y1": 1} if axis == "x" else
                          {**line, "xref": "paper", "yref": "y", "y0": hub_means["y"], "y1": hub_means["y"],
                           "x0": 0, "x1": 1})
    layout = {"shapes": shapes, "xaxis": {"title": {"text": with_unit(x_meta["name"], x_meta["unit"])}},
              "yaxis": {"title": {"text": with_unit(y_meta["name"], y_meta["unit"])}},
              "legend": {"orientation": "h", "y": -0.18}}
    return figure(traces, layout, lang, 500, demo)


def profile_strip(profile: pd.DataFrame, lang: Language, demo: bool) -> go.Figure:
    """Heat strip: each indicator's distance from the hub average in hub standard deviations, oriented so that
    blue is ahead and orange behind whatever the indicator's direction; the cell says the rank."""
    lang = Language(lang)
    name = _name(lang)
    frame = profile.iloc[::-1]
    labels = [f"{n} ({int(y)})" for n, y in zip(frame[name], frame["year"], strict=True)]
    text = [lang.of(int(r), int(o)) if pd.notna(r) and o > 0 else lang.t("missing")
            for r, o in zip(frame["hub_rank"], frame["rank_of"], strict=True)]
    z = frame["position"].clip(-2.5, 2.5)
    trace = dict(
        type="heatmap", z=np.array([z.to_numpy(dtype=float)]).T, x=[lang.t("cmp_position")], y=labels,
        text=np.array([text]).T, texttemplate="%{text}", textfont={"size": 12},
        colorscale=[[0, "#E69F00"], [0.5, "#f7f7f7"], [1, "#0072B2"]], zmin=-2.5, zmax=2.5, zmid=0,
        colorbar={"title": {"text": lang.t("cmp_sd_units"), "side": "right"}, "thickness": 12,
                  "tickvals": [-2, -1, 0, 1, 2]},
        hovertemplate="%{y}: %{z:.2f}<extra></extra>", xgap=2, ygap=2,
    )
    layout = {"yaxis": {"automargin": True}, "xaxis": {"side": "top"}, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}}
    return figure([trace], layout, lang, 80 + 26 * len(frame), demo)


def small_multiples(panels: list[dict], lang: Language, demo: bool, columns: int = 3,
                    hub_label: str | None = None) -> go.Figure:
    """One small chart per indicator: the country's series (with its uncertainty band), the hub average, and
    the country's targets where it set them. Each panel: meta, series, hub (year, mean, n), N, targets.
    At most MAX_PANELS panels: more would be unreadable (the page lets the user choose which)."""
    lang = Language(lang)
    panels = panels[:MAX_PANELS]
    rows = max(1, math.ceil(len(panels) / columns))
    titles = [wrap(escape(p["meta"]["name"]), 40) for p in panels]  # wrapped whole, never cut
    lines = max([title.count("<br>") + 1 for title in titles] or [1])
    height = 90 + (210 + 16 * lines) * rows
    grid = make_subplots(rows=rows, cols=columns, subplot_titles=titles,
                         vertical_spacing=(44 + 16 * lines) / height if rows > 1 else 0.1, horizontal_spacing=0.06)
    traces: list[dict] = []
    target_shown = False
    for i, panel in enumerate(panels):
        axes = {"xaxis": "x" if i == 0 else f"x{i + 1}", "yaxis": "y" if i == 0 else f"y{i + 1}"}
        own, hub, targets = panel["series"], panel["hub"], panel["targets"]
        band = _band(own["year"].to_numpy(), *bounds(own))
        if band:
            traces.append(dict(type="scatter", x=band[0], y=band[1],
                               fill="toself", fillcolor=transparent(FOCUS, BAND_ALPHA), line={"width": 0},
                               hoverinfo="skip", showlegend=False, name=lang.t("cmp_band"), **axes))
        if not hub.empty:
            traces.append(dict(type="scatter", x=hub["year"], y=hub["mean"], mode="lines",
                               name=escape(hub_label or lang.t("cmp_hub_average")),
                               line={"color": HUB_LINE, "dash": "dash", "width": 1.5},
                               showlegend=i == 0, legendgroup="hub", **axes))
        traces.append(dict(type="scatter", x=own["year"], y=own["value"], mode="lines+markers", name=panel["country"],
                           line={"color": FOCUS, "width": 2.5}, marker={"size": 5}, showlegend=i == 0,
                           legendgroup="me", **axes))
        if targets is not None and not targets.empty:
            traces.append(dict(type="scatter", x=targets["year"], y=targets["value"], mode="markers",
                               name=lang.t("cmp_target"), legendgroup="target", showlegend=not target_shown,
                               marker={"symbol": "star", "size": 13, "color": "#CC79A7",
                                       "line": {"color": "black", "width": 1}}, **axes))
            target_shown = True
    layout = grid.layout.to_plotly_json()
    for i, panel in enumerate(panels):
        own, hub, targets = panel["series"], panel["hub"], panel["targets"]
        years = pd.concat([own["year"], hub["year"]] + ([targets["year"]] if targets is not None else []))
        if len(years):
            span = int(years.max()) - int(years.min())
            layout["xaxis" if i == 0 else f"xaxis{i + 1}"].update(tickformat="d", dtick=max(1, math.ceil(span / 4)))
    for note in layout.get("annotations", []):  # the panel titles
        note["font"] = {"size": 12}
    # The legend at the very top of the figure, above the first row's panel titles.
    layout.update(legend={"orientation": "h", "yref": "container", "y": 0.995, "yanchor": "top", "x": 0},
                  margin={"l": 10, "r": 10, "t": 74 + 16 * lines, "b": 30})
    return figure(traces, layout, lang, height, demo)


STATUS_CODE = {"absent": 0, "missing": 1, "value": 2}


def coverage_matrix(coverage: pd.DataFrame, names: pd.Series, years: list[int], lang: Language,
                    demo: bool) -> go.Figure:
    """Country x year: a value, published as missing, or no row at all; gaps are visible before comparing."""
    lang = Language(lang)
    grid = coverage.pivot(index="iso3", columns="year", values="status") if len(coverage) else pd.DataFrame()
    grid = grid.reindex(index=names.sort_values(ascending=False).index, columns=years).astype(object).fillna("absent")
    z = grid.replace(STATUS_CODE).to_numpy(dtype=float)
    words = {"absent": lang.t("cmp_cov_absent"), "missing": lang.t("cmp_cov_missing"),
             "value": lang.t("cmp_cov_value")}
    hover = [[f"{names[iso]} {y}: {words[status]}" for y, status in zip(years, row, strict=True)]
             for iso, row in zip(grid.index, grid.to_numpy(), strict=True)]
    trace = dict(
        type="heatmap", z=z, x=[str(y) for y in years], y=[names[i] for i in grid.index], customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", zmin=0, zmax=2, xgap=1, ygap=1,
        colorscale=[[0, "#eeeeee"], [0.33, "#eeeeee"], [0.34, "#E69F00"], [0.66, "#E69F00"], [0.67, "#0072B2"],
                    [1, "#0072B2"]],
        colorbar={"tickvals": [0.33, 1, 1.67], "ticktext": [words["absent"], words["missing"], words["value"]],
                  "thickness": 12, "len": 0.5},
    )
    step = 1 if len(years) <= 16 else (2 if len(years) <= 32 else 5)
    layout = {"xaxis": {"type": "category", "side": "top", "tickangle": 0, "dtick": step},
              "yaxis": {"automargin": True},
              "margin": {"l": 10, "r": 10, "t": 40, "b": 10}}
    return figure([trace], layout, lang, 80 + 20 * len(grid), demo)
