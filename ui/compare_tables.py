"""Tables of the compare pages as the user reads them: every number formatted for the language, with its year."""

from __future__ import annotations

import pandas as pd

from core.i18n import Language

SIGNIFICANCE = {"above": "cmp_prof_sig_above", "below": "cmp_prof_sig_below", "within": "cmp_prof_sig_within",
                "unknown": "cmp_prof_sig_unknown"}


def _verdict(row: dict, lang: Language) -> str:
    """Ahead of or behind the peer average, and whether by more than the published uncertainty."""
    if pd.isna(row["peer_avg"]):
        return lang.t("cmp_prof_no_peers")
    if row["gap_peer"] == 0:
        key = "cmp_prof_level"
    else:
        key = "cmp_prof_ahead" if (row["gap_peer"] > 0) == bool(row["higher_is_better"]) else "cmp_prof_behind"
    return lang.t(key) + " · " + lang.t(SIGNIFICANCE[row["significance"]])


def profile_table(frame: pd.DataFrame, lang: Language, peer_name: str) -> pd.DataFrame:
    """One row per indicator of a profile (analytics.compare.profile) with its numbers written out."""
    rows = []
    for r in frame.to_dict("records"):  # plain dicts: iterrows builds a Series per row
        d = int(r["decimals"])
        rows.append({
            lang.t("cmp_prof_indicator"): lang.pick(r, "name"),
            lang.t("year"): int(r["year"]),
            lang.t("value"): lang.n(r["value"], d),
            lang.t("cmp_rank_hub"): lang.of(int(r["hub_rank"]), int(r["rank_of"]))
            if pd.notna(r["hub_rank"]) else "—",
            lang.t("cmp_prof_change"): f"{lang.n(r['change'], d, True)} ({int(r['base_year'])}–{int(r['year'])})"
            if pd.notna(r["change"]) else lang.t("cmp_prof_no_baseline"),
            lang.t("cmp_prof_rate"): lang.n(r["annual_rate"], d + 1, True) if pd.notna(r["annual_rate"]) else "—",
            lang.t("cmp_prof_hub_avg"):
                f"{lang.n(r['hub_avg'], d)} ({lang.t('n_of_N', n=int(r['hub_n']), N=r['hub_N'])})",
            lang.t("cmp_prof_gap_hub"): lang.n(r["gap_hub"], d, True),
            lang.t("cmp_prof_best"): f"{lang.n(r['best_value'], d)} ({lang.pick(r, 'best')})"
            if pd.notna(r["best_value"])
            else "—",
            lang.t("cmp_prof_gap_best"): lang.n(r["gap_best"], d, True),
            lang.t("cmp_prof_peer_avg", group=peer_name):
                f"{lang.n(r['peer_avg'], d)} ({lang.t('n_of_N', n=int(r['peer_n']), N=r['peer_N'])})",
            lang.t("cmp_prof_vs_peers"): _verdict(r, lang),
        })
    return pd.DataFrame(rows)
