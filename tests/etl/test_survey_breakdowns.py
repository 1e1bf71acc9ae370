"""Published survey results with breakdowns: each group kept as a group, never a second national figure."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analytics import brief, overview
from analytics import survey as sv
from etl.load import load_file
from etl.setup_store import init_store
from store import Store

COLUMNS = ["country_code", "economy", "category", "year", "region", "income_group", "respondent_group", "topic_group",
           "indicator", "indicator_group", "question_text", "mean", "lower_ci", "upper_ci", "scale", "response_rate"]
GROUPS = {"All": 0.0, "Managers": 0.08, "Non-managers": -0.03}
COUNTRIES = {"ARM": ("Armenia", 2023), "GEO": ("Georgia", 2021), "KGZ": ("Kyrgyz Republic", 2022)}
QUESTIONS = {"Job satisfaction": "How satisfied are you with your job? (% satisfied)",
             "Merit recruitment": "Were you recruited through a competitive process? (% yes)"}


def share(iso3: str, question: str, group: str) -> float:
    return round(0.55 + 0.01 * (sum(map(ord, iso3 + question)) % 20) + GROUPS[group], 6)


def write_gsps(path: Path) -> None:
    """National GSPS indicators as the publisher lays them out, with a row per respondent group beside 'All'."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for iso3, (name, year) in COUNTRIES.items():
            for indicator, text in QUESTIONS.items():
                for group in GROUPS:
                    v = share(iso3, indicator, group)
                    w.writerow([iso3, name, "All", year, "Europe & Central Asia", "Upper middle income", group,
                                "Management", indicator, "Other", text, v, v - 0.02, v + 0.02, "0-1", 0.4])


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    init_store(store, starter_pack=False)
    path = tmp_path / "gsps_national_by_group.csv"
    write_gsps(path)
    report = load_file(path, store=store)
    assert report.format == "gsps" and report.added == len(COUNTRIES) * len(QUESTIONS) * len(GROUPS)
    return store


def test_the_national_view_holds_one_figure_per_question_the_all_respondents_one(loaded: Store) -> None:
    with loaded.reader() as con:
        national = con.execute("SELECT iso3, question_label, group_name, value FROM v_survey_results").df()
    assert len(national) == len(COUNTRIES) * len(QUESTIONS)
    assert set(national["group_name"]) == {"All"}
    for row in national.itertuples():
        assert row.value == share(row.iso3, row.question_label, "All")


def test_groups_are_a_breakdown_of_their_own(loaded: Store) -> None:
    with loaded.reader() as con:
        (programme,) = sv.programmes(con)["source_id"]
        assert sv.dimensions(con, programme) == ["respondent_group"]
        national = sv.results(con, programme)
        by_group = sv.results(con, programme, dimension="respondent_group")
    assert set(national["group_name"]) == {"All"} and len(national) == len(COUNTRIES) * len(QUESTIONS)
    arm = by_group[(by_group["iso3"] == "ARM") & (by_group["label_en"] == "Job satisfaction")]
    assert dict(zip(arm["group_name"], arm["value"], strict=True)) == {
        g: share("ARM", "Job satisfaction", g) for g in GROUPS}


def test_group_rows_count_nowhere_as_national_figures(loaded: Store) -> None:
    with loaded.reader() as con:
        sources = overview.sources(con)
        highlights = brief.survey_highlights(con, "ARM")
    assert sources["observations"].sum() == len(COUNTRIES) * len(QUESTIONS)  # the national figures only
    assert set(highlights["value"]) <= {share("ARM", q, "All") for q in QUESTIONS}
    assert len(highlights) == len(QUESTIONS)
