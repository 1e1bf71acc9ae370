"""Breakdowns stored as a dimension: written, replaced, rolled back and previewed by key; totals by default."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics import breakdowns as bd
from analytics import brief, compare, overview
from analytics.selection import Selection, use
from core.errors import ValidationError
from etl.model import Parsed, is_breakdown
from etl.setup_store import init_store
from etl.validate import review as checks
from etl.validate.prepare import LoadReport, prepare
from etl.write.commit import commit
from etl.write.rollback import rollback
from store import Store
from tests.fixtures.breakdowns import CODE, SEXES, parsed, value

COUNTRIES = ["ARM", "GEO", "KAZ", "KGZ", "MNG", "UZB"]
YEARS = [2020, 2021, 2022]


def load(store: Store, made: Parsed, folder: Path, name: str = "earnings.csv") -> LoadReport:
    """Through the same check and write path as `etl load` (the frame written out as the file of the batch)."""
    path = folder / name
    made.observations.to_csv(path, index=False)
    return commit(prepare(made, path.name), path=path, user="test", store=store)


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    init_store(store, starter_pack=False)
    report = load(store, parsed(COUNTRIES, YEARS), tmp_path)
    assert report.added == len(COUNTRIES) * len(YEARS) * 3
    return store


def test_each_group_is_a_row_of_its_own_and_the_total_is_the_empty_breakdown(loaded: Store) -> None:
    with loaded.reader() as con:
        rows = con.execute("SELECT iso3, year, breakdown, value FROM observation WHERE indicator_code = ? "
                           "ORDER BY ALL", [CODE]).df()
        documented = con.execute("SELECT DISTINCT breakdown FROM v_observations ORDER BY 1").fetchall()
    assert sorted(rows["breakdown"].unique()) == ["", "sex=F", "sex=M"]
    kaz = rows[(rows["iso3"] == "KAZ") & (rows["year"] == 2021)].set_index("breakdown")["value"]
    assert kaz.to_dict() == {b: value("KAZ", 2021, b) for b in SEXES}
    assert documented == [("",), ("sex=F",), ("sex=M",)]


def test_analyses_read_the_total_unless_a_breakdown_is_asked_for(loaded: Store) -> None:
    with loaded.reader() as con:
        hub = compare.hub_members(con)
        total = compare.year_values(con, CODE, 2022, COUNTRIES, 0)
        per_year = compare.group_series(con, CODE, COUNTRIES)
        headline = overview.headline(con)
        for_brief = brief.observations(con, COUNTRIES)
        women = compare.year_values(use(con.cursor(), Selection(breakdown="sex=F")), CODE, 2022, COUNTRIES, 0)
    assert total.set_index("iso3")["value"].to_dict() == {c: value(c, 2022, "") for c in COUNTRIES}
    assert women.set_index("iso3")["value"].to_dict() == {c: value(c, 2022, "sex=F") for c in COUNTRIES}
    # The average of a year is the mean of the totals: no group counted beside the national figure.
    mean_2022 = per_year.set_index("year").loc[2022]
    assert mean_2022["n"] == len(COUNTRIES)
    assert mean_2022["mean"] == pytest.approx(sum(value(c, 2022, "") for c in COUNTRIES) / len(COUNTRIES))
    assert compare.average(total, hub, 2022).mean == pytest.approx(
        pd.Series({c: value(c, 2022, "") for c in COUNTRIES if c in hub}).mean())
    card = headline.set_index("indicator_code").loc[CODE]
    assert card["n"] == len(set(COUNTRIES) & set(hub))
    assert len(for_brief) == len(COUNTRIES) * len(YEARS)  # one row per country and year: the totals
    assert set(for_brief["value"]) == {value(c, y, "") for c in COUNTRIES for y in YEARS}


def test_breakdowns_present_and_their_labels(loaded: Store) -> None:
    with loaded.reader() as con:
        found = bd.present(con, CODE)
        labels = bd.label_table(con)
        none = bd.present(con, "wgi.ge")
    assert found["breakdown"].tolist() == ["", "sex=F", "sex=M"]  # the total first
    assert found["countries"].tolist() == [len(COUNTRIES)] * 3
    assert none.empty
    assert bd.label("", labels, "en") == "Total (all)"
    assert bd.label("sex=F", labels, "en") == "Sex: Women" and bd.label("sex=M", labels, "ru") == "Пол: Мужчины"
    assert bd.label("level_of_government=central;sex=F", labels, "en") == "Level of government: Central " \
        "government · Sex: Women"
    assert bd.label("grade=G7", labels, "en") == "Grade: G7"  # a code without a label as written
    assert bd.label("unit_type=x", labels, "en") == "Unit type: x"


def test_an_indicator_published_only_by_group_is_listed_by_its_first_group(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    load(store, parsed(COUNTRIES, YEARS, groups=["sex=F", "sex=M"]), tmp_path)
    with store.reader() as con:
        listed = compare.indicators(con).set_index("code").loc[CODE]
        coverage = compare.hub_coverage(con).set_index("code")
        total = compare.year_values(con, CODE, 2022, COUNTRIES, 0)
    assert listed["breakdown"] == "sex=F" and listed["countries"] == len(COUNTRIES)
    assert CODE in coverage.index
    assert total["value"].isna().all(), "no total is made up from the groups"


def test_reload_replace_and_rollback_go_by_the_whole_key(loaded: Store, tmp_path: Path) -> None:
    # the same figures again, women's 2022 values revised: only those are replaced
    again = parsed(COUNTRIES, YEARS)
    revised = (again.observations["breakdown"] == "sex=F") & (again.observations["year"] == 2022)
    again.observations.loc[revised, "value"] += 10
    report = load(loaded, again, tmp_path, "earnings-revised.csv")
    assert (report.added, report.replaced, report.unchanged) == (0, len(COUNTRIES), len(again.observations)
                                                                 - len(COUNTRIES))
    with loaded.reader() as con:
        kept = con.execute("SELECT breakdown, value FROM observation_replaced WHERE iso3 = 'KAZ'").fetchall()
        now = dict(con.execute("SELECT breakdown, value FROM observation WHERE iso3 = 'KAZ' AND year = 2022"
                               ).fetchall())
    assert kept == [("sex=F", value("KAZ", 2022, "sex=F"))]
    assert now == {"": value("KAZ", 2022, ""), "sex=F": value("KAZ", 2022, "sex=F") + 10,
                   "sex=M": value("KAZ", 2022, "sex=M")}
    with loaded.writer() as con:
        rollback(con, report.batch_id, user="test")
    with loaded.reader() as con:
        back = dict(con.execute("SELECT breakdown, value FROM observation WHERE iso3 = 'KAZ' AND year = 2022"
                                ).fetchall())
        assert con.execute("SELECT count(*) FROM observation_replaced").fetchone()[0] == 0
    assert back == {b: value("KAZ", 2022, b) for b in SEXES}


def test_the_preview_compares_each_group_with_the_same_group(loaded: Store, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    again = parsed(COUNTRIES, YEARS)
    geo_men = (again.observations["breakdown"] == "sex=M") & (again.observations["country_code"] == "GEO")
    again.observations.loc[geo_men, "value"] += 1
    monkeypatch.setattr(checks.guard, "read_file", lambda *a, **k: again)
    path = tmp_path / "earnings.csv"
    path.write_text("stand-in for the parsed file\n")
    result = checks.review(path, store=loaded)
    assert result.ok, result.problems
    pv = result.preview
    assert result.counts() == {"added": 0, "changed": len(YEARS), "unchanged": len(pv) - len(YEARS)}
    changed = pv[pv["status"] == "changed"]
    assert set(changed["breakdown"]) == {"sex=M"} and set(changed["iso3"]) == {"GEO"}
    assert (changed["new_value"] - changed["old_value"]).tolist() == [1.0] * len(YEARS)
    # no jump or outlier flagged: women are compared with women, men with men, totals with totals
    assert not [w for w in result.warnings if "standard deviations" in w.message]


def test_the_same_key_twice_is_refused_and_a_malformed_breakdown_located(store: Store) -> None:
    twice = parsed(["KAZ"], [2022])
    twice.observations = pd.concat([twice.observations, twice.observations.iloc[[1]]], ignore_index=True)
    with pytest.raises(ValidationError) as caught:
        prepare(twice, "twice.csv")
    (problem,) = caught.value.problems
    assert "year and breakdown appears 2 times" in problem.message and problem.value.endswith("/ sex=F")
    bad = parsed(["KAZ"], [2022])
    bad.observations.loc[2, "breakdown"] = "Sex=M"
    with pytest.raises(ValidationError) as caught:
        prepare(bad, "bad.csv")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "breakdown", "Sex=M")
    assert "dimension=code" in problem.message


def test_a_reader_without_breakdowns_gives_totals() -> None:
    made = parsed(["KAZ"], [2022], groups=[""])
    assert made.observations["breakdown"].tolist() == [""]
    made.observations = made.observations.drop(columns="breakdown")  # an older reader's frame
    assert prepare(made, "old.csv").rows["breakdown"].tolist() == [""]


@pytest.mark.parametrize("text, ok", [("sex=F", True), ("level_of_government=central;sex=F", True),
                                      ("sex=F;level_of_government=central", False), ("sex=F;sex=M", False),
                                      ("Sex=F", False), ("sex=", False), ("sex=F ", False), ("sex", False),
                                      ("respondent_group=Senior managers", True), ("age=Y15-24", True)])
def test_breakdown_text(text: str, ok: bool) -> None:
    assert is_breakdown(text) is ok
