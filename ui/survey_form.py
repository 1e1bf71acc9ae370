"""The upload page's survey form step: what each column is, what each answer means, who ran the survey."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import streamlit as st

from accounts.users import User
from core.errors import ValidationError
from core.i18n import STRINGS, number, t
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
from etl.validate.survey import prepare_form_file
from ui import upload as up
from ui.text import plain

CONFIRMED_KEY = "sf_confirmed"  # (file sha, confirmed SurveyForm)
PREPARED_KEY = "sf_prepared"  # ((file sha, form), PreparedSurvey or ValidationError)
NEW_SCALE = "__new__"


def scale_label(key: str, lang: str) -> str:
    """A scale's name in `lang`: the known families by name, the form's own sets numbered."""
    if f"sf_scale_{key}" in STRINGS:
        return t(f"sf_scale_{key}", lang)
    return t("sf_scale_own", lang, name=key.removeprefix("scale_").removeprefix("own_"))


def flow(path: Path, sha: str, guess: FormGuess, wb: Workbook, user: User, lang: str) -> bool:
    """The survey form step, then its report, preview and save. False when the person says the file is not a
    survey (the page then offers the indicator mapping)."""
    st.subheader(t("sf_title", lang))
    st.info(t("sf_recognised", lang, respondents=number(guess.respondents, 0, lang),
              questions=number(len(guess.form.questions), 0, lang), scales=number(len(guess.form.scales), 0, lang)))
    if st.checkbox(t("sf_not_a_survey", lang), key="sf_not_survey"):
        return False
    form = _fields(guess, wb, lang)
    if st.button(t("sf_check", lang), key="sf_check", type="primary"):
        st.session_state[CONFIRMED_KEY] = (sha, form)
    confirmed = st.session_state.get(CONFIRMED_KEY)
    if not confirmed or confirmed[0] != sha:
        st.caption(t("sf_check_first", lang))
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
        result = prepare_form_file(path, form)  # every row, read in the guarded worker (`wb` is the preview)
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


def _columns(form: SurveyForm, guess: FormGuess, wb: Workbook, lang: str) -> None:
    """One row per column (letter, header, examples): what it is, its code or breakdown name, its scale."""
    st.markdown(f"**{t('sf_columns_title', lang)}**")
    st.caption(t("sf_columns_help", lang))
    role_label = {r: t(f"sf_colrole_{r}", lang) for r in COLUMN_ROLES}
    scales = {s.key: scale_label(s.key, lang) for s in form.scales}
    scale_options = {**scales, NEW_SCALE: t("sf_scale_new", lang)}
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
            "letter": st.column_config.TextColumn(t("sf_col_letter", lang), width="small"),
            "header": st.column_config.TextColumn(t("sf_col_header", lang), width="medium"),
            "examples": st.column_config.TextColumn(t("sf_col_examples", lang)),
            "filled": st.column_config.NumberColumn(t("sf_col_filled", lang), format="%d", width="small"),
            "role": st.column_config.SelectboxColumn(t("sf_col_role", lang), options=list(role_label.values()),
                                                     required=True),
            "code": st.column_config.TextColumn(t("sf_col_code", lang), help=t("sf_col_code_help", lang)),
            "scale": st.column_config.SelectboxColumn(t("sf_col_scale", lang), options=list(scale_options.values())),
            "reverse": st.column_config.CheckboxColumn(t("sf_col_reverse", lang), help=t("sf_col_reverse_help", lang)),
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
                st.warning(t("sf_role_twice", lang, role=role_label[role], column=plain(header)))


def _own_scale(form: SurveyForm, wb: Workbook, column: str) -> str:
    """A scale made of a column's own answers (roles from known labels, the rest asked)."""
    key = f"own_{slug(column)[:20]}"
    if form.scale(key) is None:
        form.scales.append(new_scale(key, column_answers(wb, form, column)))
    return key


def _where_and_when(form: SurveyForm, guess: FormGuess, wb: Workbook, lang: str) -> None:
    st.markdown(f"**{t('sf_where_title', lang)}**")
    left, right = st.columns(2)
    if form.country_column:
        found = pd.Series(column_answers(wb, form, form.country_column, counts=True))
        listed = ", ".join(f"{plain(name)} ({number(n, 0, lang)})" for name, n in found.items())
        left.caption(t("sf_countries_in", lang, column=plain(form.country_column), countries=listed))
    else:
        table = countries.country_table().sort_values("name_ru" if lang == "ru" else "name_en")
        codes = table["iso3"].tolist()
        form.country = left.selectbox(t("sf_country", lang), codes, index=None, key="sf_country",
                                      format_func=lambda c: countries.country_name(c, lang),
                                      placeholder=t("sf_country_pick", lang))
    year = right.number_input(t("sf_year", lang), min_value=1900, max_value=2100, step=1, value=form.year,
                              key="sf_year", placeholder=t("sf_year_pick", lang))
    form.year = int(year) if year is not None else None
    if form.timestamp_column:
        right.caption(t("sf_year_from_timestamps", lang, column=plain(form.timestamp_column)))
    notes = [t("sf_weight_in", lang, column=plain(form.weight_column)) if form.weight_column
             else t("sf_no_weight", lang)]
    if form.groups:
        notes.append(t("sf_groups_in", lang, groups=", ".join(f"{plain(c)} → {g}" for c, g in form.groups.items())))
    st.caption(" ".join(notes))


def _scales(form: SurveyForm, guess: FormGuess, lang: str) -> None:
    """Per scale in use: every answer given, with its meaning and place (1 = least favourable)."""
    used = [s for s in form.scales if any(q.scale == s.key for q in form.questions)]
    st.markdown(f"**{t('sf_scales_title', lang)}**")
    st.caption(t("sf_scales_help", lang))
    for scale in used:
        n = sum(1 for q in form.questions if q.scale == scale.key)
        with st.container(border=True):
            st.markdown(f"**{scale_label(scale.key, lang)}** · {t('sf_scale_questions', lang, n=number(n, 0, lang))}")
            _answers(scale, guess.answer_counts.get(scale.key, {}), lang)


def _answers(scale: AnswerScale, counts: dict[str, int], lang: str) -> None:
    head = st.columns([4, 3, 2])
    head[0].caption(t("sf_answer", lang))
    head[1].caption(t("sf_meaning", lang))
    head[2].caption(t("sf_place", lang))
    for i, a in enumerate(scale.answers):
        row = st.columns([4, 3, 2], vertical_alignment="center")
        n = counts.get(norm_label(a.text))
        row[0].markdown(plain(a.text) + (f" · {number(n, 0, lang)}" if n is not None else ""))
        ambiguous = is_ambiguous(a.text)
        options = list(ASK_ROLES if ambiguous else ROLES)
        a.role = row[1].selectbox(
            t("sf_meaning", lang), options, key=f"sf_role_{scale.key}_{i}", label_visibility="collapsed",
            index=options.index(a.role) if a.role in options else None, placeholder=t("sf_meaning_pick", lang),
            format_func=lambda r: t(f"sf_role_{r}", lang))
        place = row[2].number_input(t("sf_place", lang), min_value=1, max_value=99, step=1, value=a.position,
                                    key=f"sf_pos_{scale.key}_{i}", label_visibility="collapsed",
                                    disabled=a.role == "dont_know")
        a.position = int(place) if place is not None else None
        if ambiguous and a.role is None:
            st.warning(t("sf_ambiguous", lang, answer=plain(a.text)))


def _source(form: SurveyForm, lang: str) -> None:
    st.markdown(f"**{t('sf_source_title', lang)}**")
    a, b = st.columns(2)
    s = form.source
    s.name = a.text_input(t("sf_source_name", lang), value=s.name, key="sf_src_name")
    s.publisher = b.text_input(t("sf_source_publisher", lang), value=s.publisher, key="sf_src_publisher")
    s.licence = a.text_input(t("sf_source_licence", lang), value=s.licence, key="sf_src_licence")
    s.edition = b.text_input(t("sf_source_edition", lang), value=s.edition or (str(form.year) if form.year else ""),
                             key="sf_src_edition")
    with st.expander(t("sf_source_more", lang)):
        s.dataset = st.text_input(t("sf_source_dataset", lang), value=s.dataset or slug(s.name)[:60],
                                  key="sf_src_dataset", help=t("sf_source_dataset_help", lang))
        form.bank = st.text_input(t("sf_bank", lang), value=form.bank or s.dataset, key="sf_bank",
                                  help=t("sf_bank_help", lang))
