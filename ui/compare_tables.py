"""Tables of the compare pages as the user reads them: every number formatted for the language, with its year, and
every change, gap and rank judged by the significance rule (analytics.significance)."""

from __future__ import annotations

import pandas as pd

from analytics.significance import rank_words, say
from core.i18n import Language
from ui.compare_widgets import fmt


def profile_table(frame: pd.DataFrame, lang: Language, peer_name: str, hub_label: str = "") -> pd.DataFrame:
    """One row per indicator of a profile (analytics.compare.profile) with its numbers written out."""
    lang = Language(lang)
    rows = []
    for r in frame.to_dict("records"):  # plain dicts: iterrows builds a Series per row
        d = int(r["decimals"])
        span = (int(r["rank_low"]), int(r["rank_high"])) if pd.notna(r.get("rank_low")) else None
        rows.append({
            lang.t("cmp_prof_indicator"): lang.pick(r, "name"),
            lang.t("year"): int(r["year"]),
            lang.t("value"): fmt(r["value"], d, lang),
            lang.t("cmp_rank_hub"): rank_words(int(r["hub_rank"]), int(r["rank_of"]), span, lang)
            if pd.notna(r["hub_rank"]) else "—",
            lang.t("cmp_prof_change"): f"{fmt(r['change'], d, lang, True)} ({int(r['base_year'])}–{int(r['year'])})"
            if pd.notna(r["change"]) else lang.t("cmp_prof_no_baseline"),
            lang.t("vw_col_change_verdict"): say(r["change_sig"], lang),
            lang.t("cmp_prof_rate"): fmt(r["annual_rate"], d + 1, lang, True) if pd.notna(r["annual_rate"]) else "—",
            lang.t("cmp_prof_hub_avg"):
                f"{fmt(r['hub_avg'], d, lang)} ({lang.t('n_of_N', n=int(r['hub_n']), N=r['hub_N'])})",
            lang.t("cmp_prof_gap_hub"): fmt(r["gap_hub"], d, lang, True),
            lang.t("vw_col_hub_verdict"): say(r["hub_sig"], lang, "gap"),
            lang.t("cmp_prof_best"): f"{fmt(r['best_value'], d, lang)} ({lang.pick(r, 'best')})"
            if pd.notna(r["best_value"])
            else "—",
            lang.t("cmp_prof_gap_best"): fmt(r["gap_best"], d, lang, True),
            lang.t("cmp_prof_peer_avg", group=peer_name):
                f"{fmt(r['peer_avg'], d, lang)} ({lang.t('n_of_N', n=int(r['peer_n']), N=r['peer_N'])})",
            lang.t("cmp_prof_vs_peers"): say(r["peer_sig"], lang, "gap") if pd.notna(r["peer_avg"])
            else lang.t("cmp_prof_no_peers"),
        })
    return pd.DataFrame(rows)
