"""The upload page's mapping step: every option a ministry table needs, each field starting from the guess
(etl.recipes.guess) made from the preview the guarded worker read; saving a mapping as a recipe, and the list of
saved mappings an editor can remove."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from accounts.users import User
from core.errors import ValidationError
from core.i18n import Language
from etl.read.cells import cell_text, column_letter
from etl.read.sheets import Workbook
from etl.read.tokens import YEAR_MAX, YEAR_MIN, year_of_header
from etl.recipes.guess import YEAR_IN_TEXT, guess_mapping, header_names
from etl.recipes.mapping import YEAR_FROM, Mapping, NewIndicator, SourceInfo, real_indicators
from etl.validate.known import known_indicators
from etl.validate.review import Review
from operations import recipes
from ui.text import plain

NEW = "__new__"
GUESS_KEY = "up_map_guess"  # (sheet, header) -> the guess for it; forgotten with the file's other fields
SAVED_KEY = "up_map_saved_as"
# fields recomputed when the sheet, or the header rows, change
AFTER_SHEET = ("up_map_header", "up_map_header_rows", "up_map_skip")
AFTER_HEADER = ("up_map_country", "up_map_years", "up_map_year_col", "up_map_values", "up_map_ind_where",
                "up_map_ind_col", "up_map_down_layout", "up_map_value_col", "up_map_year_from", "up_map_fixed_year",
                "up_map_more_sheets", "up_map_missing")
PER_COLUMN = ("up_map_code_", "up_map_newcode_", "up_map_unit_", "up_map_dir_", "up_map_name_en_", "up_map_name_ru_")


def _forget(keys: tuple[str, ...]) -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and (k in keys or k.startswith(PER_COLUMN))]:
        del st.session_state[key]


def _guess(wb: Workbook, file: str, lang: Language, sheet: str | None = None,
           header: tuple[int, int, int] | None = None) -> Mapping | None:
    cache = st.session_state.setdefault(GUESS_KEY, {})
    if (sheet, header) not in cache:
        cache[(sheet, header)] = guess_mapping(wb, lang=lang, file_name=file, known=known_indicators(),
                                               sheet=sheet, header=header)
    return cache[(sheet, header)]


def mapping_form(wb: Workbook, path: Path, sha: str, lang: Language, saved_key: str) -> Mapping | None:
    """Ask where the data is, starting from the guess; returns the mapping once the person presses Check."""
    st.subheader(lang.t("up_mapping_title"))
    st.caption(lang.t("up_mapping_help"))
    names = list(wb.sheets)
    first = _guess(wb, path.name, lang)
    sheet = st.selectbox(lang.t("up_map_sheet"), names, key="up_map_sheet",
                         index=names.index(first.sheet) if first and first.sheet in names else 0,
                         on_change=_forget, args=(AFTER_SHEET + AFTER_HEADER,),
                         format_func=lambda s: (s or "CSV") + (f" ({lang.t('up_hidden')})" if s in wb.hidden else ""))
    rows = wb.sheets[sheet]
    guess = _guess(wb, path.name, lang, sheet)
    width = max((len(r) for r in rows[:15]), default=0)
    sample = pd.DataFrame([[cell_text(c) for c in r] + [""] * (width - len(r)) for r in rows[:15]],
                          index=range(1, min(len(rows), 15) + 1), columns=[column_letter(j) for j in range(width)])
    st.dataframe(sample, width="stretch")
    if guess is not None:
        st.caption(lang.t("up_map_guess_note"))
    a, b, c = st.columns(3)
    most = max(1, min(len(rows), 50))
    header_row = int(a.number_input(lang.t("up_map_header"), min_value=1, max_value=most,
                                    value=min(guess.header_row if guess else 1, most), key="up_map_header",
                                    on_change=_forget, args=(AFTER_HEADER,)))
    header_rows = int(b.number_input(lang.t("up_map_header_rows"), min_value=1, max_value=3,
                                     value=guess.header_rows if guess else 1, key="up_map_header_rows",
                                     on_change=_forget, args=(AFTER_HEADER,)))
    skip = int(c.number_input(lang.t("up_map_skip"), min_value=0, max_value=5, value=guess.skip_rows if guess else 0,
                              key="up_map_skip", on_change=_forget, args=(AFTER_HEADER,)))
    header = (header_row, header_rows, skip)
    if guess is None or (guess.header_row, guess.header_rows, guess.skip_rows) != header:
        guess = _guess(wb, path.name, lang, sheet, header) or Mapping(sheet, header_row, "")
    columns = header_names(rows, header_row, header_rows)
    if not columns:
        return None
    letters = {name: column_letter(j) for j, name in enumerate(columns)}

    def lettered(name: str) -> str:
        return f"{letters[name]} · {name}"

    country = st.selectbox(lang.t("up_map_country"), columns, key="up_map_country", format_func=lettered,
                           index=columns.index(guess.country_column) if guess.country_column in columns else 0)
    modes = ["down", "across", "fixed"]
    years = st.radio(lang.t("up_map_years"), modes, key="up_map_years", horizontal=True,
                     index=modes.index(guess.years), format_func=lambda v: lang.t(f"up_map_years_{v}"))
    mapping = Mapping(sheet=sheet, header_row=header_row, country_column=country, years=years,
                      header_rows=header_rows, skip_rows=skip)
    known = sorted(real_indicators(known_indicators()))  # demonstration indicators are never offered for real data
    new: list[NewIndicator] = []
    others = [col for col in columns if col != country]
    if years == "down":
        year_guess = guess.year_column if guess.year_column in others else \
            next((col for col in others if re.search(r"year|год", col, re.IGNORECASE)), others[0] if others else None)
        mapping.year_column = st.selectbox(lang.t("up_map_year_column"), others, key="up_map_year_col",
                                           index=others.index(year_guess) if year_guess in others else 0,
                                           format_func=lettered)
    if years == "fixed":
        _fixed_year(mapping, guess, wb, path, lang)
    layouts = ["columns", "long"]  # one column per indicator, or an indicator column and a value column
    layout = st.radio(lang.t("up_map_down_layout"), layouts, key="up_map_down_layout", horizontal=True,
                      index=1 if guess.indicator_column and guess.value_column else 0,
                      format_func=lambda v: lang.t(f"up_map_down_layout_{v}")) if years == "down" else "columns"
    if layout == "long":
        options = [col for col in others if col != mapping.year_column]
        mapping.indicator_column = st.selectbox(
            lang.t("up_map_ind_column_pick"), options, key="up_map_ind_col", format_func=lettered,
            index=options.index(guess.indicator_column) if guess.indicator_column in options else 0)
        values = [col for col in options if col != mapping.indicator_column]
        mapping.value_column = st.selectbox(
            lang.t("up_map_value_column"), values, key="up_map_value_col", format_func=lettered,
            index=values.index(guess.value_column) if guess.value_column in values else 0) if values else None
    elif years in ("down", "fixed"):
        options = [col for col in others if col != mapping.year_column]
        chosen = st.multiselect(lang.t("up_map_values"), options, key="up_map_values", format_func=lettered,
                                default=[col for col in guess.indicator_columns if col in options])
        for i, column in enumerate(chosen):
            mapping.indicator_columns[column] = _indicator_picker(column, i, known, new, guess, lang)
    else:
        year_headers = [col for col in columns if year_of_header(col.split(" | ")[-1])]
        st.caption(lang.t("up_map_year_headers", n=len(year_headers),
                     first=plain(year_headers[0]) if year_headers else "-",
                     last=plain(year_headers[-1]) if year_headers else "-"))
        ways = ["one", "column"]
        where = st.radio(lang.t("up_map_indicator_where"), ways, key="up_map_ind_where", horizontal=True,
                         index=1 if guess.indicator_column else 0,
                         format_func=lambda v: lang.t(f"up_map_indicator_{v}"))
        if where == "one":
            named = next((n.name_en for n in guess.new_indicators if n.code == guess.indicator), None)
            mapping.indicator = _indicator_picker(named or sheet or path.stem, 0, known, new, guess, lang,
                                                  code=guess.indicator)
        else:
            choices = [col for col in others if col not in year_headers]
            mapping.indicator_column = st.selectbox(
                lang.t("up_map_ind_column_pick"), choices, key="up_map_ind_col", format_func=lettered,
                index=choices.index(guess.indicator_column) if guess.indicator_column in choices else 0)
    mapping.new_indicators = new
    more = [s for s in names if s != sheet]
    if more:
        also = st.multiselect(lang.t("up_map_more_sheets"), more, key="up_map_more_sheets",
                              default=[s for s in guess.sheets if s in more])
        mapping.sheets = [sheet, *also] if also else []
    markers = st.text_input(lang.t("up_map_missing"), value=", ".join(guess.missing_values), key="up_map_missing",
                            help=lang.t("up_map_missing_help"))
    mapping.missing_values = [m.strip() for m in markers.split(",") if m.strip()]
    st.markdown(f"**{lang.t('up_map_source')}**")
    a, b = st.columns(2)
    suggested = guess.source or SourceInfo("", "")
    name = a.text_input(lang.t("up_map_source_name"), value=suggested.name, key="up_map_src_name")
    edition = b.text_input(lang.t("up_map_source_edition"), value=suggested.edition, key="up_map_src_edition")
    publisher = a.text_input(lang.t("up_map_source_publisher"), key="up_map_src_publisher")
    licence = b.text_input(lang.t("up_map_source_licence"), key="up_map_src_licence")
    if st.button(lang.t("up_map_check"), key="up_map_check", type="primary"):
        if not name.strip() or not edition.strip():
            st.error(lang.t("up_map_source_required"))
            return None
        mapping.source = SourceInfo(name=name, edition=edition, publisher=publisher, licence=licence)
        st.session_state[saved_key] = (sha, mapping)
    found = st.session_state.get(saved_key)
    return found[1] if found and found[0] == sha else None


def _fixed_year(mapping: Mapping, guess: Mapping, wb: Workbook, path: Path, lang: Language) -> None:
    """One year for the sheet: typed, or read from the sheet name, the title rows or the file name (a rule that
    also reads next year's file)."""
    mapping.year_from = st.radio(lang.t("up_map_year_from"), list(YEAR_FROM), key="up_map_year_from",
                                 horizontal=True, index=YEAR_FROM.index(guess.year_from),
                                 format_func=lambda v: lang.t(f"up_map_year_from_{v}"))
    if mapping.year_from == "typed":
        mapping.fixed_year = int(st.number_input(lang.t("up_map_fixed_year"), min_value=1000, max_value=9999,
                                                 value=guess.fixed_year or YEAR_MAX - 76, step=1,
                                                 key="up_map_fixed_year"))
        return
    texts = {"sheet": [mapping.sheet or ""], "file": [path.stem],
             "title": [cell_text(c) for r in wb.sheets[mapping.sheet][:mapping.header_row - 1] for c in r]}
    found = next((int(m.group(1)) for text in texts[mapping.year_from] if (m := YEAR_IN_TEXT.search(text))), None)
    if found is not None and YEAR_MIN <= found <= YEAR_MAX:
        st.caption(lang.t("up_map_year_found", year=found))
        mapping.fixed_year = found
    else:
        st.warning(lang.t("pr_map_no_year_in_name", where=lang.t(f"map_where_{mapping.year_from}")))


def _indicator_picker(column: str, i: int, known: list[str], new: list[NewIndicator], guess: Mapping, lang: Language,
                      code: str | None = None) -> str:
    """An existing indicator for a column, or a new one with its code, names, unit and direction, each suggested
    from the header, the title and the unit row."""
    code = code or guess.indicator_columns.get(column)
    suggested = next((n for n in guess.new_indicators if n.code == code), None)
    options = [NEW, *known]
    picked = st.selectbox(lang.t("up_map_indicator_for", column=plain(column)), options, key=f"up_map_code_{i}",
                          index=options.index(code) if code in known and suggested is None else 0,
                          format_func=lambda c: lang.t("up_map_new_indicator") if c == NEW else c)
    if picked != NEW:
        return picked
    name = suggested.name_en if suggested else column.split(" | ")[-1]
    slug = re.sub(r"[^a-z0-9]+", "_", column.casefold()).strip("_") or f"indicator_{i + 1}"
    a, b, c = st.columns(3)
    code = a.text_input(lang.t("up_map_new_code"), value=suggested.code if suggested else f"nat.{slug}"[:60],
                        key=f"up_map_newcode_{i}").strip().lower()
    unit = b.text_input(lang.t("up_map_new_unit"), value=suggested.unit if suggested else "", key=f"up_map_unit_{i}")
    higher = c.radio(lang.t("up_map_new_direction"), ["yes", "no"], key=f"up_map_dir_{i}", horizontal=True,
                     format_func=lambda v: lang.t(f"up_{v}"))
    d, e = st.columns(2)
    name_en = d.text_input(lang.t("up_map_name_en"), value=name, key=f"up_map_name_en_{i}")
    name_ru = e.text_input(lang.t("up_map_name_ru"), value=name, key=f"up_map_name_ru_{i}")
    new.append(NewIndicator(code=code, name_en=name_en.strip() or name, name_ru=name_ru.strip(), unit=unit,
                            higher_is_better=higher == "yes"))
    return code


# ---- saved mappings ------------------------------------------------------------------------------------------


def save_section(result: Review, mapping: Mapping, path: Path, user: User, lang: Language) -> None:
    """Keep the mapping that read this file as a recipe, so that next year's file goes in with no choice."""
    st.markdown(f"**{lang.t('up_map_save_title')}**")
    st.caption(lang.t("up_map_save_help"))
    name = st.text_input(lang.t("up_map_save_name"), value=recipes.suggest_name(mapping), key="up_map_save_name")
    if st.button(lang.t("up_map_save"), key="up_map_save"):
        years = result.preview["year"] if result.preview is not None and len(result.preview) else []
        latest = int(max(years)) if len(years) else None
        try:
            saved = recipes.save_mapping(mapping, name, user=user.name, is_csv=path.suffix.lower() == ".csv",
                                 file_name=path.name, latest_year=latest)
        except ValidationError as refused:
            st.error(plain(refused.title) + "\n\n" + "\n".join(f"- {plain(p)}" for p in refused.problems))
            return
        st.session_state[SAVED_KEY] = saved.stem
    if st.session_state.get(SAVED_KEY):
        st.success(lang.t("up_map_saved", name=st.session_state[SAVED_KEY]))


def saved_list(lang: Language) -> None:
    """The saved mappings, each with who saved it and when, and a button to remove it."""
    found = recipes.saved_mappings()
    with st.expander(lang.t("up_map_saved_list", n=len(found))):
        if not found:
            st.caption(lang.t("up_map_saved_none"))
        for s in found:
            a, b = st.columns([4, 1])
            a.markdown(plain(lang.t("up_map_saved_line", name=s.name, title=s.title, by=s.by or "?",
                               at=s.at or "?", file=s.file or "?")))
            if b.button(lang.t("up_map_remove"), key=f"up_map_remove_{s.name}"):
                recipes.remove_mapping(s.name)
                st.rerun()
