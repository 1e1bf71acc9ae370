"""Hub membership (editors only): who counts as a participant and whether that is confirmed; each save is a batch."""

from datetime import date

import streamlit as st

from analytics import peers
from operations import members as membership
from screens import members as screen
from ui import auth, data, router
from ui.text import plain

lang, path = router.start()
user = auth.require_editor(lang)

st.title(lang.t("vw_members_title"))
st.caption(lang.t("vw_members_intro"))
done = st.session_state.pop("vw_members_done", None)
if done:
    st.success(lang.t("vw_members_saved", **done))

everyone = data.read(path, peers.membership)
names = screen.names(everyone, lang)
members = everyone[everyone["is_hub_member"].astype(bool)]
st.caption(lang.t("vw_members_counts", n=len(members), c=int(members["membership_certain"].astype(bool).sum())))

added = st.multiselect(lang.t("vw_members_add"), [c for c in everyone["iso3"] if c not in set(members["iso3"])],
                       format_func=lambda c: names.get(c, c), key="vw_members_add")
column = st.column_config
edited = st.data_editor(
    screen.editor_table(everyone, added, lang), hide_index=True, width="stretch", num_rows="fixed",
    key=f"vw_members_editor_{path}", disabled=["iso3", "country"],
    column_config={
        "iso3": column.TextColumn("ISO3", width="small"),
        "country": column.TextColumn(lang.t("vw_members_col_country")),
        "member": column.CheckboxColumn(lang.t("vw_members_col_member")),
        "confirmed": column.CheckboxColumn(lang.t("vw_members_col_confirmed")),
        "since": column.NumberColumn(lang.t("vw_members_col_since"), min_value=1990, max_value=date.today().year,
                                     step=1, format="%d"),
        "note": column.TextColumn(lang.t("vw_members_col_note"), width="large", max_chars=500),
    },
)

after = screen.statuses(edited)
diff = screen.changes(membership.current(), after)
if not diff:
    st.info(lang.t("vw_members_nothing"))
else:
    st.subheader(lang.t("vw_members_changes"))
    st.dataframe(screen.change_table(diff, names, lang), hide_index=True, width="stretch")
    reason = st.text_input(lang.t("vw_members_reason"), key="vw_members_reason", max_chars=500)
    if st.button(lang.t("vw_members_save"), type="primary", key="vw_members_save", disabled=not reason.strip()):
        batch_id = membership.save(after, user=user.name, reason=reason)
        st.cache_data.clear()
        st.session_state["vw_members_done"] = {"batch": batch_id, "n": len(diff)}
        st.session_state.pop("vw_members_add", None)
        st.rerun()
    if not reason.strip():
        st.caption(lang.t("vw_members_need_reason"))

st.subheader(lang.t("vw_members_history"))
past = screen.history(membership.edits(), names)
if past.empty:
    st.caption("—")
else:
    st.dataframe(past, hide_index=True, width="stretch")
    st.caption(plain(lang.t("up_rollback_help")))
