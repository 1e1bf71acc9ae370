"""The significance rule on worked cases: inside and outside the margin of error, nothing published, ranks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics import significance as sig
from analytics.significance import Z95, Estimate
from tests.conftest import real_file


def test_a_change_inside_the_margin_of_error_is_no_clear_change() -> None:
    # WGI Government Effectiveness, Kazakhstan, 2024 update: 2022 0.1428 (se 0.2479) -> 2023 0.1468 (se 0.2584).
    base = Estimate(0.14275604486465454, 0.24794547259807587)
    latest = Estimate(0.14681467413902283, 0.25837579369544983)
    v = sig.change(base, latest)
    assert v.difference == pytest.approx(0.0040586, abs=1e-6)
    assert v.se == pytest.approx(math.hypot(0.24794547259807587, 0.25837579369544983))  # 0.358
    assert v.status == sig.WITHIN and v.code == "no_clear_change" and not v.is_real
    assert sig.words(v, "en") == "no clear change (within the margin of error)"
    assert sig.words(v, "ru") == "нет явного изменения (в пределах погрешности)"


def test_a_change_beyond_the_margin_of_error_is_improved_or_worsened_by_direction() -> None:
    base, latest = Estimate(0.10, 0.05), Estimate(0.40, 0.05)  # d = 0.3, se = 0.0707, z = 4.24
    up = sig.change(base, latest, higher_is_better=True)
    assert up.status == sig.BEYOND and up.z == pytest.approx(0.3 / math.hypot(0.05, 0.05))
    assert sig.words(up, "en") == "improved (beyond the margin of error)"
    assert sig.words(up, "ru") == "улучшение (больше погрешности)"
    assert sig.words(up, "kk") == "жақсарды (қателік шегінен көп)"
    down = sig.change(base, latest, higher_is_better=False)  # time to hire going up is worse
    assert down.code == "worsened" and sig.words(down, "en") == "worsened (beyond the margin of error)"


def test_the_boundary_is_strict_at_196_standard_errors() -> None:
    se = 0.1
    just = Estimate(Z95 * math.hypot(se, se) * 1.0001, se)
    on = Estimate(Z95 * math.hypot(se, se) * 0.9999, se)
    assert sig.change(Estimate(0.0, se), just).status == sig.BEYOND
    assert sig.change(Estimate(0.0, se), on).status == sig.WITHIN


def test_without_published_uncertainty_the_direction_only() -> None:
    # UN E-Government Index publishes no error: the change is stated, not judged.
    v = sig.change(Estimate(0.70), Estimate(0.86))
    assert v.status == sig.NOT_PUBLISHED and v.code == "improved_unknown" and v.se is None
    assert sig.words(v, "en") == "better; uncertainty not published"
    assert sig.words(v, "ru") == "лучше; погрешность не публикуется"
    # One side published, the other not: still nothing claimed.
    assert sig.change(Estimate(0.70, 0.01), Estimate(0.86)).status == sig.NOT_PUBLISHED
    assert sig.change(Estimate(None), Estimate(0.86)).code == "missing"
    assert sig.change(Estimate(0.5, 0.1), Estimate(0.5, 0.1)).code == "no_clear_change"


def test_published_intervals_give_the_standard_error() -> None:
    # A survey's 95 % interval: se = half-width / 1.96; the wider half when asymmetric.
    a = Estimate(0.70, lower=0.66, upper=0.74)
    assert a.se == pytest.approx(0.04 / Z95) and a.interval == (0.66, 0.74)
    assert Estimate(0.70, lower=0.60, upper=0.74).se == pytest.approx(0.10 / Z95)
    b = Estimate(0.80, lower=0.77, upper=0.83)
    v = sig.change(a, b)  # d 0.10, se sqrt(0.0204^2 + 0.0153^2) = 0.0255, z 3.9
    assert v.code == "improved" and v.z == pytest.approx(0.10 / math.hypot(0.04 / Z95, 0.03 / Z95))
    # A published standard error comes first; an interval that does not contain the value is not used.
    assert Estimate(50, 3.0, lower=46, upper=54).se == 3.0
    assert Estimate(50, None, lower=51, upper=54).se is None
    assert Estimate.of(float("nan"), pd.NA, None, float("nan")) == Estimate(None, None, None, None)


def test_gap_to_an_exact_reference_and_to_a_peer() -> None:
    assert sig.difference(Estimate(1.0, 0.4), 0.0).code == "improved"  # 1 > 1.96 × 0.4
    assert sig.difference(Estimate(1.0, 0.4), 0.5).code == "no_clear_change"
    v = sig.difference(Estimate(0.8, 0.05), Estimate(0.4, 0.1))  # a peer: se 0.1118, z 3.58
    assert v.code == "improved" and sig.words(v, "en", "gap") == "ahead (beyond the margin of error)"
    behind = sig.difference(Estimate(0.4, 0.1), Estimate(0.8, 0.05))
    assert sig.words(behind, "ru", "gap") == "позади (больше погрешности)"
    assert sig.words(behind, "kk", "gap") == "артта (қателік шегінен көп)"


def test_gap_to_an_average_the_country_belongs_to() -> None:
    own = Estimate(0.4, 0.1)
    members = [own, Estimate(-0.3, 0.2), Estimate(-1.5, 0.3)]
    v = sig.gap_to_average(own, members, own_in_members=True)
    # d = 0.4 - (-0.4667); var = (1 - 1/3)^2 0.01 + (0.04 + 0.09) / 9
    assert v.difference == pytest.approx(0.4 + 1.4 / 3)
    assert v.se == pytest.approx(math.sqrt((2 / 3) ** 2 * 0.01 + 0.13 / 9))
    assert v.code == "improved"
    # Outside the group: var = se_own^2 + sum se_j^2 / K^2
    outside = sig.gap_to_average(Estimate(0.0, 0.1), members, own_in_members=False)
    assert outside.se == pytest.approx(math.sqrt(0.01 + 0.14 / 9))
    # A member without a published error counts with the mean variance of the others.
    mean = sig.group_mean([Estimate(1.0, 0.2), Estimate(2.0)])
    assert mean.value == 1.5 and mean.se == pytest.approx(math.sqrt(0.04 + 0.04) / 2)
    # The country's own figure without an error: nothing claimed.
    assert sig.gap_to_average(Estimate(5.0), members, False).status == sig.NOT_PUBLISHED


def test_rank_range_from_published_intervals() -> None:
    own = Estimate(0.4, 0.1)  # [0.204, 0.596]
    others = [Estimate(0.8, 0.05), Estimate(0.5, 0.1), Estimate(0.3, 0.1), Estimate(-0.3, 0.2)]
    # 0.8 surely ahead; 0.5 and 0.3 overlap; -0.3 surely behind: ranks 2 to 4 of 5.
    assert sig.rank_range(own, others, higher_is_better=True) == (2, 4)
    assert sig.rank_range(own, others, higher_is_better=False) == (2, 4)  # mirrored: the same overlaps
    assert sig.rank_range(Estimate(0.9, 0.01), [Estimate(0.1, 0.01)]) == (1, 1)
    assert sig.rank_range(own, others + [Estimate(0.2)]) is None  # one without an interval: no range
    assert sig.rank_words(2, 5, (2, 4), "en") == "2 of 5 (could be 2–4 within the margin of error)"
    assert sig.rank_words(2, 5, (2, 4), "ru").endswith("(с учётом погрешности от 2 до 4)")


def test_whole_columns_agree_with_one_at_a_time() -> None:
    value = [0.5, 50.0, 1.0, 0.2]
    se = [0.1, float("nan"), float("nan"), 0.0]
    lower = [float("nan"), 46.0, float("nan"), 0.1]
    upper = [float("nan"), 54.0, float("nan"), 0.4]
    many = sig.standard_errors(value, se, lower, upper)
    for i, got in enumerate(many):
        one = Estimate.of(value[i], se[i], lower[i], upper[i]).se
        assert (one is None and math.isnan(got)) or got == pytest.approx(one)
    low, high = sig.intervals(value, se, lower, upper)
    assert (low[1], high[1]) == (46.0, 54.0) and math.isnan(low[2])


def test_real_wgi_changes_since_2015_mostly_within_the_margin_of_error() -> None:
    """The issue's case: WGI standard errors are about 0.2-0.26, so most 2015-2023 changes of a country are no clear
    change; the brief used to call them improved or deteriorated."""
    raw = pd.read_excel(real_file("wgi/wgidataset_2024_update.xlsx"), engine="calamine")
    ge = raw[(raw["indicator"] == "ge") & raw["code"].isin(["KAZ", "KGZ", "UZB", "TJK", "GEO", "ARM", "AZE"])]
    ge = ge.assign(estimate=pd.to_numeric(ge["estimate"], errors="coerce"),
                   stddev=pd.to_numeric(ge["stddev"], errors="coerce"))
    codes = {}
    for iso3, part in ge.groupby("code"):
        part = part.set_index("year")
        base = Estimate.of(part.loc[2015, "estimate"], part.loc[2015, "stddev"])
        latest = Estimate.of(part.loc[2023, "estimate"], part.loc[2023, "stddev"])
        v = sig.change(base, latest)
        codes[iso3] = v.code
        # The verdict agrees with the plain arithmetic of the published figures.
        se = math.hypot(part.loc[2015, "stddev"], part.loc[2023, "stddev"])
        assert v.is_real == (abs(part.loc[2023, "estimate"] - part.loc[2015, "estimate"]) > Z95 * se)
    assert codes["KAZ"] == "no_clear_change"
    assert list(codes.values()).count("no_clear_change") >= 4
