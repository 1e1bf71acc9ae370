"""Which data a page shows: the edition of each dataset (sidebar), the breakdown of an indicator, demo or not."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import breakdowns as bd
from analytics import editions
from analytics.selection import Selection
from core.i18n import Language
from ui import links
from ui.data import read
from ui.text import plain

EDITION_KEY = "ed_"  # session key prefix of the sidebar's edition pickers: "ed_wgi" holds a source_id


# -- editions ------------------------------------------------------------------------------------------------------


def edition_pickers(path: str, sources: pd.DataFrame, lang: Language) -> None:
    """In the sidebar, one picker per dataset of indicator data with more than one edition: the current edition
    unless the user picks another. Bound to the address, so a copied link shows the same edition."""
    lang = Language(lang)
    with_data = sources[sources["dataset"].isin(read(path, editions.observed_datasets))]
    for dataset, found in with_data.groupby("dataset", sort=True):
        if len(found) < 2:
            continue
        found = found.sort_values("is_current", ascending=False)
        ids = found["source_id"].tolist()
        status = {True: lang.t("current_edition"), False: lang.t("older_edition")}
        names = {r.source_id: f"{r.edition} ({status[bool(r.is_current)]})" for r in found.itertuples()}
        with st.sidebar:
            links.selectbox(lang.t("ds_edition_of", name=found["name"].iloc[0]), ids, key=EDITION_KEY + dataset,
                            param=f"edition_{dataset}", format_func=names.get, help=lang.t("ds_edition_help"))


def picked_editions() -> tuple[str, ...]:
    """The edition picked for each dataset with a picker (its current edition unless the user chose another;
    an edition no longer in the store is ignored by the figure view, which then reads the current one)."""
    return tuple(sorted(str(v) for k, v in st.session_state.items() if str(k).startswith(EDITION_KEY) and v))


def selection(breakdown: str = "") -> Selection:
    """What the page's queries read: `breakdown` ('' = the total) of the editions picked in the sidebar."""
    return Selection(breakdown=breakdown, editions=picked_editions())


def notices(sources: pd.DataFrame, lang: Language) -> None:
    """At the top of every page: DEMO when the store holds demo data; which earlier editions are shown."""
    lang = Language(lang)
    if sources["is_demo"].any():
        st.warning(lang.t("demo_banner"), icon="⚠️")
    older = sources[sources["source_id"].isin(picked_editions()) & ~sources["is_current"].astype(bool)]
    for row in older.itertuples():
        current = sources.loc[(sources["dataset"] == row.dataset) & sources["is_current"], "edition"]
        st.info(plain(lang.t("ds_older_edition_shown", name=row.name, edition=row.edition,
                        current=current.iloc[0] if len(current) else "—")), icon=":material/history:")


# -- breakdowns ----------------------------------------------------------------------------------------------------


def label_table(path: str) -> pd.DataFrame:
    return read(path, bd.label_table)


def present(path: str, sel: Selection, code: str | None = None, iso3: str | None = None) -> pd.DataFrame:
    return read(path, bd.present, code, iso3, sel=sel)


def breakdown_label(path: str, breakdown: str, lang: str) -> str:
    return bd.label(breakdown, label_table(path), lang)


def breakdown_picker(path: str, lang: Language, key: str, *, code: str | None = None, iso3: str | None = None,
                     default: str = "") -> str:
    """The breakdowns present for an indicator (`code`) or a country (`iso3`), total first; shown only when
    there is a choice. Returns the breakdown picked ('' = the total)."""
    lang = Language(lang)
    found = present(path, selection(), code, iso3)
    options = found["breakdown"].tolist()
    if not options:
        return default
    if len(options) == 1:
        st.session_state.pop(key, None)
        return options[0]
    if st.session_state.get(key) not in options:  # another indicator or country: its own default
        st.session_state[key] = default if default in options else options[0]
    names = bd.labels(options, label_table(path), lang)
    return links.selectbox(lang.t("ds_breakdown"), options, key=key, param="breakdown", format_func=names.get,
                           help=lang.t("ds_breakdown_help"))
