"""The sidebar on every page: language, and which data is loaded (sources, editions, demo or not)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import LANGUAGES, number, t
from ui import data, state
from ui.text import plain


def language_picker() -> str:
    current = state.lang()
    chosen = st.sidebar.radio(
        t("language", current), list(LANGUAGES), index=list(LANGUAGES).index(current),
        format_func=LANGUAGES.get, horizontal=True, key="language",
    )
    if chosen != current:
        state.set_lang(chosen)
        st.rerun()
    return chosen


def data_panel(path: str, lang: str) -> pd.DataFrame:
    """List every loaded edition; say loudly when demo data is among them. Returns the sources table."""
    sources = data.sources(path)
    st.sidebar.subheader(t("data_loaded", lang))
    lines = []
    for row in sources.itertuples():
        status = t("current_edition", lang) if row.is_current else t("older_edition", lang)
        demo = f" · **{t('demo_tag', lang)}**" if row.is_demo else ""
        years = f"{row.first_year}–{row.last_year}" if pd.notna(row.first_year) else "—"
        lines.append(
            f"- {plain(row.name)}: {t('edition', lang)} {plain(row.edition)} ({status}){demo}  \n"
            f"  {years}, {number(row.observations, 0, lang)} {t('observations', lang)}"
        )
    st.sidebar.markdown("\n".join(lines) if lines else "—")
    if sources["is_demo"].any():
        st.sidebar.warning(t("demo_banner", lang), icon="⚠️")
    return sources
