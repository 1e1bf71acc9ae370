"""Survey form exports: recognised, read through a confirmed form, and estimated exactly as the respondent template."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import survey as sv
from core.errors import ValidationError
from etl.load import load_file
from etl.read.sheets import read_sheets
from etl.recipes.survey_forms import AnswerScale, ScaleAnswer, SurveyForm, guess_form, parse_form
from etl.setup_store import init_store
from etl.templates.surveys import hub_bank
from etl.validate.survey import prepare_form_file
from etl.write.commit import commit_survey
from store import Store
from tests.fixtures.survey_forms import DONT_KNOW, LABELS, SOURCE, csv_bytes, form_rows, template_files, truth, xlsx

KEYS = ["iso3", "year", "unit", "group_name"]
FIGURES = ["n", "weighted_n", "fav", "fav_lower", "fav_upper", "neu", "unf", "mean", "mean_lower", "mean_upper",
           "index", "index_lower", "index_upper", "is_suppressed"]


def _store(tmp_path: Path, name: str) -> Store:
    store = Store(tmp_path / name)
    init_store(store, starter_pack=False)
    return store


def _confirmed(path: Path, dont_know_means: str = "dont_know") -> SurveyForm:
    """The guessed form with what a person adds: the meaning of «Затрудняюсь ответить» and the source."""
    guess = guess_form(read_sheets(path), bank=hub_bank())
    assert guess is not None, "the form export was not recognised"
    form = guess.form
    for scale in form.scales:
        for a in scale.answers:
            if a.role is None:
                a.role = dont_know_means
    form.source.publisher = SOURCE["publisher"]
    form.source.licence = SOURCE["licence"]
    form.source.name = SOURCE["survey_name"]
    return form


def _results(store: Store) -> pd.DataFrame:
    parts = []
    with store.reader() as con:
        (source_id,) = [r[0] for r in con.execute("SELECT DISTINCT source_id FROM survey").fetchall()]
        for kind in ("item", "theme"):
            for dimension in (None, "gender", "grade"):
                for weighted in (True, False):
                    got = sv.results(con, source_id, kind, None, dimension, weighted)
                    parts.append(got.assign(kind=kind, weighted=weighted, dimension=str(dimension)))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["kind", "weighted", "dimension", *KEYS]).reset_index(drop=True)


@pytest.mark.parametrize("dont_know_means", ["dont_know", "neutral"])
def test_a_russian_form_of_three_countries_gives_the_template_estimates(tmp_path: Path, dont_know_means: str) -> None:
    t = truth()  # Kazakhstan 70, Kyrgyzstan 45, Armenia 8 respondents: Armenia is below the threshold
    templates = _store(tmp_path, "templates")
    for i, data in enumerate(template_files(t, dont_know_code=8 if dont_know_means == "dont_know" else 3)):
        path = tmp_path / f"template-{i}.xlsx"
        path.write_bytes(data)
        load_file(path, store=templates)
    path = tmp_path / "Анкета госслужащих 2024.xlsx"
    path.write_bytes(xlsx(form_rows(t)))
    form = _confirmed(path, dont_know_means)
    forms = _store(tmp_path, "forms")
    prepared = prepare_form_file(path, form)
    assert prepared.preview()["surveys"] == 3 and prepared.preview()["respondents"] == 123
    report = commit_survey(prepared, path=path, user="anna", store=forms)
    assert report.batch_id is not None

    expected, got = _results(templates), _results(forms)
    assert len(got) == len(expected) > 100
    assert got[KEYS + ["kind", "weighted", "dimension"]].equals(expected[KEYS + ["kind", "weighted", "dimension"]])
    for column in FIGURES:
        a, b = got[column].to_numpy(dtype=float), expected[column].to_numpy(dtype=float)
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True), column
    assert got["is_suppressed"].any() and not got["is_suppressed"].all()
    armenia = got[(got["iso3"] == "ARM")]
    assert armenia["is_suppressed"].all() and armenia["value"].isna().all()  # 8 respondents: nothing shown
    with forms.reader() as con:
        fieldwork = con.execute("SELECT iso3, fieldwork_start, fieldwork_end FROM survey ORDER BY iso3").fetchall()
        kinds = con.execute("SELECT kind, json_extract_string(report, '$.survey_form.sheet') "
                            "FROM load_batch").fetchall()
    assert [f[0] for f in fieldwork] == ["ARM", "KAZ", "KGZ"] and all(f[1] and f[2] >= f[1] for f in fieldwork)
    assert kinds == [("survey_form", "Ответы на форму (1)")]  # the form is kept with the batch


def test_the_guess_reads_a_google_forms_csv_and_every_language(tmp_path: Path) -> None:
    t = truth(n=(30, 25, 12))
    for lang in ("ru", "kk", "en"):
        path = tmp_path / f"form-{lang}.csv"
        path.write_bytes(csv_bytes(form_rows(t, lang=lang, numbered=lang != "en", weights=lang != "kk")))
        guess = guess_form(read_sheets(path), bank=hub_bank())
        assert guess is not None, lang
        form = guess.form
        assert (form.country_column, form.timestamp_column) == (
            {"ru": "Страна", "kk": "Ел", "en": "Country"}[lang], {"ru": "Отметка времени", "kk": "Уақыт белгісі",
                                                                  "en": "Timestamp"}[lang]), lang
        assert form.year == 2024 and form.language == lang
        assert sorted(form.groups.values()) == ["gender", "grade"], lang
        assert (form.weight_column is None) == (lang == "kk")
        assert [q.code for q in form.questions][:3] == ["ENG1", "ENG2", "ENG3"] and form.bank == "hub"
        (scale,) = form.scales
        assert scale.key == "agreement"
        meaning = {a.text: (a.role, a.position) for a in scale.answers}
        labels = LABELS[lang]
        assert meaning[labels[5]] == ("favourable", 5) and meaning[labels[1]] == ("unfavourable", 1)
        assert meaning[labels[3]] == ("neutral", 3)
        assert meaning[DONT_KNOW[lang]] == (None, 3), "«don't know» must be left for the person to decide"
        assert guess.respondents == 67


def test_the_confirmed_form_round_trips_as_a_plain_dict(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx(form_rows(truth(n=(20, 20, 20)))))
    form = _confirmed(path)
    again = SurveyForm.from_dict(form.to_dict())
    assert again == form
    import json

    assert json.loads(json.dumps(form.to_dict())) == form.to_dict()  # plain data, ready for a recipe file


def test_blank_answers_are_missing_and_do_not_count(tmp_path: Path) -> None:
    t = truth(n=(30, 20, 12), dont_know=0.0)
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx(form_rows(t)))
    parsed = parse_form(read_sheets(path), _confirmed(path))
    assert not [p for p in parsed.problems if p.severity == "error"]
    expected = pd.concat(t.answers, ignore_index=True)
    assert parsed.answers.isna().sum().sum() == expected.isna().sum().sum() > 0
    assert parsed.answers.fillna(0).astype(int).equals(expected.fillna(0).astype(int))


# ---- bad input: located, nothing loaded ------------------------------------------------------------------------


def _refused(store: Store, path: Path, form: SurveyForm) -> ValidationError:
    before = store.current_path()
    with pytest.raises(ValidationError) as caught:
        prepared = prepare_form_file(path, form)
        commit_survey(prepared, path=path, user="anna", store=store)
    assert store.current_path() == before, "a refused form changed the store"
    with store.reader() as con:
        assert con.execute("SELECT count(*) FROM survey").fetchone() == (0,)
    return caught.value


@pytest.fixture
def form_file(tmp_path: Path) -> Path:
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx(form_rows(truth(n=(25, 20, 15)))))
    return path


def test_an_answer_left_unassigned_is_refused_and_located(tmp_path: Path, form_file: Path) -> None:
    store = _store(tmp_path, "store")
    guess = guess_form(read_sheets(form_file), bank=hub_bank())
    form = _confirmed(form_file)
    form.scales[0].answers[0].role = None  # "Полностью согласен" left without a meaning
    error = _refused(store, form_file, form)
    (problem,) = [p for p in error.problems if p.code == "sf_unassigned"]
    assert problem.value == "Полностью согласен" and problem.params["answer"] == "Полностью согласен"
    assert problem.column == guess.form.questions[0].column and problem.row == 1
    # the guess itself leaves «Затрудняюсь ответить» open: refused until the person says what it means
    error = _refused(store, form_file, guess.form)
    assert [p.value for p in error.problems if p.code == "sf_unassigned"] == ["Затрудняюсь ответить"]


def test_unknown_country_names_are_refused_and_located(tmp_path: Path) -> None:
    store = _store(tmp_path, "store")
    path = tmp_path / "form.xlsx"
    rows = form_rows(truth(n=(20, 20, 12)), spellings={"KGZ": "Киргизстанн"})
    path.write_bytes(xlsx(rows))
    error = _refused(store, path, _confirmed(path))
    (problem,) = [p for p in error.problems if p.value == "Киргизстанн"]
    first = next(i for i, r in enumerate(rows) if r[1] == "Киргизстанн") + 1
    assert (problem.sheet, problem.row, problem.column) == ("Ответы на форму (1)", first, "Страна")
    assert "Kyrgyz" in problem.hint  # a suggestion


def test_two_questions_with_the_same_code_are_refused_and_located(tmp_path: Path, form_file: Path) -> None:
    store = _store(tmp_path, "store")
    form = _confirmed(form_file)
    form.questions[4].code = "ENG1"
    error = _refused(store, form_file, form)
    (problem,) = [p for p in error.problems if p.code == "sf_code_twice"]
    assert problem.column == form.questions[4].column and problem.value == "ENG1"
    assert problem.params["first_letter"] == "G" and problem.params["letter"] == "K"  # as Excel names them


def test_places_that_contradict_the_meanings_are_refused(form_file: Path) -> None:
    form = _confirmed(form_file)
    scale = form.scales[0]
    top = next(a for a in scale.answers if a.text == "Полностью согласен")
    top.role = "unfavourable"
    with pytest.raises(ValidationError) as caught:
        parse_form(read_sheets(form_file), form)
    assert [p.code for p in caught.value.problems] == ["sf_order"]


def test_an_answer_outside_its_scale_is_located(tmp_path: Path, form_file: Path) -> None:
    form = _confirmed(form_file)
    scale = form.scales[0]
    form.scales.append(AnswerScale("yes_no", [ScaleAnswer("Да", "favourable", 2), ScaleAnswer("Нет", "unfavourable",
                                                                                                1)]))
    form.questions[0].scale = "yes_no"
    parsed = parse_form(read_sheets(form_file), form)
    off = [p for p in parsed.problems if p.code == "sf_off_scale"]
    assert off and all(p.column == form.questions[0].column for p in off)
    assert {p.value for p in off if p.value} <= {a.text for a in scale.answers}
    assert len(off) == 20  # the first 20 cells one by one, then how many more
    (more,) = [p for p in parsed.problems if p.code == "sf_more"]
    assert more.column == form.questions[0].column and more.params["n"] > 0


def test_every_problem_code_has_its_text_in_english_russian_and_kazakh() -> None:
    import re

    from core.i18n import LANGUAGES, PROBLEM, Language, keys, placeholders
    from tests.conftest import ROOT

    used = set()
    for path in (ROOT / "etl").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'coded\(\s*"(\w+)"', text))
        used |= {f"{k}{m}" for k in ("ck_jump", "ck_outlier") for m in ("", "_more")} if "FLAG_CODES" in text else set()
        used |= {f"sf_no_{n}" for n in ("name", "publisher", "licence")} if "sf_no_{name}" in text else set()
        used |= {a + b for a in ("sv_country", "sv_country_skipped") for b in ("", "_guess")} if (
            '"sv_country" if level_error' in text) else set()
    assert len(used) > 60
    assert {PROBLEM + c for c in used} - keys() == set()
    english = Language("en")
    coded_keys = ("pr_sf_", "pr_sv_", "pr_ck_", "prh_sf_", "prh_sv_", "prh_ck_")
    for key in sorted(k for k in keys() if k.startswith(coded_keys)):
        for code in LANGUAGES:
            text = Language(code).t(key)
            assert text.strip(), (code, key)
            assert placeholders(text) == placeholders(english.t(key)), (code, key)


def test_the_command_line_says_a_form_export_goes_through_the_upload_page(tmp_path: Path, form_file: Path) -> None:
    store = _store(tmp_path, "store")
    with pytest.raises(ValidationError) as caught:
        load_file(form_file, store=store)
    (problem,) = [p for p in caught.value.problems if p.code == "sf_cli_form"]
    assert "survey form export (60 respondents, 11 questions)" in problem.message and "upload page" in problem.hint
