"""Streamlit glue of the upload page: widgets and session state around operations.loads (review, commit)."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pandas as pd
import streamlit as st

from core.errors import Problem, ValidationError
from core.i18n import Language
from operations import loads
from operations.accounts import User
from operations.loads import FormGuess, LoadReport, Mapping, ParsedSurvey, PreparedSurvey, Review, Workbook
from reports.meta import ExportMeta
from ui import mapping_form as mapping_step
from ui import problems as pr
from ui.downloads import table_downloads
from ui.text import plain

SUFFIXES = ["xlsx", "xlsm", "xls", "ods", "csv"]
REVIEW_KEY = "up_review"  # (file sha, mapping) -> Review of the current upload
MAPPING_KEY = "up_mapping"
DONE_KEY = "up_done"
FILE_KEY = "up_form_file"  # sha of the file the form's fields were filled for
PER_FILE = ("up_map_", "up_accept_", "sf_")  # widget keys whose values belong to one file
GUESS_KEY = "up_form_guess"  # (file sha, FormGuess or None)
SESSION_KEY = "up_session"  # token of this session's upload folder
NEW = "__new__"
PREVIEW_ROWS = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def warm_reader() -> None:
    """Start the guarded reading process's fork server while the person picks a file."""
    loads.warm_reader()


def max_mb() -> float:
    return loads.max_upload_mb()


def template_download(lang: Language) -> None:
    lang = Language(lang)
    st.download_button(lang.t("up_template_download"), data=lambda: loads.indicator_template(),
                       file_name="hub-indicator-template.xlsx", mime=XLSX, key="up_template", on_click="ignore",
                       icon=":material/download:")


def upload_session() -> str:
    """This browser session's private upload folder token."""
    return st.session_state.setdefault(SESSION_KEY, uuid.uuid4().hex)


def file_sha(uploaded) -> str:
    return hashlib.sha256(uploaded.getvalue()).hexdigest()


def save_upload(uploaded) -> tuple[Path, str]:
    """The uploaded bytes in this session's private temporary folder under their own name; (path, sha256)."""
    saved = loads.save_upload(uploaded.getvalue(), uploaded.name, upload_session())
    return saved.path, saved.sha256


def discard_upload() -> None:
    """Remove this session's uploaded copy (saved to the store, already loaded, or no longer picked)."""
    loads.discard_upload(upload_session())


def fields_for(sha: str) -> None:
    """Forget every field chosen for another file, so each field of the form is recomputed for this one."""
    if st.session_state.get(FILE_KEY) == sha:
        return
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(PER_FILE)]:
        del st.session_state[key]
    for key in (MAPPING_KEY, REVIEW_KEY):
        st.session_state.pop(key, None)
    st.session_state[FILE_KEY] = sha


def current_review(path: Path, sha: str, mapping: Mapping | None) -> Review:
    """The review of this file (and mapping), computed once per session; the file is read in the guarded worker."""
    key = (sha, repr(mapping))
    found = st.session_state.get(REVIEW_KEY)
    if found and found[0] == key:
        return found[1]
    result = loads.review_file(path, mapping=mapping)
    st.session_state[REVIEW_KEY] = (key, result)
    return result


def recognised_caption(result: Review, lang: Language) -> None:
    """Which recipe read the file, and the edition it found."""
    lang = Language(lang)
    if result.prepared is None:
        st.caption(lang.t("up_detected", format="-"))
        return
    parsed = result.prepared.parsed
    st.caption(plain(lang.t("src_recognised", recipe=parsed.format, title=parsed.source.name,
                       edition=parsed.source.edition)))


def why_no_recipe(result: Review, lang: Language) -> None:
    """The closest recipe and why it did not fit, and the recipe-file way forward."""
    lang = Language(lang)
    closest = next((p for p in result.errors if p.template()[0] == "closest_recipe"), None)
    if closest is not None:
        st.caption(plain(lang.t("src_closest", reason=lang.problem(closest))))
    st.caption(lang.t("src_recipe_way"))


def forget_review() -> None:
    st.session_state.pop(REVIEW_KEY, None)


def already_loaded(sha: str) -> tuple[int, object] | None:
    """(batch, when) of the active batch that holds this file already, or None."""
    done = loads.already_loaded(sha)
    return (done.batch_id, done.loaded_at) if done else None


# ---- mapping -------------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=2)  # not pickled
def _sheets(path: str, sha: str) -> Workbook | None:
    """The first rows of every sheet, read in the guarded worker (the server never opens an uploaded file)."""
    return loads.sheets(Path(path))


def report_download(path: Path, problems: list[Problem], lang: str = "en") -> bytes:
    """The person's file with its problems marked (operations.loads.problem_report)."""
    return loads.problem_report(path, problems, lang)


def mapping_form(path: Path, sha: str, lang: Language) -> Mapping | None:
    """Ask where the data is (ui/mapping_form.py), starting from the guess; the mapping once Check is pressed."""
    wb = _sheets(str(path), sha)
    if wb is None:
        return None
    return mapping_step.mapping_form(wb, path, sha, Language(lang), MAPPING_KEY)


# ---- report, preview, commit ------------------------------------------------------------------------------------


def report_section(result: Review, path: Path, sha: str, lang: Language) -> bool:
    """Every problem at once; True when there are no errors and every warning has been accepted."""
    lang = Language(lang)
    st.subheader(lang.t("up_report_title"))
    if result.errors:
        st.error(lang.plural("up_errors_block", len(result.errors), file=plain(result.file)))
        if loads.refused_by_the_guard(result):
            st.caption(lang.t("guard_refused_note"))
        pr.show(result.errors, lang)
    if not result.problems:
        st.success(lang.t("up_no_problems"))
    else:
        st.download_button(lang.t("up_report_download"), data=lambda: report_download(path, result.problems, lang),
                           file_name=f"{Path(result.file).stem}-problems.xlsx", mime=XLSX, key="up_report",
                           on_click="ignore", icon=":material/download:")
    if result.errors:
        if result.warnings:
            st.caption(lang.t("up_warnings_also", n=len(result.warnings)))
            pr.show(result.warnings, lang)
        return False
    if not result.warnings:
        return True
    return accept_warnings(result.warnings, sha, lang)


def accept_warnings(warnings: list, sha: str, lang: Language) -> bool:
    """A box to tick per warning (the first ones; the rest accepted with one more box); True when all are."""
    lang = Language(lang)
    st.warning(lang.plural("up_warnings_accept", len(warnings)))
    accepted = [st.checkbox(plain(pr.describe(p, lang)), key=f"up_accept_{sha[:12]}_{i}")
                for i, p in enumerate(warnings[:pr.SHOWN])]
    if len(warnings) > pr.SHOWN:
        accepted.append(st.checkbox(lang.t("up_accept_rest", n=lang.n(len(warnings) - pr.SHOWN, 0)),
                                    key=f"up_accept_{sha[:12]}_rest"))
    return all(accepted)


def preview_section(result: Review, lang: Language) -> None:
    lang = Language(lang)
    counts = result.counts()
    st.subheader(lang.t("up_preview_title"))
    a, b, c = st.columns(3)
    a.metric(lang.t("up_added"), lang.n(counts["added"], 0))
    b.metric(lang.t("up_changed"), lang.n(counts["changed"], 0))
    c.metric(lang.t("up_unchanged"), lang.n(counts["unchanged"], 0))
    pv = result.preview
    shown = pd.concat([pv[pv["status"] == "changed"], pv[pv["status"] == "added"], pv[pv["status"] == "unchanged"]])
    shown = shown.head(PREVIEW_ROWS)
    def value(v: float) -> str:
        return lang.t("missing") if pd.isna(v) else f"{v:g}"

    table = pd.DataFrame({
        lang.t("up_col_status"): shown["status"].map(lambda s: lang.t(f"up_{s}")),
        lang.t("up_col_indicator"): shown["indicator_code"], lang.t("up_col_country"): shown["iso3"],
        lang.t("year"): shown["year"],
        lang.t("up_col_old"): [("—" if s == "added" else value(v)) for s, v in zip(shown["status"],
                                                                                   shown["old_value"], strict=True)],
        lang.t("up_col_new"): shown["new_value"].map(value), lang.t("up_col_row"): shown["row"],
    })
    if (shown["breakdown"] != "").any():  # a file with groups: each row says which (the total when empty)
        table.insert(4, lang.t("ds_breakdown"), shown["breakdown"].replace("", lang.t("ds_total")).to_numpy())
    st.dataframe(table, hide_index=True, width="stretch")
    if len(pv) > PREVIEW_ROWS:
        st.caption(lang.t("up_preview_first", n=PREVIEW_ROWS, total=len(pv)))
    source = result.prepared.parsed.source
    meta = ExportMeta(title=lang.t("up_preview_title"), subtitle=f"{source.name}, {source.edition}", lang=lang,
                      file_stem=f"{Path(result.file).stem}-preview")
    table_downloads(table, meta, key="up_preview")


def commit_section(result: Review, path: Path, sha: str, user: User, ready: bool, lang: Language) -> LoadReport | None:
    lang = Language(lang)
    done = already_loaded(sha)
    if done:
        st.info(lang.t("up_already_loaded", batch=done[0], when=f"{done[1]:%Y-%m-%d %H:%M}"))
        return None
    if not ready:
        st.caption(lang.t("up_accept_first"))
    if not st.button(lang.t("up_commit"), key="up_commit", type="primary", disabled=not ready):
        return None
    try:
        report = loads.commit(result, path, user=user.name)
    except ValidationError as refused:  # found only against the store at writing (demo beside published data)
        _refused(refused)
        return None
    st.cache_data.clear()  # every page reads the new version on its next run
    forget_review()
    discard_upload()  # the store keeps the original under files/<sha>
    if report.already_loaded is not None:
        st.info(lang.t("up_already_loaded", batch=report.already_loaded, when=""))
        return None
    # run the page again, so that the sidebar and every cached query show the new version at once
    st.session_state[DONE_KEY] = lang.t("up_committed", batch=report.batch_id, added=report.added,
                                   replaced=report.replaced, unchanged=report.unchanged) + _demo_note(report, lang)
    st.rerun()
    return report


def _refused(refused: ValidationError) -> None:
    """A save the store refused (nothing was written): its title and every problem, as plain text."""
    st.error(plain(refused.title) + "\n\n" + "\n".join(f"- {plain(p)}" for p in refused.problems))


def _demo_note(report: LoadReport, lang: Language) -> str:
    """Said after a save that removed the demo data the store held (published data never sits beside it)."""
    lang = Language(lang)
    return " " + lang.t("ds_demo_removed", n=sum(report.demo_removed.values())) if report.demo_removed else ""


def show_done() -> None:
    """The message of a save made on the previous run."""
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(done)


# ---- survey files ----------------------------------------------------------------------------------------------


def survey_templates(lang: Language) -> None:
    """The respondent-level and the published-results survey templates."""
    lang = Language(lang)
    left, right = st.columns(2)
    left.download_button(lang.t("up_survey_respondent_template"), data=lambda: loads.survey_respondent_template(),
                         file_name="hub-survey-respondents-template.xlsx", mime=XLSX, key="up_sv_resp",
                         on_click="ignore", icon=":material/download:")
    right.download_button(lang.t("up_survey_aggregate_template"), data=lambda: loads.survey_results_template(),
                          file_name="hub-survey-results-template.xlsx", mime=XLSX, key="up_sv_agg",
                          on_click="ignore", icon=":material/download:")


def survey_flow(path: Path, sha: str, parsed: ParsedSurvey, user: User, lang: Language) -> None:
    """A survey file in a known layout: report, preview and commit, through the CLI's one-batch write path."""
    lang = Language(lang)
    st.caption(lang.t("up_detected_survey"))
    try:
        prepared = loads.review_survey(parsed, path.name)
    except ValidationError as e:
        prepared = e
    survey_review(prepared, path, sha, user, lang)


def form_guess(path: Path, sha: str) -> FormGuess | None:
    """The survey form the upload looks like (a respondent-level export), or None; guessed once per file."""
    found = st.session_state.get(GUESS_KEY)
    if found and found[0] == sha:
        return found[1]
    guess = loads.guess_form(_sheets(str(path), sha))
    st.session_state[GUESS_KEY] = (sha, guess)
    return guess


def sheets(path: Path, sha: str) -> Workbook | None:
    return _sheets(str(path), sha)


def survey_review(prepared: PreparedSurvey | ValidationError, path: Path, sha: str, user: User, lang: Language) -> None:
    """Every problem at once (a refused file: nothing saved), else warnings to accept, what would load, Save."""
    lang = Language(lang)
    st.subheader(lang.t("up_report_title"))
    if isinstance(prepared, ValidationError):
        problems = prepared.problems
        st.error(lang.plural("up_errors_block", len(problems), file=plain(path.name)))
        pr.show(problems, lang)
        st.download_button(lang.t("up_report_download"), data=lambda: report_download(path, problems, lang),
                           file_name=f"{path.stem}-problems.xlsx", mime=XLSX, key="up_report", on_click="ignore",
                           icon=":material/download:")
        return
    warnings = prepared.report.warnings
    if warnings:
        ready = accept_warnings(warnings, sha, lang)
    else:
        ready = True
        st.success(lang.t("up_no_problems"))
    st.subheader(lang.t("up_preview_title"))
    respondent_level = prepared.parsed.respondents is not None
    counts = {k: v for k, v in prepared.preview().items()
              if k not in (("results",) if respondent_level else ("respondents", "answers"))}
    for column, (what, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(lang.t(f"up_survey_{what}"), lang.n(n, 0))
    if respondent_level:
        st.dataframe(survey_preview(prepared, lang), hide_index=True)
    done = already_loaded(sha)
    if done:
        st.info(lang.t("up_already_loaded", batch=done[0], when=f"{done[1]:%Y-%m-%d %H:%M}"))
        return
    if not ready:
        st.caption(lang.t("up_accept_first"))
    if not st.button(lang.t("up_commit"), key="up_commit", type="primary", disabled=not ready):
        return
    try:
        report = loads.commit_survey(prepared, path, user=user.name)
    except ValidationError as refused:  # surveys already in the store, demo beside published data
        _refused(refused)
        return
    st.cache_data.clear()
    discard_upload()
    if report.already_loaded is not None:
        st.info(lang.t("up_already_loaded", batch=report.already_loaded, when=""))
        return
    if respondent_level:
        st.session_state[DONE_KEY] = lang.t("up_committed_respondents", batch=report.batch_id,
                                       respondents=lang.n(report.added, 0),
                                       surveys=lang.n(len(prepared.surveys), 0))
    else:
        st.session_state[DONE_KEY] = lang.t("up_committed_survey", batch=report.batch_id, added=report.added)
    st.session_state[DONE_KEY] += _demo_note(report, lang)
    st.rerun()


def survey_preview(prepared: PreparedSurvey, lang: Language) -> pd.DataFrame:
    """Per survey that would be added: country, year, respondents, fieldwork."""
    lang = Language(lang)
    table = loads.survey_preview(prepared)
    return pd.DataFrame({
        lang.t("up_col_country"): [lang.country(c) for c in table["iso3"]], lang.t("year"): table["year"],
        lang.t("up_survey_respondents"): table["respondents"], lang.t("up_col_fieldwork"): table["fieldwork"],
    })
