"""Download buttons under every chart and table; files are built only when clicked and never rerun the page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.i18n import Language
from reports import images, tables
from reports.images import PackItem
from reports.meta import ExportMeta
from ui.text import plain


def with_view_url(meta: ExportMeta) -> ExportMeta:
    """The meta with an absolute link to this view (the page's own address, selections and language included)
    unless the page gave one."""
    if meta.view_url.startswith(("http://", "https://")):
        return meta
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no browser session (AppTest, bare mode): keep what the page gave
        url = None
    return replace(meta, view_url=url) if url else meta


def _builder(make: Callable[[], bytes], lang: Language) -> Callable[[], bytes]:
    """Build the file when the button is clicked; a missing browser becomes a readable text file, not a crash."""
    lang = Language(lang)

    def build() -> bytes:
        try:
            return make()
        except images.BrowserMissing as error:
            return lang.t("rep_no_browser", error=str(error)).encode("utf-8")

    return build


def table_downloads(frame: pd.DataFrame, meta: ExportMeta, key: str) -> None:
    """CSV (UTF-8 with BOM, formula-safe) and XLSX (with a metadata sheet) of `frame`."""
    meta = with_view_url(meta)
    left, right, _ = st.columns([1, 1, 6])
    left.download_button(
        "CSV", data=lambda: tables.to_csv(frame, meta), file_name=f"{meta.file_stem}.csv", mime="text/csv",
        key=f"{key}-csv", on_click="ignore", icon=":material/download:",
    )
    right.download_button(
        "XLSX", data=lambda: tables.to_xlsx(frame, meta), file_name=f"{meta.file_stem}.xlsx",
        mime=tables.XLSX_MIME, key=f"{key}-xlsx", on_click="ignore", icon=":material/download:",
        help=meta.lang.t("rep_xlsx_help"),
    )


def chart_downloads(fig: go.Figure, meta: ExportMeta, key: str) -> None:
    """PNG (print resolution), SVG, PDF and offline interactive HTML of `fig`, each stamped with its sources."""
    meta = with_view_url(meta)
    helps = {"png": meta.lang.t("rep_png_help"), "html": meta.lang.t("rep_html_help")}
    formats = images.FORMATS
    try:
        images.browser_path()
    except images.BrowserMissing as error:
        st.caption(meta.lang.t("rep_no_browser", error=plain(str(error))))
        formats = ("html",)  # needs no browser on the server
    columns = st.columns([1, 1, 1, 1, 4])
    for column, fmt in zip(columns, formats, strict=False):
        column.download_button(
            fmt.upper(), data=_builder(lambda fmt=fmt: images.export(fig, meta, fmt), meta.lang),
            file_name=f"{meta.file_stem}.{fmt}", mime=images.MIME[fmt], key=f"{key}-{fmt}", on_click="ignore",
            icon=":material/download:", help=helps.get(fmt),
        )


def chart_pack(items: Sequence[PackItem | tuple] | Callable[[], Sequence[PackItem]], meta: ExportMeta,
               key: str) -> None:
    """One ZIP of every chart of the view (PNG + SVG + CSV each); built only when clicked (`items` may be a function
    that builds the charts then, for views that draw only the open tab)."""
    meta = with_view_url(meta)
    st.download_button(
        meta.lang.t("rep_pack"),
        data=_builder(lambda: images.chart_pack(items() if callable(items) else items, meta), meta.lang),
        file_name=f"{meta.file_stem}.zip", mime=images.MIME["zip"], key=f"{key}-pack", on_click="ignore",
        icon=":material/folder_zip:", help=meta.lang.t("rep_pack_help"),
    )
