"""Tests for etl.formats: each published layout read into Parsed, and faults a person must be told about."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from core.errors import ValidationError
from etl.model import OBSERVATION_COLUMNS
from etl.read.sheets import read_sheets
from etl.recipes.formats import FORMATS, detect_format, parse

REAL_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "real-data"
WGI_FILE = "wgi/wgidataset_2024_update.xlsx"
EGDI_FILE = "egdi/EGOV_DATA_2022.csv"
CPI_FILE = "cpi/CPI2023_Global_Results__Trends.xlsx"
CPI_SHEET = "CPI Timeseries 2012 - 2023"
WGI_HEADER = [
    "codeindyr",
    "code",
    "countryname",
    "year",
    "indicator",
    "estimate",
    "stddev",
    "nsource",
    "pctrank",
    "pctranklower",
    "pctrankupper",
]


def real(relative: str) -> Path:
    path = REAL_DATA / relative
    assert path.is_file(), (
        f"real test data missing: {path} (expected ../shared/real-data beside the checkout)"
    )
    return path


@pytest.fixture(scope="module")
def wgi():
    return parse(real(WGI_FILE))


@pytest.fixture(scope="module")
def egdi():
    return parse(real(EGDI_FILE))


@pytest.fixture(scope="module")
def cpi():
    return parse(real(CPI_FILE))


def one(
    obs: pd.DataFrame, indicator: str, year: int, code: str | None = None, name: str | None = None
) -> pd.Series:
    chosen = (obs["indicator_code"] == indicator) & (obs["year"] == year)
    chosen &= (obs["country_code"] == code) if code else (obs["country_name"] == name)
    found = obs[chosen]
    assert len(found) == 1, f"{indicator} {code or name} {year}: {len(found)} rows"
    return found.iloc[0]


def refused(path: Path, format: str | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse(path, format)
    return caught.value


def save_wgi_layout(path: Path, rows: list[list], header: list[str] = WGI_HEADER) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


KAZ_GE_2023 = [
    "KAZge2023",
    "KAZ",
    "Kazakhstan",
    2023,
    "ge",
    0.14681467413902283,
    0.25837579369544983,
    7,
    57.075469970703125,
    40.09434127807617,
    69.3396224975586,
]
ASM_VA_2023 = ["ASMva2023", "ASM", "American Samoa", 2023, "va", "..", "..", "..", "..", "..", ".."]


# ---- real files -------------------------------------------------------------------------------------------


def test_every_real_file_is_detected():
    assert detect_format(read_sheets(real(WGI_FILE))) == "wgi"
    assert detect_format(read_sheets(real(EGDI_FILE))) == "egdi"
    assert detect_format(read_sheets(real(CPI_FILE))) == "cpi"


def test_wgi_real_file(wgi):
    obs = wgi.observations
    assert wgi.format == "wgi" and wgi.problems == []
    assert wgi.source.dataset == "wgi" and wgi.source.edition == "2024 update"
    assert wgi.source.source_id == "wgi:2024 update" and wgi.source.publisher == "World Bank"
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert len(obs) == 64_200  # 32,100 source rows, two observations each
    codes = {f"wgi.{i}" for i in ("va", "pv", "ge", "rq", "rl", "cc")}
    assert set(obs["indicator_code"]) == codes | {c + ".pctrank" for c in codes}
    assert obs["year"].min() == 1996 and obs["year"].max() == 2023

    assert one(obs, "wgi.ge", 2019, "KAZ")["value"] == 0.06884711980819702
    assert one(obs, "wgi.ge", 2022, "KAZ")["value"] == 0.14275604486465454
    kaz = one(obs, "wgi.ge", 2023, "KAZ")
    assert kaz["value"] == 0.14681467413902283 and kaz["std_error"] == 0.25837579369544983
    assert kaz["n_sources"] == 7.0 and math.isnan(kaz["lower"]) and math.isnan(kaz["upper"])
    assert (kaz["country_name"], kaz["sheet"], kaz["column"]) == ("Kazakhstan", "Sheet1", "estimate")
    rank = one(obs, "wgi.ge.pctrank", 2023, "KAZ")
    assert rank["value"] == 57.075469970703125 and rank["n_sources"] == 7.0 and math.isnan(rank["std_error"])
    assert rank["lower"] == 40.09434127807617 and rank["upper"] == 69.3396224975586
    assert rank["row"] == kaz["row"] and rank["column"] == "pctrank"
    assert one(obs, "wgi.ge", 2023, "GEO")["value"] == 0.7912858724594116
    assert one(obs, "wgi.rq", 2023, "TKM")["value"] == -2.0680975914001465
    asm = one(obs, "wgi.va", 2023, "ASM")
    assert all(math.isnan(asm[c]) for c in ("value", "std_error", "n_sources"))
    assert math.isnan(one(obs, "wgi.va.pctrank", 2023, "ASM")["value"])


def test_wgi_row_numbers_are_spreadsheet_rows(wgi):
    rows = read_sheets(real(WGI_FILE)).sheets["Sheet1"]
    kaz = one(wgi.observations, "wgi.ge", 2023, "KAZ")
    assert rows[kaz["row"] - 1][0] == "KAZge2023"
    assert wgi.observations["row"].min() == 2 and wgi.observations["row"].max() == 32_101


def test_egdi_real_file(egdi):
    obs = egdi.observations
    assert egdi.format == "egdi" and egdi.problems == []
    assert egdi.source.source_id == "egdi:2022"
    assert len(obs) == 193 * 6 and list(obs.columns) == OBSERVATION_COLUMNS
    assert obs["country_code"].isna().all() and obs["sheet"].isna().all()
    assert set(obs["indicator_code"]) == {
        "egdi.egdi",
        "egdi.rank",
        "egdi.epi",
        "egdi.osi",
        "egdi.hci",
        "egdi.tii",
    }
    assert one(obs, "egdi.egdi", 2022, name="Kazakhstan ")["value"] == 0.8628  # raw name, trailing space kept
    assert one(obs, "egdi.rank", 2022, name="Kazakhstan ")["value"] == 28
    assert one(obs, "egdi.egdi", 2022, name="Georgia (Country)")["value"] == 0.7501
    assert one(obs, "egdi.rank", 2022, name="Georgia (Country)")["value"] == 60
    korea = one(obs, "egdi.egdi", 2022, name="Republic of Korea ")
    assert korea["value"] == 0.9529 and korea["column"] == "E-Government Index"
    lines = real(EGDI_FILE).read_text(encoding="utf-8").splitlines()
    assert "Republic of Korea" in lines[korea["row"] - 1]


def test_cpi_real_file(cpi):
    obs = cpi.observations
    assert cpi.format == "cpi" and cpi.problems == []
    assert cpi.source.source_id == "cpi:CPI 2023"
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert set(obs.loc[obs["indicator_code"] == "cpi.score", "year"]) == set(range(2012, 2024))
    assert set(obs.loc[obs["indicator_code"] == "cpi.rank", "year"]) == set(range(2017, 2024))
    assert one(obs, "cpi.score", 2021, "GEO")["value"] == 55
    assert one(obs, "cpi.score", 2023, "GEO")["value"] == 53
    kaz = one(obs, "cpi.score", 2023, "KAZ")
    assert kaz["value"] == 39 and kaz["sheet"] == CPI_SHEET and kaz["column"] == "CPI score 2023"
    assert kaz["std_error"] == 3.195811 and kaz["n_sources"] == 9
    assert kaz["lower"] == 33.75887 and kaz["upper"] == pytest.approx(44.24113, abs=1e-9)
    assert one(obs, "cpi.rank", 2023, "KAZ")["value"] == 93
    score_2012 = one(obs, "cpi.score", 2012, "KAZ")
    assert score_2012["value"] == 28 and score_2012["column"] == "CPI Score 2012"
    assert math.isnan(score_2012["lower"])  # the confidence interval is published for the latest year only
    assert one(obs, "cpi.score", 2021, "KAZ")["std_error"] == 3.331854
    # header on spreadsheet row 4: Afghanistan, the first country, is row 5
    assert one(obs, "cpi.score", 2023, "AFG")["row"] == 5
    rows = read_sheets(real(CPI_FILE)).sheets[CPI_SHEET]
    assert rows[kaz["row"] - 1][:2] == ["Kazakhstan", "KAZ"]


def test_cpi_sheet_name_with_trailing_space_and_missing_timeseries(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "cpi timeseries 2012 - 2023 "
    sheet.append(["Corruption Perceptions Index"])
    sheet.append([])
    sheet.append([])
    sheet.append(["Country / Territory", "ISO3", "Region", "CPI score 2023", "Rank 2023", "CPI Score 2012"])
    sheet.append(["Kazakhstan", "KAZ", "ECA", 39, 93, 28])
    book.save(tmp_path / "cpi.xlsx")
    parsed = parse(tmp_path / "cpi.xlsx")
    assert parsed.format == "cpi" and len(parsed.observations) == 3
    assert one(parsed.observations, "cpi.score", 2012, "KAZ")["row"] == 5

    sheet.title = "Scores"
    book.save(tmp_path / "renamed.xlsx")
    error = refused(tmp_path / "renamed.xlsx")
    assert error.title == "Missing sheet" and "'Scores'" in str(error) and "CPI Timeseries" in str(error)


# ---- WGI variants -----------------------------------------------------------------------------------------


def test_wgi_missing_column_is_named(tmp_path: Path):
    header = [h for h in WGI_HEADER if h != "estimate"]
    path = save_wgi_layout(
        tmp_path / "wgi.xlsx",
        [[c for h, c in zip(WGI_HEADER, KAZ_GE_2023, strict=True) if h != "estimate"]],
        header,
    )
    error = refused(path)
    problem = error.problems[0]
    assert error.title == "Missing columns"
    assert (problem.file, problem.sheet, problem.row) == ("wgi.xlsx", "Sheet1", 1)
    assert "'estimate'" in problem.message and "'stddev'" in problem.message  # missing, and what was found


def test_wgi_text_in_a_numeric_column_is_located(tmp_path: Path):
    bad = list(KAZ_GE_2023)
    bad[0], bad[3], bad[5] = "KAZge2022", 2022, "abc"
    path = save_wgi_layout(tmp_path / "wgi.xlsx", [KAZ_GE_2023, ASM_VA_2023, bad])
    parsed = parse(path)
    errors = [p for p in parsed.problems if p.severity == "error"]
    assert len(errors) == 1
    assert (errors[0].sheet, errors[0].row, errors[0].column, errors[0].value) == (
        "Sheet1",
        4,
        "estimate",
        "abc",
    )
    assert "type a number" in errors[0].hint
    assert math.isnan(one(parsed.observations, "wgi.ge", 2022, "KAZ")["value"])
    assert (
        one(parsed.observations, "wgi.ge", 2023, "KAZ")["value"] == read_sheets(path).sheets["Sheet1"][1][5]
    )
    assert parsed.source.edition == "2024 update" and len(parsed.observations) == 6


def test_wgi_unknown_indicator_and_edition_from_title(tmp_path: Path):
    odd = list(KAZ_GE_2023)
    odd[4] = "xx"
    book = openpyxl.Workbook()
    book.active.title = "WGI 2025 Update"
    for row in ([*WGI_HEADER], KAZ_GE_2023, odd, odd):
        book.active.append(row)
    book.save(tmp_path / "wgi.xlsx")
    parsed = parse(tmp_path / "wgi.xlsx")
    assert parsed.source.edition == "2025 update"
    [problem] = parsed.problems
    assert "unknown WGI indicator 'xx' in 2 row(s): 3, 4" in problem.message and problem.row == 3
    assert len(parsed.observations) == 2


# ---- DataBank ---------------------------------------------------------------------------------------------

DATABANK_HEADER = "Country Name,Country Code,Series Name,Series Code,2022 [YR2022],2023 [YR2023]"
FOOTER = "\n\n\nData from database: Worldwide Governance Indicators\nLast Updated: 10/31/2024\n"


def wgi_databank_csv() -> str:
    def line(name: str, code: str, series: str, values: tuple[object, object]) -> str:
        return f'"{name}",{code},"Government Effectiveness: {series}",GE.{series},{values[0]},{values[1]}'

    return (
        "\n".join(
            [
                DATABANK_HEADER,
                line("Kazakhstan", "KAZ", "EST", (0.14275604486465454, 0.14681467413902283)),
                line("Kazakhstan", "KAZ", "STD.ERR", ("..", 0.25837579369544983)),
                line("Kazakhstan", "KAZ", "NO.SRC", ("..", 7)),
                line("Kazakhstan", "KAZ", "PER.RNK", ("..", 57.075469970703125)),
                line("Kazakhstan", "KAZ", "PER.RNK.LOWER", ("..", 40.09434127807617)),
                line("Kazakhstan", "KAZ", "PER.RNK.UPPER", ("..", 69.3396224975586)),
                line("Georgia", "GEO", "EST", ("..", 0.7912858724594116)),
            ]
        )
        + FOOTER
    )


def test_databank_wgi_series_merge_into_wgi_indicators(tmp_path: Path):
    path = tmp_path / "Data_Extract_From_Worldwide_Governance_Indicators.csv"
    path.write_text(wgi_databank_csv(), encoding="utf-8-sig")
    parsed = parse(path)
    obs = parsed.observations
    assert parsed.format == "databank" and parsed.indicators == []
    assert (
        parsed.source.dataset == "wgi" and parsed.source.edition == "DataBank export, last updated 2024-10-31"
    )
    assert [p for p in parsed.problems if p.severity == "error"] == []
    kaz = one(obs, "wgi.ge", 2023, "KAZ")
    assert kaz["value"] == 0.14681467413902283 and kaz["std_error"] == 0.25837579369544983
    assert kaz["n_sources"] == 7 and kaz["row"] == 2 and kaz["column"] == "2023 [YR2023]"
    assert kaz["sheet"] is None and kaz["country_name"] == "Kazakhstan"
    rank = one(obs, "wgi.ge.pctrank", 2023, "KAZ")
    assert (rank["value"], rank["lower"], rank["upper"], rank["n_sources"]) == (
        57.075469970703125,
        40.09434127807617,
        69.3396224975586,
        7,
    )
    assert rank["row"] == 5
    assert one(obs, "wgi.ge", 2022, "KAZ")["value"] == 0.14275604486465454
    assert math.isnan(one(obs, "wgi.ge", 2022, "KAZ")["std_error"])
    assert one(obs, "wgi.ge", 2023, "GEO")["value"] == 0.7912858724594116
    assert math.isnan(one(obs, "wgi.ge", 2022, "GEO")["value"])
    assert set(obs["indicator_code"]) == {"wgi.ge", "wgi.ge.pctrank"}
    assert len(obs) == 6  # KAZ and GEO, two years, estimate; KAZ, two years, pctrank


def test_databank_other_series_are_declared(tmp_path: Path):
    path = tmp_path / "wdi.csv"
    path.write_text(
        "Country Name,Country Code,Series Name,Series Code,2019 [YR2019],2020 [YR2020]\n"
        "Kazakhstan,KAZ,Individuals using the Internet (% of population),IT.NET.USER.ZS,81.8833,85.9396\n"
        "World,WLD,Individuals using the Internet (% of population),IT.NET.USER.ZS,..,59.3\n"
        "\nData from database: World Development Indicators\nLast Updated: 12/16/2024\n",
        encoding="utf-8",
    )
    parsed = parse(path)
    assert (
        parsed.source.dataset == "databank"
        and parsed.source.edition == "DataBank export, last updated 2024-12-16"
    )
    [meta] = parsed.indicators
    assert meta.code == "wb.it.net.user.zs" and meta.dataset == "databank"
    assert meta.name_en == meta.name_ru == "Individuals using the Internet (% of population)"
    assert (
        meta.definition_en
        == "As published in World Bank DataBank: Individuals using the Internet (% of population)"
    )
    assert (meta.unit, meta.scale_min, meta.higher_is_better, meta.theme) == ("", None, True, "governance")
    [warning] = parsed.problems
    assert (
        warning.severity == "warning"
        and "wb.it.net.user.zs" in warning.message
        and "Russian" in warning.message
    )
    obs = parsed.observations
    assert len(obs) == 4 and one(obs, "wb.it.net.user.zs", 2020, "KAZ")["value"] == 85.9396
    assert math.isnan(one(obs, "wb.it.net.user.zs", 2019, "WLD")["value"])  # aggregates left for the pipeline


def test_databank_cp1251_with_russian_names(tmp_path: Path):
    path = tmp_path / "databank_ru.csv"
    text = (
        "Country Name;Country Code;Series Name;Series Code;2023 [YR2023]\n"
        "Казахстан;KAZ;Government Effectiveness: Estimate;GE.EST;0,14681467413902283\n"
        "Кыргызстан;KGZ;Government Effectiveness: Estimate;GE.EST;-0,5\n"
        "Туркменистан;TKM;Government Effectiveness: Estimate;GE.EST;..\n"
    )
    path.write_bytes(text.encode("cp1251"))
    parsed = parse(path)
    assert "read as Windows-1251 (cp1251)" in parsed.problems[0].message
    obs = parsed.observations
    kaz = one(obs, "wgi.ge", 2023, "KAZ")
    assert kaz["value"] == 0.14681467413902283 and kaz["country_name"] == "Казахстан"
    assert one(obs, "wgi.ge", 2023, "KGZ")["value"] == -0.5
    assert math.isnan(one(obs, "wgi.ge", 2023, "TKM")["value"])
    assert parsed.source.edition == "DataBank export, data to 2023"  # no footer: a warning says so
    assert any("Last Updated" in p.message for p in parsed.problems)


def test_databank_excel_with_indicator_columns_and_plain_years(tmp_path: Path):
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active.append(["Country Name", "Country Code", "Indicator Name", "Indicator Code", "2022", "2023"])
    book.active.append(["Kazakhstan", "KAZ", "Rule of Law: Estimate", "RL.EST", -0.5, "abc"])
    book.save(tmp_path / "export.xlsx")
    parsed = parse(tmp_path / "export.xlsx")
    assert parsed.format == "databank" and parsed.source.dataset == "wgi"
    assert one(parsed.observations, "wgi.rl", 2022, "KAZ")["value"] == -0.5
    [error] = [p for p in parsed.problems if p.severity == "error"]
    assert (error.sheet, error.row, error.column, error.value) == ("Data", 2, "2023", "abc")


def test_databank_mixing_wgi_and_other_series_is_refused(tmp_path: Path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        DATABANK_HEADER + "\nKazakhstan,KAZ,GE est,GE.EST,1,2\nKazakhstan,KAZ,Internet,IT.NET.USER.ZS,3,4\n",
        encoding="utf-8",
    )
    error = refused(path)
    assert (
        error.title == "Mixed DataBank export" and "GE.EST" in str(error) and "IT.NET.USER.ZS" in str(error)
    )


def test_utf16_databank_csv(tmp_path: Path):
    path = tmp_path / "utf16.csv"
    path.write_text(
        DATABANK_HEADER.replace(",", "\t") + "\nKazakhstan\tKAZ\tGE\tGE.EST\t..\t0.5\n", encoding="utf-16"
    )
    parsed = parse(path)
    assert one(parsed.observations, "wgi.ge", 2023, "KAZ")["value"] == 0.5


# ---- refusals ---------------------------------------------------------------------------------------------


def test_unknown_layout_says_what_it_found_and_what_it_knows(tmp_path: Path):
    path = tmp_path / "random.csv"
    rng = np.random.default_rng(1)
    pd.DataFrame(rng.random((5, 3)), columns=["alpha", "beta", "gamma"]).to_csv(path, index=False)
    error = refused(path)
    message = str(error)
    assert error.title == "Unknown layout"
    assert "'alpha', 'beta', 'gamma'" in message
    for name in FORMATS:
        assert name in message
    assert "countryname" in message and "Series Code" in message and "E-Government Index" in message


def test_unknown_format_name(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    error = refused(path, "sdmx")
    assert "no reader is called 'sdmx'" in str(error) and "wgi, cpi, egdi, databank" in str(error)


def test_forced_format_that_does_not_fit(tmp_path: Path):
    error = refused(real(EGDI_FILE), "wgi")
    assert error.title == "Missing sheet" and "Survey Year" in str(error)


def test_reading_faults_come_through_parse(tmp_path: Path):
    data = real(WGI_FILE).read_bytes()
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    assert "truncated or damaged" in str(refused(tmp_path / "half.xlsx"))
    (tmp_path / "empty.csv").write_bytes(b"")
    assert refused(tmp_path / "empty.csv").title == "Empty file"
    with pytest.raises(ValidationError, match="more than the limit"):
        parse(real(EGDI_FILE), max_bytes=1000)


def test_xlsx_that_is_really_csv_parses_with_the_warning(tmp_path: Path):
    path = tmp_path / "egdi.xlsx"
    path.write_bytes(real(EGDI_FILE).read_bytes())
    parsed = parse(path)
    assert parsed.format == "egdi" and "read as CSV" in parsed.problems[0].message
    assert one(parsed.observations, "egdi.egdi", 2022, name="Kazakhstan ")["value"] == 0.8628
