"""Load history (editors only): every batch, its rows, who and when; download the original; roll back."""

import pandas as pd
import streamlit as st

from core.i18n import number, t
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

st.title(t("up_history_title", lang))
st.caption(t("up_history_intro", lang))
done = st.session_state.pop("up_rolled_back", None)
if done:
    st.success(t("up_rolled_back_msg", lang, **done))

batches = up.batch_list()
if batches.empty:
    st.info(t("up_no_batches", lang))
    st.stop()
status = {"active": t("status_active", lang), "rolled_back": t("status_rolled_back", lang)}
table = batches.drop(columns=["sha256", "survey_level"]).assign(status=batches["status"].map(status)).rename(columns={
    "batch_id": t("col_batch", lang), "file_name": t("col_file", lang), "kind": t("col_kind", lang),
    "source_id": t("col_source", lang), "rows_added": t("up_added", lang), "rows_replaced": t("up_changed", lang),
    "rows_unchanged": t("up_unchanged", lang), "respondents": t("up_survey_respondents", lang),
    "user_name": t("col_user", lang), "loaded_at": t("col_when", lang),
    "status": t("col_status", lang), "rolled_back_at": t("up_rolled_back_at", lang),
    "rolled_back_by": t("up_rolled_back_by", lang),
})
st.dataframe(table, hide_index=True, width="stretch")
table_downloads(table, ExportMeta(title=t("up_history_title", lang), lang=lang, file_stem="load-history"),
                key="up_history")

# One batch: its rows, its file, rollback
ids = batches["batch_id"].tolist()
batch_id = st.selectbox(t("up_pick_batch", lang), ids, key="up_hist_batch",
                        format_func=lambda b: f"{b}: {batches.loc[batches['batch_id'] == b, 'file_name'].iloc[0]}")
batch = batches[batches["batch_id"] == batch_id].iloc[0]
st.subheader(t("up_batch_title", lang, batch=int(batch_id), file=plain(batch["file_name"])))
if pd.notna(batch["survey_level"]):  # a survey batch: its surveys with their respondents, never respondent rows
    rows = up.batch_surveys(int(batch_id))
    respondents = batch["respondents"] if pd.notna(batch["respondents"]) else 0
    st.caption(t("up_batch_survey_caption", lang, surveys=number(len(rows), 0, lang),
                 respondents=number(respondents, 0, lang), user=plain(batch["user_name"]),
                 when=f"{batch['loaded_at']:%Y-%m-%d %H:%M}", status=status[batch["status"]]))
    rows = rows.assign(iso3=[country_name(c, lang) for c in rows["iso3"]],
                       level=[t(f"up_survey_level_{v}", lang) for v in rows["level"]]).rename(columns={
        "survey_id": t("up_col_survey", lang), "iso3": t("up_col_country", lang), "year": t("year", lang),
        "level": t("up_col_level", lang), "respondents": t("up_survey_respondents", lang),
        "answers": t("up_survey_answers", lang), "results": t("up_survey_results", lang)})
else:
    rows, n, replaced = up.batch_rows(int(batch_id))
    st.caption(t("up_batch_caption", lang, n=number(n, 0, lang), replaced=number(replaced, 0, lang),
                 user=plain(batch["user_name"]), when=f"{batch['loaded_at']:%Y-%m-%d %H:%M}",
                 status=status[batch["status"]]))
    rows = rows.rename(columns={
        "indicator_code": t("up_col_indicator", lang), "iso3": t("up_col_country", lang), "year": t("year", lang),
        "value": t("value", lang), "std_error": t("up_col_std_error", lang), "source_id": t("col_source", lang),
        "breakdown": t("ds_breakdown", lang),
    })
st.dataframe(rows, hide_index=True, width="stretch")
table_downloads(rows, ExportMeta(title=f"{t('col_batch', lang)} {batch_id}", lang=lang,
                                 file_stem=f"batch-{batch_id}"), key="up_batch_rows")
original = up.original_file(batch["sha256"])
if original is not None:
    st.download_button(t("up_download_original", lang), data=lambda: original.read_bytes(),
                       file_name=batch["file_name"], key="up_original", on_click="ignore", icon=":material/download:")
else:
    st.caption(t("up_no_original", lang))

if batch["status"] == "active":
    st.subheader(t("up_rollback_title", lang))
    st.caption(t("up_rollback_help", lang))
    sure = st.checkbox(t("up_rollback_confirm", lang, batch=int(batch_id)), key="up_hist_confirm")
    if st.button(t("up_rollback", lang), key="up_hist_rollback", disabled=not sure, type="primary"):
        try:
            result = up.rollback_batch(int(batch_id), user)
        except RollbackRefused as e:
            st.error(plain(str(e)))
        else:
            st.session_state["up_rolled_back"] = {"batch": int(batch_id), **result}
            st.rerun()
