"""Country reference data and name harmonisation, checked against every name in the real published files."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from core.settings import REFERENCE_DIR
from etl.harmonise import countries
from tests.conftest import real_file

# WGI codes that are not ISO 3166-1 alpha-3, and what they are.
WGI_CODES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "WBG": "PSE", "ADO": "AND", "KSV": "XKX", "ANT": "ANT"}


def read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def wgi_pairs() -> pd.DataFrame:
    book = CalamineWorkbook.from_path(real_file("wgi/wgidataset_2024_update.xlsx"))
    rows = book.get_sheet_by_index(0).to_python()
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    return frame[["code", "countryname"]]


def cpi_pairs() -> pd.DataFrame:
    book = CalamineWorkbook.from_path(real_file("cpi/CPI2023_Global_Results__Trends.xlsx"))
    rows = book.get_sheet_by_name("CPI Timeseries 2012 - 2023").to_python()
    assert rows[3][:2] == ["Country / Territory", "ISO3"], "header expected on row 4"
    return pd.DataFrame(rows[4:], columns=rows[3])[["Country / Territory", "ISO3"]]


def mapping(names: pd.Series, resolved: pd.Series) -> dict[str, str]:
    """Name as written -> ISO3 found, one entry per distinct name."""
    return dict(zip(names, resolved.astype(object), strict=True))


# --- the real files -----------------------------------------------------------------------------------------


def test_every_wgi_row_resolves_by_code_by_name_and_by_both() -> None:
    wgi = wgi_pairs()
    assert len(wgi) > 30_000
    expected = wgi["code"].replace(WGI_CODES)
    by_both = countries.harmonize(wgi["countryname"], wgi["code"])
    by_name = countries.harmonize(wgi["countryname"])
    by_code = countries.harmonize(pd.Series([None] * len(wgi), index=wgi.index), wgi["code"])
    for found in (by_both, by_name, by_code):
        assert found.unmatched == {}
        assert found.aggregates == {}
        assert found.iso3.index.equals(wgi.index)
        mismatched = wgi.loc[found.iso3.astype(object) != expected].drop_duplicates()
        assert mismatched.empty, mismatched
    names = mapping(wgi["countryname"], by_name.iso3)
    assert names["Türkiye"] == "TUR"
    assert names["Korea, Rep."] == "KOR"
    assert names["Korea, Dem. Rep."] == "PRK"
    assert names["Kyrgyz Republic"] == "KGZ"
    assert names["Congo, Dem. Rep."] == "COD"
    assert names["Congo, Rep."] == "COG"
    assert names["West Bank and Gaza"] == "PSE"
    assert names["Netherlands Antilles (former)"] == "ANT"
    assert names["Jersey, Channel Islands"] == "JEY"
    assert names["Kosovo"] == "XKX"
    assert names["Taiwan, China"] == "TWN"
    assert names["Virgin Islands (U.S.)"] == "VIR"


def test_every_egdi_name_resolves_to_one_of_193_un_members() -> None:
    egdi = pd.read_csv(real_file("egdi/EGOV_DATA_2022.csv"))
    found = countries.harmonize(egdi["Country Name"])
    assert found.unmatched == {}
    assert found.iso3.notna().all()
    assert found.iso3.nunique() == len(egdi) == 193
    names = mapping(egdi["Country Name"], found.iso3)
    assert names["Kazakhstan "] == "KAZ"
    assert names["Georgia (Country)"] == "GEO"
    assert names["Republic of Korea "] == "KOR"
    assert names["Democratic People's Republic of Korea "] == "PRK"
    assert names["Republic of Moldova "] == "MDA"
    assert names["Türkiye"] == "TUR"
    assert names["Turkmenistan "] == "TKM"
    assert names["Iran (Islamic Republic of) "] == "IRN"
    assert names["Micronesia (Federated States of) "] == "FSM"
    assert names["Democratic Republic of the Congo "] == "COD"


def test_every_cpi_name_and_iso3_resolves_and_they_agree() -> None:
    cpi = cpi_pairs()
    expected = cpi["ISO3"].replace({"KSV": "XKX"})
    for found in (countries.harmonize(cpi["Country / Territory"]), countries.harmonize(cpi["ISO3"]),
                  countries.harmonize(cpi["Country / Territory"], cpi["ISO3"])):
        assert found.unmatched == {}
        assert (found.iso3.astype(object) == expected).all(), cpi[found.iso3.astype(object) != expected]
    names = mapping(cpi["Country / Territory"], countries.harmonize(cpi["Country / Territory"]).iso3)
    assert names["Russia"] == "RUS"
    assert names["Turkey"] == "TUR"
    assert names["Korea, South"] == "KOR"
    assert names["Korea, North"] == "PRK"
    assert names["Cote d'Ivoire"] == "CIV"
    assert names["Guinea Bissau"] == "GNB"
    assert names["Kosovo"] == "XKX"


def test_every_gsps_economy_resolves_including_slovakia_without_a_code() -> None:
    gsps = pd.read_csv(real_file("surveys/gsps_national_all_respondents.csv"))
    found = countries.harmonize(gsps["economy"], gsps["country_code"])
    assert found.unmatched == {}
    assert found.iso3.notna().all()
    assert found.iso3.nunique() == 28
    names = mapping(gsps["economy"], found.iso3)
    assert gsps.loc[gsps["economy"] == "Slovakia", "country_code"].isna().all()
    assert names["Slovakia"] == "SVK"
    assert names["Kosovo"] == "XKX"
    assert names["Armenia"] == "ARM"
    assert names["Estonia"] == "EST"
    assert names["Ukraine"] == "UKR"
    assert names["United Kingdom"] == "GBR"


# --- harmonize ----------------------------------------------------------------------------------------------


def test_russian_and_kazakh_names_resolve() -> None:
    names = pd.Series(["Казахстан", "Кыргызстан", "Киргизия", "Россия", "Российская Федерация", "Беларусь",
                       "Белоруссия", "Молдова", "Молдавия", "Южная Корея", "США", "Великобритания",
                       "Таджикистан", "Узбекистан", "Туркменистан", "Азербайджан", "Армения", "Грузия",
                       "Қазақстан", "Ресей", "Қырғызстан", "Өзбекстан"])
    found = countries.harmonize(names)
    assert found.unmatched == {}
    assert found.iso3.tolist() == ["KAZ", "KGZ", "KGZ", "RUS", "RUS", "BLR", "BLR", "MDA", "MDA", "KOR",
                                   "USA", "GBR", "TJK", "UZB", "TKM", "AZE", "ARM", "GEO", "KAZ", "RUS",
                                   "KGZ", "UZB"]


def test_spelling_variants_resolve() -> None:
    names = pd.Series(["  kazakhstan  ", "KAZAKHSTAN", "Cote d\u2019Ivoire", "Côte d'Ivoire", "Turkiye",
                       "Timor Leste", "Guinea-Bissau", "St Lucia", "Trinidad & Tobago", "Ёмен", "KAZ", "398"])
    found = countries.harmonize(names)
    assert found.iso3.iloc[:9].tolist() == ["KAZ", "KAZ", "CIV", "CIV", "TUR", "TLS", "GNB", "LCA", "TTO"]
    assert found.iso3.iloc[10:].tolist() == ["KAZ", "KAZ"], "ISO3 and numeric codes in a name column"
    assert found.unmatched == {"Ёмен": 1}


def test_aggregates_are_reported_as_aggregates_not_unmatched() -> None:
    names = pd.Series(["World", "Europe & Central Asia", "Europe and Central Asia", "High income",
                       "Kazakhstan", "Euro area", "Sub-Saharan Africa",
                       "Fragile and conflict affected situations"])
    codes = pd.Series(["WLD", None, None, "HIC", "KAZ", "EMU", "SSF", "FCS"])
    found = countries.harmonize(names, codes)
    assert found.unmatched == {}
    assert found.iso3.isna().sum() == 7 and found.iso3.iloc[4] == "KAZ"
    assert found.aggregates["World"] == 1 and found.aggregates["Europe & Central Asia"] == 1
    by_code = countries.harmonize(pd.Series([None, None, None]), pd.Series(["OED", "EUU", "IDA"]))
    assert by_code.aggregates == {"EUU": 1, "IDA": 1, "OED": 1}


def test_garbage_is_counted_not_dropped_and_the_index_is_kept() -> None:
    names = pd.Series(["Atlantis", "Kazakhstan", "Atlantis", None, "Atlantis", ""], index=range(10, 16))
    found = countries.harmonize(names)
    assert found.iso3.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert found.iso3.isna().tolist() == [True, False, True, True, True, True]
    assert found.unmatched == {"Atlantis": 3, "": 2}
    assert found.aggregates == {}


def test_a_known_code_wins_and_an_unknown_code_falls_back_to_the_name() -> None:
    found = countries.harmonize(pd.Series(["Georgia (Country)", "Romania", "Slovakia"]),
                                pd.Series(["GEO", "ROM", "???"]))
    assert found.iso3.tolist() == ["GEO", "ROU", "SVK"]
    assert found.unmatched == {}


def test_harmonize_works_on_distinct_values_only() -> None:
    wgi = wgi_pairs()
    many = pd.concat([wgi] * 10, ignore_index=True)
    calls = 0
    resolve = countries._resolve

    def counting(name: object, code: object) -> tuple[str | None, bool]:
        nonlocal calls
        calls += 1
        return resolve(name, code)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(countries, "_resolve", counting)
        found = countries.harmonize(many["countryname"], many["code"])
    assert len(found.iso3) == len(many) > 300_000
    assert calls == len(wgi.drop_duplicates()) == 214


@pytest.mark.parametrize("with_codes", [False, True])
def test_many_rows_of_a_few_names_resolve_as_each_name_alone(with_codes: bool) -> None:
    """Thousands of rows of a few names (their numbers counted in arrays) against each name and code alone (one
    row, numbered by pandas): the same code on every row, the counts summed; as text and as categories."""
    names = ["Kazakhstan", "Atlantis", "World", None, "", "Armenia", "Viet Nam", "Atlantis"]
    codes = ["KAZ", None, "WLD", "ARM", None, "???", None, "ATL"]
    alone = [countries.harmonize(pd.Series([name], dtype=object),
                                 pd.Series([code], dtype=object) if with_codes else None)
             for name, code in zip(names, codes, strict=True)]
    picks = np.random.default_rng(3).integers(0, len(names), 5000)
    unmatched, aggregates = Counter(), Counter()
    for i in picks:
        unmatched.update(alone[i].unmatched)
        aggregates.update(alone[i].aggregates)
    many_names = pd.Series([names[i] for i in picks], dtype=object)
    many_codes = pd.Series([codes[i] for i in picks], dtype=object)
    for as_category in (False, True):
        found = countries.harmonize(many_names.astype("category") if as_category else many_names,
                                    (many_codes.astype("category") if as_category else many_codes)
                                    if with_codes else None)
        assert found.iso3.astype(object).tolist() == [alone[i].iso3.astype(object).iloc[0] for i in picks]
        assert found.unmatched == dict(unmatched) and found.aggregates == dict(aggregates)
        assert list(found.unmatched) == sorted(unmatched, key=lambda name: (-unmatched[name], name))


def test_harmonize_handles_empty_input_and_non_string_codes() -> None:
    empty = countries.harmonize(pd.Series([], dtype="string"))
    assert len(empty.iso3) == 0 and empty.unmatched == {}
    numeric = countries.harmonize(pd.Series([None, None]), pd.Series([398.0, np.nan]))
    assert numeric.iso3.tolist()[0] == "KAZ"
    assert numeric.unmatched == {"": 1}


# --- suggest and names ------------------------------------------------------------------------------------


def test_suggest_offers_close_names() -> None:
    assert countries.suggest("Kazakstan")[0] == ("KAZ", "Kazakhstan")
    assert countries.suggest("Kyrgystan")[0] == ("KGZ", "Kyrgyzstan")
    assert countries.suggest("Казакстан")[0] == ("KAZ", "Kazakhstan")
    assert countries.suggest("Uzbekistn", n=1) == [("UZB", "Uzbekistan")]
    assert len(countries.suggest("Georgia", n=3)) <= 3
    assert countries.suggest("qqqqqqqqqq") == []


def test_country_name_in_each_language() -> None:
    assert countries.country_name("KGZ") == "Kyrgyzstan"
    assert countries.country_name("KGZ", "ru") == "Кыргызстан"
    assert countries.country_name("KAZ", "kk") == "Қазақстан"
    assert countries.country_name("RUS", "ru") == "Россия"
    assert countries.country_name("KOR") == "South Korea"
    assert countries.country_name("ANT", "kk") == countries.country_name("ANT", "ru"), "Kazakh falls back"
    assert countries.country_name("ZZZ") == "ZZZ"
    with pytest.raises(ValueError):
        countries.country_name("KAZ", "de")


# --- reference files -------------------------------------------------------------------------------------


def test_countries_file_covers_pycountry_kosovo_and_netherlands_antilles() -> None:
    import pycountry

    table = countries.country_table()
    assert table["iso3"].is_unique
    assert set(table["iso3"]) == {c.alpha_3 for c in pycountry.countries} | {"XKX", "ANT"}
    assert table["name_en"].notna().all() and table["name_ru"].notna().all()
    assert (table["name_ru"].str.strip() != "").all()
    assert set(table["region"].dropna()) == {"EAS", "ECS", "LCN", "MEA", "NAC", "SAS", "SSF"}
    assert table["region"].isna().sum() <= 10, "only uninhabited territories lack a region"
    everyday = dict(zip(table["iso3"], table["name_ru"], strict=True))
    for iso3, name in {"RUS": "Россия", "KGZ": "Кыргызстан", "MDA": "Молдова", "KOR": "Южная Корея",
                       "USA": "США", "GBR": "Великобритания", "BLR": "Беларусь", "KAZ": "Казахстан",
                       "TKM": "Туркменистан", "TJK": "Таджикистан", "UZB": "Узбекистан", "AZE": "Азербайджан",
                       "ARM": "Армения", "GEO": "Грузия"}.items():
        assert everyday[iso3] == name


def test_country_table_joins_hub_membership() -> None:
    table = countries.country_table().set_index("iso3")
    assert table["is_hub_member"].dtype == bool
    assert str(table["member_since"].dtype) == "Int64"
    assert table.loc["KAZ", "is_hub_member"] and table.loc["KAZ", "member_since"] == 2013
    assert table.loc["KAZ", "membership_certain"]
    assert not table.loc["FRO", "is_hub_member"] and pd.isna(table.loc["FRO", "membership_certain"])
    members = table[table["is_hub_member"]]
    assert members["membership_certain"].notna().all() and members["membership_note"].notna().all()


def test_hub_members_file() -> None:
    hub = read_csv("hub_members.csv")
    assert list(hub.columns) == ["iso3", "member_since", "certain", "source_note"]
    assert 36 <= len(hub) <= 40
    assert hub["iso3"].is_unique
    assert set(hub["iso3"]) <= set(read_csv("countries.csv")["iso3"])
    assert set(hub["certain"]) <= {"true", "false"}
    assert (hub["source_note"] != "").all(), "every row says what its membership rests on"
    years = pd.to_numeric(hub["member_since"].replace("", None)).dropna()
    assert years.between(2013, 2026).all()
    named = {"AFG", "ARM", "AZE", "BGD", "BLR", "BTN", "BIH", "BRA", "CAN", "CHN", "EST", "GEO", "KAZ", "KGZ",
             "TJK", "UZB", "TUR", "UKR"}
    assert named <= set(hub.loc[hub["certain"] == "true", "iso3"])


def test_groups_and_members() -> None:
    groups, members = countries.group_tables()
    assert list(groups.columns) == ["group_code", "name_en", "name_ru", "name_kk", "kind"]
    assert list(members.columns) == ["group_code", "iso3"]
    assert groups["group_code"].is_unique and set(groups["kind"]) == {"hub", "region", "bloc"}
    assert not members.duplicated().any()
    assert set(members["iso3"]) <= set(countries.country_table()["iso3"])
    assert set(members["group_code"]) == set(groups["group_code"])
    size = members.groupby("group_code").size()
    assert size["EU"] == 27 and size["OECD"] == 38
    assert size["ASEAN"] == 11, "Timor-Leste joined on 26 October 2025"
    assert size["HUB"] == len(read_csv("hub_members.csv"))
    of = members.groupby("group_code")["iso3"].apply(set)
    assert of["CA"] == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert of["SCAU"] == {"ARM", "AZE", "GEO"}
    assert of["CIS"] == {"ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UZB"}
    assert {"KAZ", "KGZ", "RUS", "TUR"} <= of["ECS"] and {"AFG", "PAK"} <= of["MEA"]
    regions = set(groups.loc[groups["kind"] == "region", "group_code"])
    assert {"EAS", "ECS", "LCN", "MEA", "NAC", "SAS", "SSF"} <= regions
    listed = read_csv("country_group_members.csv")
    assert not set(listed["group_code"]) & ({"HUB"} | {"EAS", "ECS", "LCN", "MEA", "NAC", "SAS", "SSF"}), \
        "HUB and regions are derived, not listed"


def test_aliases_point_to_known_countries_and_never_contradict_each_other() -> None:
    aliases = read_csv("country_aliases.csv")
    assert list(aliases.columns) == ["alias", "iso3", "note"]
    assert set(aliases["iso3"]) <= set(read_csv("countries.csv")["iso3"])
    keys = aliases.assign(key=aliases["alias"].map(countries._key))
    per_key = keys.groupby("key")["iso3"].nunique()
    assert (per_key == 1).all(), per_key[per_key > 1]
    found = countries.harmonize(aliases["alias"])
    wrong = aliases[found.iso3.astype(object) != aliases["iso3"]]
    assert wrong.empty, wrong
    for code, iso3 in WGI_CODES.items():
        assert countries.harmonize(pd.Series([None]), pd.Series([code])).iso3.iloc[0] == iso3


def test_country_names_in_every_language_resolve_to_their_own_country() -> None:
    table = read_csv("countries.csv")
    for column in ("name_en", "name_ru", "name_kk"):
        names = table.loc[table[column] != "", [column, "iso3"]]
        found = countries.harmonize(names[column])
        wrong = names[found.iso3.astype(object) != names["iso3"]]
        assert wrong.empty, wrong


def test_aggregates_never_shadow_a_country() -> None:
    aggregates = read_csv("aggregates.csv")
    assert list(aggregates.columns) == ["code", "name"]
    index = countries._index()
    assert not index.aggregate_codes & set(index.codes)
    assert not index.aggregate_names & set(index.names)
    for code in ("WLD", "ECS", "HIC", "EMU", "EUU", "OED", "SSF", "IBT", "IDA", "FCS", "SST", "LMY"):
        assert code in set(aggregates["code"])


@pytest.fixture
def reference_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of data/reference that a test may edit, read instead of the real one."""
    copy = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, copy)
    monkeypatch.setattr(countries, "REFERENCE_DIR", copy)
    countries._clear_caches()
    yield copy
    countries._clear_caches()


def test_hub_members_saved_from_excel_with_a_byte_order_mark_still_load(reference_copy: Path) -> None:
    path = reference_copy / "hub_members.csv"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_text("\ufeff" + text, encoding="utf-8", newline="")
    table = countries.country_table()
    assert table["is_hub_member"].sum() == len(read_csv("hub_members.csv"))


def test_a_mistyped_hub_members_file_is_refused_with_the_line(reference_copy: Path) -> None:
    path = reference_copy / "hub_members.csv"
    typed = "KAZAKHSTAN,2013,yes,typed by hand\n"
    path.write_text(path.read_text(encoding="utf-8") + typed, encoding="utf-8")
    with pytest.raises(ValueError, match="KAZAKHSTAN"):
        countries.country_table()
    path.write_text("iso3,member_since,certain,source_note\nKAZ,13,maybe,typed by hand\n", encoding="utf-8")
    countries._clear_caches()
    with pytest.raises(ValueError, match="line 2: certain .*line 2: member_since"):
        countries.country_table()
