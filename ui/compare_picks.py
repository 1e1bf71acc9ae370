"""The compare page's choices: indicator, breakdown, year, look-back, hub set, peer group, highlighted and shown
countries, each bound to the address."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import compare, peers
from analytics.selection import Selection
from core.i18n import Language
from screens import compare as screen
from screens.common import default_indicator
from screens.reading import Read
from ui import compare_widgets as w
from ui import datasets, links

LAGS = [0, 1, 2, 3, 5, 10]


def pick(read: Read, path: str, indicators: pd.DataFrame, lang: Language) -> screen.Picks:
    """The widgets of the compare page, top to bottom; the page stops with a hint when no country is chosen."""
    countries, membership = read(compare.countries), read(peers.membership)
    listed = sorted(membership.loc[membership["is_hub_member"].astype(bool), "iso3"])
    left, middle, right = st.columns([3, 1, 2])
    with left:
        code = w.indicator_picker(indicators, lang, "cmp_ind", lang.t("cmp_indicator"),
                                  default=default_indicator(indicators))
        breakdown = datasets.breakdown_picker(path, lang, "cmp_bd", code=code,
                                              default=indicators.set_index("code").loc[code, "breakdown"])
    sel = datasets.selection(breakdown)  # the breakdown picked (total by default) of the editions in use
    with middle:
        year = _year(read, indicators, code, listed, sel, lang)
    with right:
        lag = links.selectbox(lang.t("cmp_fallback"), LAGS, key="cmp_lag", param="lag", default=3,
                              format_func=lambda n: lang.t("cmp_lag_none") if n == 0
                              else lang.plural("cmp_lag_years", n), help=lang.t("cmp_fallback_help"))

    own = w.own_group_editor(countries, lang)
    options = w.group_options(read(compare.groups), own, lang)
    hub_set = w.hub_set_picker(membership, own, lang)
    left, middle, right = st.columns([2, 2, 3])
    with left:
        peer = w.peer_picker(options, lang)
    with middle:
        focus = w.country_picker(countries, lang, "cmp_focus", lang.t("cmp_focus"), w.default_focus(listed))

    def fill_from_group() -> None:
        chosen = st.session_state.get("cmp_fill_group")
        if chosen in options:
            st.session_state["cmp_countries"] = sorted(options[chosen][1])

    with right:
        st.selectbox(lang.t("cmp_fill_from"), list(options), index=None, key="cmp_fill_group",
                     format_func=lambda c: options[c][0], on_change=fill_from_group,
                     placeholder=lang.t("cmp_fill_placeholder"))
    country_names = w.names(countries, lang)
    chosen = links.multiselect(lang.t("cmp_countries"), list(countries["iso3"]), default=listed, key="cmp_countries",
                               param="countries", format_func=lambda c: country_names.get(c, c), wrap=False)
    if not chosen:
        st.info(lang.t("cmp_choose_countries"))
        st.stop()
    w.remember()
    peer_name, peer_members = options[peer]
    return screen.Picks(code=code, year=int(year), lag=int(lag), focus=focus, chosen=tuple(chosen), hub=hub_set,
                        peer=peer, peer_name=peer_name, peer_members=tuple(peer_members), sel=sel)


def _year(read: Read, indicators: pd.DataFrame, code: str, listed: list[str], sel: Selection, lang: Language) -> int:
    """The year picker: every year of any indicator, newest first; a new indicator without data in the year picked
    opens on its own default year."""
    all_years = list(range(int(indicators["first_year"].min()), int(indicators["last_year"].max()) + 1))[::-1]
    default, years = screen.default_year(read, code, listed, sel)
    if st.session_state.get("_cmp_year_for") != code and st.session_state.get("cmp_year") not in years:
        st.session_state["cmp_year"] = default
    st.session_state["_cmp_year_for"] = code
    return links.selectbox(lang.t("year"), all_years, key="cmp_year", param="year", default=default)
