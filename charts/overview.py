"""Figures of the overview page: the hub participants' map."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.style import PALETTE, finish
from core.i18n import Language


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
    return finish(fig, lang, demo=False)
