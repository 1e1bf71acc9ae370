"""Streamlit glue of the history page: the batches, one batch's contents and file, rollback (operations.batches)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import HubError
from core.i18n import Language
from operations import batches
from operations.accounts import User
from reports.meta import ExportMeta
from ui.downloads import table_downloads
from ui.text import plain

HISTORY_COLUMNS = {  # batch field -> text key of its column
    "batch_id": "col_batch", "file_name": "col_file", "kind": "col_kind", "source_id": "col_source",
    "rows_added": "up_added", "rows_replaced": "up_changed", "rows_unchanged": "up_unchanged",
    "respondents": "up_survey_respondents", "user_name": "col_user", "loaded_at": "col_when", "status": "col_status",
    "rolled_back_at": "up_rolled_back_at", "rolled_back_by": "up_rolled_back_by",
}
SURVEY_COLUMNS = {"survey_id": "up_col_survey", "iso3": "up_col_country", "year": "year", "level": "up_col_level",
                  "respondents": "up_survey_respondents", "answers": "up_survey_answers",
                  "results": "up_survey_results"}
ROW_COLUMNS = {"indicator_code": "up_col_indicator", "iso3": "up_col_country", "year": "year", "value": "value",
               "std_error": "up_col_std_error", "source_id": "col_source", "breakdown": "ds_breakdown"}
ROLLED_BACK_KEY = "up_rolled_back"


def _status(status: str, lang: Language) -> str:
    return Language(lang).t(f"status_{status}")


def show_rolled_back(lang: Language) -> None:
    """The message of a rollback made on the previous run."""
    done = st.session_state.pop(ROLLED_BACK_KEY, None)
    if done:
        st.success(Language(lang).t("up_rolled_back_msg", **done))


def history_table(listed: list[batches.Batch], lang: Language) -> None:
    """Every batch (newest first) with its counts, survey respondents, who, when and status; with downloads."""
    lang = Language(lang)
    frame = batches.batches_frame(listed)[list(HISTORY_COLUMNS)]
    table = frame.assign(status=[_status(s, lang) for s in frame["status"]]).rename(
        columns={k: lang.t(v) for k, v in HISTORY_COLUMNS.items()})
    st.dataframe(table, hide_index=True, width="stretch")
    table_downloads(table, ExportMeta(title=lang.t("up_history_title"), lang=lang, file_stem="load-history"),
                    key="up_history")


def pick_batch(listed: list[batches.Batch], lang: Language) -> batches.Batch:
    by_id = {b.batch_id: b for b in listed}
    picked = st.selectbox(Language(lang).t("up_pick_batch"), list(by_id), key="up_hist_batch",
                          format_func=lambda b: f"{b}: {by_id[b].file_name}")
    return by_id[picked]


def batch_section(contents: batches.BatchContents, lang: Language) -> None:
    """One batch: what it holds now (its surveys, its membership edits or its rows), downloads, the original."""
    lang = Language(lang)
    batch = contents.batch
    st.subheader(lang.t("up_batch_title", batch=batch.batch_id, file=plain(batch.file_name)))
    who = {"user": plain(batch.user_name), "when": f"{batch.loaded_at:%Y-%m-%d %H:%M}",
           "status": _status(batch.status, lang)}
    rows = contents.rows
    if contents.what == "survey":  # its surveys with their respondents, never respondent rows
        st.caption(lang.t("up_batch_survey_caption", surveys=lang.n(contents.n, 0),
                          respondents=lang.n(batch.respondents or 0, 0), **who))
        rows = rows.assign(iso3=[lang.country(c) for c in rows["iso3"]],
                           level=[lang.t(f"up_survey_level_{v}") for v in rows["level"]])
        rows = shown = rows.rename(columns={k: lang.t(v) for k, v in SURVEY_COLUMNS.items()})
    else:
        st.caption(lang.t("up_batch_caption", n=lang.n(contents.n, 0), replaced=lang.n(contents.replaced, 0), **who))
        rows = rows.rename(columns={k: lang.t(v) for k, v in ROW_COLUMNS.items()})
        shown = rows.copy()  # numbers as the reader writes them, missing said so (the downloads keep numbers)
        for column in (lang.t("value"), lang.t("up_col_std_error")):
            if column in shown:
                shown[column] = [_number(v, lang) for v in rows[column]]
    st.dataframe(shown, hide_index=True, width="stretch")
    table_downloads(rows, ExportMeta(title=f"{lang.t('col_batch')} {batch.batch_id}", lang=lang,
                                     file_stem=f"batch-{batch.batch_id}"), key="up_batch_rows")
    original = batches.original_file(batch)
    if original is not None:
        st.download_button(lang.t("up_download_original"), data=lambda: original.read_bytes(),
                           file_name=batch.file_name, key="up_original", on_click="ignore",
                           icon=":material/download:")
    else:
        st.caption(lang.t("up_no_original"))


def _number(v: object, lang: Language) -> str:
    if pd.notna(v) and "e" not in f"{v:g}":
        return lang.n(v, min(6, len(f"{v:g}".partition(".")[2])))
    return lang.n(v, 6)


def rollback_section(batch: batches.Batch, user: User, lang: Language) -> None:
    """Undo an active batch, once confirmed; a refusal (a later batch replaced its values) says what to do first."""
    lang = Language(lang)
    st.subheader(lang.t("up_rollback_title"))
    st.caption(lang.t("up_rollback_help"))
    sure = st.checkbox(lang.t("up_rollback_confirm", batch=batch.batch_id), key="up_hist_confirm")
    if not st.button(lang.t("up_rollback"), key="up_hist_rollback", disabled=not sure, type="primary"):
        return
    try:
        done = batches.rollback_batch(batch.batch_id, user.name)
    except HubError as e:
        st.error(plain(lang.error(e)))
        return
    st.cache_data.clear()  # every page reads the new version on its next run
    st.session_state[ROLLED_BACK_KEY] = {"batch": done.batch_id, "removed": done.removed, "restored": done.restored}
    st.rerun()
