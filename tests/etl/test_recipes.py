"""Layouts, tokens and bad input on files the tests make: recipes read the kinds, not one file each."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest

from core.errors import ValidationError
from etl.cli import main
from etl.load import load_file
from etl.read.tokens import parse_number, read_value
from etl.recipes.parse import parse
from etl.recipes.recipe import parse_recipe
from etl.setup_store import init_store
from store import Store

COUNTRIES = [("Kazakhstan", "KAZ", "KZ", "398"), ("Kyrgyz Republic", "KGZ", "KG", "417"),
             ("Georgia", "GEO", "GE", "268"), ("Armenia", "ARM", "AM", "051")]


def obs(parsed, code: str, country: str, year: int, breakdown: str = "") -> dict:
    frame = parsed.observations
    hit = frame[(frame["indicator_code"] == code) & ((frame["country_code"] == country) |
                (frame["country_name"] == country)) & (frame["year"] == year) & (frame["breakdown"] == breakdown)]
    assert len(hit) == 1, (code, country, year, breakdown, frame.head(20))
    return hit.iloc[0].to_dict()


def errors(parsed) -> list:
    return [p for p in parsed.problems if p.severity == "error"]


def fingerprint(store: Store) -> str:
    path = store.current_path()
    return path.name + hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def empty(store: Store) -> Store:
    init_store(store, starter_pack=False)
    return store


# ---- wide by year: DataBank exports ------------------------------------------------------------------------


def databank_rows(years: list[object]) -> list[list[object]]:
    rows = [["Country Name", "Country Code", "Series Name", "Series Code", *years, "", ""]]
    for i, (name, iso3, _, _) in enumerate(COUNTRIES):
        rows.append([name, iso3, "Population, total", "SP.POP.TOTL", *[1000.5 + i + k for k in range(len(years))],
                     "", ""])
    rows += [[], ["Data from database: World Development Indicators"], ["Last Updated: 10/31/2024"]]
    return rows


@pytest.mark.parametrize("years", [[2000, 2001], [2000.0, 2001.0], ["2000", "2001"], ["2000 [YR2000]", "2001 [YR2001]"],
                                   ["YR2000", "YR2001"]])
def test_databank_year_headers_of_every_kind(tmp_path: Path, years: list) -> None:
    path = tmp_path / "export.xlsx"
    wb = openpyxl.Workbook()
    for row in databank_rows(years):
        wb.active.append(row)
    wb.save(path)
    parsed = parse(path)
    assert parsed.format == "databank" and not errors(parsed)
    assert obs(parsed, "wb.sp.pop.totl", "KGZ", 2001)["value"] == 1002.5
    assert parsed.source.edition == "DataBank export, last updated 2024-10-31"  # from the footer


def test_databank_csv_with_footer_and_trailing_empty_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    lines = [",".join(f'"{c}"' for c in row) for row in databank_rows(["2000 [YR2000]", "2001 [YR2001]"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    parsed = parse(path)
    assert parsed.format == "databank" and not errors(parsed)
    assert len(parsed.observations) == len(COUNTRIES) * 2
    assert obs(parsed, "wb.sp.pop.totl", "GEO", 2000)["value"] == 1002.5


# ---- tokens: missing markers with reasons, numbers as text, duplicates ------------------------------------


def long_csv(tmp_path: Path, values: list[str], name: str = "wgi_long.csv") -> Path:
    rows = ["code,countryname,year,indicator,estimate,stddev,nsource,pctrank,pctranklower,pctrankupper"]
    for (country, iso3, _, _), v in zip(COUNTRIES, values, strict=False):
        rows.append(f'{iso3},{country},2023,ge,"{v}",0.2,7,50,40,60')
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_uk_statistics_shorthand_is_missing_with_its_reason(tmp_path: Path) -> None:
    parsed = parse(long_csv(tmp_path, ["[z]", "[x]", "[c]", "[u]"]))
    assert not errors(parsed)
    for (_, iso3, _, _), reason in zip(COUNTRIES, ["not applicable", "not available", "confidential",
                                                   "low reliability"], strict=True):
        row = obs(parsed, "wgi.ge", iso3, 2023)
        assert row["value"] != row["value"] and reason in row["flags"]  # NaN: missing, never 0


@pytest.mark.parametrize("text,number", [("0,75", 0.75), ("1\u2009234,5", 1234.5), ("1\u00a0234.5", 1234.5),
                                         ("\u22120.5", -0.5), ("-", None), ("x", None),
                                         ("#N/A", None)])
def test_numbers_as_text(tmp_path: Path, text: str, number: float | None) -> None:
    parsed = parse(long_csv(tmp_path, [text]))
    assert not errors(parsed)
    value = obs(parsed, "wgi.ge", "KAZ", 2023)["value"]
    assert (value != value) if number is None else value == number


def test_nan_is_missing_only_where_the_source_declares_it() -> None:
    assert "NaN" in parse_number("NaN")  # a machine's overflow is never taken for "missing" unasked
    assert parse_number("NaN", frozenset({"nan"})) is None
    assert read_value("NaN", frozenset({"nan"})).flag == "missing NaN"


def test_text_that_is_no_number_is_located(tmp_path: Path) -> None:
    parsed = parse(long_csv(tmp_path, ["0.5", "abc"]))
    (problem,) = errors(parsed)
    assert (problem.row, problem.column, problem.value) == (3, "estimate", "abc")


def test_identical_duplicates_collapsed_differing_refused(tmp_path: Path) -> None:
    path = long_csv(tmp_path, ["0.5", "0.6"])
    path.write_text(path.read_text() + "KAZ,Kazakhstan,2023,ge,0.5,0.2,7,50,40,60\n")
    parsed = parse(path)
    assert not errors(parsed) and len(parsed.observations) == 4  # 2 countries x (estimate, pctrank)
    assert any("read once" in p.message for p in parsed.problems)
    path.write_text(path.read_text() + "KAZ,Kazakhstan,2023,ge,0.9,0.2,7,50,40,60\n")
    (problem,) = errors(parse(path))
    assert "different values" in problem.message and "row 2" in problem.message and "row 5" in problem.message


# ---- years: ranges, backwards ranges -----------------------------------------------------------------------


def wjp_workbook(path: Path, years: list[str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Historical Data"
    ws.append(["Country", "Year", "Country_year", "Country Code", "Region", "WJP Rule of Law Index: Overall Score",
               "Factor 1: Constraints on Government Powers", "1.1 Government powers are limited by the legislature"])
    for year in years:
        for i, (name, iso3, _, _) in enumerate(COUNTRIES):
            ws.append([name, year, f"{name}_{year}", iso3, "Region", 0.5 + i / 100, 0.4, 0.3])
    wb.save(path)
    return path


def test_year_range_stored_as_later_year_said_so(tmp_path: Path) -> None:
    parsed = parse(wjp_workbook(tmp_path / "2023_wjp_rule_of_law_index_HISTORICAL_DATA.xlsx",
                                ["2017-2018", "2012/13", "2023"]))
    assert parsed.format == "wjp" and not errors(parsed)
    row = obs(parsed, "wjp.overall", "KGZ", 2018)
    assert row["value"] == 0.51 and "year range 2017-2018" in row["flags"]
    assert "year range 2012-2013" in obs(parsed, "wjp.overall", "KAZ", 2013)["flags"]
    assert any("stored as 2018" in p.message for p in parsed.problems)


def test_backwards_year_range_refused_located_store_unchanged(tmp_path: Path, empty: Store) -> None:
    path = wjp_workbook(tmp_path / "2023_wjp.xlsx", ["2018-2017"])
    before = fingerprint(empty)
    with pytest.raises(ValidationError) as found:
        load_file(path, store=empty)
    problem = found.value.problems[0]
    assert "runs backwards" in problem.message
    assert (problem.sheet, problem.row, problem.value) == ("Historical Data", 2, "2018-2017")
    assert fingerprint(empty) == before


# ---- one sheet per indicator with a two-row header (WGI before 2024) ---------------------------------------


def test_two_row_header_one_sheet_per_indicator(tmp_path: Path) -> None:
    path = tmp_path / "wgidataset.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, base in (("VoiceandAccountability", 0.1), ("GovernmentEffectiveness", 0.2)):
        ws = wb.create_sheet(sheet)
        ws.append(["Worldwide Governance Indicators, 2023 Update"])
        ws.append([])
        header, sub = ["Country/Territory", "Code"], ["", ""]
        for year in (2021, 2022):
            header += [year, None, None, None, None, None]
            sub += ["Estimate", "StdErr", "NumSrc", "Rank", "Lower", "Upper"]
        ws.append(header)
        ws.append(sub)
        for i, (name, iso3, _, _) in enumerate(COUNTRIES):
            row = [name, iso3]
            for k in range(2):
                row += [base + i / 10 + k, 0.2, 7, 50 + i, 40 + i, 60 + i]
            ws.append(row)
        ws.append(["Romania", "ROM", "#N/A", "#N/A", "#N/A", "#N/A", "#N/A", "#N/A"] + [0.3] * 6)
    wb.save(path)
    parsed = parse(path)
    assert parsed.format == "wgi_sheets" and not errors(parsed), parsed.problems
    assert parsed.source.edition == "2023 update"
    row = obs(parsed, "wgi.ge", "KGZ", 2022)
    assert (row["value"], row["std_error"], row["n_sources"]) == (pytest.approx(1.3), 0.2, 7)
    rank = obs(parsed, "wgi.va.pctrank", "ARM", 2021)
    assert (rank["value"], rank["lower"], rank["upper"]) == (53, 43, 63)
    assert obs(parsed, "wgi.va", "ROM", 2021)["value"] != obs(parsed, "wgi.va", "ROM", 2021)["value"]  # #N/A


# ---- SDMX-CSV 1.0 and 2.0 ----------------------------------------------------------------------------------


def sdmx(path: Path, version: str, labels: bool = False, structure: str = "DSD_GOV_REG@DF_GOV_REG_2023") -> Path:
    head = ["DATAFLOW"] if version == "1.0" else ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    columns = ["FREQ", "REF_AREA", "MEASURE", "UNIT_MEASURE", "EDITION", "REGULATORY_CATEGORY", "TIME_PERIOD",
               "OBS_VALUE", "OBS_STATUS"]
    if labels:
        columns = [f"{c}: label of {c}" for c in columns]
    lines = [",".join(head + columns)]
    flow = f"OECD.GOV.GIP:{structure}(1.0)"
    for i, (name, iso3, _, _) in enumerate(COUNTRIES):
        for year in (2017, 2021):
            area = f'"{iso3}: {name}"' if labels else iso3
            start = [flow] if version == "1.0" else ["DATAFLOW", flow, "I"]
            value = f"{2 + i / 10 + year % 10 / 100}"
            measure, category = ('"RIA: RIA label"', '"P: P label"') if labels else ("RIA", "P")
            lines.append(",".join(start + ["A", area, measure, "IX", "2023", category, str(year), value, "A"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("labels", [False, True])
def test_sdmx_csv_both_versions_with_or_without_labels(tmp_path: Path, version: str, labels: bool) -> None:
    parsed = parse(sdmx(tmp_path / "ireg.csv", version, labels))
    assert parsed.format == "oecd_ireg" and not errors(parsed), parsed.problems
    assert obs(parsed, "ireg.ria.p", "KGZ", 2021)["value"] == 2.11
    assert parsed.source.edition == "2023"
    name = next(i.name_en for i in parsed.indicators if i.code == "ireg.ria.p")
    if labels:  # "code: label" cells name the indicator
        assert name == "RIA label — P label"


def test_sdmx_csv_of_an_unknown_structure_names_the_closest_recipe(tmp_path: Path, empty: Store) -> None:
    path = sdmx(tmp_path / "other.csv", "2.0", structure="DSD_PENSIONS@DF_PENSIONS")
    before = fingerprint(empty)
    with pytest.raises(ValidationError) as found:
        load_file(path, store=empty)
    text = "\n".join(map(str, found.value.problems))
    assert "closest recipe is 'oecd_ireg'" in text and "DSD_PENSIONS@DF_PENSIONS" in text
    assert "--write-recipe" in text and "upload page" in text
    assert fingerprint(empty) == before


# ---- M49, ISO2 and World Bank codes ---------------------------------------------------------------------


def test_un_sdg_m49_codes_and_sex_breakdown(tmp_path: Path) -> None:
    path = tmp_path / "sdg.csv"
    lines = ["Goal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,GeoAreaName,TimePeriod,Value,"
             "UpperBound,LowerBound,[Nature],[Sex],[Units]"]
    for name, _, _, m49 in COUNTRIES:
        for sex, value in (("BOTHSEX", 10), ("FEMALE", 11), ("MALE", 9)):
            for indicator in ("16.7.1", "5.5.1"):  # the same series under two indicators: identical rows
                lines.append(f'"16","16.7","{indicator}","SG_X","Share",{int(m49)},"{name}",2020,{value},,,C,{sex},PERCENT')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = parse(path)
    assert parsed.format == "unsdg" and not errors(parsed)
    assert obs(parsed, "sdg.sg_x", "51", 2020)["value"] == 10  # Armenia, M49 051 written as 51
    assert obs(parsed, "sdg.sg_x", "398", 2020, "sex=FEMALE")["value"] == 11


def test_iso2_and_world_bank_codes_harmonised(tmp_path: Path, empty: Store) -> None:
    path = tmp_path / "ilo.csv"
    lines = ["ref_area,indicator,sex,time,obs_value"]
    for code, value in (("KZ", 1), ("ROM", 2), ("KSV", 3), ("398", 4)):
        lines.append(f"{code},EAR_X_NB,SEX_T,{2020 + value},{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = load_file(path, store=empty)
    assert report.unmatched == {}
    with empty.reader() as con:
        found = con.execute("SELECT iso3, year FROM observation ORDER BY year").fetchall()
    assert found == [("KAZ", 2021), ("ROU", 2022), ("XKX", 2023), ("KAZ", 2024)]


# ---- breakdowns ------------------------------------------------------------------------------------------


def ilostat(path: Path, codes: list[str]) -> Path:
    lines = ['"ref_area","source","indicator","sex","classif1","time","obs_value","obs_status"']
    for code in codes:
        for i, (_, iso3, _, _) in enumerate(COUNTRIES):
            lines.append(f'"{iso3}","BA:1","EAR_X_NB","{code}","AGE_AGGREGATE_TOTAL","2022",{100 + i},""')
            lines.append(f'"{iso3}","BA:1","EAR_X_NB","{code}","AGE_AGGREGATE_Y15-24","2022",{50 + i},""')
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_breakdowns_total_is_empty_other_codes_named(tmp_path: Path) -> None:
    parsed = parse(ilostat(tmp_path / "ilo.csv", ["SEX_T", "SEX_F"]))
    assert not errors(parsed)
    assert obs(parsed, "ilo.ear_x_nb", "KAZ", 2022)["value"] == 100
    assert obs(parsed, "ilo.ear_x_nb", "KAZ", 2022, "sex=F")["value"] == 100
    assert obs(parsed, "ilo.ear_x_nb", "GEO", 2022, "classif1=AGE_AGGREGATE_Y15-24;sex=F")["value"] == 52


def test_breakdown_code_the_recipe_does_not_list_refused(tmp_path: Path, empty: Store) -> None:
    path = ilostat(tmp_path / "ilo.csv", ["SEX_T", "SEX_X"])
    before = fingerprint(empty)
    with pytest.raises(ValidationError) as found:
        load_file(path, store=empty)
    problem = found.value.problems[0]
    assert "SEX_X" in problem.message and "not listed in the recipe" in problem.message and problem.row is not None
    assert fingerprint(empty) == before


def test_survey_results_with_breakdowns_kept_as_groups(tmp_path: Path, store: Store) -> None:
    """A national office's results by respondent group and sex: each group its own row, never a duplicate."""
    (store.dir / "recipes").mkdir(parents=True)
    (store.dir / "recipes" / "kaz_survey.yaml").write_text("""
dataset: kaz_staff_survey
title: {en: Civil servant survey (national), ru: Опрос госслужащих, kk: ""}
publisher: Agency for Civil Service Affairs
edition: {from: year}
recognise: {columns: [Country, Year, Group, Sex, Satisfied]}
layout: long
country: {name: Country}
year: {column: Year}
values: [{header: Satisfied, indicator: kaz.satisfied}]
breakdowns:
  respondent_group: {column: Group, total: All}
  sex: {column: Sex, total: Total, codes: {Women: F, Men: M}}
indicators:
  kaz.satisfied: {name: {en: Satisfied with the job, ru: Удовлетворены работой}, unit: share, scale: [0, 1]}
""", encoding="utf-8")
    path = tmp_path / "survey.csv"
    path.write_text("Country,Year,Group,Sex,Satisfied\nKazakhstan,2023,All,Total,0.7\nKazakhstan,2023,All,Women,0.72\n"
                    "Kazakhstan,2023,Managers,Total,0.8\nKazakhstan,2023,Managers,Men,0.79\n", encoding="utf-8")
    init_store(store, starter_pack=False)
    report = load_file(path, store=store)
    assert report.added == 4
    with store.reader() as con:
        rows = con.execute("SELECT breakdown, value FROM v_observations ORDER BY breakdown").fetchall()
    assert rows == [("", 0.7), ("respondent_group=Managers", 0.8), ("respondent_group=Managers;sex=M", 0.79),
                    ("sex=F", 0.72)]


# ---- recipes with faults, files matching two recipes, nothing fits -------------------------------------


def test_recipe_with_unknown_key_and_wrong_type_located() -> None:
    with pytest.raises(ValidationError) as found:
        parse_recipe("dataset: x\nrecognise: {columns: [a]}\ncountri: {name: a}\nheader: {row: two}\n", "bad")
    text = [str(p) for p in found.value.problems]
    assert any("unknown key 'countri'" in t and "row 3" in t and "did you mean 'country'" in t for t in text)
    assert any("'header.row' must be a whole number" in t and "row 4" in t for t in text)


def _mapped_recipe() -> dict:
    """A valid recipe made from an upload mapping's values: indicator columns, two new indicators."""
    from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo

    new = [NewIndicator(code=f"nat.ind{k}", name_en=f"Indicator {k}", unit="points", higher_is_better=True,
                        scale_min=0.0, scale_max=1e17) for k in range(2)]
    return Mapping(sheet="Data 2024", header_row=2, country_column="Country", years="down", year_column="Year",
                   indicator_columns={"Rate": "nat.ind0", "Count": "nat.ind1"}, new_indicators=new,
                   source=SourceInfo(name="Agency data", edition="2024")).to_recipe()


# (key path, the value put there): a wrong type deep inside, an unknown key, and the faults only _semantics finds
RECIPE_FAULTS = [
    (("header", "rowz"), 2), (("header", 5), 1), (("tables",), [{"sheets": "Other", "colour": "red"}]),
    (("header", "row"), "two"), (("header", "row"), 2.5), (("header", "row"), True), (("header", "row"), None),
    (("indicator",), {"column": "Indicator", "declare": "maybe"}), (("country", "codes"), ["iso3"]),
    (("country", "name"), {"en": "Country"}), (("flags",), "Rate"), (("values", 0, "indicator"), {"code": "x"}),
    (("values", 1, "also"), [{"field": "value", "sufix": ".rank"}]), (("title",), ["Agency data"]),
    (("parts",), "none"), (("recognise", "columns"), {"Country": 1}), (("defaults",), {"decimals": [2]}),
    (("indicators", "nat.ind1", "colour"), "red"), (("indicators", "nat.ind0"), ["points"]),
    (("layout",), "diagonal"), (("values", 0, "match"), "(["), (("values", 1, "field"), "mean"),
    (("edition",), {"from": "moon", "colur": 1}), (("dataset",), "Bad Code"),
    (("breakdowns",), {"sex": {"column": "Sex", "totl": "All"}}), (("country", "codes"), "iso4"),
]


@pytest.mark.parametrize(("path", "value"), RECIPE_FAULTS, ids=lambda x: "-".join(map(str, x))
                         if isinstance(x, tuple) else type(x).__name__)
def test_a_recipe_made_from_values_is_refused_as_the_same_recipe_written_as_text(path: tuple, value: object) -> None:
    """recipe_from builds the node tree from the values; parse_recipe reads it from text (with lines): the same
    faults, the same messages, only the lines differ."""
    import dataclasses

    import yaml

    from etl.recipes.recipe import recipe_from

    data = _mapped_recipe()
    recipe_from(data, "mine")  # valid before the fault is put in
    *parents, last = path
    where = data
    for key in parents:
        where = where[key]
    where[last] = value
    with pytest.raises(ValidationError) as from_values:
        recipe_from(data, "mine")
    with pytest.raises(ValidationError) as from_text:
        parse_recipe(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "mine")
    assert from_values.value.problems and all(p.row is None for p in from_values.value.problems)
    assert all(isinstance(p.row, int) for p in from_text.value.problems)  # a file's faults keep their lines
    assert [dataclasses.replace(p, row=None) for p in from_text.value.problems] == from_values.value.problems
    assert str(from_values.value).split("\n")[0] == str(from_text.value).split("\n")[0]


def test_the_node_tree_made_from_values_is_the_yaml_dumpers() -> None:
    import yaml

    from etl.recipes.recipe import _node

    def same(a: yaml.Node, b: yaml.Node) -> bool:
        if type(a) is not type(b) or a.tag != b.tag or a.start_mark is not None:
            return False
        if isinstance(a, yaml.ScalarNode):
            return a.value == b.value
        if isinstance(a, yaml.SequenceNode):
            return len(a.value) == len(b.value) and all(map(same, a.value, b.value))
        return len(a.value) == len(b.value) and all(same(ka, kb) and same(va, vb)
                                                    for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True))

    data = {**_mapped_recipe(), "odd": {1: [0.5, -0.0, 1e17, float("nan"), float("inf"), -float("inf"), 10**30],
                                        None: True, False: "", 2.5: {"": None}, "ü": "Страна: 'x' # y"}}
    assert same(_node(data), yaml.SafeDumper(None, sort_keys=False).represent_data(data))


@pytest.mark.parametrize("value", [("a", "b"), {"a"}, __import__("datetime").date(2024, 1, 1), b"x",
                                   __import__("enum").IntEnum("Level", "HIGH").HIGH])
def test_a_recipe_made_from_values_holds_plain_values_only(value: object) -> None:
    from etl.recipes.recipe import recipe_from

    data = _mapped_recipe()
    data["header"]["row"] = value
    with pytest.raises(TypeError, match="a recipe made from values holds"):
        recipe_from(data, "mine")


def test_recipe_naming_a_column_the_file_lacks(tmp_path: Path, store: Store) -> None:
    (store.dir / "recipes").mkdir(parents=True)
    recipe = store.dir / "recipes" / "mine.yaml"
    recipe.write_text("dataset: mine\nrecognise: {columns: [code, countryname]}\ncountry: {column: code}\n"
                      "year: {column: Jahr}\nvalues: [{header: estimate, indicator: wgi.ge}]\n", encoding="utf-8")
    init_store(store, starter_pack=False)
    before = fingerprint(store)
    with pytest.raises(ValidationError) as found:
        load_file(long_csv(tmp_path, ["0.5"]), recipe=str(recipe), store=store)
    problem = found.value.problems[0]
    assert "'Jahr'" in problem.message and problem.row == 1 and "it has:" in problem.message
    assert "mine.yaml, 'year.column', line 4" in problem.hint
    assert fingerprint(store) == before


def test_file_matching_two_recipes_equally_refused(tmp_path: Path, store: Store) -> None:
    (store.dir / "recipes").mkdir(parents=True)
    text = (Path(__file__).resolve().parents[2] / "data" / "recipes" / "egdi.yaml").read_text(encoding="utf-8")
    (store.dir / "recipes" / "egdi_copy.yaml").write_text(text.replace("dataset: egdi", "dataset: egdi2"),
                                                          encoding="utf-8")
    init_store(store, starter_pack=False)
    before = fingerprint(store)
    path = tmp_path / "EGOV_DATA_2024.csv"
    path.write_text("Survey Year,Country Name,E-Government Index\n2024,Kazakhstan,0.9\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="two recipes") as found:
        load_file(path, store=store)
    assert "--recipe" in found.value.problems[0].hint
    assert fingerprint(store) == before


def test_nothing_fits_shows_what_was_found_and_write_recipe_gives_a_start(tmp_path: Path, store: Store,
                                                                          capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "ministry.csv"
    path.write_text("Страна,Год,Доля женщин,Число служащих\nKazakhstan,2022,0.41,90000\nGeorgia,2022,0.45,"
                    "30000\n", encoding="utf-8")
    init_store(store, starter_pack=False)
    assert main(["load", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no recipe fits" in err and "'Страна'" in err and "closest recipe" in err and "--write-recipe" in err
    out = tmp_path / "ministry.yaml"
    assert main(["load", str(path), "--write-recipe", str(out)]) == 0
    recipe = parse_recipe(out.read_text(encoding="utf-8"), "ministry")  # a valid recipe to edit
    assert recipe["country"]["name"] == "Страна" and recipe["year"] == {"column": "Год"}
    edited = out.read_text(encoding="utf-8").replace("unit: TODO", "unit: share")
    out.write_text(edited, encoding="utf-8")
    assert main(["load", str(path), "--recipe", str(out), "--edition", "2022"]) == 0
    assert "added 4" in capsys.readouterr().out


def test_sources_lists_every_recipe(capsys: pytest.CaptureFixture, store: Store) -> None:
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    for name in ("wgi", "wgi_sheets", "databank", "egdi", "cpi", "bipa_wide", "oecd_ireg", "ilostat", "unsdg",
                 "wjp", "wjp_editions", "oecd_stat"):
        assert f"\n{name} " in "\n" + out, name


def test_every_shipped_recipe_is_valid() -> None:
    folder = Path(__file__).resolve().parents[2] / "data" / "recipes"
    for path in sorted(folder.glob("*.yaml")):
        parse_recipe(path.read_text(encoding="utf-8"), path.stem, path)


def test_cli_roles_match_accounts() -> None:
    from accounts.users import ROLES
    from etl.cli import ROLES as CLI_ROLES

    assert tuple(CLI_ROLES) == tuple(ROLES)


# ---- the upload mapping is a recipe -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["indicator columns", "indicator and value columns", "years across"])
def test_a_mapping_produces_a_recipe_the_engine_reads_as_written(tmp_path: Path, shape: str) -> None:
    """(Was: the engine reads a mapping alike with the older mapping reader; that reader is gone, so the engine's
    result is compared with the values written into the file.)"""
    from etl.read.book import open_book
    from etl.recipes.engine import apply as apply_recipe
    from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo
    from etl.recipes.recipe import recipe_from

    path = tmp_path / "national.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data 2024"
    ws.append(["Ministry of Civil Service: national data"])
    new = [NewIndicator(code="kaz.vacancy_rate", name_en="Vacancy rate", unit="percent", higher_is_better=False)]
    source = SourceInfo(name="Agency data", edition="2024", publisher="Agency", licence="CC BY 4.0")
    written = set()
    if shape == "indicator columns":
        ws.append(["Country", "Year", "Vacancy rate", "Note"])
        for i, (name, _, _, _) in enumerate(COUNTRIES):
            ws.append([name, 2022 + i % 2, 5.5 + i, "checked"])
            written.add(("kaz.vacancy_rate", name, 2022 + i % 2, 5.5 + i))
        mapping = Mapping(sheet="Data 2024", header_row=2, country_column="Country", years="down", year_column="Year",
                          indicator_columns={"Vacancy rate": "kaz.vacancy_rate"}, new_indicators=new, source=source)
    elif shape == "indicator and value columns":
        ws.append(["Country", "Year", "Indicator", "Value"])
        for i, (name, _, _, _) in enumerate(COUNTRIES):
            ws.append([name, 2022, "Government Effectiveness" if i % 2 else "wgi.ge.pctrank", 0.5 + i])
            written.add(("wgi.ge" if i % 2 else "wgi.ge.pctrank", name, 2022, 0.5 + i))
        mapping = Mapping(sheet="Data 2024", header_row=2, country_column="Country", years="down", year_column="Year",
                          indicator_column="Indicator", value_column="Value", source=source)
    else:
        ws.append(["Country", "2021", 2022, "2023 [YR2023]"])
        for i, (name, _, _, _) in enumerate(COUNTRIES):
            ws.append([name, 1 + i, "..", 3.5])
            written |= {("kaz.vacancy_rate", name, 2021, 1 + i), ("kaz.vacancy_rate", name, 2022, None),
                        ("kaz.vacancy_rate", name, 2023, 3.5)}
        mapping = Mapping(sheet="Data 2024", header_row=2, country_column="Country", years="across",
                          indicator="kaz.vacancy_rate", new_indicators=new, source=source)
    wb.save(path)
    recipe = recipe_from(mapping.to_recipe(), "saved_mapping")
    engine = apply_recipe(open_book(path), recipe)
    assert not errors(engine), engine.problems
    read = {(r["indicator_code"], r["country_name"], int(r["year"]),
             None if r["value"] != r["value"] or r["value"] is None else r["value"])
            for r in engine.observations.to_pandas().to_dict("records")}
    assert read == written
    assert engine.source.source_id == "nat.agency_data:2024"


def test_a_saved_mapping_is_a_recipe_etl_load_uses(tmp_path: Path, store: Store) -> None:
    from etl.recipes.mapping import Mapping, SourceInfo
    from etl.recipes.recipe import save_recipe

    path = tmp_path / "agency.csv"
    path.write_text("Country,Year,Government Effectiveness\nKazakhstan,2021,0.1\nGeorgia,2021,0.7\n", encoding="utf-8")
    mapping = Mapping(sheet="", header_row=1, country_column="Country", years="down", year_column="Year",
                      indicator_columns={"Government Effectiveness": "wgi.ge"},
                      source=SourceInfo(name="Agency copy of WGI", edition="2021"))
    saved = save_recipe(mapping.to_recipe(is_csv=True), "agency_wgi")
    assert saved == store.dir / "recipes" / "agency_wgi.yaml"
    init_store(store, starter_pack=False)
    report = load_file(path, store=store)  # recognised by the saved recipe's columns
    assert report.format == "agency_wgi" and report.added == 2


def test_wgi_series_from_databank_merge_into_wgi_indicators(tmp_path: Path) -> None:
    path = tmp_path / "Data_Extract_From_Worldwide_Governance_Indicators.csv"
    lines = ['"Country Name","Country Code","Series Name","Series Code","2022 [YR2022]","2023 [YR2023]"']
    for series, values in (("VA.EST", (0.1, 0.2)), ("VA.STD.ERR", (0.15, 0.16)), ("VA.NO.SRC", (9, 10)),
                           ("VA.PER.RNK", (40.5, 41.5)), ("VA.PER.RNK.LOWER", (30, 31)),
                           ("VA.PER.RNK.UPPER", (50, 51))):
        lines.append(f'"Kazakhstan","KAZ","Voice and Accountability: {series}","{series}",{values[0]},{values[1]}')
    lines += ["", '"Data from database: Worldwide Governance Indicators"', '"Last Updated: 09/24/2024"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = parse(path)
    assert parsed.format == "wgi_databank" and not errors(parsed)
    assert parsed.source.source_id == "wgi:DataBank export, last updated 2024-09-24"
    est = obs(parsed, "wgi.va", "KAZ", 2023)
    assert (est["value"], est["std_error"], est["n_sources"]) == (0.2, 0.16, 10)
    rank = obs(parsed, "wgi.va.pctrank", "KAZ", 2022)
    assert (rank["value"], rank["lower"], rank["upper"], rank["n_sources"]) == (40.5, 30, 50, 9)


def _books(folder: Path) -> list[Path]:
    """Files that fit no shipped recipe, each failing a different check (file name, sheet, header, values, SDMX)."""
    folder.mkdir()
    (folder / "scores.csv").write_text("Страна;2021;2022\nKazakhstan;55,5;57\n", encoding="utf-8")
    (folder / "CPI2023_results.csv").write_text("Country,ISO3,Score\nKazakhstan,KAZ,39\n", encoding="utf-8")
    (folder / "sdmx.csv").write_text("STRUCTURE_ID,REF_AREA,TIME_PERIOD,OBS_VALUE\nOTHER@DF_X,KAZ,2022,1\n",
                                     encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.title = "Лист1"
    wb.active.append(["Country Name", "Country Code", "Series Name", "Series Code", "2022 [YR2022]"])
    wb.active.append(["Kazakhstan", "KAZ", "s", "not a code!", "1"])
    wb.save(folder / "book.xlsx")
    return sorted(folder.iterdir())


def test_every_reason_a_recipe_does_not_fit_is_said_in_russian_and_kazakh(tmp_path: Path) -> None:
    """The closest recipe's reason is shown on the upload page in the interface language: each reason `fit` gives
    is a catalogued phrase, with nothing English left outside the quoted names."""
    import re

    from core.i18n import Language
    from etl.read.book import open_book
    from etl.recipes.engine import fit
    from etl.recipes.recipe import Recipe, all_recipes

    shipped = list(all_recipes().values())
    base = all_recipes()["oecd_ireg"]
    checks = [{"file": "^CPI"}, {"not_sheet": "Лист"}, {"sheet": "^Data$"}, {"columns": [["Country", "Страна"]]},
              {"columns": ["STRUCTURE_ID"], "structure": "DSD_X"}, {"columns": ["STRUCTURE_ID", "REF_AREA"]},
              {"columns": ["Country Code"], "values": {"Country Code": "^[A-Z]{2}$"}},
              {"columns": ["Country Code"], "values": {"Absent": "^x"}}]
    made = [Recipe(f"made{i}", None, {**base.data, "recognise": c, "layout": "long"}) for i, c in enumerate(checks)]
    reasons = {fit(open_book(path), r).failed for path in _books(tmp_path / "in") for r in shipped + made}
    reasons.discard(None)
    kinds = {"file name", "has a sheet", "no sheet", "no header row", "SDMX structure", "holds", "no values", " / "}
    assert {k for k in kinds if any(k in r for r in reasons)} == kinds, reasons  # every kind of failure is met
    english = re.compile(r"\b(the|no|not|or|is|has|holds|column|sheet|file|values?|named|like|matching|closest)\b")
    for lang in ("ru", "kk"):
        for reason in reasons:
            said = Language(lang)._part(reason)
            assert not english.search(re.sub(r"'[^']*'", "", said)), (lang, reason, said)


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    """Every key path of a recipe's values, two levels deep."""
    out = [path] if path else []
    if len(path) < 2:
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
        for key, inner in items:
            out += _paths(inner, (*path, key))
    return out


def test_a_recipe_of_the_wrong_shape_anywhere_is_refused_with_its_key_never_a_crash() -> None:
    """Each shipped recipe with one value of the wrong shape (a text, a number, a list, a mapping, null) put at each
    of its key paths: refused with a located fault or accepted, never an exception of the checks themselves (a text
    where a list of value rules belongs crashed the checks with AttributeError)."""
    import copy

    import yaml

    from core.errors import ValidationError
    from etl.recipes.recipe import all_recipes

    tried = refused = 0
    for recipe in all_recipes().values():
        for path in _paths(recipe.data):
            for wrong in ("Rate", 5, [1], {"x": 1}, None):
                data = copy.deepcopy(recipe.data)
                inner = data
                for key in path[:-1]:
                    inner = inner[key]
                inner[path[-1]] = wrong
                tried += 1
                try:
                    parse_recipe(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True), recipe.name)
                except ValidationError as e:
                    refused += 1
                    assert all(p.row for p in e.problems), [str(p) for p in e.problems]
    assert tried > 1000 and refused > tried // 2, (tried, refused)
