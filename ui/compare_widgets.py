"""Pickers shared by the compare pages (bound to the URL) and the 'about this data' and export helpers."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import streamlit as st

from analytics import peers
from core.i18n import Language
from etl.catalogue import source_text
from reports.meta import ExportMeta
from screens import common
from ui import links
from ui.text import plain

GROUP_NAME = re.compile(r"[^\W_][\w \-'’.,()&/+]{0,59}")
OWN_GROUP = "OWN"  # the code of the user's own session group among the peer-group options
DEFAULT_FOCUS = "KAZ"


def fmt(value: float | None, decimals: int, lang: Language, signed: bool = False) -> str:
    """The shared number formatting (Language.n): missing says so; `signed` puts + before positive numbers."""
    return Language(lang).n(value, decimals, signed)


SHARED_KEYS = ("cmp_focus", "cmp_peer", "cmp_group", "cmp_group_name")  # the same choice on every page


def carry_over(page: str) -> None:
    """Keep the choices the pages share (highlighted country, peer group, own group) when the user switches
    page: each page's address holds only its own widgets, so the value travels in a plain session key."""
    switched = st.session_state.get("_cmp_page") not in (None, page)
    st.session_state["_cmp_page"] = page
    if not switched:
        return
    for key in SHARED_KEYS:
        kept = f"_kept_{key}"
        if kept in st.session_state:
            st.session_state[key] = st.session_state[kept]


def remember() -> None:
    """Store the shared choices of this run for the next page (call at the end of a page)."""
    for key in SHARED_KEYS:
        if key in st.session_state:
            st.session_state[f"_kept_{key}"] = st.session_state[key]


names = common.names  # code/iso3 -> name in the reader's language


def indicator_picker(indicators: pd.DataFrame, lang: str, key: str, label: str, default: str | None = None,
                     param: str = "ind") -> str:
    """Selectbox of indicator codes shown by name; the address holds the code (`?ind=wgi.ge`)."""
    codes = list(indicators["code"])
    labels = names(indicators, lang)
    return links.selectbox(label, codes, key=key, param=param, default=default if default in codes else codes[0],
                           format_func=lambda c: labels.get(c, c))


def country_picker(countries: pd.DataFrame, lang: str, key: str, label: str, default: str | None,
                   param: str = "focus") -> str:
    """Selectbox of one country, shown by name, its ISO3 code in the address (the highlighted country)."""
    codes = list(countries["iso3"])
    labels = names(countries, lang)
    return links.selectbox(label, codes, key=key, param=param, default=default,
                           format_func=lambda c: labels.get(c, c))


def default_focus(hub: list[str]) -> str | None:
    return DEFAULT_FOCUS if DEFAULT_FOCUS in hub else (hub[0] if hub else None)


def own_group_editor(countries: pd.DataFrame, lang: Language) -> tuple[str, list[str]]:
    """The user's own peer group for this session: a name and its members, kept in the address and session."""
    lang = Language(lang)
    labels = names(countries, lang)
    with st.expander(lang.t("cmp_own_group")):
        st.caption(lang.t("cmp_own_group_help"))
        name = links.text_input(lang.t("cmp_own_group_name"), key="cmp_group_name", param="group_name",
                                persist_state="session", max_chars=60,
                                placeholder=lang.t("cmp_own_group_placeholder"))
        members = links.multiselect(lang.t("cmp_own_group_members"), list(countries["iso3"]),
                                    format_func=lambda c: labels.get(c, c), key="cmp_group", param="group",
                                    persist_state="session")
        if name.strip() and not group_name_ok(name):  # typed, or from a (crafted) address: never shown
            st.warning(lang.t("sec_group_name_refused"))
    return (name.strip() if group_name_ok(name) else lang.t("cmp_own_group_default")), list(members)


def group_name_ok(name: object) -> bool:
    """A peer-group name is letters, digits, spaces and - ' . , ( ) & / + (at most 60): nothing that could be
    markup or an address, whoever wrote it into the page's address."""
    return isinstance(name, str) and GROUP_NAME.fullmatch(name.strip()) is not None


def own_group_kept(lang: Language) -> tuple[str, list[str]]:
    """The own group as last set on another page (for pages that use it without editing it)."""
    lang = Language(lang)
    name = str(st.session_state.get("_kept_cmp_group_name") or "").strip()
    name = name if group_name_ok(name) else ""
    return name or lang.t("cmp_own_group_default"), list(st.session_state.get("_kept_cmp_group") or [])


def group_options(groups: pd.DataFrame, own: tuple[str, list[str]], lang: Language) -> dict[str, tuple[str, list[str]]]:
    """code -> (name in `lang`, members), the built-in groups then the user's own group."""
    lang = Language(lang)
    found = {r.group_code: (lang.pick(r, "name"), list(r.members)) for r in groups.itertuples()}
    found[OWN_GROUP] = own
    return found


def peer_picker(options: dict[str, tuple[str, list[str]]], lang: Language, default: str = "CA") -> str:
    """The peer group whose average is drawn beside the hub average (any built-in group or the own group)."""
    lang = Language(lang)
    codes = [c for c in options if c not in (peers.HUB, peers.HUB_CONFIRMED)]
    return links.selectbox(
        lang.t("cmp_peer_group"), codes, key="cmp_peer", param="peer", default=default if default in codes else None,
        format_func=lambda c: f"{options[c][0]} ({len(options[c][1])})" if options[c][1]
        else f"{options[c][0]} — {lang.t('cmp_own_group_empty')}",
    )


def hub_set_picker(membership: pd.DataFrame, own: tuple[str, list[str]], lang: Language,
                   container=None) -> peers.PeerSet:
    """Which countries the hub average (and the hub rank) is over: confirmed members, every listed member, or the
    user's own group; the choice travels in the address (`?avg=confirmed`) and is said in every label."""
    lang = Language(lang)
    hub = membership[membership["is_hub_member"].astype(bool)]
    n_all, n_confirmed = len(hub), int(hub["membership_certain"].astype(bool).sum())
    words = {peers.CONFIRMED: f"{lang.t('vw_set_confirmed')} ({n_confirmed})",
             peers.ALL: f"{lang.t('vw_set_all')} ({n_all})",
             "own": f"{lang.t('vw_set_own')} ({len(own[1])})"}
    choice = links.radio(lang.t("vw_avg_pick"), list(peers.CHOICES), key="cmp_hub_set", param="avg",
                         default=peers.DEFAULT_CHOICE, format_func=words.get, horizontal=True,
                         help=lang.t("vw_avg_pick_help"), container=container)
    if choice == "own" and not own[1]:
        st.info(lang.t("cmp_own_group_empty_info"))
        choice = peers.DEFAULT_CHOICE
    return peers.hub_set(membership, choice, lang, own)


def export_meta(title: str, subtitle: str, sources: pd.DataFrame, lang: str, stem: str, alt: str = "",
                notes: tuple[str, ...] = (), page: str = "") -> ExportMeta:
    """What an export carries (screens.common.export_meta) and the link to this view with its codes."""
    return linked(common.export_meta(title, subtitle, sources, lang, stem, alt, notes), page)


def linked(meta: ExportMeta, page: str) -> ExportMeta:
    """`meta` with the link to `page` as this view's address holds it (its codes, its language)."""
    return replace(meta, view_url=links.view_url(page)) if page else meta


def about(meta: pd.Series, sources: pd.DataFrame, lang: Language, years: str) -> None:
    """Definition, unit, direction, source, edition, licence and the year(s) shown, next to a chart."""
    lang = Language(lang)
    direction = lang.t("cmp_higher_better") if meta["higher_is_better"] else lang.t("cmp_lower_better")
    lines = [f"**{plain(lang.pick(meta, 'name'))}**: {plain(lang.pick(meta, 'definition'))}",
             f"{lang.t('unit')}: {plain(lang.pick(meta, 'unit'))} · {direction} · {lang.t('cmp_years_shown')}: {years}"]
    lines += source_lines(sources, lang)
    st.caption("  \n".join(lines))


def sources_caption(sources: pd.DataFrame, lang: Language, years: str) -> None:
    """Source, edition and licence of every dataset behind a chart of several indicators, and its years."""
    lang = Language(lang)
    lines = [f"{lang.t('cmp_years_shown').capitalize()}: {years}", *source_lines(sources, lang)]
    st.caption("  \n".join(lines))


def source_lines(sources: pd.DataFrame, lang: Language) -> list[str]:
    """'Source: name, edition. Licence: ...' for each source, names and licences in `lang` where catalogued."""
    lang = Language(lang)
    return [plain(lang.t("source_line", source=source_text(r.name, lang), edition=r.edition,
                         licence=source_text(r.licence, lang)))
            + (f" · **{lang.t('demo_tag')}**" if r.is_demo else "") for r in sources.itertuples()]
