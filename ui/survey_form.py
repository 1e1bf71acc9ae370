"""The upload page's survey form step: what each column is, what each answer means, who ran the survey."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import streamlit as st

from accounts.users import User
from core.errors import ValidationError
from core.i18n import Language
from etl.harmonise import countries
from etl.read.sheets import Workbook
from etl.recipes.answer_labels import ROLES, is_ambiguous, norm_label
from etl.recipes.survey import slug
from etl.recipes.survey_forms import (
    ASK_ROLES,
    COLUMN_ROLES,
    AnswerScale,
    FormGuess,
    FormQuestion,
    SurveyForm,
    column_answers,
    new_scale,
)
from operations import loads
from ui import upload as up
from ui.text import plain

CONFIRMED_KEY = "sf_confirmed"  # (file sha, confirmed SurveyForm)
PREPARED_KEY = "sf_prepared"  # ((file sha, form), PreparedSurvey or ValidationError)
NEW_SCALE = "__new__"


def scale_label(key: str, lang: Language) -> str:
    """A scale's name in `lang`: the known families by name, the form's own sets numbered."""
    lang = Language(lang)
    if lang.has(f"sf_scale_{key}"):
        return lang.t(f"sf_scale_{key}")
    return lang.t("sf_scale_own", name=key.removeprefix("scale_").removeprefix("own_"))


def flow(path: Path, sha: str, guess: FormGuess, wb: Workbook, user: User, lang: Language) -> bool:
    """The survey form step, then its report, preview and save. False when the person says the file is not a
    survey (the page then offers the indicator mapping)."""
    lang = Language(lang)
    st.subheader(lang.t("sf_title"))
    st.info(lang.t("sf_recognised", respondents=lang.n(guess.respondents, 0),
              questions=lang.n(len(guess.form.questions), 0), scales=lang.n(len(guess.form.scales), 0)))
    if st.checkbox(lang.t("sf_not_a_survey"), key="sf_not_survey"):
        return False
    form = _fields(guess, wb, lang)
    if st.button(lang.t("sf_check"), key="sf_check", type="primary"):
        st.session_state[CONFIRMED_KEY] = (sha, form)
    confirmed = st.session_state.get(CONFIRMED_KEY)
    if not confirmed or confirmed[0] != sha:
        st.caption(lang.t("sf_check_first"))
        return True
    prepared = _prepared(path, sha, confirmed[1], wb)
    up.survey_review(prepared, path, sha, user, lang)
    return True


def _prepared(path: Path, sha: str, form: SurveyForm, wb: Workbook):
    key = (sha, repr(form))
    found = st.session_state.get(PREPARED_KEY)
    if found and found[0] == key:
        return found[1]
    try:
        result = loads.review_form(path, form)  # every row, read in the guarded worker (`wb` is the preview)
    except ValidationError as error:
        result = error
    st.session_state[PREPARED_KEY] = (key, result)
    return result


# ---- the fields ------------------------------------------------------------------------------------------------


def _fields(guess: FormGuess, wb: Workbook, lang: str) -> SurveyForm:
    """Every field of the form, first filled with the guess; the form as the person leaves it."""
    form = copy.deepcopy(guess.form)
    _columns(form, guess, wb, lang)
    _where_and_when(form, guess, wb, lang)
    _scales(form, guess, lang)
    _source(form, lang)
    return form


def _columns(form: SurveyForm, guess: FormGuess, wb: Workbook, lang: Language) -> None:
    """One row per column (letter, header, examples): what it is, its code or breakdown name, its scale."""
    lang = Language(lang)
    st.markdown(f"**{lang.t('sf_columns_title')}**")
    st.caption(lang.t("sf_columns_help"))
    role_label = {r: lang.t(f"sf_colrole_{r}") for r in COLUMN_ROLES}
    scales = {s.key: scale_label(s.key, lang) for s in form.scales}
    scale_options = {**scales, NEW_SCALE: lang.t("sf_scale_new")}
    questions = {q.column: q for q in form.questions}
    names = {c: (questions[c].code if c in questions else form.groups.get(c, "")) for c in
             (col.header for col in guess.columns)}
    frame = pd.DataFrame({  # what the person decides right after the column's name; what it holds after that
        "letter": [c.letter for c in guess.columns], "header": [c.header for c in guess.columns],
        "role": [role_label[form.role_of(c.header)] for c in guess.columns],
        "code": [names[c.header] for c in guess.columns],
        "scale": [scales.get(questions[c.header].scale) if c.header in questions else None for c in guess.columns],
        "reverse": [bool(questions[c.header].reverse) if c.header in questions else False for c in guess.columns],
        "examples": [" | ".join(c.samples) for c in guess.columns],
        "filled": [c.filled for c in guess.columns],
    })
    edited = st.data_editor(
        frame, key="sf_columns", hide_index=True, width="stretch", num_rows="fixed",
        height=min(36 * (len(frame) + 1) + 3, 740), disabled=["letter", "header", "examples", "filled"],
        column_config={
            "letter": st.column_config.TextColumn(lang.t("sf_col_letter"), width="small"),
            "header": st.column_config.TextColumn(lang.t("sf_col_header"), width="medium"),
            "examples": st.column_config.TextColumn(lang.t("sf_col_examples")),
            "filled": st.column_config.NumberColumn(lang.t("sf_col_filled"), format="%d", width="small"),
            "role": st.column_config.SelectboxColumn(lang.t("sf_col_role"), options=list(role_label.values()),
                                                     required=True),
            "code": st.column_config.TextColumn(lang.t("sf_col_code"), help=lang.t("sf_col_code_help")),
            "scale": st.column_config.SelectboxColumn(lang.t("sf_col_scale"), options=list(scale_options.values())),
            "reverse": st.column_config.CheckboxColumn(lang.t("sf_col_reverse"), help=lang.t("sf_col_reverse_help")),
        })
    by_label = {v: k for k, v in role_label.items()}
    scale_by_label = {v: k for k, v in scale_options.items()}
    form.questions, form.groups = [], {}
    form.country_column = form.weight_column = form.timestamp_column = form.id_column = None
    for row in edited.itertuples(index=False):
        role, header, code = by_label.get(row.role, "ignore"), row.header, str(row.code or "").strip()
        if role == "question":
            was = questions.get(header)
            scale = scale_by_label.get(row.scale) or (was.scale if was else NEW_SCALE)
            if scale == NEW_SCALE:
                scale = _own_scale(form, wb, header)
            same = was is not None and code in ("", was.code)  # still the bank's question it was guessed to be
            form.questions.append(FormQuestion(
                column=header, code=code or (was.code if was else slug(header)[:40]),
                text=was.text if was else header, scale=scale, reverse=bool(row.reverse),
                theme=was.theme if same else None, text_en=was.text_en if same else None,
                text_ru=was.text_ru if same else None, theme_ru=was.theme_ru if same else None))
        elif role == "group":
            form.groups[header] = slug(code or header)[:40] or "group"
        elif role in ("country", "weight", "timestamp", "id"):
            attribute = f"{role}_column"
            if getattr(form, attribute) is None:
                setattr(form, attribute, header)
            else:
                st.warning(lang.t("sf_role_twice", role=role_label[role], column=plain(header)))


def _own_scale(form: SurveyForm, wb: Workbook, column: str) -> str:
    """A scale made of a column's own answers (roles from known labels, the rest asked)."""
    key = f"own_{slug(column)[:20]}"
    if form.scale(key) is None:
        form.scales.append(new_scale(key, column_answers(wb, form, column)))
    return key


def _where_and_when(form: SurveyForm, guess: FormGuess, wb: Workbook, lang: Language) -> None:
    lang = Language(lang)
    st.markdown(f"**{lang.t('sf_where_title')}**")
    left, right = st.columns(2)
    if form.country_column:
        found = pd.Series(column_answers(wb, form, form.country_column, counts=True))
        listed = ", ".join(f"{plain(name)} ({lang.n(n, 0)})" for name, n in found.items())
        left.caption(lang.t("sf_countries_in", column=plain(form.country_column), countries=listed))
    else:
        table = countries.country_table()
        table = table.assign(shown=lang.column(table, "name")).sort_values("shown")
        codes = table["iso3"].tolist()
        form.country = left.selectbox(lang.t("sf_country"), codes, index=None, key="sf_country",
                                      format_func=lambda c: countries.country_name(c, lang),
                                      placeholder=lang.t("sf_country_pick"))
    year = right.number_input(lang.t("sf_year"), min_value=1900, max_value=2100, step=1, value=form.year,
                              key="sf_year", placeholder=lang.t("sf_year_pick"))
    form.year = int(year) if year is not None else None
    if form.timestamp_column:
        right.caption(lang.t("sf_year_from_timestamps", column=plain(form.timestamp_column)))
    notes = [lang.t("sf_weight_in", column=plain(form.weight_column)) if form.weight_column
             else lang.t("sf_no_weight")]
    if form.groups:
        notes.append(lang.t("sf_groups_in", groups=", ".join(f"{plain(c)} → {g}" for c, g in form.groups.items())))
    st.caption(" ".join(notes))


def _scales(form: SurveyForm, guess: FormGuess, lang: Language) -> None:
    """Per scale in use: every answer given, with its meaning and place (1 = least favourable)."""
    lang = Language(lang)
    used = [s for s in form.scales if any(q.scale == s.key for q in form.questions)]
    st.markdown(f"**{lang.t('sf_scales_title')}**")
    st.caption(lang.t("sf_scales_help"))
    for scale in used:
        n = sum(1 for q in form.questions if q.scale == scale.key)
        with st.container(border=True):
            st.markdown(f"**{scale_label(scale.key, lang)}** · {lang.t('sf_scale_questions', n=lang.n(n, 0))}")
            _answers(scale, guess.answer_counts.get(scale.key, {}), lang)


def _answers(scale: AnswerScale, counts: dict[str, int], lang: Language) -> None:
    lang = Language(lang)
    head = st.columns([4, 3, 2])
    head[0].caption(lang.t("sf_answer"))
    head[1].caption(lang.t("sf_meaning"))
    head[2].caption(lang.t("sf_place"))
    for i, a in enumerate(scale.answers):
        row = st.columns([4, 3, 2], vertical_alignment="center")
        n = counts.get(norm_label(a.text))
        row[0].markdown(plain(a.text) + (f" · {lang.n(n, 0)}" if n is not None else ""))
        ambiguous = is_ambiguous(a.text)
        options = list(ASK_ROLES if ambiguous else ROLES)
        a.role = row[1].selectbox(
            lang.t("sf_meaning"), options, key=f"sf_role_{scale.key}_{i}", label_visibility="collapsed",
            index=options.index(a.role) if a.role in options else None, placeholder=lang.t("sf_meaning_pick"),
            format_func=lambda r: lang.t(f"sf_role_{r}"))
        place = row[2].number_input(lang.t("sf_place"), min_value=1, max_value=99, step=1, value=a.position,
                                    key=f"sf_pos_{scale.key}_{i}", label_visibility="collapsed",
                                    disabled=a.role == "dont_know")
        a.position = int(place) if place is not None else None
        if ambiguous and a.role is None:
            st.warning(lang.t("sf_ambiguous", answer=plain(a.text)))


def _source(form: SurveyForm, lang: Language) -> None:
    lang = Language(lang)
    st.markdown(f"**{lang.t('sf_source_title')}**")
    a, b = st.columns(2)
    s = form.source
    s.name = a.text_input(lang.t("sf_source_name"), value=s.name, key="sf_src_name")
    s.publisher = b.text_input(lang.t("sf_source_publisher"), value=s.publisher, key="sf_src_publisher")
    s.licence = a.text_input(lang.t("sf_source_licence"), value=s.licence, key="sf_src_licence")
    s.edition = b.text_input(lang.t("sf_source_edition"), value=s.edition or (str(form.year) if form.year else ""),
                             key="sf_src_edition")
    with st.expander(lang.t("sf_source_more")):
        s.dataset = st.text_input(lang.t("sf_source_dataset"), value=s.dataset or slug(s.name)[:60],
                                  key="sf_src_dataset", help=lang.t("sf_source_dataset_help"))
        form.bank = st.text_input(lang.t("sf_bank"), value=form.bank or s.dataset, key="sf_bank",
                                  help=lang.t("sf_bank_help"))
