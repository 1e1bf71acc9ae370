"""The compare view builder: values, averages, ranks, verdicts and notes of one indicator, without Streamlit."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics import compare, peers
from analytics.selection import TOTAL
from core.i18n import Language
from screens import compare as screen
from screens.common import default_indicator
from screens.reading import Read


def picks(read: Read, lang: Language, chosen: list[str] | None = None, lag: int = 3, year: int | None = None,
          own: tuple[str, list[str]] = ("", [])) -> tuple[pd.DataFrame, screen.Picks]:
    indicators = read(compare.indicators)
    code = default_indicator(indicators)
    membership = read(peers.membership)
    listed = sorted(membership.loc[membership["is_hub_member"].astype(bool), "iso3"])
    default, years = screen.default_year(read, code, listed, TOTAL)
    assert default in years
    groups = read(compare.groups).set_index("group_code")
    return indicators, screen.Picks(
        code=code, year=year or default, lag=lag, focus="KAZ", chosen=tuple(chosen or listed),
        hub=peers.hub_set(membership, peers.ALL, lang, own), peer="CA", peer_name="Central Asia",
        peer_members=tuple(groups.loc["CA", "members"]), sel=TOTAL)


def test_the_view_averages_ranks_and_judges_the_countries_shown(read: Read, lang: Language) -> None:
    indicators, p = picks(read, lang, lag=0)
    view = screen.build(read, indicators, p, lang)
    assert set(view.values["iso3"]) == set(p.chosen) and len(view.values) == len(p.chosen)
    # The hub average is the mean over the hub set's countries reporting that very year, never counting missing as 0.
    hub_values = view.everyone[view.everyone["iso3"].isin(p.hub.members) & (view.everyone["value_year"] == p.year)]
    reported = hub_values["value"].dropna()
    assert view.averages[0].n == len(reported)
    assert math.isclose(view.averages[0].mean, reported.mean())
    assert len(view.averages) == 2  # and the peer group's
    ranked = view.values.dropna(subset=["hub_rank"])
    assert sorted(ranked["hub_rank"].astype(int))[0] == 1
    best = ranked.loc[ranked["hub_rank"].idxmin(), "value"]
    higher = bool(indicators.set_index("code").loc[p.code, "higher_is_better"])
    assert best == (ranked["value"].max() if higher else ranked["value"].min())
    exact = view.values[(view.values["value_year"] == p.year) & view.values["value"].notna()]
    assert set(view.verdicts) == set(exact["iso3"])  # judged only on values of the year itself
    assert view.value_notes[0] == lang.t("cmp_reporting", n=int(view.values["value"].notna().sum()),
                                         N=len(view.values), year=p.year)
    assert view.notes[-1] == lang.t("vw_sig_rule") and len(view.average_notes) == 2


def test_the_table_writes_every_country_and_never_a_missing_value_as_zero(read: Read) -> None:
    lang = Language("en")
    indicators, p = picks(read, lang, chosen=["KAZ", "KGZ", "UZB", "ARM", "GEO", "ATA"], lag=0,
                          year=int(read(compare.indicators)["first_year"].min()))
    view = screen.build(read, indicators, p, lang)
    table, export = view.table()
    assert sorted(table["ISO3"]) == sorted(p.chosen) and len(export) == len(p.chosen)
    assert list(table[lang.t("country")]) == sorted(table[lang.t("country")])
    missing = export[export["value"].isna()]
    assert len(missing)  # the view has countries without a value that year
    shown = table.set_index("ISO3")
    for iso3 in missing["iso3"]:
        assert shown.loc[iso3, lang.t("value")] == lang.t("missing")
        assert shown.loc[iso3, lang.t("vw_col_hub_verdict")] == "—"
    assert set(export["vs_hub"]) - {"missing"} == {v.code for v in view.verdicts.values()}


@pytest.mark.parametrize("lag", [0, 10])
def test_values_from_earlier_years_are_counted_in_the_notes(read: Read, lag: int) -> None:
    lang = Language("en")
    indicators, p = picks(read, lang, lag=lag, year=int(read(compare.indicators)["last_year"].max()))
    view = screen.build(read, indicators, p, lang)
    fallback = int(view.values["is_fallback"].sum())
    assert (lang.plural("cmp_fallback_note", fallback) in view.value_notes) == bool(fallback)
    if lag == 0:
        assert fallback == 0


def test_charts_carry_their_sources_alt_text_and_notes(read: Read, lang: Language) -> None:
    indicators, p = picks(read, lang)
    view = screen.build(read, indicators, p, lang)
    ranking = view.ranking()
    assert ranking.meta.alt and ranking.meta.is_demo and ranking.meta.notes == view.notes
    assert ranking.meta.file_stem == f"compare-{p.code}-{p.year}-ranking"
    assert ranking.meta.view_url == ""  # the page links it to its address
    series = view.series(view.years[0], view.years[-1])
    assert series is not None and series.meta.file_stem == f"series-{p.code}"
    frame, lines = view.series_frame(view.years[0], view.years[-1])
    assert set(frame["iso3"]) <= set(p.chosen) and len(lines) == 2  # the hub set's line and the peer group's
    assert view.series(view.years[-1] + 1, view.years[-1] + 5) is None  # no data then: no chart
    stems = [item.meta.file_stem for item in view.charts()]
    assert stems == [f"compare-{p.code}-{p.year}-ranking", f"series-{p.code}", f"compare-{p.code}-{p.year}-map"]


def test_the_scatter_pairs_two_indicators_of_the_same_countries(read: Read, lang: Language) -> None:
    indicators, p = picks(read, lang)
    view = screen.build(read, indicators, p, lang)
    y_code = default_indicator(indicators[indicators["code"] != p.code])
    made = view.scatter(indicators, y_code)
    assert made.fig is not None and made.meta is not None
    assert list(made.table["iso3"]) == list(view.values["iso3"])
    assert {"value_x", "value_y"} <= set(made.table.columns)
    assert made.meta.file_stem == f"scatter-{p.code}-{y_code}-{p.year}"
