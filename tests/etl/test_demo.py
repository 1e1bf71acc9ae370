"""The demo data: deterministic, inside every indicator's scale, with realistic gaps, and marked as demo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from etl import catalogue
from etl.demo.indicators import DEMO_COUNTRIES, FIRST_YEAR, LAST_YEAR, demo_indicators, generate_demo
from etl.model import OBSERVATION_COLUMNS, Parsed

SURVEY_CODES = {"demo.engagement_score", "demo.citizen_satisfaction", "demo.egov_usage_share"}


@pytest.fixture(scope="module")
def parsed() -> Parsed:
    return generate_demo(DEMO_COUNTRIES)


@pytest.fixture(scope="module")
def obs(parsed: Parsed) -> pd.DataFrame:
    return parsed.observations


def test_same_input_gives_identical_output(obs: pd.DataFrame) -> None:
    again = generate_demo(list(DEMO_COUNTRIES), seed=2013).observations
    pd.testing.assert_frame_equal(obs, again)
    assert obs.to_csv(index=False) == again.to_csv(index=False)


def test_another_seed_gives_other_data(obs: pd.DataFrame) -> None:
    other = generate_demo(DEMO_COUNTRIES, seed=7)
    assert not obs.equals(other.observations)
    assert other.source.edition != generate_demo(DEMO_COUNTRIES[:1]).source.edition


def test_a_country_data_does_not_depend_on_the_other_countries(obs: pd.DataFrame) -> None:
    alone = generate_demo(["KAZ"]).observations
    within = obs[obs["country_code"] == "KAZ"]
    cols = [c for c in OBSERVATION_COLUMNS if c != "row"]
    pd.testing.assert_frame_equal(alone[cols].reset_index(drop=True), within[cols].reset_index(drop=True))


def test_shape_follows_the_reader_contract(obs: pd.DataFrame, parsed: Parsed) -> None:
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert parsed.format == "demo"
    assert parsed.source.dataset == "demo" and parsed.source.is_demo
    assert obs["row"].tolist() == list(range(1, len(obs) + 1))
    assert (obs["column"] == "value").all()
    assert obs["sheet"].isna().all()
    assert obs[["lower", "upper", "n_sources"]].isna().all().all()
    assert (obs["country_name"] == obs["country_code"]).all()
    assert obs["year"].dtype == np.int64 and obs["value"].dtype == np.float64


def test_catalogue_of_demo_indicators(obs: pd.DataFrame, parsed: Parsed) -> None:
    metas = demo_indicators()
    assert 20 <= len(metas) <= 30
    assert all(m.dataset == "demo" and m.code.startswith("demo.") for m in metas)
    assert {m.code for m in parsed.indicators} == {m.code for m in metas}
    assert set(obs["indicator_code"]) == {m.code for m in metas}, "every demo indicator has data"
    themes = {m.theme for m in metas}
    assert 4 <= len(themes) <= 6 and themes <= set(catalogue.themes())
    assert "governance" not in themes


def test_about_forty_countries_and_years_2010_to_2025(obs: pd.DataFrame) -> None:
    assert 35 <= obs["country_code"].nunique() <= 45
    assert set(obs["country_code"]) == set(DEMO_COUNTRIES)
    assert obs["year"].between(FIRST_YEAR, LAST_YEAR).all()
    assert obs["year"].min() == 2010 and obs["year"].max() == 2025


def test_every_value_is_inside_its_indicator_scale(obs: pd.DataFrame) -> None:
    metas = catalogue.indicators()
    for code, values in obs.dropna(subset=["value"]).groupby("indicator_code")["value"]:
        meta = metas[code]
        assert values.between(meta.scale_min, meta.scale_max).all(), code
        assert (values.round(meta.decimals) == values).all(), f"{code}: more decimals than catalogued"


def test_no_duplicate_indicator_country_year(obs: pd.DataFrame) -> None:
    assert not obs.duplicated(["indicator_code", "country_code", "year"]).any()


def test_realistic_gaps(obs: pd.DataFrame) -> None:
    n_indicators, n_countries = obs["indicator_code"].nunique(), obs["country_code"].nunique()
    full = n_indicators * n_countries * (LAST_YEAR - FIRST_YEAR + 1)
    assert len(obs) < 0.85 * full, "not every country x indicator x year is present"
    pairs = obs.groupby(["indicator_code", "country_code"]).size()
    assert len(pairs) < n_indicators * n_countries, "some countries miss whole indicators"
    first = obs.groupby(["indicator_code", "country_code"])["year"].min()
    assert (first > FIRST_YEAR).mean() > 0.3, "many series start after 2010"
    assert 0 < obs["value"].isna().sum() < 0.05 * len(obs), "a few rows are present with an empty value"

    with_2025 = set(obs.loc[(obs["year"] == LAST_YEAR) & obs["value"].notna(), "country_code"])
    late = set(DEMO_COUNTRIES) - with_2025
    assert 0.15 * len(DEMO_COUNTRIES) <= len(late) <= 0.5 * len(DEMO_COUNTRIES), sorted(late)


def test_standard_errors_only_for_survey_indicators(obs: pd.DataFrame) -> None:
    has_se = obs["std_error"].notna()
    assert set(obs.loc[has_se, "indicator_code"]) == SURVEY_CODES
    assert (obs.loc[has_se, "std_error"] > 0).all() and (obs.loc[has_se, "std_error"] < 5).all()
    survey = obs[obs["indicator_code"].isin(SURVEY_CODES) & obs["value"].notna()]
    assert survey["std_error"].notna().all()


def test_values_move_plausibly(obs: pd.DataFrame) -> None:
    online = obs[obs["indicator_code"] == "demo.services_online_share"].dropna(subset=["value"])
    by_year = online.groupby("year")["value"].median()
    assert by_year.loc[2024] > by_year.loc[2012] + 10, "reform shows as progress on average"
    law = obs[obs["indicator_code"] == "demo.merit_law_score"].dropna(subset=["value"])
    assert ((law["value"] * 2) % 1 == 0).all(), "the legal score moves in half points"
    assert (law.groupby("country_code")["value"].diff().dropna() >= 0).all(), "the legal score never falls"
    spread = obs[obs["year"] == 2020].groupby("indicator_code")["value"].std()
    assert (spread > 0).all(), "countries differ"


def test_no_countries_and_repeated_countries() -> None:
    empty = generate_demo([]).observations
    assert empty.empty and list(empty.columns) == OBSERVATION_COLUMNS
    with pytest.raises(ValueError):
        generate_demo(["KAZ", "KAZ"])
