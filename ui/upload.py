"""Glue of the upload and history pages: saving the upload, the mapping form, report, preview, commit, rollback."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pandas as pd
import streamlit as st

from accounts.users import User
from core.errors import Problem, ValidationError
from core.i18n import number, t
from etl import guard, uploads
from etl.harmonise import countries
from etl.read.cells import cell_text
from etl.read.sheets import Workbook, default_max_bytes
from etl.recipes.mapping import Mapping
from etl.recipes.survey import ParsedSurvey
from etl.recipes.survey_forms import FormGuess, guess_form
from etl.templates.indicators import build_template
from etl.templates.surveys import aggregate_template, hub_bank, respondent_template
from etl.validate import survey as survey_load
from etl.validate.annotate import guarded_report, report_workbook
from etl.validate.known import known_indicators
from etl.validate.prepare import LoadReport
from etl.validate.review import Review, review
from etl.validate.survey import PreparedSurvey
from etl.write import commit as survey_commit
from etl.write.batches import active_batch_with_sha
from etl.write.commit import commit
from etl.write.rollback import rollback
from reports.meta import ExportMeta
from store import Store
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
    guard.warm()


def max_mb() -> float:
    return default_max_bytes() / 1024 / 1024


def template_download(lang: str) -> None:
    st.download_button(t("up_template_download", lang), data=lambda: build_template(sorted(_declared_codes())),
                       file_name="hub-indicator-template.xlsx", mime=XLSX, key="up_template", on_click="ignore",
                       icon=":material/download:")


def _declared_codes() -> set[str]:
    from etl import catalogue

    return set(known_indicators()) - set(catalogue.indicators())


def upload_session() -> str:
    """This browser session's private upload folder token."""
    return st.session_state.setdefault(SESSION_KEY, uuid.uuid4().hex)


def file_sha(uploaded) -> str:
    return hashlib.sha256(uploaded.getvalue()).hexdigest()


def save_upload(uploaded) -> tuple[Path, str]:
    """The uploaded bytes in this session's private temporary folder under their own name; (path, sha256)."""
    return uploads.save_upload(uploaded.getvalue(), uploaded.name, upload_session())


def discard_upload() -> None:
    """Remove this session's uploaded copy (saved to the store, already loaded, or no longer picked)."""
    uploads.remove_session(upload_session())


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
    result = review(path, mapping=mapping)
    st.session_state[REVIEW_KEY] = (key, result)
    return result


def recognised_caption(result: Review, lang: str) -> None:
    """Which recipe read the file, and the edition it found."""
    if result.prepared is None:
        st.caption(t("up_detected", lang, format="-"))
        return
    parsed = result.prepared.parsed
    st.caption(plain(t("src_recognised", lang, recipe=parsed.format, title=parsed.source.name,
                       edition=parsed.source.edition)))


def why_no_recipe(result: Review, lang: str) -> None:
    """The closest recipe and why it did not fit, and the recipe-file way forward."""
    closest = next((p for p in result.errors if "closest recipe" in p.message), None)
    if closest is not None:
        st.caption(plain(t("src_closest", lang, reason=closest.message)))
    st.caption(t("src_recipe_way", lang))


def forget_review() -> None:
    st.session_state.pop(REVIEW_KEY, None)


def already_loaded(sha: str) -> tuple[int, object] | None:
    store = Store()
    if not store.exists():
        return None
    with store.reader() as con:
        return active_batch_with_sha(con, sha)


# ---- mapping -------------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=2)  # not pickled
def _sheets(path: str, sha: str) -> Workbook | None:
    """The first rows of every sheet, read in the guarded worker (the server never opens an uploaded file)."""
    try:
        return guard.preview(Path(path))
    except ValidationError:
        return None


def report_download(path: Path, problems: list[Problem]) -> bytes:
    """The person's file with its problems marked, built in the guarded worker; if even that fails, the
    Problems sheet alone (built here without opening the file)."""
    try:
        return guarded_report(path, problems)
    except ValidationError:
        return report_workbook(path, problems, cells=False)


def mapping_form(path: Path, sha: str, lang: str) -> Mapping | None:
    """Ask where the data is (ui/mapping_form.py), starting from the guess; the mapping once Check is pressed."""
    wb = _sheets(str(path), sha)
    if wb is None:
        return None
    return mapping_step.mapping_form(wb, path, sha, lang, MAPPING_KEY)


# ---- report, preview, commit ------------------------------------------------------------------------------------


def report_section(result: Review, path: Path, sha: str, lang: str) -> bool:
    """Every problem at once; True when there are no errors and every warning has been accepted."""
    st.subheader(t("up_report_title", lang))
    if result.errors:
        st.error(t("up_errors_block", lang, n=len(result.errors), file=plain(result.file)))
        if result.title in guard.REFUSED_TITLES:
            st.caption(t("guard_refused_note", lang))
        pr.show(result.errors, lang)
    if not result.problems:
        st.success(t("up_no_problems", lang))
    else:
        st.download_button(t("up_report_download", lang), data=lambda: report_download(path, result.problems),
                           file_name=f"{Path(result.file).stem}-problems.xlsx", mime=XLSX, key="up_report",
                           on_click="ignore", icon=":material/download:")
    if result.errors:
        if result.warnings:
            st.caption(t("up_warnings_also", lang, n=len(result.warnings)))
            pr.show(result.warnings, lang)
        return False
    if not result.warnings:
        return True
    return accept_warnings(result.warnings, sha, lang)


def accept_warnings(warnings: list, sha: str, lang: str) -> bool:
    """A box to tick per warning (the first ones; the rest accepted with one more box); True when all are."""
    st.warning(t("up_warnings_accept", lang, n=len(warnings)))
    accepted = [st.checkbox(plain(pr.describe(p, lang)), key=f"up_accept_{sha[:12]}_{i}")
                for i, p in enumerate(warnings[:pr.SHOWN])]
    if len(warnings) > pr.SHOWN:
        accepted.append(st.checkbox(t("up_accept_rest", lang, n=number(len(warnings) - pr.SHOWN, 0, lang)),
                                    key=f"up_accept_{sha[:12]}_rest"))
    return all(accepted)


def preview_section(result: Review, lang: str) -> None:
    counts = result.counts()
    st.subheader(t("up_preview_title", lang))
    a, b, c = st.columns(3)
    a.metric(t("up_added", lang), number(counts["added"], 0, lang))
    b.metric(t("up_changed", lang), number(counts["changed"], 0, lang))
    c.metric(t("up_unchanged", lang), number(counts["unchanged"], 0, lang))
    pv = result.preview
    shown = pd.concat([pv[pv["status"] == "changed"], pv[pv["status"] == "added"], pv[pv["status"] == "unchanged"]])
    shown = shown.head(PREVIEW_ROWS)
    def value(v: float) -> str:
        return t("missing", lang) if pd.isna(v) else f"{v:g}"

    table = pd.DataFrame({
        t("up_col_status", lang): shown["status"].map(lambda s: t(f"up_{s}", lang)),
        t("up_col_indicator", lang): shown["indicator_code"], t("up_col_country", lang): shown["iso3"],
        t("year", lang): shown["year"],
        t("up_col_old", lang): [("—" if s == "added" else value(v)) for s, v in zip(shown["status"],
                                                                                   shown["old_value"], strict=True)],
        t("up_col_new", lang): shown["new_value"].map(value), t("up_col_row", lang): shown["row"],
    })
    if (shown["breakdown"] != "").any():  # a file with groups: each row says which (the total when empty)
        table.insert(4, t("ds_breakdown", lang), shown["breakdown"].replace("", t("ds_total", lang)).to_numpy())
    st.dataframe(table, hide_index=True, width="stretch")
    if len(pv) > PREVIEW_ROWS:
        st.caption(t("up_preview_first", lang, n=PREVIEW_ROWS, total=len(pv)))
    source = result.prepared.parsed.source
    meta = ExportMeta(title=t("up_preview_title", lang), subtitle=f"{source.name}, {source.edition}", lang=lang,
                      file_stem=f"{Path(result.file).stem}-preview")
    table_downloads(table, meta, key="up_preview")


def commit_section(result: Review, path: Path, sha: str, user: User, ready: bool, lang: str) -> LoadReport | None:
    done = already_loaded(sha)
    if done:
        st.info(t("up_already_loaded", lang, batch=done[0], when=f"{done[1]:%Y-%m-%d %H:%M}"))
        return None
    if not ready:
        st.caption(t("up_accept_first", lang))
    if not st.button(t("up_commit", lang), key="up_commit", type="primary", disabled=not ready):
        return None
    try:
        report = commit(result.prepared, path=path, user=user.name, store=Store())
    except ValidationError as refused:  # found only against the store at writing (demo beside published data)
        _refused(refused)
        return None
    st.cache_data.clear()  # every page reads the new version on its next run
    forget_review()
    discard_upload()  # the store keeps the original under files/<sha>
    if report.already_loaded is not None:
        st.info(t("up_already_loaded", lang, batch=report.already_loaded, when=""))
        return None
    # run the page again, so that the sidebar and every cached query show the new version at once
    st.session_state[DONE_KEY] = t("up_committed", lang, batch=report.batch_id, added=report.added,
                                   replaced=report.replaced, unchanged=report.unchanged) + _demo_note(report, lang)
    st.rerun()
    return report


def _refused(refused: ValidationError) -> None:
    """A save the store refused (nothing was written): its title and every problem, as plain text."""
    st.error(plain(refused.title) + "\n\n" + "\n".join(f"- {plain(p)}" for p in refused.problems))


def _demo_note(report: LoadReport, lang: str) -> str:
    """Said after a save that removed the demo data the store held (published data never sits beside it)."""
    return " " + t("ds_demo_removed", lang, n=sum(report.demo_removed.values())) if report.demo_removed else ""


def show_done() -> None:
    """The message of a save made on the previous run."""
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(done)


# ---- history ---------------------------------------------------------------------------------------------------


def batch_list() -> pd.DataFrame:
    """Every batch, newest first; survey batches with their respondents (from the load report, so a rolled-back
    batch still says how many it held)."""
    with Store().reader() as con:
        return con.execute(
            "SELECT batch_id, file_name, kind, source_id, rows_added, rows_replaced, rows_unchanged, "
            "TRY_CAST(json_extract_string(report, '$.respondents') AS INTEGER) AS respondents, user_name, "
            "loaded_at, status, rolled_back_at, rolled_back_by, sha256, "
            "json_extract_string(report, '$.survey_level') AS survey_level FROM load_batch ORDER BY batch_id DESC"
        ).df().astype({"respondents": "Int64"})


def batch_surveys(batch_id: int) -> pd.DataFrame:
    """The surveys a survey batch holds now: country, year, respondents, valid answers, published results."""
    with Store().reader() as con:
        return con.execute("""
            SELECT s.survey_id, s.iso3, s.year, s.level,
                   (SELECT count(*) FROM survey_respondent r WHERE r.survey_id = s.survey_id) AS respondents,
                   (SELECT count(*) FROM survey_answer a WHERE a.survey_id = s.survey_id) AS answers,
                   (SELECT count(*) FROM survey_aggregate g WHERE g.survey_id = s.survey_id) AS results
            FROM survey s WHERE s.batch_id = ? ORDER BY s.iso3, s.year
        """, [batch_id]).df()


def batch_rows(batch_id: int, limit: int = 5000) -> tuple[pd.DataFrame, int, int]:
    """Rows the batch holds now (first `limit`), how many, and how many stored values it replaced."""
    with Store().reader() as con:
        changed = con.execute("SELECT * EXCLUDE (batch_id) FROM membership_change WHERE batch_id = ? ORDER BY iso3",
                              [batch_id]).df()
        if len(changed):  # a hub-membership edit (pages/members.py): each country's status before and after
            return changed, len(changed), 0
        rows = con.execute(
            "SELECT indicator_code, iso3, year, breakdown, value, std_error, source_id FROM observation "
            "WHERE batch_id = ? ORDER BY indicator_code, iso3, year, breakdown LIMIT ?", [batch_id, limit]).df()
        n = con.execute("SELECT count(*) FROM observation WHERE batch_id = ?", [batch_id]).fetchone()[0]
        replaced = con.execute("SELECT count(*) FROM observation_replaced WHERE replaced_by = ?",
                               [batch_id]).fetchone()[0]
    return rows, int(n), int(replaced)


def original_file(sha: str) -> Path | None:
    path = Store().dir / "files" / sha
    return path if path.is_file() else None


def rollback_batch(batch_id: int, user: User) -> dict[str, int]:
    with Store().writer() as con:
        result = rollback(con, batch_id, user=user.name)
    st.cache_data.clear()
    return result


# ---- survey files ----------------------------------------------------------------------------------------------


def survey_templates(lang: str) -> None:
    """The respondent-level and the published-results survey templates."""
    left, right = st.columns(2)
    left.download_button(t("up_survey_respondent_template", lang), data=lambda: respondent_template(),
                         file_name="hub-survey-respondents-template.xlsx", mime=XLSX, key="up_sv_resp",
                         on_click="ignore", icon=":material/download:")
    right.download_button(t("up_survey_aggregate_template", lang), data=lambda: aggregate_template(),
                          file_name="hub-survey-results-template.xlsx", mime=XLSX, key="up_sv_agg",
                          on_click="ignore", icon=":material/download:")


def survey_flow(path: Path, sha: str, parsed: ParsedSurvey, user: User, lang: str) -> None:
    """A survey file in a known layout: report, preview and commit, through the CLI's one-batch write path."""
    st.caption(t("up_detected_survey", lang))
    try:
        prepared = survey_load.prepare_survey(parsed, path.name)
    except ValidationError as e:
        prepared = e
    survey_review(prepared, path, sha, user, lang)


def form_guess(path: Path, sha: str) -> FormGuess | None:
    """The survey form the upload looks like (a respondent-level export), or None; guessed once per file."""
    found = st.session_state.get(GUESS_KEY)
    if found and found[0] == sha:
        return found[1]
    wb = _sheets(str(path), sha)
    guess = guess_form(wb, bank=hub_bank()) if wb is not None else None
    st.session_state[GUESS_KEY] = (sha, guess)
    return guess


def sheets(path: Path, sha: str) -> Workbook | None:
    return _sheets(str(path), sha)


def survey_review(prepared: PreparedSurvey | ValidationError, path: Path, sha: str, user: User, lang: str) -> None:
    """Every problem at once (a refused file: nothing saved), else warnings to accept, what would load, Save."""
    st.subheader(t("up_report_title", lang))
    if isinstance(prepared, ValidationError):
        problems = prepared.problems
        st.error(t("up_errors_block", lang, n=len(problems), file=plain(path.name)))
        pr.show(problems, lang)
        st.download_button(t("up_report_download", lang), data=lambda: report_download(path, problems),
                           file_name=f"{path.stem}-problems.xlsx", mime=XLSX, key="up_report", on_click="ignore",
                           icon=":material/download:")
        return
    warnings = prepared.report.warnings
    if warnings:
        ready = accept_warnings(warnings, sha, lang)
    else:
        ready = True
        st.success(t("up_no_problems", lang))
    st.subheader(t("up_preview_title", lang))
    respondent_level = prepared.parsed.respondents is not None
    counts = {k: v for k, v in prepared.preview().items()
              if k not in (("results",) if respondent_level else ("respondents", "answers"))}
    for column, (what, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(t(f"up_survey_{what}", lang), number(n, 0, lang))
    if respondent_level:
        st.dataframe(survey_preview(prepared, lang), hide_index=True)
    done = already_loaded(sha)
    if done:
        st.info(t("up_already_loaded", lang, batch=done[0], when=f"{done[1]:%Y-%m-%d %H:%M}"))
        return
    if not ready:
        st.caption(t("up_accept_first", lang))
    if not st.button(t("up_commit", lang), key="up_commit", type="primary", disabled=not ready):
        return
    try:
        report = survey_commit.commit_survey(prepared, path=path, user=user.name, store=Store())
    except ValidationError as refused:  # surveys already in the store, demo beside published data
        _refused(refused)
        return
    st.cache_data.clear()
    discard_upload()
    if report.already_loaded is not None:
        st.info(t("up_already_loaded", lang, batch=report.already_loaded, when=""))
        return
    if respondent_level:
        st.session_state[DONE_KEY] = t("up_committed_respondents", lang, batch=report.batch_id,
                                       respondents=number(report.added, 0, lang),
                                       surveys=number(len(prepared.surveys), 0, lang))
    else:
        st.session_state[DONE_KEY] = t("up_committed_survey", lang, batch=report.batch_id, added=report.added)
    st.session_state[DONE_KEY] += _demo_note(report, lang)
    st.rerun()


def survey_preview(prepared: PreparedSurvey, lang: str) -> pd.DataFrame:
    """Per survey that would be added: country, year, respondents, fieldwork."""
    ids = pd.Series(prepared.respondent_surveys()).value_counts()
    s = prepared.surveys
    return pd.DataFrame({
        t("up_col_country", lang): [countries.country_name(c, lang) for c in s["iso3"]],
        t("year", lang): s["year"].astype(int).astype(str).to_numpy(),
        t("up_survey_respondents", lang): s["survey_id"].map(ids).fillna(0).astype(int).to_numpy(),
        t("up_col_fieldwork", lang): [" – ".join(cell_text(d) for d in (a, b) if cell_text(d)) for a, b in
                                      zip(s["fieldwork_start"], s["fieldwork_end"], strict=True)],
    })
