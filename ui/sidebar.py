"""The sidebar on every page: language, and which data is loaded (sources, editions, demo or not)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import overview
from core.i18n import LANGUAGES, Language
from etl.catalogue import source_text
from ui import data, datasets, links, state
from ui.text import plain

LANGUAGE_LABEL = "Тіл / Язык / Language"


def language_picker() -> Language:
    """The language radio, bound to the address's `?lang=`, so a copied address keeps the language."""
    # A fixed trilingual label: a label that changes with the language would make it a new widget. The address
    # holds the code (?lang=kk), like every other choice (ui/links.py).
    return Language(links.radio(LANGUAGE_LABEL, list(LANGUAGES), key=state.LANG_KEY, param="lang",
                                default=state.default_language().code, format_func=LANGUAGES.get,
                                horizontal=True, container=st.sidebar))


def data_panel(path: str, lang: Language) -> pd.DataFrame:
    """List every loaded edition, with a picker where a dataset has several. Returns the sources table."""
    lang = Language(lang)
    sources = data.read(path, overview.sources)
    st.sidebar.subheader(lang.t("data_loaded"))
    lines = []
    for row in sources.itertuples():
        status = lang.t("current_edition") if row.is_current else lang.t("older_edition")
        demo = f" · **{lang.t('demo_tag')}**" if row.is_demo else ""
        # the generated indicators
        name = lang.t("demo_source_name") if row.dataset == "demo" else plain(source_text(row.name, lang))
        years = f"{row.first_year}–{row.last_year}" if pd.notna(row.first_year) else "—"
        lines.append(
            f"- {name}: {lang.t('edition')} {plain(row.edition)} ({status}){demo}  \n"
            f"  {years}, {lang.n(row.observations, 0)} {lang.t('observations')}"
        )
    st.sidebar.markdown("\n".join(lines) if lines else "—")
    datasets.edition_pickers(path, sources, lang)
    return sources
