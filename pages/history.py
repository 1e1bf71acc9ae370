"""Load history (editors only): every batch, its rows, who and when; download the original; roll back."""

import streamlit as st

from operations import batches
from ui import auth, history, state
from ui.router import ensure_router

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
user = auth.require_editor(lang)

st.title(lang.t("up_history_title"))
st.caption(lang.t("up_history_intro"))
history.show_rolled_back(lang)

listed = batches.list_batches()
if not listed:
    st.info(lang.t("up_no_batches"))
    st.stop()
history.history_table(listed, lang)

# One batch: what it holds, its file, rollback
batch = history.pick_batch(listed, lang)
history.batch_section(batches.batch_contents(batch.batch_id), lang)
if batch.is_active:
    history.rollback_section(batch, user, lang)
