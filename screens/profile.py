"""The profile screen: one country across every indicator, against the hub set and a peer group."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go

from analytics import compare, peers
from analytics.selection import Selection
from analytics.significance import rank_words, say
from charts import compare as cc
from core.i18n import Language
from core.settings import is_world_rank
from core.text import markdown_literal
from reports.meta import ExportMeta
from screens import common
from screens.reading import Read

EXPORT_COLUMNS = ["code", "year", "value", "std_error", "lower", "upper", "base_year", "base_value", "change",
                  "change_sig", "annual_rate", "hub_rank", "rank_low", "rank_high", "rank_of", "hub_avg", "hub_n",
                  "hub_N", "gap_hub", "hub_sig", "best_iso3", "best_value", "gap_best", "peer_avg", "peer_n", "peer_N",
                  "gap_peer", "peer_sig", "source", "edition"]
FIRST_PANELS = 6


@dataclass(frozen=True)
class Picks:
    """What the reader picked: the country, the baseline year, the hub set, the peer group, the breakdown."""

    iso3: str
    country: str  # its name in the reader's language
    baseline: int
    hub: peers.PeerSet
    peer: str  # the peer group's code
    peer_name: str
    peer_members: tuple[str, ...]
    sel: Selection


@dataclass(frozen=True)
class Profile:
    frame: pd.DataFrame  # one row per indicator (analytics.compare.profile)
    table: pd.DataFrame  # the same, written out for reading
    export: pd.DataFrame  # the same, as numbers, for the downloads
    sources: pd.DataFrame
    subtitle: str
    hub_label: str
    notes: tuple[str, str, str]  # the hub set, the peer group, the significance rule
    table_meta: ExportMeta
    strip: go.Figure  # ahead of or behind the hub, indicator by indicator (world ranks left out)
    strip_note: str
    strip_meta: ExportMeta
    years: str  # the latest years shown
    themes: dict[str, str]  # theme code -> name


@dataclass(frozen=True)
class Panels:
    """Small multiples of some indicators of one theme: the country, the hub average, the country's targets."""

    fig: go.Figure
    notes: list[str]
    sources: pd.DataFrame
    years: str
    meta: ExportMeta
    table: pd.DataFrame


def build(read: Read, picks: Picks, lang: Language) -> Profile | None:
    """The profile of `picks`, or None when the country has no data."""
    lang = Language(lang)
    hub, group = list(picks.hub.members), sorted(picks.peer_members)
    frame = read(compare.profile, picks.iso3, picks.baseline, hub, group, sel=picks.sel)
    if frame.empty:
        return None
    hub_label = picks.hub.short(lang)
    table = read(written, picks.iso3, picks.baseline, hub, group, lang, picks.peer_name, hub_label, sel=picks.sel)
    sources = read(compare.sources_of, list(frame["code"]), sel=picks.sel)
    subtitle = lang.t("cmp_prof_subtitle", baseline=picks.baseline, edition=", ".join(sources["edition"]))
    notes = (hub_label, peers.group_set(picks.peer, picks.peer_name, list(picks.peer_members)).short(lang),
             lang.t("vw_sig_rule"))
    name_col = lang.col("name")
    export = frame[[EXPORT_COLUMNS[0], name_col, *EXPORT_COLUMNS[1:]]]
    ranked = is_world_rank(frame["unit"])  # a world rank re-ranked says nothing new
    strip_note = lang.t("cmp_prof_strip_note") + (" " + lang.plural("cmp_prof_strip_ranks", int(ranked.sum()))
                                                  if ranked.any() else "")
    themes = frame.drop_duplicates("theme")
    return Profile(
        frame=frame, table=table, export=export, sources=sources, subtitle=subtitle, hub_label=hub_label, notes=notes,
        table_meta=common.export_meta(lang.t("cmp_prof_table_title", country=picks.country), subtitle, sources, lang,
                                      f"profile-{picks.iso3}", notes=notes),
        strip=cc.profile_strip(frame[~ranked], lang, bool(frame["is_demo"].any())), strip_note=strip_note,
        strip_meta=common.export_meta(lang.t("cmp_prof_strip_title") + f": {picks.country}", subtitle, sources, lang,
                                      f"profile-{picks.iso3}-strip", notes=notes),
        years=lang.t("cmp_prof_latest_years", first=int(frame["year"].min()), last=int(frame["year"].max())),
        themes=dict(zip(themes["theme"], lang.column(themes, "theme"), strict=True)),
    )


def panels(read: Read, picks: Picks, profile: Profile, theme: str, codes: list[str], lang: Language) -> Panels:
    """The small multiples of the indicators `codes` of `theme`."""
    lang = Language(lang)
    in_theme = profile.frame[profile.frame["theme"] == theme]
    chosen = in_theme[in_theme["code"].isin(codes)]
    targets = read(compare.targets, picks.iso3, list(chosen["code"]))
    drawn = [{
        "meta": common.meta_dict(r, lang), "country": picks.country,
        "series": read(compare.series, r["code"], [picks.iso3], None, None, sel=picks.sel),
        "hub": read(compare.group_series, r["code"], list(picks.hub.members), sel=picks.sel),
        "targets": targets[targets["indicator_code"] == r["code"]],
    } for _, r in chosen.iterrows()]
    fig = cc.small_multiples(drawn, lang, bool(chosen["is_demo"].any()), hub_label=profile.hub_label)
    notes = [lang.t("cmp_prof_multiples_note")]
    if targets.empty:
        notes.append(lang.t("cmp_prof_no_targets", country=markdown_literal(picks.country)))  # shown as a caption too
    sources = read(compare.sources_of, list(chosen["code"]), sel=picks.sel)
    shown = pd.concat([p["series"]["year"] for p in drawn])
    years = f"{int(shown.min())}–{int(shown.max())}" if len(shown) else "—"
    meta = common.export_meta(f"{picks.country}: {profile.themes.get(theme) or theme}", profile.subtitle, sources,
                              lang, f"profile-{picks.iso3}-{theme}", notes=tuple(notes))
    table = pd.concat([p["series"].assign(indicator=p["meta"]["name"]) for p in drawn], ignore_index=True)
    return Panels(fig, notes, sources, years, meta,
                  table[["indicator", "iso3", "year", "value", "std_error", "lower", "upper"]])


def written(con: duckdb.DuckDBPyConnection, iso3: str, baseline: int, hub: list[str], group: list[str],
            lang: Language, peer_name: str, hub_label: str) -> pd.DataFrame:
    """The profile written out for reading (a query for the cache: formatting thousands of numbers is worth
    keeping between runs)."""
    return profile_table(compare.profile(con, iso3, baseline, hub, group), lang, peer_name, hub_label)


def profile_table(frame: pd.DataFrame, lang: Language, peer_name: str, hub_label: str = "") -> pd.DataFrame:
    """One row per indicator of a profile (analytics.compare.profile) with its numbers written out, every change,
    gap and rank judged by the significance rule (analytics.significance)."""
    lang = Language(lang)
    fmt = lang.n
    rows = []
    for r in frame.to_dict("records"):  # plain dicts: iterrows builds a Series per row
        d = int(r["decimals"])
        span = (int(r["rank_low"]), int(r["rank_high"])) if pd.notna(r.get("rank_low")) else None
        rows.append({
            lang.t("cmp_prof_indicator"): lang.pick(r, "name"),
            lang.t("year"): int(r["year"]),
            lang.t("value"): fmt(r["value"], d),
            lang.t("cmp_rank_hub"): rank_words(int(r["hub_rank"]), int(r["rank_of"]), span, lang)
            if pd.notna(r["hub_rank"]) else "—",
            lang.t("cmp_prof_change"): f"{fmt(r['change'], d, True)} ({int(r['base_year'])}–{int(r['year'])})"
            if pd.notna(r["change"]) else lang.t("cmp_prof_no_baseline"),
            lang.t("vw_col_change_verdict"): say(r["change_sig"], lang),
            lang.t("cmp_prof_rate"): fmt(r["annual_rate"], d + 1, True) if pd.notna(r["annual_rate"]) else "—",
            lang.t("cmp_prof_hub_avg"):
                f"{fmt(r['hub_avg'], d)} ({lang.t('n_of_N', n=int(r['hub_n']), N=r['hub_N'])})",
            lang.t("cmp_prof_gap_hub"): fmt(r["gap_hub"], d, True),
            lang.t("vw_col_hub_verdict"): say(r["hub_sig"], lang, "gap"),
            lang.t("cmp_prof_best"): f"{fmt(r['best_value'], d)} ({lang.pick(r, 'best')})"
            if pd.notna(r["best_value"]) else "—",
            lang.t("cmp_prof_gap_best"): fmt(r["gap_best"], d, True),
            lang.t("cmp_prof_peer_avg", group=peer_name):
                f"{fmt(r['peer_avg'], d)} ({lang.t('n_of_N', n=int(r['peer_n']), N=r['peer_N'])})",
            lang.t("cmp_prof_vs_peers"): say(r["peer_sig"], lang, "gap") if pd.notna(r["peer_avg"])
            else lang.t("cmp_prof_no_peers"),
        })
    return pd.DataFrame(rows)
