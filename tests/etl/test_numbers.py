"""Numbers that are numbers: infinity, NaN, error cells, implausible magnitudes, full-width digits and -0."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from core.errors import Problem
from etl.read.cell_errors import CellError, error_cells
from etl.read.sheets import MAX_MAGNITUDE, parse_number, read_sheets, to_numbers
from etl.recipes.parse import parse
from etl.setup_store import init_store
from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_SOURCE, filled_template
from etl.validate.review import review
from store import Store
from tests.etl.test_office_formats import convert
from tests.fixtures import hostile

IND = EXAMPLE_INDICATOR["code"]
HOSTILE = ["1e309", "INF", "-Infinity", "NaN", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
           "1e16", "Err:502"]


@pytest.mark.parametrize("text", ["1e309", "-1e309", "INF", "inf", "-inf", "Infinity", "-Infinity", "∞", "1.#INF"])
def test_infinity_in_any_spelling_is_refused(text: str) -> None:
    message = parse_number(text)
    assert isinstance(message, str) and "infinit" in message


@pytest.mark.parametrize("text", ["NaN", "nan", "-nan", "NAN"])
def test_nan_text_is_refused(text: str) -> None:
    assert "NaN" in parse_number(text)


@pytest.mark.parametrize("code", ["#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#ref!", "#SPILL!",
                                  "Err:502"])
def test_spreadsheet_error_text_is_a_problem_not_missing(code: str) -> None:
    message = parse_number(code)
    assert isinstance(message, str) and "in the source cell" in message
    assert "fix the formula or leave the cell empty" in message and code.upper().replace("ERR", "Err") in message


def test_na_stays_a_missing_marker_as_text() -> None:
    assert parse_number("#N/A") is None and parse_number("#n/a") is None


@pytest.mark.parametrize("text", ["1e16", "-2e15", "1e308", "123456789012345678"])
def test_implausible_magnitudes_are_refused(text: str) -> None:
    assert "plausible" in parse_number(text)


def test_the_largest_plausible_number_passes() -> None:
    assert parse_number("1e15") == MAX_MAGNITUDE and parse_number("-999 999 999 999,5") == -999999999999.5


@pytest.mark.parametrize(("text", "value"), [("１２３", 123.0), ("１２，５", 12.5), ("－３．５", -3.5), ("١٢٣", 123.0),
                                             ("१२", 12.0)])
def test_full_width_and_other_script_digits_are_read(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["-0", "-0.0", "−0", "-0,0", "-0e5"])
def test_minus_zero_is_zero(text: str) -> None:
    value = parse_number(text)
    assert value == 0.0 and math.copysign(1, value) == 1.0


def test_to_numbers_locates_every_kind_of_bad_number_and_warns_on_the_others() -> None:
    cells = [1.5, math.inf, -math.inf, 2e300, -0.0, "１２３", CellError("#DIV/0!"), CellError("#N/A"), "#REF!",
             "#N/A", "1e309", None, ""]
    values, problems = to_numbers(cells, file="f.xlsx", sheet="Data", column="Value", rows=range(2, 2 + len(cells)))
    errors = {p.row: p for p in problems if p.severity == "error"}
    warnings = {p.row: p for p in problems if p.severity == "warning"}
    assert sorted(errors) == [3, 4, 5, 8, 10, 12]
    assert sorted(warnings) == [7, 9]
    assert "#DIV/0! in the source cell" in errors[8].message and errors[8].value == "#DIV/0!"
    assert "full-width" in warnings[7].message and "#N/A" in warnings[9].message
    assert values[0] == 1.5 and values[4] == 0.0 and math.copysign(1, values[4]) == 1.0 and values[5] == 123.0
    assert np.isnan(values[[1, 2, 3, 6, 7, 8, 9, 10, 11, 12]]).all()


def test_numeric_arrays_are_checked_too() -> None:
    values, problems = to_numbers(np.array([1.0, np.inf, -0.0, 5e15]), file="f.csv", sheet=None, column="2020",
                                  rows=[2, 3, 4, 5])
    assert [(p.row, p.severity) for p in problems] == [(3, "error"), (5, "error")]
    assert math.copysign(1, values[2]) == 1.0


# ---- files ------------------------------------------------------------------------------------------------------


def _error_cells_workbook(path: Path, rows: list[list], errors: dict[tuple[int, int], str], title: str) -> None:
    """An .xlsx whose cells at `errors` (1-based row, column) are real error cells (t="e"), as Excel saves them."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for (r, c), code in errors.items():
        cell = sheet.cell(r, c)
        cell.value = code
        assert cell.data_type == "e"
    book.save(path)


def _number_xml(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite the first sheet's XML of an .xlsx (what another writer would have put there)."""
    with zipfile.ZipFile(path) as source:
        members = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in members:
            out.writestr(item, data.replace(old, new) if item.filename.startswith("xl/worksheets/") else data)


def _located(problems: list[Problem]) -> dict[tuple, Problem]:
    return {(p.sheet, p.row, p.column): p for p in problems if p.severity == "error"}


def test_template_with_infinite_and_error_cells_gets_a_located_problem_for_each(tmp_path: Path) -> None:
    rows = [("Kazakhstan", IND, 2015 + i, text) for i, text in enumerate(HOSTILE)]
    rows.append(("Kazakhstan", IND, 2040, 424242.0))  # a number cell beyond the float range (written below)
    rows.append(("Kazakhstan", IND, 2041, -0.0))
    rows.append(("Kazakhstan", IND, 2042, "１２３"))
    path = tmp_path / "template.xlsx"
    path.write_bytes(filled_template(EXAMPLE_SOURCE, rows, [EXAMPLE_INDICATOR]))
    book = openpyxl.load_workbook(path)
    data = book["Data"]
    header_row = next(r for r in range(1, 10) if data.cell(r, 1).value == "Country")
    first = header_row + 1
    for r in range(first, first + len(rows)):  # error texts typed by openpyxl as strings: make them error cells
        cell = data.cell(r, 4)
        if isinstance(cell.value, str) and cell.value.startswith("#"):
            cell.value = cell.value
            cell.data_type = "e"
    book.save(path)
    _number_xml(path, b"<v>424242</v>", b"<v>1E+309</v>")  # openpyxl cannot write it; another writer could
    assert set(error_cells(path)["Data"].values()) == {"#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"}
    parsed = parse(path)
    located = _located(parsed.problems)
    for i, text in enumerate(HOSTILE):
        problem = located.get(("Data", first + i, "Value"))
        assert problem is not None, f"{text} at row {first + i} was not reported: {parsed.problems}"
        assert str(problem.value) == text
    assert ("Data", first + len(HOSTILE), "Value") in located  # the 1e309 number cell
    obs = parsed.observations
    assert obs["value"].notna().sum() == 2 and np.isfinite(obs["value"].dropna()).all()
    zero = obs.loc[obs["year"] == 2041, "value"].iloc[0]
    assert zero == 0.0 and math.copysign(1, zero) == 1.0
    assert obs.loc[obs["year"] == 2042, "value"].iloc[0] == 123.0
    assert any(p.severity == "warning" and "full-width" in p.message for p in parsed.problems)


def test_the_review_of_such_a_template_is_never_no_problems(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    path = tmp_path / "template.xlsx"
    path.write_bytes(filled_template(EXAMPLE_SOURCE, [("Kazakhstan", IND, 2020, "1e309"),
                                                      ("Armenia", IND, 2020, "#DIV/0!")], [EXAMPLE_INDICATOR]))
    result = review(path, store=store)
    assert not result.ok and {(p.row, p.value) for p in result.errors} >= {(r, v) for r, v in
                                                                           _rows_of(path, ["1e309", "#DIV/0!"])}


def _rows_of(path: Path, values: list[str]) -> list[tuple[int, str]]:
    rows = read_sheets(path).sheets["Data"]
    return [(i + 1, v) for i, row in enumerate(rows) for v in values if v in row]


DATABANK_HEADER = ["Country Name", "Country Code", "Series Name", "Series Code", "2019 [YR2019]", "2020 [YR2020]"]


def _databank_rows() -> list[list]:
    return [DATABANK_HEADER] + [
        ["Kazakhstan", "KAZ", "Government Effectiveness: Estimate", "GE.EST", 0.1, "1e309"],
        ["Armenia", "ARM", "Government Effectiveness: Estimate", "GE.EST", "INF", 0.2],
        ["Georgia", "GEO", "Government Effectiveness: Estimate", "GE.EST", "#DIV/0!", 0.3],
        ["Azerbaijan", "AZE", "Government Effectiveness: Estimate", "GE.EST", "#REF!", "-0"],
        ["Kyrgyz Republic", "KGZ", "Government Effectiveness: Estimate", "GE.EST", "NaN", "#N/A"],
    ]


EXPECTED = {(2, "2020 [YR2020]"): "1e309", (3, "2019 [YR2019]"): "INF", (4, "2019 [YR2019]"): "#DIV/0!",
            (5, "2019 [YR2019]"): "#REF!", (6, "2019 [YR2019]"): "NaN"}


def test_databank_csv_with_infinite_nan_and_error_texts(tmp_path: Path) -> None:
    path = tmp_path / "Data_Extract_From_Worldwide_Governance_Indicators.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in _databank_rows()) + "\n", encoding="utf-8")
    parsed = parse(path)
    located = {(row, column): str(p.value) for (_, row, column), p in _located(parsed.problems).items()}
    assert located == EXPECTED
    obs = parsed.observations
    assert np.isfinite(obs["value"].dropna()).all()
    assert obs.loc[(obs["country_code"] == "AZE") & (obs["year"] == 2020), "value"].iloc[0] == 0.0


def test_databank_workbooks_with_error_cells_in_xlsx_xls_and_ods(tmp_path: Path) -> None:
    rows = _databank_rows()
    errors = {(4, 5): "#DIV/0!", (5, 5): "#REF!"}
    for (r, c) in errors:
        rows[r - 1][c - 1] = None
    source = tmp_path / "export.xlsx"
    _error_cells_workbook(source, rows, errors, "Data")
    convert([source], "xls", tmp_path / "xls")
    convert([source], "ods", tmp_path / "ods")
    for path in (source, tmp_path / "xls" / "export.xls", tmp_path / "ods" / "export.ods"):
        # openpyxl makes the text "#N/A" an error cell too: a formula's "not available"
        assert {v for cells in error_cells(path).values() for v in cells.values()} == {"#DIV/0!", "#REF!", "#N/A"}
        parsed = parse(path)
        located = {(row, column): str(p.value) for (_, row, column), p in _located(parsed.problems).items()}
        assert located == EXPECTED, path
        [na] = [p for p in parsed.problems if p.value == "#N/A"]
        assert (na.severity, na.row, na.column) == ("warning", 6, "2020 [YR2020]")


def test_an_na_error_cell_is_missing_with_a_warning(tmp_path: Path) -> None:
    rows = [DATABANK_HEADER, ["Kazakhstan", "KAZ", "Government Effectiveness: Estimate", "GE.EST", 0.1, None]]
    path = tmp_path / "export.xlsx"
    _error_cells_workbook(path, rows, {(2, 6): "#N/A"}, "Data")
    parsed = parse(path)
    [warning] = [p for p in parsed.problems if "#N/A" in p.message]
    assert (warning.row, warning.column, warning.severity) == (2, "2020 [YR2020]", "warning")
    assert not [p for p in parsed.problems if p.severity == "error"]


def test_a_value_far_beyond_the_catalogued_scale_is_refused_near_it_warned(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    indicator = {**EXAMPLE_INDICATOR, "scale_min": 0, "scale_max": 100}
    path = tmp_path / "template.xlsx"
    path.write_bytes(filled_template(EXAMPLE_SOURCE, [("Kazakhstan", IND, 2020, 120.0), ("Armenia", IND, 2020, 5e6),
                                                      ("Georgia", IND, 2020, 50.0)], [indicator]))
    result = review(path, store=store)
    [error] = result.errors
    assert "far outside its scale" in error.message and error.value == 5e6 and error.column == "Value"
    assert any("outside its scale" in w.message and w.value == 120.0 for w in result.warnings)


@pytest.mark.parametrize("gap", [False, True], ids=["every row written", "rows skipped past the preview"])
def test_the_preview_finds_the_error_cells_of_its_rows_without_reading_the_whole_sheet(tmp_path: Path,
                                                                                       gap: bool) -> None:
    """The upload page's preview (the first 250 rows of a sheet) shows an error cell among them as one, and the
    scan for error cells stops after those rows: an error far below is not looked for."""
    from etl.read.sheets import read_sheets

    path = tmp_path / "long.xlsx"
    rows = [["Country", "Indicator", 2020]] + [["Kazakhstan", f"x.i{i}", i] for i in range(40_000)]  # ~2 MB of XML
    if gap:  # rows 242 to 2,001 empty: no row numbered 251 is written
        rows[241:2_001] = [[None, None, None]] * 1_760
    _error_cells_workbook(path, rows, {(3, 3): "#DIV/0!", (39_000, 3): "#REF!"}, "Data")
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size > 2 << 20  # pieces of 1 MB
    assert error_cells(path)["Data"] == {(2, 2): "#DIV/0!", (38_999, 2): "#REF!"}
    assert error_cells(path, 250)["Data"] == {(2, 2): "#DIV/0!"}
    assert read_sheets(path, rows=250).sheets["Data"][2][2] == CellError("#DIV/0!")


@pytest.mark.parametrize("rows", [None, 250], ids=["whole sheet", "preview"])
def test_error_cells_of_a_sheet_whose_tags_carry_a_namespace_prefix(tmp_path: Path, rows: int | None) -> None:
    cells = ('<x:c r="A1" t="inlineStr"><x:is><x:t>Country</x:t></x:is></x:c><x:c r="B1"><x:v>2020</x:v></x:c>',
             '<x:c r="A2" t="inlineStr"><x:is><x:t>Kazakhstan</x:t></x:is></x:c><x:c r="B2" t="e"><x:f>1/0</x:f>'
             '<x:v>#DIV/0!</x:v></x:c><x:c r="C2"><x:v>3</x:v></x:c><x:c r="D2" t="e"><x:v>#N/A</x:v></x:c>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet {hostile.MAIN.replace("xmlns", "xmlns:x")}>'
             "<x:sheetData>" + "".join(f'<x:row r="{r}">{c}</x:row>' for r, c in enumerate(cells, 1)) +
             "</x:sheetData></x:worksheet>")
    path = hostile.workbook(tmp_path / "prefixed.xlsx", {"Data": [sheet]})
    assert error_cells(path, rows) == {"Data": {(1, 1): "#DIV/0!", (1, 3): "#N/A"}}
