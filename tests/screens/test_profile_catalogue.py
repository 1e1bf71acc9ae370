"""The profile and catalogue view builders."""

from __future__ import annotations

from analytics import compare, peers
from analytics.selection import TOTAL
from core.i18n import Language
from core.settings import is_world_rank
from screens import catalogue, profile
from screens.common import default_indicator
from screens.reading import Read


def profile_picks(read: Read, lang: Language, iso3: str = "KAZ") -> profile.Picks:
    membership = read(peers.membership)
    groups = read(compare.groups).set_index("group_code")
    return profile.Picks(iso3, "Kazakhstan", 2015, peers.hub_set(membership, peers.ALL, lang, ("", [])), "CA",
                         "Central Asia", tuple(groups.loc["CA", "members"]), TOTAL)


def test_the_profile_lists_every_indicator_of_the_country_written_out(read: Read, lang: Language) -> None:
    picks = profile_picks(read, lang)
    view = profile.build(read, picks, lang)
    assert view is not None
    assert len(view.table) == len(view.frame) == len(view.export)
    assert list(view.table[lang.t("cmp_prof_indicator")]) == list(lang.column(view.frame, "name"))
    ranks = is_world_rank(view.frame["unit"])
    assert len(view.strip.data[0].y if view.strip.data else []) <= int((~ranks).sum())
    assert view.table_meta.file_stem == "profile-KAZ" and view.table_meta.notes == view.notes
    assert set(view.themes) == set(view.frame["theme"])
    theme = next(iter(view.themes))
    codes = list(view.frame.loc[view.frame["theme"] == theme, "code"])[:2]
    panels = profile.panels(read, picks, view, theme, codes, lang)
    assert set(panels.table["iso3"]) <= {"KAZ"} and set(panels.table["year"]) and panels.meta.file_stem.endswith(theme)


def test_a_country_without_data_has_no_profile(read: Read) -> None:
    assert profile.build(read, profile_picks(read, Language("en"), "ATA"), Language("en")) is None


def test_the_catalogue_and_one_indicator_s_coverage(read: Read, lang: Language) -> None:
    indicators = read(compare.indicators)
    listing = catalogue.listing(read, indicators, TOTAL, lang)
    assert len(listing.table) == len(indicators)
    assert list(listing.table[lang.t("cmp_cat_code")]) == list(indicators["code"])
    members = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    code = default_indicator(indicators)
    cov = catalogue.coverage(read, indicators, code, ("Central Asia", members), TOTAL, lang)
    row = indicators.set_index("code").loc[code]
    years = int(row["last_year"]) - int(row["first_year"]) + 1
    assert cov.grid.shape == (len(members), years + 1)  # a row per country, a column per year and the names
    words = {lang.t(f"cmp_cov_{s}") for s in catalogue.COVERAGE_WORDS}
    assert set(cov.grid.iloc[:, 1:].to_numpy().ravel()) <= words
    assert cov.years == f"{row['first_year']}–{row['last_year']}"
