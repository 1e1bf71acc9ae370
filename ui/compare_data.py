"""Cached access to the compare queries, keyed by the store version's path (a new load is a new key) and by the
selection (breakdown, editions picked) the figures are read with."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import compare, peers
from analytics.selection import TOTAL, Selection
from ui import compare_tables
from ui.data import cursor


@st.cache_data(show_spinner=False, max_entries=8)
def indicators(path: str, sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.indicators(cursor(path, sel))


@st.cache_data(show_spinner=False, max_entries=8)
def hub_coverage(path: str, sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.hub_coverage(cursor(path, sel))


@st.cache_data(show_spinner=False, max_entries=8)
def countries(path: str) -> pd.DataFrame:
    return compare.countries(cursor(path))


@st.cache_data(show_spinner=False, max_entries=8)
def groups(path: str) -> pd.DataFrame:
    return compare.groups(cursor(path))


@st.cache_data(show_spinner=False, max_entries=8)
def hub_members(path: str) -> list[str]:
    return compare.hub_members(cursor(path))


@st.cache_data(show_spinner=False, max_entries=8)
def membership(path: str) -> pd.DataFrame:
    """Every country's hub status (member, confirmed), for the hub-average choice."""
    return peers.membership(cursor(path))


@st.cache_data(show_spinner=False, max_entries=64)
def years(path: str, code: str, sel: Selection = TOTAL) -> list[int]:
    return compare.years(cursor(path, sel), code)


@st.cache_data(show_spinner=False, max_entries=64)
def sources_of(path: str, codes: tuple[str, ...], sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.sources_of(cursor(path, sel), list(codes))


@st.cache_data(show_spinner=False, max_entries=64)
def year_values(path: str, code: str, year: int, iso3s: tuple[str, ...], max_lag: int | None,
                sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.year_values(cursor(path, sel), code, year, list(iso3s), max_lag)


@st.cache_data(show_spinner=False, max_entries=64)
def series(path: str, code: str, iso3s: tuple[str, ...], first: int | None, last: int | None,
           sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.series(cursor(path, sel), code, list(iso3s), first, last)


@st.cache_data(show_spinner=False, max_entries=64)
def group_series(path: str, code: str, members: tuple[str, ...], sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.group_series(cursor(path, sel), code, list(members))


@st.cache_data(show_spinner=False, max_entries=64)
def coverage(path: str, code: str, iso3s: tuple[str, ...], sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.coverage(cursor(path, sel), code, list(iso3s))


@st.cache_data(show_spinner=False, max_entries=32)
def profile(path: str, iso3: str, baseline: int, hub: tuple[str, ...], peers: tuple[str, ...],
            sel: Selection = TOTAL) -> pd.DataFrame:
    return compare.profile(cursor(path, sel), iso3, baseline, list(hub), list(peers))


@st.cache_data(show_spinner=False, max_entries=32)
def targets(path: str, iso3: str, codes: tuple[str, ...]) -> pd.DataFrame:
    return compare.targets(cursor(path), iso3, list(codes))


@st.cache_data(show_spinner=False, max_entries=32)
def profile_table(path: str, iso3: str, baseline: int, hub: tuple[str, ...], peers: tuple[str, ...], lang: str,
                  peer_name: str, hub_label: str = "", sel: Selection = TOTAL) -> pd.DataFrame:
    """The profile written out for reading: formatting thousands of numbers is worth keeping between runs."""
    return compare_tables.profile_table(profile(path, iso3, baseline, hub, peers, sel), lang, peer_name, hub_label)
