"""Compare queries on a small hand-made store: fall-back years, averages with n of N, ranks, change, significance."""

from __future__ import annotations

import math

import duckdb
import pandas as pd
import pytest

from analytics import compare
from etl.setup_store import init_store
from store import Store

HUB = ["GEO", "KAZ", "KGZ", "TJK", "UZB"]  # a hub for these tests; TKM stays outside it
CA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
NAN = math.nan

# (indicator, iso3, year, value, std_error)
GE = [
    ("wgi.ge", "KAZ", 2020, 0.1, 0.1), ("wgi.ge", "KAZ", 2021, 0.2, 0.1), ("wgi.ge", "KAZ", 2022, 0.3, 0.1),
    ("wgi.ge", "KAZ", 2023, 0.4, 0.1),
    ("wgi.ge", "KGZ", 2020, -0.5, 0.2), ("wgi.ge", "KGZ", 2021, -0.4, 0.2), ("wgi.ge", "KGZ", 2023, -0.3, 0.2),
    ("wgi.ge", "UZB", 2020, -0.6, 0.2), ("wgi.ge", "UZB", 2021, -0.5, 0.2),
    ("wgi.ge", "TJK", 2022, -0.9, 0.2), ("wgi.ge", "TJK", 2023, None, None),  # 2023 published as missing
    ("wgi.ge", "GEO", 2023, 0.8, 0.05),
    ("wgi.ge", "TKM", 2023, -1.5, 0.3),
]
RANK = [("egdi.rank", "KAZ", 2022, 28, None), ("egdi.rank", "GEO", 2022, 60, None),
        ("egdi.rank", "KGZ", 2022, 81, None)]


@pytest.fixture
def con(store: Store) -> duckdb.DuckDBPyConnection:
    init_store(store, starter_pack=False)
    with store.writer() as w:
        for source_id, current in (("wgi:test", True), ("wgi:old", False), ("egdi:test", True)):
            w.execute("INSERT INTO source VALUES (?, ?, ?, 'Test source', 'Tester', 'CC BY 4.0', 'cite', NULL, "
                      "FALSE, ?, 1)", [source_id, source_id.split(":")[0], source_id.split(":")[1], current])
        rows = [("wgi:test", *r) for r in GE] + [("egdi:test", *r) for r in RANK]
        rows.append(("wgi:old", "wgi.ge", "KAZ", 2023, 9.9, None))  # an older edition: never compared
        w.executemany("INSERT INTO observation (source_id, indicator_code, iso3, year, value, std_error, batch_id) "
                      "VALUES (?, ?, ?, ?, ?, ?, 1)", rows)
    connection = store.reader()
    yield connection
    connection.close()


def by_iso(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("iso3")


def test_year_values_fall_back_to_the_latest_earlier_value_and_say_which_year(con) -> None:
    v = by_iso(compare.year_values(con, "wgi.ge", 2023, HUB + ["TKM", "ARM"], max_lag=3))
    assert v.loc["KAZ", "value"] == 0.4 and v.loc["KAZ", "value_year"] == 2023 and not v.loc["KAZ", "is_fallback"]
    assert v.loc["UZB", "value"] == -0.5 and v.loc["UZB", "value_year"] == 2021 and v.loc["UZB", "is_fallback"]
    # Published as missing in 2023: the 2022 value, marked as 2022.
    assert v.loc["TJK", "value"] == -0.9 and v.loc["TJK", "value_year"] == 2022 and v.loc["TJK", "is_fallback"]
    # No value at all: kept as a row, missing, never 0.
    assert "ARM" in v.index and pd.isna(v.loc["ARM", "value"]) and not v.loc["ARM", "is_fallback"]
    assert v.loc["KAZ", "std_error"] == 0.1
    assert v.loc["KAZ", "name_ru"] == "Казахстан"


def test_fall_back_is_bounded_by_max_lag(con) -> None:
    none = by_iso(compare.year_values(con, "wgi.ge", 2023, HUB, max_lag=0))
    assert pd.isna(none.loc["UZB", "value"]) and pd.isna(none.loc["TJK", "value"])
    one = by_iso(compare.year_values(con, "wgi.ge", 2023, HUB, max_lag=1))
    assert pd.isna(one.loc["UZB", "value"]) and one.loc["TJK", "value_year"] == 2022


def test_only_the_current_edition_is_compared(con) -> None:
    v = by_iso(compare.year_values(con, "wgi.ge", 2023, ["KAZ"]))
    assert v.loc["KAZ", "value"] == 0.4
    assert 9.9 not in compare.series(con, "wgi.ge", ["KAZ"])["value"].tolist()


def test_averages_use_only_the_chosen_year_and_count_n_of_N(con) -> None:
    v = compare.year_values(con, "wgi.ge", 2023, sorted(set(HUB + CA)), max_lag=3)
    ca = compare.average(v, CA, 2023, "CA")
    # KAZ 0.4, KGZ -0.3, TKM -1.5 reported 2023; UZB (2021) and TJK (2022) are earlier-year values: left out.
    assert (ca.n, ca.N, ca.year) == (3, 5, 2023)
    assert ca.mean == pytest.approx((0.4 - 0.3 - 1.5) / 3)
    hub = compare.average(v, HUB, 2023)
    assert (hub.n, hub.N) == (3, 5) and hub.mean == pytest.approx((0.4 - 0.3 + 0.8) / 3)
    empty = compare.average(v, ["ARM"], 2023)
    assert empty.n == 0 and math.isnan(empty.mean)


def test_ranks_among_hub_members_respect_direction(con) -> None:
    v = compare.year_values(con, "wgi.ge", 2023, HUB + ["TKM"], max_lag=3)
    ranks = dict(zip(v["iso3"], compare.hub_ranks(v, HUB, 2023, higher_is_better=True), strict=True))
    assert ranks["GEO"] == 1 and ranks["KAZ"] == 2 and ranks["KGZ"] == 3
    assert ranks["TKM"] == 4  # outside the hub: ranked as if it joined the members reporting
    assert pd.isna(ranks["UZB"])  # an earlier-year value gets no rank for 2023
    r = compare.year_values(con, "egdi.rank", 2022, HUB)
    ranks = dict(zip(r["iso3"], compare.hub_ranks(r, HUB, 2022, higher_is_better=False), strict=True))
    assert (ranks["KAZ"], ranks["GEO"], ranks["KGZ"]) == (1, 2, 3)
    assert compare.best(r, HUB, 2022, higher_is_better=False) == ("KAZ", 28)


def test_profile_change_rate_gaps_rank_and_significance(con) -> None:
    p = compare.profile(con, "KAZ", 2021, HUB, CA).set_index("code")
    ge = p.loc["wgi.ge"]
    assert ge["year"] == 2023 and ge["value"] == 0.4
    assert ge["base_year"] == 2021 and ge["change"] == pytest.approx(0.2) and ge["annual_rate"] == pytest.approx(0.1)
    hub_mean = (0.4 - 0.3 + 0.8) / 3
    assert ge["hub_avg"] == pytest.approx(hub_mean) and (ge["hub_n"], ge["hub_N"]) == (3, 5)
    assert ge["gap_hub"] == pytest.approx(0.4 - hub_mean)
    assert ge["best_iso3"] == "GEO" and ge["gap_best"] == pytest.approx(-0.4)
    assert (ge["hub_rank"], ge["rank_of"]) == (2, 3)
    assert ge["peer_avg"] == pytest.approx((0.4 - 0.3 - 1.5) / 3) and (ge["peer_n"], ge["peer_N"]) == (3, 5)
    # The significance rule (analytics.significance), worked by hand. Gap to the CA average, KAZ being one of the
    # 3 reporting: d = 0.4 - (-0.4667) = 0.8667, var = (2/3)^2 0.1^2 + (0.2^2 + 0.3^2) / 9 = 0.018889, se 0.137:
    # z = 6.3, ahead beyond the margin of error.
    assert ge["peer_sig"] == ge["significance"] == "improved"
    # Change 2021 -> 2023: 0.2 -> 0.4, se = sqrt(0.1^2 + 0.1^2) = 0.141, z = 1.41: no clear change.
    assert ge["change_sig"] == "no_clear_change"
    # Hub ranks 2023: GEO 0.8 ± 0.098 is surely ahead of KAZ 0.4 ± 0.196, KGZ -0.3 ± 0.392 surely behind.
    assert (ge["rank_low"], ge["rank_high"]) == (2, 2)
    within = compare.profile(con, "KAZ", 2021, HUB, ["KAZ", "KGZ", "GEO"]).set_index("code").loc["wgi.ge"]
    # d = 0.1, var = (2/3)^2 0.01 + (0.04 + 0.0025) / 9 = 0.009167, se 0.0957, z = 1.04: within.
    assert within["peer_avg"] == pytest.approx(0.3) and within["significance"] == "no_clear_change"
    rank = p.loc["egdi.rank"]
    # No uncertainty published: the direction only (lower is better: 28 against 56.3 is ahead).
    assert rank["hub_rank"] == 1 and rank["significance"] == "improved_unknown"
    assert pd.isna(rank["rank_low"])  # no intervals, no rank range
    assert pd.isna(rank["change"]) and rank["change_sig"] == "missing"  # one year only: no change, not zero


def test_profile_of_a_country_outside_the_hub(con) -> None:
    p = compare.profile(con, "TKM", 2015, HUB, CA).set_index("code")
    ge = p.loc["wgi.ge"]
    assert not ge["in_hub"] and (ge["hub_rank"], ge["rank_of"]) == (4, 4)
    assert pd.isna(ge["base_year"]) and pd.isna(ge["change"])  # the baseline value is the latest itself


def test_series_group_series_coverage_and_scatter(con) -> None:
    s = compare.series(con, "wgi.ge", ["KAZ", "KGZ"], 2021, 2023)
    assert s[s["iso3"] == "KAZ"]["year"].tolist() == [2021, 2022, 2023]
    g = compare.group_series(con, "wgi.ge", CA).set_index("year")
    assert g.loc[2023, "n"] == 3 and g.loc[2023, "mean"] == pytest.approx((0.4 - 0.3 - 1.5) / 3)
    assert g.loc[2022, "n"] == 2 and g.loc[2022, "mean"] == pytest.approx((0.3 - 0.9) / 2)
    cov = compare.coverage(con, "wgi.ge", ["TJK"]).set_index("year")["status"].to_dict()
    assert cov == {2022: "value", 2023: "missing"}
    sc = compare.scatter(con, "wgi.ge", "egdi.rank", 2023, ["KAZ", "UZB"], max_lag=1).set_index("iso3")
    assert sc.loc["KAZ", "value_x"] == 0.4 and sc.loc["KAZ", "value_y"] == 28 and sc.loc["KAZ", "value_year_y"] == 2022
    assert pd.isna(sc.loc["UZB", "value_x"]) and pd.isna(sc.loc["UZB", "value_y"])


def test_default_year_prefers_a_well_covered_year() -> None:
    counts = pd.DataFrame({"year": [2021, 2022, 2023], "n": [30, 28, 9]})
    assert compare.default_year(counts, [2021, 2022, 2023]) == 2022
    assert compare.default_year(counts.iloc[0:0], [2021, 2022]) == 2022


def test_catalogue_lists_indicators_with_current_data_and_sources(con) -> None:
    ind = compare.indicators(con).set_index("code")
    assert set(ind.index) == {"wgi.ge", "egdi.rank"}
    assert ind.loc["wgi.ge", "edition"] == "test" and ind.loc["wgi.ge", "first_year"] == 2020
    assert compare.years(con, "wgi.ge") == [2020, 2021, 2022, 2023]
    assert compare.sources_of(con, ["wgi.ge"])["source_id"].tolist() == ["wgi:test"]
    groups = compare.groups(con).set_index("group_code")
    assert groups.index[0] == "HUB" and sorted(groups.loc["CA", "members"]) == CA


def test_profile_when_only_peers_report_that_year(con) -> None:
    # GEO's latest year is 2023; among the "hub" here only TKM (not a member) reports then.
    p = compare.profile(con, "GEO", 2015, ["UZB"], ["TKM"]).set_index("code").loc["wgi.ge"]
    assert p["hub_n"] == 0 and pd.isna(p["hub_avg"]) and pd.isna(p["hub_rank"]) and p["rank_of"] == 1
    assert p["peer_n"] == 1 and p["peer_avg"] == -1.5
