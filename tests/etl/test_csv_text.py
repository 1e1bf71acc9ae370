"""Every fault of a CSV file's text is located by line and cell, never an internal error; good files read as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ValidationError
from etl.read.csv_text import TextLimits, read_rows
from etl.read.sheets import read_sheets

HEADER = "Country Name,Country Code,Series Name,Series Code,2019 [YR2019],2020 [YR2020]\n"
ROW = "Kazakhstan,KAZ,Government Effectiveness: Estimate,GE.EST,0.1,0.2\n"
OPEN = 'Kyrgyzstan,KGZ,"Government Effectiveness: Estimate,GE.EST,0.1,0.2\n'
LIMITS = TextLimits(rows=1_000, columns=50, field_chars=128 * 1024)


def refused(text: str, limits: TextLimits = LIMITS):
    with pytest.raises(ValidationError) as error:
        read_rows(text, ",", "data.csv", limits)
    (problem,) = error.value.problems
    assert error.value.title == "Damaged text file" and problem.file == "data.csv" and problem.hint
    return problem


@pytest.mark.parametrize("after", [5, 3_000], ids=["to the end of the file", "past the cell limit"])
def test_a_quote_never_closed_is_located_where_it_opens(after: int) -> None:
    problem = refused(HEADER + ROW + OPEN + ROW * after, TextLimits(rows=10_000, columns=50, field_chars=128 * 1024))
    assert problem.row == 3 and problem.column == "Series Name"
    assert "a quote opens a cell on line 3 (character 16)" in problem.message
    assert problem.value.startswith('"Government Effectiveness')


def test_a_quote_closed_by_a_later_quote_is_found_by_the_lines_it_swallows() -> None:
    text = HEADER + ROW + OPEN + ROW * 4 + 'Armenia,ARM,"GE",GE.EST,0.1,0.2\n' + ROW
    problem = refused(text)
    assert (problem.row, problem.column) == (3, "Series Name") and "to line 8" in problem.message


def test_cells_over_several_lines_that_fit_the_table_are_fine() -> None:
    text = (HEADER + ROW).replace("\n", "\r\n") + 'Kyrgyzstan,KGZ,"Government\nEffectiveness",GE.EST,0.1,0.2\r\n'
    rows, warnings = read_rows(text, ",", "data.csv", LIMITS)
    assert rows[2][2] == "Government\nEffectiveness" and warnings == []


def test_a_cell_over_the_length_limit() -> None:
    problem = refused(HEADER + ROW + "Kyrgyzstan,KGZ," + "x" * 200_000 + ",GE.EST,0.1,0.2\n")
    assert (problem.row, problem.column) == (3, "Series Name") and "longer than the limit of 128 KB" in problem.message


def test_too_many_fields_or_lines() -> None:
    problem = refused(HEADER + ROW + "," * 300 + "\n")
    assert problem.row == 3 and "line 3 has 301 fields; the limit is 50" in problem.message
    problem = refused(HEADER + ROW * 1_200)
    assert "more than 1,000 lines" in problem.message


def test_mixed_line_endings_are_a_located_warning() -> None:
    text = HEADER.replace("\n", "\r\n") + ROW.replace("\n", "\r\n") * 3 + ROW + ROW.replace("\n", "\r\n")
    rows, (warning,) = read_rows(text, ",", "data.csv", LIMITS)
    assert len(rows) == 6 and warning.severity == "warning" and warning.row == 5
    assert "5 with CR LF, 1 with LF" in warning.message and "the first line ending in LF is line 5" in warning.message
    rows, (warning,) = read_rows(HEADER + ROW.replace("\n", "\r\r\n") * 2, ",", "data.csv", LIMITS)
    assert "CR CR LF" in warning.message


def test_nul_bytes_are_located_by_line_and_character(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes((HEADER + ROW + "Kyrgyz\x00stan,KGZ,x,GE.EST,0.1,0.2\n").encode())
    with pytest.raises(ValidationError) as error:
        read_sheets(path)
    (problem,) = error.value.problems
    assert problem.row == 3 and "control character 0x00 on line 3, character 7" in problem.message


@pytest.mark.parametrize("name", ["quote", "long", "wide"])
def test_through_the_reader_every_fault_is_a_validation_error(tmp_path: Path, name: str) -> None:
    text = {"quote": HEADER + ROW + OPEN + ROW * 3_000, "long": HEADER + ROW + "K," + "x" * 200_000 + "\n",
            "wide": HEADER + ROW + "," * 300_000 + "\n"}[name]
    path = tmp_path / f"{name}.csv"
    path.write_text(text, newline="")
    with pytest.raises(ValidationError) as error:
        read_sheets(path)
    assert error.value.problems[0].row == 3
