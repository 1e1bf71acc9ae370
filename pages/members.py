"""Hub membership (editors only): who counts as a participant and whether that is confirmed; each save is a batch."""

from datetime import date

import pandas as pd
import streamlit as st

from etl.write import membership
from store import Store
from ui import auth, compare_data, data, state
from ui.router import ensure_router
from ui.text import plain

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
user = auth.require_editor(lang)
path = data.version()

st.title(lang.t("vw_members_title"))
st.caption(lang.t("vw_members_intro"))
done = st.session_state.pop("vw_members_done", None)
if done:
    st.success(lang.t("vw_members_saved", **done))

everyone = compare_data.membership(path)
everyone = everyone.assign(shown_name=lang.column(everyone, "name"))  # Kazakh falls back to Russian, then English
name_col = "shown_name"
names = dict(zip(everyone["iso3"], everyone[name_col], strict=True))
members = everyone[everyone["is_hub_member"].astype(bool)]
st.caption(lang.t("vw_members_counts", n=len(members), c=int(members["membership_certain"].astype(bool).sum())))

added = st.multiselect(lang.t("vw_members_add"), [c for c in everyone["iso3"] if c not in set(members["iso3"])],
                       format_func=lambda c: names.get(c, c), key="vw_members_add")
shown = everyone[everyone["is_hub_member"].astype(bool) | everyone["iso3"].isin(added)]
table = pd.DataFrame({
    "iso3": shown["iso3"].to_numpy(),
    "country": shown[name_col].to_numpy(),
    "member": True,
    "confirmed": shown["membership_certain"].astype(bool).to_numpy(),
    "since": pd.array(shown["member_since"], dtype="Int64"),
    "note": shown["membership_note"].astype("string").to_numpy(),
})
edited = st.data_editor(
    table, hide_index=True, width="stretch", num_rows="fixed", key=f"vw_members_editor_{path}",
    disabled=["iso3", "country"],
    column_config={
        "iso3": st.column_config.TextColumn("ISO3", width="small"),
        "country": st.column_config.TextColumn(lang.t("vw_members_col_country")),
        "member": st.column_config.CheckboxColumn(lang.t("vw_members_col_member")),
        "confirmed": st.column_config.CheckboxColumn(lang.t("vw_members_col_confirmed")),
        "since": st.column_config.NumberColumn(lang.t("vw_members_col_since"), min_value=1990,
                                               max_value=date.today().year, step=1, format="%d"),
        "note": st.column_config.TextColumn(lang.t("vw_members_col_note"), width="large", max_chars=500),
    },
)

after = {r["iso3"]: membership.Status.of({"is_member": r["member"], "is_certain": r["confirmed"],
                                         "since": r["since"], "note": r["note"]})
         for r in edited.to_dict("records")}
with Store().reader() as con:
    before = membership.current(con)
diff = membership.changes(before, after)
if not diff:
    st.info(lang.t("vw_members_nothing"))
else:
    st.subheader(lang.t("vw_members_changes"))
    yes, no = lang.t("sv_yes"), lang.t("sv_no")

    def status(s: membership.Status) -> str:
        if not s.is_member:
            return "—"
        return (f"{lang.t('vw_members_col_member')}; {lang.t('vw_members_col_confirmed').lower()}: "
                f"{yes if s.is_certain else no}" + (f"; {s.since}" if s.since else ""))

    st.dataframe(pd.DataFrame([{lang.t("vw_members_col_country"): names.get(c, c), "ISO3": c,
                                "←": status(old), "→": status(new)} for c, (old, new) in sorted(diff.items())]),
                 hide_index=True, width="stretch")
    reason = st.text_input(lang.t("vw_members_reason"), key="vw_members_reason", max_chars=500)
    if st.button(lang.t("vw_members_save"), type="primary", key="vw_members_save", disabled=not reason.strip()):
        with Store().writer() as con:
            batch_id = membership.save(con, after, user=user.name, reason=reason)
        st.cache_data.clear()
        st.session_state["vw_members_done"] = {"batch": batch_id, "n": len(diff)}
        st.session_state.pop("vw_members_add", None)
        st.rerun()
    if not reason.strip():
        st.caption(lang.t("vw_members_need_reason"))

st.subheader(lang.t("vw_members_history"))
with Store().reader() as con:
    past = membership.history(con)
if past.empty:
    st.caption("—")
else:
    named = past.assign(country=past["iso3"].map(names).fillna(past["iso3"]))
    st.dataframe(named[["batch_id", "user_name", "loaded_at", "status", "iso3", "country",
                                                      "was_member", "was_certain", "is_member", "is_certain", "since",
                                                      "reason"]],
                 hide_index=True, width="stretch")
    st.caption(plain(lang.t("up_rollback_help")))
