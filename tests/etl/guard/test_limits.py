"""Limits: a workbook built to exhaust readers is refused from its zip directory, before any reading, and from a
streamed look at its parts beside the reading, naming the part or sheet, the number found and the limit; real
workbooks pass untouched."""

from __future__ import annotations

import threading
import time
import zipfile
from pathlib import Path

import pytest

from core.errors import ValidationError
from etl.guard import limits
from tests.conftest import real_file
from tests.fixtures import hostile

LIMITS = limits.FileLimits(unzipped_bytes=500 * limits.MB, part_bytes=300 * limits.MB, zip_ratio=100, sheets=100,
                           rows=1_000_000, columns=4_000, cells=25_000_000)


def refusal(path: Path, lim: limits.FileLimits = LIMITS) -> str:
    with pytest.raises(ValidationError) as refused:
        limits.check(path, lim)
    (problem,) = refused.value.problems
    assert refused.value.title == "Workbook over a limit" and problem.file == path.name and problem.hint
    return str(problem)


@pytest.mark.parametrize("name", ["wgi/wgidataset_2024_update.xlsx", "cpi/CPI2023_Global_Results__Trends.xlsx",
                                  "wjp/2023_wjp_rule_of_law_index_HISTORICAL_DATA.xlsx"])
def test_published_workbooks_pass_quickly(name: str) -> None:
    start = time.process_time()
    assert limits.check(real_file(name), LIMITS) == []
    assert time.process_time() - start < 2


def test_a_cell_in_the_far_corner_is_refused_before_any_reader(tmp_path: Path) -> None:
    text = refusal(hostile.far_corner(tmp_path / "corner.xlsx"))
    assert "sheet 'Data'" in text and "A1:XFD1048576" in text
    assert "row 1,048,576" in text and "the limit is 1,000,000 rows" in text


def test_a_shared_strings_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = hostile.shared_strings_bomb(tmp_path / "bomb.xlsx", strings=20_000)
    assert path.stat().st_size < 1_000_000
    start = time.perf_counter()
    text = refusal(path)
    assert time.perf_counter() - start < 1
    assert "xl/sharedStrings.xml expands" in text and "the limit is 100 times" in text
    smaller = limits.FileLimits(**{**LIMITS.__dict__, "zip_ratio": 10_000, "part_bytes": 20 * limits.MB})
    assert "would unpack to 38.5 MB, more than the limit of 20.0 MB" in refusal(path, smaller)
    total = limits.FileLimits(**{**LIMITS.__dict__, "zip_ratio": 10_000, "unzipped_bytes": 30 * limits.MB})
    assert "the workbook would unpack to 38.5 MB, more than the limit of 30.0 MB" in refusal(path, total)


def test_rows_columns_cells_and_sheets_over_their_limits(tmp_path: Path) -> None:
    rows = hostile.million_rows(tmp_path / "rows.xlsx", rows=3_000)
    few = limits.FileLimits(**{**LIMITS.__dict__, "rows": 2_000})
    text = refusal(rows, few)
    assert "its used range is declared as A1:B3000" in text and "the limit is 2,000 rows" in text
    text = refusal(hostile.far_column(tmp_path / "wide.xlsx", rows=10))
    assert "column 16,384" in text and "the limit is 4,000 columns" in text
    cells = limits.FileLimits(**{**LIMITS.__dict__, "cells": 5_000})
    assert "6,000 cells; the limit is 5,000" in refusal(rows, cells)
    text = refusal(hostile.many_sheets(tmp_path / "sheets.xlsx", 12), limits.FileLimits(**{**LIMITS.__dict__,
                                                                                             "sheets": 10}))
    assert "the workbook has 12 sheets; the limit is 10" in text


def test_rows_past_the_limit_without_a_declared_range_are_found_by_streaming(tmp_path: Path) -> None:
    body = [f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2_501)]
    path = hostile.workbook(tmp_path / "undeclared.xlsx", {"Data": hostile._sheet(None, body)})
    text = refusal(path, limits.FileLimits(**{**LIMITS.__dict__, "rows": 2_000}))
    assert "it has cells reaching row" in text and "the limit is 2,000 rows" in text


def test_a_declared_range_that_lies_is_ignored_with_a_warning(tmp_path: Path) -> None:
    (warning,) = limits.check(hostile.lying_dimension(tmp_path / "liar.xlsx"), LIMITS)
    assert warning.severity == "warning" and warning.sheet == "Data"
    assert "declares its used range as A1:XFD1048576" in warning.message and "end at row 2" in warning.message


def test_a_zip_of_too_many_parts_and_not_a_zip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for n in range(limits.MAX_PARTS + 1):
            z.writestr(f"p{n}.xml", "")
    assert f"holds {limits.MAX_PARTS + 1:,} parts" in refusal(path)
    csv = tmp_path / "plain.csv"
    csv.write_text("a,b\n1,2\n")
    assert limits.check(csv, LIMITS) == []


def test_an_opendocument_spreadsheet_with_too_many_sheets(tmp_path: Path) -> None:
    def ods(path: Path, tables: int) -> Path:
        body = "".join(f'<table:table table:name="S{n}"><table:table-row><table:table-cell/></table:table-row>'
                       "</table:table>" for n in range(tables))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", f"<office:document-content><office:body><office:spreadsheet>{body}"
                       "</office:spreadsheet></office:body></office:document-content>")
        return path

    few = limits.FileLimits(**{**LIMITS.__dict__, "sheets": 10})
    assert limits.check(ods(tmp_path / "ok.ods", 10), few) == []
    assert "more than 10 sheets" in refusal(ods(tmp_path / "many.ods", 11), few)


def test_the_parts_stream_beside_the_reading_and_a_limit_passed_is_what_the_reading_raises(tmp_path: Path) -> None:
    body = [f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2_501)]
    path = hostile.workbook(tmp_path / "undeclared.xlsx", {"Data": hostile._sheet(None, body)})
    few = limits.FileLimits(**{**LIMITS.__dict__, "rows": 2_000})
    told: list[ValidationError] = []
    heard = threading.Event()
    ran = []

    def refused(error: ValidationError) -> None:
        told.append(error)
        heard.set()

    with pytest.raises(ValidationError) as raised, limits.beside(path, few, refused=refused):
        ran.append(heard.wait(60))  # the block runs while the sheet streams: it hears of the limit as it reads
        raise RuntimeError("a reader failing on the file")
    assert ran == [True] and told == [raised.value]
    assert "it has cells reaching row" in str(raised.value.problems[0]) and raised.value.title == limits.TITLE


def test_a_reading_that_fails_on_a_file_within_the_limits_raises_its_own_error(tmp_path: Path) -> None:
    path = hostile.lying_dimension(tmp_path / "liar.xlsx")
    with pytest.raises(RuntimeError, match="its own"), limits.beside(path, LIMITS):
        raise RuntimeError("its own")
    with limits.beside(path, LIMITS) as warnings:
        assert warnings == []  # filled once the sheets have streamed, when the block ends
    assert [w.sheet for w in warnings] == ["Data"]


def test_the_zip_directory_is_checked_before_the_reading_starts(tmp_path: Path) -> None:
    path = hostile.shared_strings_bomb(tmp_path / "bomb.xlsx", strings=20_000)
    ran = []
    with pytest.raises(ValidationError, match="Workbook over a limit"), limits.beside(path, LIMITS):
        ran.append(True)
    assert ran == []
