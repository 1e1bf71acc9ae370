"""The brief page's build step (progress shown while it runs) and its download buttons."""

from __future__ import annotations

import duckdb
import streamlit as st

from core.i18n import Language
from reports import brief
from screens import brief as screen
from ui import downloads
from ui.text import plain


def build(con: duckdb.DuckDBPyConnection, picks: dict, lang: Language) -> dict:
    """Build the brief of `picks` (screens.brief.make's arguments) with a progress bar; when it cannot be built,
    the reason is shown and the page stops."""
    with st.status(lang.t("rep_building"), expanded=True) as status:
        bar = st.progress(0.0)

        def progress(fraction: float, text: str) -> None:
            bar.progress(min(1.0, fraction), text=plain(text))

        try:
            made = screen.make(con, **picks, lang=lang, progress=progress)
        except brief.BriefError as error:
            status.update(label=plain(str(error)), state="error")
            st.stop()
        if made["pdf_missing"]:
            st.warning(lang.t("rep_pdf_unavailable", error=plain(made["pdf_missing"])))
        status.update(label=lang.t("rep_built", charts=made["charts"], rows=made["rows"]), state="complete",
                      expanded=False)
    return made


def download_row(ready: dict, lang: Language) -> None:
    """A button per file built, then the charts as one pack."""
    labels = {"docx": lang.t("rep_download_docx"), "pdf": lang.t("rep_download_pdf"),
              "pptx": lang.t("rep_download_pptx")}
    columns = st.columns(len(brief.FORMATS) + 2)
    for column, fmt in zip(columns, [f for f in brief.FORMATS if f in ready["files"]], strict=False):
        column.download_button(labels[fmt], data=ready["files"][fmt], file_name=ready["names"][fmt],
                               mime=brief.MIME[fmt], key=f"rep-brief-{fmt}", on_click="ignore",
                               icon=":material/download:", type="primary" if fmt == "docx" else "secondary")
    with columns[-2]:
        downloads.chart_pack(ready["pack"], ready["pack_meta"], key="rep-brief")
