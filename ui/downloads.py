"""Download buttons under every chart and table; files are built only when clicked and never rerun the page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from reports.meta import ExportMeta


def table_downloads(frame: pd.DataFrame, meta: ExportMeta, key: str) -> None:
    """CSV download of `frame` (UTF-8 with BOM so Excel reads Cyrillic)."""
    st.download_button(
        "CSV", data=lambda: frame.to_csv(index=False).encode("utf-8-sig"), file_name=f"{meta.file_stem}.csv",
        mime="text/csv", key=f"{key}-csv", on_click="ignore",
    )


def chart_downloads(fig: go.Figure, meta: ExportMeta, key: str) -> None:
    """Interactive HTML download of `fig` (image formats are added by the exports work)."""
    st.download_button(
        "HTML", data=lambda: fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8"),
        file_name=f"{meta.file_stem}.html", mime="text/html", key=f"{key}-html", on_click="ignore",
    )
