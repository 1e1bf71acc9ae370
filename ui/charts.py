"""Streamlit's side of the charts: where the page serves map outlines from. Builders live in charts/."""

from __future__ import annotations

# Plotly reads map outlines from here (served by Streamlit from static/topojson/), never from a CDN.
TOPOJSON_URL = "app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}
