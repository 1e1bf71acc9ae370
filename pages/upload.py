"""Upload (editors only): template, file, mapping when needed, validation report, preview, commit."""

import streamlit as st

from ui import auth, state, survey_form
from ui import mapping_form as mapping_step
from ui import upload as up
from ui.router import ensure_router

ensure_router()  # a deep link to this page on a fresh server still gets the router

lang = state.lang()
user = auth.require_editor(lang)
up.warm_reader()

st.title(lang.t("up_title"))
st.caption(lang.t("up_intro", mb=f"{up.max_mb():g}"))
up.show_done()

# 1. Template
st.subheader(lang.t("up_template_title"))
st.caption(lang.t("up_template_help"))
up.template_download(lang)
st.caption(lang.t("up_survey_templates_help"))
up.survey_templates(lang)
mapping_step.saved_list(lang)

# 2. File
st.subheader(lang.t("up_file_title"))
uploaded = st.file_uploader(lang.t("up_file_label"), type=up.SUFFIXES, key="up_file")
if uploaded is None:
    up.discard_upload()
    st.info(lang.t("up_pick_file"))
    st.stop()
done = up.already_loaded(up.file_sha(uploaded))
if done:  # e.g. just saved: no copy, no review; the store keeps the original
    up.discard_upload()
    st.info(lang.t("up_already_loaded", batch=done[0], when=f"{done[1]:%Y-%m-%d %H:%M}"))
    st.stop()
path, sha = up.save_upload(uploaded)
up.fields_for(sha)  # a new file: every field below is recomputed for it

# 3. Detected layout, else a survey file, else a survey form export, else the mapping step (every read in the
# guarded worker)
result = up.current_review(path, sha, None)
if result.survey is not None:  # survey results and respondent files take the survey path
    up.survey_flow(path, sha, result.survey, user, lang)
    st.stop()
if result.needs_mapping and (guess := up.form_guess(path, sha)) is not None:
    if survey_form.flow(path, sha, guess, up.sheets(path, sha), user, lang):
        st.stop()
if result.needs_mapping:
    st.info(lang.t("up_unknown_layout"))
    up.why_no_recipe(result, lang)
    mapping = up.mapping_form(path, sha, lang)
    if mapping is None:
        st.stop()
    result = up.current_review(path, sha, mapping)
else:
    mapping = None
    up.recognised_caption(result, lang)

# 4. Validation report
ready = up.report_section(result, path, sha, lang)
if not result.ok:
    st.stop()
if mapping is not None:  # keep the mapping as a recipe: next year's file goes in with no choice
    mapping_step.save_section(result, mapping, path, user, lang)

# 5. Preview, 6. Commit
up.preview_section(result, lang)
up.commit_section(result, path, sha, user, ready, lang)
