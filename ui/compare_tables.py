"""Tables of the compare pages as the user reads them: every number formatted for the language, with its year, and
every change, gap and rank judged by the significance rule (analytics.significance)."""

from __future__ import annotations

import pandas as pd

from analytics.significance import rank_words, say
from core.i18n import t
from ui.compare_widgets import fmt


def profile_table(frame: pd.DataFrame, lang: str, peer_name: str, hub_label: str = "") -> pd.DataFrame:
    """One row per indicator of a profile (analytics.compare.profile) with its numbers written out."""
    name = "name_ru" if lang == "ru" else "name_en"
    best = "best_ru" if lang == "ru" else "best_en"
    rows = []
    for r in frame.to_dict("records"):  # plain dicts: iterrows builds a Series per row
        d = int(r["decimals"])
        span = (int(r["rank_low"]), int(r["rank_high"])) if pd.notna(r.get("rank_low")) else None
        rows.append({
            t("cmp_prof_indicator", lang): r[name],
            t("year", lang): int(r["year"]),
            t("value", lang): fmt(r["value"], d, lang),
            t("cmp_rank_hub", lang): rank_words(int(r["hub_rank"]), int(r["rank_of"]), span, lang)
            if pd.notna(r["hub_rank"]) else "—",
            t("cmp_prof_change", lang): f"{fmt(r['change'], d, lang, True)} ({int(r['base_year'])}–{int(r['year'])})"
            if pd.notna(r["change"]) else t("cmp_prof_no_baseline", lang),
            t("vw_col_change_verdict", lang): say(r["change_sig"], lang),
            t("cmp_prof_rate", lang): fmt(r["annual_rate"], d + 1, lang, True) if pd.notna(r["annual_rate"]) else "—",
            t("cmp_prof_hub_avg", lang):
                f"{fmt(r['hub_avg'], d, lang)} ({t('n_of_N', lang, n=int(r['hub_n']), N=r['hub_N'])})",
            t("cmp_prof_gap_hub", lang): fmt(r["gap_hub"], d, lang, True),
            t("vw_col_hub_verdict", lang): say(r["hub_sig"], lang, "gap"),
            t("cmp_prof_best", lang): f"{fmt(r['best_value'], d, lang)} ({r[best]})" if pd.notna(r["best_value"])
            else "—",
            t("cmp_prof_gap_best", lang): fmt(r["gap_best"], d, lang, True),
            t("cmp_prof_peer_avg", lang, group=peer_name):
                f"{fmt(r['peer_avg'], d, lang)} ({t('n_of_N', lang, n=int(r['peer_n']), N=r['peer_N'])})",
            t("cmp_prof_vs_peers", lang): say(r["peer_sig"], lang, "gap") if pd.notna(r["peer_avg"])
            else t("cmp_prof_no_peers", lang),
        })
    return pd.DataFrame(rows)
