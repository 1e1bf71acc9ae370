"""Streamlit's side of the charts: the one way a figure reaches the page, and where map outlines are served
from. Builders live in charts/."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from reports.figure_text import literal_figure

# Plotly reads map outlines from here (served by Streamlit from static/topojson/), never from a CDN.
TOPOJSON_URL = "app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


def show(fig: go.Figure, key: str | None = None, config: dict | None = None) -> None:
    """Draw a figure on the page: the only way a chart reaches the screen, so that no string in it (a name from
    a file, a group name from the address) becomes a link or an image; map outlines are served locally."""
    st.plotly_chart(literal_figure(fig), config=config or PLOTLY_CONFIG, width="stretch", key=key)
