"""The one rule for calling a change or a gap real: beyond the margin of error its sources publish, or not.

Every claim of a change or a difference goes through here: change since a baseline, between two editions or two
survey waves, the gap to a group average or to a peer, and the range of ranks a country could hold.

The rule. Each figure is an `Estimate`: a value with the uncertainty its publisher gives, a standard error
(WGI, CPI) or a confidence interval (survey results). Its standard error is the published one; without one, the
half-width of a published interval that contains the value, read as a 95 % interval (the wider half when it is
asymmetric, which errs on the side of "no clear change"). A difference d = a - b of two independent estimates
has se(d) = sqrt(se_a^2 + se_b^2); it is real ("beyond the margin of error") when |d| > 1.96 se(d), i.e. at the
5 % level, two-sided. A plain number as the reference (a target) has no error of its own. A group average over K
members has se = sqrt(sum se_j^2) / K; when the country is itself one of the K, the difference shares its error
with the average: var(d) = (1 - 1/K)^2 se_c^2 + sum over the others of se_j^2 / K^2. A member without a published
error is given the mean variance of those with one. Where the country's own figure (or the other side of a
change) has no published uncertainty, nothing is claimed: the verdict is "uncertainty not published", with the
direction of the difference only.

Ranks: the range of ranks implied by the published intervals. Countries whose interval lies wholly above the
country's (below, for indicators where lower is better) are surely ahead; those wholly below, surely behind; the
country's rank lies between 1 + (surely ahead) and N - (surely behind). Only where every country ranked has an
interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.i18n import Language
from core.settings import Z95

# Verdict statuses
BEYOND = "beyond"  # the difference is larger than the margin of error
WITHIN = "within"  # within the margin of error: no clear change / no clear difference
NOT_PUBLISHED = "not_published"  # the source publishes no uncertainty: the direction only
MISSING = "missing"  # nothing to compare


def _number(x: object) -> float | None:
    """A float, or None for None/NaN/NA."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


@dataclass(frozen=True)
class Estimate:
    """A published figure and the uncertainty published with it (any of them may be missing)."""

    value: float | None
    std_error: float | None = None
    lower: float | None = None
    upper: float | None = None

    @classmethod
    def of(cls, value: object, std_error: object = None, lower: object = None, upper: object = None) -> Estimate:
        """From table cells: NaN, None and pandas' NA all mean missing."""
        return cls(_number(value), _number(std_error), _number(lower), _number(upper))

    @property
    def se(self) -> float | None:
        """The published standard error, else the one a published 95 % interval implies, else None."""
        if self.std_error is not None and self.std_error > 0:
            return self.std_error
        if self._has_interval():
            return max(self.upper - self.value, self.value - self.lower) / Z95
        return None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The published interval where one contains the value, else value ± 1.96 standard errors, else None."""
        if self._has_interval():
            return self.lower, self.upper
        se = self.se
        if se is None or self.value is None:
            return None
        return self.value - Z95 * se, self.value + Z95 * se

    def _has_interval(self) -> bool:
        return (self.value is not None and self.lower is not None and self.upper is not None
                and self.lower <= self.value <= self.upper and self.upper > self.lower)


@dataclass(frozen=True)
class Verdict:
    """What may be said of a difference d = a - b: its size, its error, and whether it is beyond that error.

    `better` orients the difference by the indicator's direction (+1 better, -1 worse, 0 none); `status` is one of
    BEYOND, WITHIN, NOT_PUBLISHED, MISSING."""

    difference: float | None
    se: float | None
    status: str
    better: int

    @property
    def is_real(self) -> bool:
        return self.status == BEYOND

    @property
    def code(self) -> str:
        """A stable code for tables and exports: improved, worsened, no_clear_change, improved_unknown,
        worsened_unknown, unchanged, missing (the same codes serve gaps: improved = ahead)."""
        if self.status == MISSING:
            return "missing"
        if self.status == WITHIN:
            return "no_clear_change"
        if self.better == 0:
            return "unchanged"
        word = "improved" if self.better > 0 else "worsened"
        return word if self.status == BEYOND else f"{word}_unknown"

    @property
    def z(self) -> float | None:
        if self.difference is None or not self.se:
            return None
        return self.difference / self.se


def _verdict(difference: float | None, se: float | None, higher_is_better: bool) -> Verdict:
    if difference is None:
        return Verdict(None, None, MISSING, 0)
    better = 0 if difference == 0 else (1 if (difference > 0) == higher_is_better else -1)
    if se is None:
        return Verdict(difference, None, NOT_PUBLISHED, better)
    if se == 0:  # exact figures on both sides (a target against a count): any difference is real
        return Verdict(difference, 0.0, BEYOND if difference else WITHIN, better)
    return Verdict(difference, se, BEYOND if abs(difference) > Z95 * se else WITHIN, better)


def difference(a: Estimate, b: Estimate | float, higher_is_better: bool = True) -> Verdict:
    """a - b for two independent estimates (a change from b to a, or a's gap to peer b). A plain number `b` is an
    exact reference (a target); an Estimate `b` without published uncertainty leaves the verdict unpublished."""
    if isinstance(b, Estimate):
        if a.value is None or b.value is None:
            return _verdict(None, None, higher_is_better)
        se_a, se_b = a.se, b.se
        se = math.hypot(se_a, se_b) if se_a is not None and se_b is not None else None
        return _verdict(a.value - b.value, se, higher_is_better)
    reference = _number(b)
    if a.value is None or reference is None:
        return _verdict(None, None, higher_is_better)
    return _verdict(a.value - reference, a.se, higher_is_better)


def change(base: Estimate, latest: Estimate, higher_is_better: bool = True) -> Verdict:
    """From `base` (a baseline year, an earlier edition or wave) to `latest`."""
    return difference(latest, base, higher_is_better)


def group_mean(members: Sequence[Estimate]) -> Estimate:
    """The mean of the members' values with its standard error (members without a published error are given the
    mean variance of those with one; no error when none has one)."""
    values = [m.value for m in members if m.value is not None]
    if not values:
        return Estimate(None)
    variances = [m.se ** 2 for m in members if m.value is not None and m.se is not None]
    mean = float(np.mean(values))
    if not variances:
        return Estimate(mean)
    typical = float(np.mean(variances))
    total = sum(m.se ** 2 if m.se is not None else typical for m in members if m.value is not None)
    return Estimate(mean, math.sqrt(total) / len(values))


def gap_to_average(own: Estimate, members: Sequence[Estimate], own_in_members: bool,
                   higher_is_better: bool = True) -> Verdict:
    """The country's gap to the mean of `members` (which hold the country itself when `own_in_members`)."""
    average = group_mean(members)
    if own.value is None or average.value is None:
        return _verdict(None, None, higher_is_better)
    gap = own.value - average.value
    se_own = own.se
    if se_own is None or average.se is None:
        return _verdict(gap, None, higher_is_better)
    k = sum(1 for m in members if m.value is not None)
    if own_in_members and k > 1:
        others = average.se ** 2 * k * k - se_own ** 2  # sum of the other members' variances
        se = math.sqrt(max(0.0, (1 - 1 / k) ** 2 * se_own ** 2 + others / (k * k)))
    elif own_in_members:  # the country is the whole group: no gap to speak of
        return _verdict(None, None, higher_is_better)
    else:
        se = math.hypot(se_own, average.se)
    return _verdict(gap, se, higher_is_better)


def rank_range(own: Estimate, others: Sequence[Estimate], higher_is_better: bool = True) -> tuple[int, int] | None:
    """The best and worst rank (1 = best) the published intervals allow among `own` and `others`, or None where
    the country or any other has no interval."""
    mine = own.interval
    if mine is None:
        return None
    ahead = behind = 0
    counted = [o for o in others if o.value is not None]
    for other in counted:
        theirs = other.interval
        if theirs is None:
            return None
        low, high = (theirs if higher_is_better else (-theirs[1], -theirs[0]))
        my_low, my_high = (mine if higher_is_better else (-mine[1], -mine[0]))
        if low > my_high:
            ahead += 1
        elif high < my_low:
            behind += 1
    return 1 + ahead, 1 + len(counted) - behind


# -- many at once (survey tables, whole columns) ------------------------------------------------------------------


def standard_errors(value: np.ndarray, std_error: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Estimate.se for whole columns (NaN where none is published)."""
    value, std_error = np.asarray(value, float), np.asarray(std_error, float)
    lower, upper = np.asarray(lower, float), np.asarray(upper, float)
    with np.errstate(invalid="ignore"):
        has_interval = (~np.isnan(lower) & ~np.isnan(upper) & (lower <= value) & (value <= upper)
                        & (upper > lower))
        from_interval = np.maximum(upper - value, value - lower) / Z95
        return np.where(std_error > 0, std_error, np.where(has_interval, from_interval, np.nan))


def intervals(value: np.ndarray, std_error: np.ndarray, lower: np.ndarray,
              upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Estimate.interval for whole columns: (low, high), NaN where no uncertainty is published."""
    value = np.asarray(value, float)
    lower, upper = np.asarray(lower, float), np.asarray(upper, float)
    with np.errstate(invalid="ignore"):
        given = ~np.isnan(lower) & ~np.isnan(upper) & (lower <= value) & (value <= upper) & (upper > lower)
    se = standard_errors(value, std_error, lower, upper)
    return np.where(given, lower, value - Z95 * se), np.where(given, upper, value + Z95 * se)


def beyond(diff: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Whole-column test: |d| > 1.96 se(d), False where either is missing."""
    diff, se = np.asarray(diff, float), np.asarray(se, float)
    with np.errstate(invalid="ignore"):
        return np.isfinite(diff) & np.isfinite(se) & (np.abs(diff) > Z95 * se)


# -- in words -------------------------------------------------------------------------------------------------------

_WORDS = {
    "change": {"improved": "vw_sig_improved", "worsened": "vw_sig_worsened", "no_clear_change": "vw_sig_no_change",
               "improved_unknown": "vw_sig_improved_unknown", "worsened_unknown": "vw_sig_worsened_unknown",
               "unchanged": "vw_sig_unchanged", "missing": "vw_sig_missing"},
    "gap": {"improved": "vw_sig_ahead", "worsened": "vw_sig_behind", "no_clear_change": "vw_sig_level",
            "improved_unknown": "vw_sig_ahead_unknown", "worsened_unknown": "vw_sig_behind_unknown",
            "unchanged": "vw_sig_equal", "missing": "vw_sig_missing"},
}


def words(verdict: Verdict, lang: str, kind: str = "change") -> str:
    """The verdict as a reader of `lang` is told it: "improved (beyond the margin of error)", "no clear change
    (within the margin of error)", "better; uncertainty not published", and for gaps "ahead ..." / "behind ..."."""
    return say(verdict.code, lang, kind)


def say(code: str, lang: Language, kind: str = "change") -> str:
    """A verdict's code (Verdict.code, as tables and exports keep it) in words; kind is "change" or "gap"."""
    lang = Language(lang)

    return lang.t(_WORDS[kind].get(code, "vw_sig_missing"))


def rank_words(rank: int | None, of: int, span: tuple[int, int] | None, lang: Language) -> str:
    """"4 of 22 (2–7 within the margin of error)", or "4 of 22" where no interval allows a range."""
    lang = Language(lang)

    if rank is None:
        return "—"
    text = lang.of(rank, of)
    if span is None:
        return text
    low, high = span
    if low == high:
        return text + " " + lang.t("vw_rank_sure")
    return text + " " + lang.t("vw_rank_range", low=low, high=high)
