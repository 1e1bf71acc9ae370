"""The survey view builder: results by country, themes, breakdowns and waves, never a group under the threshold."""

from __future__ import annotations

import pytest

from analytics import peers, survey
from core.i18n import Language
from screens import survey as screen
from screens.reading import Read


def open_view(read: Read, lang: Language, measure: str = "fav", kind: str = "item") -> screen.View:
    programmes = read(survey.programmes)
    prog = screen.programme(read, programmes["source_id"].iloc[0], programmes, lang)
    assert prog.has_respondents and prog.kinds == ["item", "theme"] and prog.measures == ["fav", "mean", "index"]
    unit = next(iter(prog.units(kind, lang)))
    frame = screen.results(read, prog, kind, unit, True)
    hub = peers.hub_set(read(peers.membership), peers.ALL, lang, ("", []))
    return screen.view(prog, frame, kind, unit, True, measure, set(hub.members), hub.short(lang), lang)


@pytest.mark.parametrize("measure", ["fav", "mean", "index"])
def test_by_country_shows_each_country_s_latest_wave_with_its_interval(read: Read, lang: Language,
                                                                       measure: str) -> None:
    view = open_view(read, lang, measure)
    made = screen.by_country(view)
    assert made is not None
    latest = made.ci.frame
    assert latest["iso3"].is_unique and len(made.table) == len(latest)
    national = view.national
    for row in latest.itertuples():
        assert row.year == national.loc[national["iso3"] == row.iso3, "year"].max()
    value, lower, upper = view.value_cols
    assert (latest[lower] <= latest[value]).all() and (latest[value] <= latest[upper]).all()
    assert list(latest[value]) == sorted(latest[value], reverse=True)
    assert (made.likert is not None) == (measure == "fav")
    assert set(made.table[lang.t("sv_col_vs_hub")]) <= set(screen.verdicts(lang).values())
    assert made.ci.meta.is_demo and made.ci.meta.file_stem == "survey-by-country"


def test_no_breakdown_shows_a_group_under_the_threshold(read: Read) -> None:
    lang, k = Language("en"), survey.min_n()
    view = open_view(read, lang)
    hidden_somewhere = False
    for dimension in read(survey.dimensions, view.programme.source_id):
        groups, with_groups = screen.breakdown_countries(read, view, dimension)
        for iso3 in with_groups.index:
            made = screen.breakdown(view, groups, iso3, with_groups[iso3], dimension)
            if made.chart is not None:
                assert (made.chart.frame["n"] >= k).all()
            hidden_somewhere |= bool(made.hidden)
            # what is hidden is named, never drawn
            assert not set(made.hidden) & {view.group_name(g) for g in
                                           (made.chart.frame["group_name"] if made.chart is not None else [])}
    assert hidden_somewhere  # the demo store has small groups: the check saw some


def test_theme_scores_and_waves(read: Read, lang: Language) -> None:
    view = open_view(read, lang)
    scores, countries = screen.theme_countries(read, view)
    iso3 = next(iter(countries))
    made, export = screen.theme_scores(view, scores, iso3, countries[iso3])
    assert set(made.frame["iso3"]) == {iso3} and len(made.frame) == len(view.programme.themes)
    assert len(export) == len(made.frame)
    several, names = screen.wave_countries(view)
    for iso3 in several[:2]:
        waves = screen.waves(view, iso3, names[iso3])
        assert waves.chart.frame["year"].is_unique and len(waves.chart.frame) > 1
        assert len(waves.changes) == len(waves.chart.frame) - 1
    table = screen.waves_table(read, view.programme.source_id, lang)
    assert len(table) == len(read(survey.surveys, view.programme.source_id))


def test_published_figures_keep_the_publisher_s_measure(read: Read) -> None:
    lang = Language("en")
    view = open_view(read, lang, measure="fav")
    assert view.decimals == 4 and view.measure_name == lang.t("sv_measure_fav")
    assert screen.dimension_name("gender", lang) == lang.t("sv_dim_gender")
    assert screen.dimension_name("pay_band", lang) == "pay band"  # not catalogued: as the file has it
