"""Tables of the compare pages as the user reads them: every number formatted for the language, with its year."""

from __future__ import annotations

import pandas as pd

from core.i18n import t
from ui.compare_widgets import fmt

SIGNIFICANCE = {"above": "cmp_prof_sig_above", "below": "cmp_prof_sig_below", "within": "cmp_prof_sig_within",
                "unknown": "cmp_prof_sig_unknown"}


def _verdict(row: dict, lang: str) -> str:
    """Ahead of or behind the peer average, and whether by more than the published uncertainty."""
    if pd.isna(row["peer_avg"]):
        return t("cmp_prof_no_peers", lang)
    if row["gap_peer"] == 0:
        key = "cmp_prof_level"
    else:
        key = "cmp_prof_ahead" if (row["gap_peer"] > 0) == bool(row["higher_is_better"]) else "cmp_prof_behind"
    return t(key, lang) + " · " + t(SIGNIFICANCE[row["significance"]], lang)


def profile_table(frame: pd.DataFrame, lang: str, peer_name: str) -> pd.DataFrame:
    """One row per indicator of a profile (analytics.compare.profile) with its numbers written out."""
    name = "name_ru" if lang == "ru" else "name_en"
    best = "best_ru" if lang == "ru" else "best_en"
    rows = []
    for r in frame.to_dict("records"):  # plain dicts: iterrows builds a Series per row
        d = int(r["decimals"])
        rows.append({
            t("cmp_prof_indicator", lang): r[name],
            t("year", lang): int(r["year"]),
            t("value", lang): fmt(r["value"], d, lang),
            t("cmp_rank_hub", lang): t("cmp_rank_short", lang, rank=int(r["hub_rank"]), of=int(r["rank_of"]))
            if pd.notna(r["hub_rank"]) else "—",
            t("cmp_prof_change", lang): f"{fmt(r['change'], d, lang, True)} ({int(r['base_year'])}–{int(r['year'])})"
            if pd.notna(r["change"]) else t("cmp_prof_no_baseline", lang),
            t("cmp_prof_rate", lang): fmt(r["annual_rate"], d + 1, lang, True) if pd.notna(r["annual_rate"]) else "—",
            t("cmp_prof_hub_avg", lang):
                f"{fmt(r['hub_avg'], d, lang)} ({t('n_of_N', lang, n=int(r['hub_n']), N=r['hub_N'])})",
            t("cmp_prof_gap_hub", lang): fmt(r["gap_hub"], d, lang, True),
            t("cmp_prof_best", lang): f"{fmt(r['best_value'], d, lang)} ({r[best]})" if pd.notna(r["best_value"])
            else "—",
            t("cmp_prof_gap_best", lang): fmt(r["gap_best"], d, lang, True),
            t("cmp_prof_peer_avg", lang, group=peer_name):
                f"{fmt(r['peer_avg'], d, lang)} ({t('n_of_N', lang, n=int(r['peer_n']), N=r['peer_N'])})",
            t("cmp_prof_vs_peers", lang): _verdict(r, lang),
        })
    return pd.DataFrame(rows)
