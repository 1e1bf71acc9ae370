"""The hub membership screen (editors): the editable table, the changes an edit makes, the history, as shown (the
reading and saving is operations.members)."""

from __future__ import annotations

import pandas as pd

from core.i18n import Language
from etl.write import membership

HISTORY_COLUMNS = ["batch_id", "user_name", "loaded_at", "status", "iso3", "country", "was_member", "was_certain",
                   "is_member", "is_certain", "since", "reason"]


def names(everyone: pd.DataFrame, lang: Language) -> dict[str, str]:
    """iso3 -> name in `lang` (Kazakh falls back to Russian, then English)."""
    return dict(zip(everyone["iso3"], Language(lang).column(everyone, "name"), strict=True))


def editor_table(everyone: pd.DataFrame, added: list[str], lang: Language) -> pd.DataFrame:
    """The hub's participants and the countries being added, one row each, as the editor edits them."""
    shown = everyone[everyone["is_hub_member"].astype(bool) | everyone["iso3"].isin(added)]
    return pd.DataFrame({
        "iso3": shown["iso3"].to_numpy(),
        "country": Language(lang).column(shown, "name").to_numpy(),
        "member": True,
        "confirmed": shown["membership_certain"].astype(bool).to_numpy(),
        "since": pd.array(shown["member_since"], dtype="Int64"),
        "note": shown["membership_note"].astype("string").to_numpy(),
    })


def statuses(edited: pd.DataFrame) -> dict[str, membership.Status]:
    """The status of each country of the edited table."""
    return {r["iso3"]: membership.Status.of({"is_member": r["member"], "is_certain": r["confirmed"],
                                             "since": r["since"], "note": r["note"]})
            for r in edited.to_dict("records")}


def changes(before: dict[str, membership.Status], after: dict[str, membership.Status]) -> dict:
    """iso3 -> (status now, status after the edit) for each country the edit changes."""
    return membership.changes(before, after)


def change_table(diff: dict, names: dict[str, str], lang: Language) -> pd.DataFrame:
    """The changes as the editor reviews them before saving."""
    lang = Language(lang)
    yes, no = lang.t("sv_yes"), lang.t("sv_no")

    def status(s: membership.Status) -> str:
        if not s.is_member:
            return "—"
        return (f"{lang.t('vw_members_col_member')}; {lang.t('vw_members_col_confirmed').lower()}: "
                f"{yes if s.is_certain else no}" + (f"; {s.since}" if s.since else ""))

    return pd.DataFrame([{lang.t("vw_members_col_country"): names.get(c, c), "ISO3": c,
                          "←": status(old), "→": status(new)} for c, (old, new) in sorted(diff.items())])


def history(past: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The saved changes of membership (operations.members.edits), newest first, each country named."""
    return past.assign(country=past["iso3"].map(names).fillna(past["iso3"]))[HISTORY_COLUMNS]
