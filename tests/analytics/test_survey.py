"""Survey estimates against statsmodels' DescrStatsW, suppression attacked by subtraction, significance flags."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.weightstats import DescrStatsW

from analytics import survey as sv
from etl.demo.surveys import DEMO_SOURCE, generate, store_generated
from etl.setup_store import init_store
from store import Store

SOURCE = DEMO_SOURCE.source_id


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    """Three countries, two waves, weighted, with item non-response, small groups and a known population."""
    store = Store(tmp_path_factory.mktemp("sv") / "store")
    init_store(store, starter_pack=False)
    parsed = generate(countries=["ARM", "KAZ", "GEO"], waves=(2023, 2025), n=[250, 180, 120], organisations=30,
                      seed=7)
    store_generated(store, parsed)
    con = store.reader()
    yield con, parsed
    con.close()


def _raw(parsed: list, dimension: str | None) -> pd.DataFrame:
    """Respondent x question long table with the y variables, built independently of the SQL."""
    rows = []
    for p in parsed:
        s = p.surveys.iloc[0]
        sid = f"{SOURCE}:{s['country_code']}:{int(s['year'])}"
        q = p.questions.set_index("question_code")
        for code in p.answers.columns:
            a = p.answers[code]
            ok = a.notna().to_numpy()
            x = a[ok].astype(float).to_numpy()
            rev = bool(q.loc[code, "reverse_coded"])
            score = 6 - x if rev else x
            rows.append(pd.DataFrame({
                "survey_id": sid, "unit": code, "theme": q.loc[code, "theme"],
                "respondent": p.respondents["respondent_id"].to_numpy()[ok],
                "group_name": p.respondents[dimension].to_numpy()[ok] if dimension else "All",
                "w": p.respondents["weight"].to_numpy()[ok], "population": s["population"],
                "fav": np.isin(x, q.loc[code, "favourable"]).astype(float),
                "neu": np.isin(x, q.loc[code, "neutral"]).astype(float),
                "mean": score, "index": 100 * (score - 1) / 4,
            }))
    frame = pd.concat(rows, ignore_index=True)
    frame["unf"] = 1 - frame["fav"] - frame["neu"]
    return frame


def _check_against_statsmodels(frame: pd.DataFrame, raw: pd.DataFrame, weighted: bool) -> int:
    checked = 0
    for row in frame[~frame["is_suppressed"]].itertuples():
        part = raw[(raw["survey_id"] == row.survey_id) & (raw["unit"] == row.unit)
                   & (raw["group_name"] == row.group_name)]
        w = part["w"].to_numpy() if weighted else np.ones(len(part))
        n_eff = w.sum() ** 2 / (w ** 2).sum()
        fpc = 1 - len(part) / part["population"].iloc[0]
        assert row.n == len(part)
        for m in ("fav", "mean", "index"):
            d = DescrStatsW(part[m].to_numpy(), weights=w * n_eff / w.sum())
            lo, hi = d.zconfint_mean()
            half = (hi - lo) / 2 * np.sqrt(fpc)
            assert getattr(row, m) == pytest.approx(d.mean, abs=1e-9)
            assert getattr(row, f"{m}_lower") == pytest.approx(d.mean - half, abs=1e-9)
            assert getattr(row, f"{m}_upper") == pytest.approx(d.mean + half, abs=1e-9)
        assert row.neu == pytest.approx(np.average(part["neu"], weights=w), abs=1e-9)
        assert row.fav + row.neu + row.unf == pytest.approx(1, abs=1e-12)
        if weighted:
            assert row.weighted_n == pytest.approx(w.sum(), abs=1e-9)
        checked += 1
    return checked


@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("dimension", [None, "gender"])
def test_item_estimates_agree_with_statsmodels(generated, weighted: bool, dimension: str | None) -> None:
    con, parsed = generated
    frame = sv.results(con, SOURCE, "item", None, dimension, weighted)
    raw = _raw(parsed, dimension)
    if dimension:
        raw = pd.concat([_raw(parsed, None), raw], ignore_index=True)
    assert _check_against_statsmodels(frame[frame["origin"] == "computed"], raw, weighted) >= 66


def test_theme_scores_average_items_per_respondent_and_agree_with_statsmodels(generated) -> None:
    con, parsed = generated
    frame = sv.results(con, SOURCE, "theme", None, None, True)
    raw = _raw(parsed, None)
    per_person = raw.groupby(["survey_id", "theme", "respondent", "group_name"], as_index=False).agg(
        fav=("fav", "mean"), neu=("neu", "mean"), mean=("mean", "mean"), index=("index", "mean"), w=("w", "first"),
        population=("population", "first")).rename(columns={"theme": "unit"})
    assert _check_against_statsmodels(frame, per_person, True) == 3 * 2 * 5


def test_theme_score_is_the_mean_of_item_scores_when_every_item_is_answered(tmp_path) -> None:
    store = Store(tmp_path / "store")
    init_store(store, starter_pack=False)
    store_generated(store, generate(countries=["ARM"], waves=(2024,), n=200, missing=0.0, seed=3))
    with store.reader() as con:
        themes = sv.results(con, SOURCE, "theme", None, None, False)
        items = sv.results(con, SOURCE, "item", None, None, False)
        bank = sv.questions(con, SOURCE).set_index("question_code")["theme"]
    expected = items.assign(theme=items["unit"].map(bank)).groupby("theme")["fav"].mean()
    got = themes.set_index("unit")["fav"]
    assert got.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy(), abs=1e-12)


def test_suppression_hides_the_next_smallest_group_when_one_is_hidden() -> None:
    frame = pd.DataFrame({"survey_id": "s", "unit": "q", "group_name": ["All", "a", "b", "c", "d"],
                          "n": [100, 4, 30, 25, 41]})
    assert sv.suppress(frame, 10).tolist() == [False, True, False, True, False]
    frame["n"] = [100, 4, 7, 25, 64]  # two small ones: together 11, enough
    assert sv.suppress(frame, 10).tolist() == [False, True, True, False, False]
    frame["n"] = [9, 4, 5, 0, 0]
    assert sv.suppress(frame, 10).all()


def _true_group_sizes(parsed: list, dimension: str) -> pd.DataFrame:
    raw = _raw(parsed, dimension)
    return raw.groupby(["survey_id", "unit", "group_name"]).size().rename("true_n").reset_index()


def test_no_filter_or_export_reveals_a_small_group_even_by_subtraction(generated) -> None:
    """Every breakdown, question and theme, weighted or not, as the page and its exports can show them."""
    con, parsed = generated
    k = sv.min_n()
    dims = sv.dimensions(con, SOURCE)
    assert "organisation" in dims and "grade" in dims
    small_seen = 0
    for dimension, kind, weighted in itertools.product(dims, ("item", "theme"), (True, False)):
        frame = sv.results(con, SOURCE, kind, None, dimension, weighted)
        exported = sv.export_table(frame)
        for table in (frame, exported):
            hidden = table["is_suppressed"].astype(bool)
            shown = table[~hidden]
            assert (shown["n"] >= k).all()
            figures = [c for c in table.columns if c in ("n", "weighted_n", "value", "lower", "upper")
                       or c.split("_")[0] in sv.MEASURES]
            assert table.loc[hidden, figures].isna().all().all(), "a hidden row carries a figure"
        # subtraction: total minus the groups shown must be nothing, or at least k respondents
        for (sid, unit), g in frame.groupby(["survey_id", "unit"]):
            total = g[g["group_name"] == sv.ALL]
            if total.empty or total["is_suppressed"].iloc[0]:
                assert g["is_suppressed"].all()
                continue
            groups = g[g["group_name"] != sv.ALL]
            rest = total["n"].iloc[0] - groups.loc[~groups["is_suppressed"], "n"].sum()
            assert rest == 0 or rest >= k, (dimension, kind, sid, unit, rest)
        if kind == "item":
            truth = _true_group_sizes(parsed, dimension)
            merged = truth.merge(frame, on=["survey_id", "unit", "group_name"], how="left")
            small = merged[merged["true_n"] < k]
            small_seen += len(small)
            assert small["is_suppressed"].fillna(True).all()
        else:  # a theme shown for a group means every item of it is shown for that group
            items = sv.results(con, SOURCE, "item", None, dimension, weighted)
            theme_of = sv.questions(con, SOURCE).set_index("question_code")["theme"]
            items["theme"] = items["unit"].map(theme_of)
            hidden_items = items[items["is_suppressed"]].set_index(["survey_id", "theme", "group_name"]).index
            shown_themes = frame[~frame["is_suppressed"]].set_index(["survey_id", "unit", "group_name"]).index
            assert not shown_themes.isin(hidden_items).any()
    assert small_seen > 20, "the generated survey should have small groups to hide"


def test_view_never_shows_respondent_rows_or_suppressed_values(generated) -> None:
    con, _ = generated
    view = con.execute("SELECT * FROM v_survey_results").df()
    assert {"survey", "iso3", "year", "question_code", "question_text", "group_name", "n", "value", "lower",
            "upper", "is_suppressed"} <= set(view.columns)
    assert "respondent_id" not in view.columns and "weight" not in view.columns
    assert view.loc[view["is_suppressed"], ["value", "lower", "upper", "n"]].isna().all().all()
    national = sv.results(con, SOURCE, "item", None, None, True)
    joined = view.merge(national, left_on=["survey_id", "question_code"], right_on=["survey_id", "unit"])
    assert len(joined) == len(national)
    assert np.allclose(joined["value_x"], joined["fav"], atol=1e-12)
    assert np.allclose(joined["lower_x"], joined["fav_lower"], atol=1e-12)


def test_differences_are_flagged_only_when_significant() -> None:
    base = {"unit": "q", "group_name": "All", "is_suppressed": False}
    frame = pd.DataFrame([
        {**base, "iso3": "A", "year": 2023, "fav": 0.50, "fav_se": 0.02},
        {**base, "iso3": "A", "year": 2025, "fav": 0.52, "fav_se": 0.02},   # +0.02, se 0.028: not significant
        {**base, "iso3": "B", "year": 2023, "fav": 0.40, "fav_se": 0.01},
        {**base, "iso3": "B", "year": 2025, "fav": 0.48, "fav_se": 0.01},   # +0.08, se 0.014: significant
        {**base, "iso3": "C", "year": 2025, "fav": 0.51, "fav_se": 0.05},
    ])
    change = sv.wave_change(frame).set_index("iso3")
    assert not change.loc["A", "significant"] and change.loc["B", "significant"]
    assert change.loc["B", "change_se"] == pytest.approx(np.hypot(0.01, 0.01))
    hub = sv.vs_hub(frame).set_index("iso3")
    assert hub["hub_average"].iloc[0] == pytest.approx((0.52 + 0.48 + 0.51) / 3)
    assert not hub.loc["C", "significant"]  # wide interval
    assert hub.loc["B", "difference"] == pytest.approx(0.48 - 0.50333333333)


@pytest.mark.parametrize("dimension", [None, "organisation"])
@pytest.mark.parametrize("weighted", [True, False])
def test_counts_kept_by_the_load_equal_a_recount_from_the_answers(generated, dimension, weighted) -> None:
    con, _ = generated
    ids = [r[0] for r in con.execute("SELECT survey_id FROM survey").fetchall()]
    kept = sv.item_moments(con, ids, None, dimension, weighted).sort_values(["survey_id", "unit", "group_name"])
    recount = sv.item_moments(con, ids, None, dimension, weighted, from_answers=True).sort_values(
        ["survey_id", "unit", "group_name"])
    assert len(kept) == len(recount) > 0
    for column in kept.columns[3:]:
        assert np.allclose(kept[column].to_numpy(float), recount[column].to_numpy(float), rtol=1e-12), column


@pytest.mark.parametrize("dimension", [None, "grade"])
@pytest.mark.parametrize("weighted", [True, False])
def test_theme_sums_kept_by_the_load_equal_a_recount_from_the_answers(generated, dimension, weighted) -> None:
    con, _ = generated
    ids = [r[0] for r in con.execute("SELECT survey_id FROM survey").fetchall()]
    order = ["survey_id", "unit", "group_name"]
    kept = sv.theme_moments(con, ids, None, dimension, weighted).sort_values(order)
    recount = sv.theme_moments(con, ids, None, dimension, weighted, from_answers=True).sort_values(order)
    assert len(kept) == len(recount) > 0 and list(kept.columns) == list(recount.columns)
    for column in kept.columns[3:]:
        assert np.allclose(kept[column].to_numpy(float), recount[column].to_numpy(float), rtol=1e-12), column


def test_the_hub_average_takes_hub_participants_and_tests_only_with_intervals() -> None:
    base = {"unit": "q", "group_name": "All", "is_suppressed": False, "year": 2025}
    frame = pd.DataFrame([
        {**base, "iso3": "KAZ", "fav": 0.60, "fav_se": 0.01},
        {**base, "iso3": "UZB", "fav": 0.70, "fav_se": 0.01},
        {**base, "iso3": "USA", "fav": 0.90, "fav_se": 0.01},
        {**base, "iso3": "CAN", "fav": 0.65, "fav_se": np.nan},
    ])
    hub = sv.vs_hub(frame, members={"KAZ", "UZB"}).set_index("iso3")
    assert (hub["average_of"] == "hub").all()
    assert hub["hub_average"].iloc[0] == pytest.approx(0.65)
    # outside the average: var = se_c^2 + (se_KAZ^2 + se_UZB^2) / 4
    assert hub.loc["USA", "difference_se"] == pytest.approx(np.sqrt(0.01 ** 2 + 2 * 0.01 ** 2 / 4))
    assert hub.loc["USA", "significant"] and not hub.loc["CAN", "tested"] and not hub.loc["CAN", "significant"]
    # inside: var = (1/2)^2 se_KAZ^2 + se_UZB^2 / 4
    assert hub.loc["KAZ", "difference_se"] == pytest.approx(np.sqrt(0.25 * 0.0001 + 0.0001 / 4))
    shown = sv.vs_hub(frame, members={"KAZ"}).set_index("iso3")  # one participant: all countries shown
    assert (shown["average_of"] == "shown").all() and not shown.loc["CAN", "tested"]
    # CAN, in the average without an interval, counts with the mean variance of the others (0.01^2)
    assert shown.loc["USA", "difference_se"] == pytest.approx(np.sqrt((3 / 4) ** 2 * 1e-4 + 3 * 1e-4 / 16))


def test_exported_text_cannot_start_a_formula() -> None:
    frame = pd.DataFrame({"label_en": ["=HYPERLINK(\"http://x\")", "+1", "ok"], "n": [10, 11, 12]})
    out = sv.safe_cells(frame)
    assert out["label_en"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "ok"] and out["n"].tolist() == [10, 11, 12]
