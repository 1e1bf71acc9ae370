"""The sidebar on every page: language, and which data is loaded (sources, editions, demo or not)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import LANGUAGES, number, t
from ui import data, datasets, links, state
from ui.text import plain

LANGUAGE_LABEL = "Language / Язык"


def language_picker() -> str:
    """The language radio, bound to the address's `?lang=en|ru`, so a copied address keeps the language."""
    # A fixed bilingual label: a label that changes with the language would make it a new widget. The address
    # holds the code (?lang=ru), like every other choice (ui/links.py).
    return links.radio(LANGUAGE_LABEL, list(LANGUAGES), key=state.LANG_KEY, param="lang", default="en",
                       format_func=LANGUAGES.get, horizontal=True, container=st.sidebar)


def data_panel(path: str, lang: str) -> pd.DataFrame:
    """List every loaded edition, with a picker where a dataset has several. Returns the sources table."""
    sources = data.sources(path)
    st.sidebar.subheader(t("data_loaded", lang))
    lines = []
    for row in sources.itertuples():
        status = t("current_edition", lang) if row.is_current else t("older_edition", lang)
        demo = f" · **{t('demo_tag', lang)}**" if row.is_demo else ""
        name = t("demo_source_name", lang) if row.dataset == "demo" else plain(row.name)  # the generated indicators
        years = f"{row.first_year}–{row.last_year}" if pd.notna(row.first_year) else "—"
        lines.append(
            f"- {name}: {t('edition', lang)} {plain(row.edition)} ({status}){demo}  \n"
            f"  {years}, {number(row.observations, 0, lang)} {t('observations', lang)}"
        )
    st.sidebar.markdown("\n".join(lines) if lines else "—")
    datasets.edition_pickers(path, sources, lang)
    return sources
