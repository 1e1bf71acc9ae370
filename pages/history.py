"""Load history (editors only): every batch, its rows, who and when; download the original; roll back."""

import pandas as pd
import streamlit as st

from etl.harmonise.countries import country_name
from etl.write.batches import RollbackRefused
from reports.meta import ExportMeta
from ui import auth, state
from ui import upload as up
from ui.downloads import table_downloads
from ui.router import ensure_router
from ui.text import plain

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
user = auth.require_editor(lang)

st.title(lang.t("up_history_title"))
st.caption(lang.t("up_history_intro"))
done = st.session_state.pop("up_rolled_back", None)
if done:
    st.success(lang.t("up_rolled_back_msg", **done))

batches = up.batch_list()
if batches.empty:
    st.info(lang.t("up_no_batches"))
    st.stop()
status = {"active": lang.t("status_active"), "rolled_back": lang.t("status_rolled_back")}
table = batches.drop(columns=["sha256", "survey_level"]).assign(status=batches["status"].map(status)).rename(columns={
    "batch_id": lang.t("col_batch"), "file_name": lang.t("col_file"), "kind": lang.t("col_kind"),
    "source_id": lang.t("col_source"), "rows_added": lang.t("up_added"), "rows_replaced": lang.t("up_changed"),
    "rows_unchanged": lang.t("up_unchanged"), "respondents": lang.t("up_survey_respondents"),
    "user_name": lang.t("col_user"), "loaded_at": lang.t("col_when"),
    "status": lang.t("col_status"), "rolled_back_at": lang.t("up_rolled_back_at"),
    "rolled_back_by": lang.t("up_rolled_back_by"),
})
st.dataframe(table, hide_index=True, width="stretch")
table_downloads(table, ExportMeta(title=lang.t("up_history_title"), lang=lang, file_stem="load-history"),
                key="up_history")

# One batch: its rows, its file, rollback
ids = batches["batch_id"].tolist()
batch_id = st.selectbox(lang.t("up_pick_batch"), ids, key="up_hist_batch",
                        format_func=lambda b: f"{b}: {batches.loc[batches['batch_id'] == b, 'file_name'].iloc[0]}")
batch = batches[batches["batch_id"] == batch_id].iloc[0]
st.subheader(lang.t("up_batch_title", batch=int(batch_id), file=plain(batch["file_name"])))
if pd.notna(batch["survey_level"]):  # a survey batch: its surveys with their respondents, never respondent rows
    rows = up.batch_surveys(int(batch_id))
    respondents = batch["respondents"] if pd.notna(batch["respondents"]) else 0
    st.caption(lang.t("up_batch_survey_caption", surveys=lang.n(len(rows), 0),
                 respondents=lang.n(respondents, 0), user=plain(batch["user_name"]),
                 when=f"{batch['loaded_at']:%Y-%m-%d %H:%M}", status=status[batch["status"]]))
    rows = rows.assign(iso3=[country_name(c, lang) for c in rows["iso3"]],
                       level=[lang.t(f"up_survey_level_{v}") for v in rows["level"]]).rename(columns={
        "survey_id": lang.t("up_col_survey"), "iso3": lang.t("up_col_country"), "year": lang.t("year"),
        "level": lang.t("up_col_level"), "respondents": lang.t("up_survey_respondents"),
        "answers": lang.t("up_survey_answers"), "results": lang.t("up_survey_results")})
else:
    rows, n, replaced = up.batch_rows(int(batch_id))
    st.caption(lang.t("up_batch_caption", n=lang.n(n, 0), replaced=lang.n(replaced, 0),
                 user=plain(batch["user_name"]), when=f"{batch['loaded_at']:%Y-%m-%d %H:%M}",
                 status=status[batch["status"]]))
    rows = rows.rename(columns={
        "indicator_code": lang.t("up_col_indicator"), "iso3": lang.t("up_col_country"), "year": lang.t("year"),
        "value": lang.t("value"), "std_error": lang.t("up_col_std_error"), "source_id": lang.t("col_source"),
        "breakdown": lang.t("ds_breakdown"),
    })
    shown = rows.copy()  # numbers as the reader writes them, missing said so (the downloads keep numbers)
    for column in (lang.t("value"), lang.t("up_col_std_error")):
        shown[column] = [lang.n(v, min(6, len(f"{v:g}".partition(".")[2])) if pd.notna(v) and "e" not in f"{v:g}"
                                else 6) for v in rows[column]]
st.dataframe(rows if pd.notna(batch["survey_level"]) else shown, hide_index=True, width="stretch")
table_downloads(rows, ExportMeta(title=f"{lang.t('col_batch')} {batch_id}", lang=lang,
                                 file_stem=f"batch-{batch_id}"), key="up_batch_rows")
original = up.original_file(batch["sha256"])
if original is not None:
    st.download_button(lang.t("up_download_original"), data=lambda: original.read_bytes(),
                       file_name=batch["file_name"], key="up_original", on_click="ignore", icon=":material/download:")
else:
    st.caption(lang.t("up_no_original"))

if batch["status"] == "active":
    st.subheader(lang.t("up_rollback_title"))
    st.caption(lang.t("up_rollback_help"))
    sure = st.checkbox(lang.t("up_rollback_confirm", batch=int(batch_id)), key="up_hist_confirm")
    if st.button(lang.t("up_rollback"), key="up_hist_rollback", disabled=not sure, type="primary"):
        try:
            result = up.rollback_batch(int(batch_id), user)
        except RollbackRefused as e:
            st.error(plain(lang.error(e)))
        else:
            st.session_state["up_rolled_back"] = {"batch": int(batch_id), **result}
            st.rerun()
