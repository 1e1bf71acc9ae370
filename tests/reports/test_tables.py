"""Table exports: formula cells inert in CSV and XLSX, numbers stay numbers, BOM, metadata sheet."""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
from openpyxl import load_workbook

from reports import tables
from reports.meta import ExportMeta, SourceNote

DANGEROUS = ['=HYPERLINK("http://evil.example","click")', "+1", "@SUM(1)", "-2+3", "\tx", "\rx"]
META = ExportMeta(title="Таблица", subtitle="2024", sources=(SourceNote("WGI", "2024 update", "CC BY 4.0",
                  "Kaufmann D. and Kraay A."),), is_demo=True, lang="ru", view_url="http://localhost/overview")


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "text": DANGEROUS + ["Казахстан"],
        "value": [-1.5, 2.0, None, -3.0, 4.0, 5.0, -0.25],
        "=cmd": ["a", "b", "c", "d", "e", "f", "g"],
    })


def test_csv_has_bom_and_no_cell_starts_like_a_formula() -> None:
    data = tables.to_csv(frame(), META)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header[2] == "'=cmd"
    assert [r[0] for r in body] == ["'" + d for d in DANGEROUS] + ["Казахстан"]
    assert [r[1] for r in body] == ["-1.5", "2.0", "", "-3.0", "4.0", "5.0", "-0.25"]  # numbers kept, missing empty
    for row in body:
        for cell in row:
            assert not cell.startswith(tables.FORMULA_START) or tables.PLAIN_NUMBER.fullmatch(cell), cell
    assert "WGI, 2024 update" in body[0][header.index("Источник")]  # provenance travels with the rows


def test_xlsx_cells_are_text_not_formulas_and_numbers_stay_numeric() -> None:
    data = tables.to_xlsx(frame(), META)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula element anywhere
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Данные"]
    texts = [ws.cell(row=i, column=1) for i in range(2, 2 + len(DANGEROUS))]
    assert [c.value for c in texts] == DANGEROUS
    assert all(c.data_type == "s" for c in texts)
    assert all(c.quotePrefix for c in texts)  # Excel keeps them text even when edited
    values = [ws.cell(row=i, column=2).value for i in range(2, 9)]
    assert values[0] == -1.5 and values[2] is None and values[6] == -0.25
    assert ws.cell(row=2, column=2).data_type == "n"


def test_xlsx_metadata_sheet_lists_sources_licence_date_and_link() -> None:
    wb = load_workbook(io.BytesIO(tables.to_xlsx(frame(), META)))
    about = {row[0]: row[1] for row in wb["Описание"].iter_rows(values_only=True)}
    assert about["Название"] == "Таблица"
    assert about["Источник"] == "WGI" and about["выпуск"] == "2024 update" and about["Лицензия"] == "CC BY 4.0"
    assert about["Ссылка для цитирования"].startswith("Kaufmann")
    assert about["Ссылка на представление в панели мониторинга"] == "http://localhost/overview"
    assert about["Дата выгрузки"].endswith("UTC")
    assert "ДЕМО" in about["ДЕМО"]


def test_xlsx_keeps_dates_booleans_and_missing_as_such() -> None:
    table = pd.DataFrame({
        "when": pd.to_datetime(["2026-11-22 10:00", None]).tz_localize("Asia/Almaty"),
        "flag": [True, False], "n": pd.array([3, None], dtype="Int64"),
    })
    ws = load_workbook(io.BytesIO(tables.to_xlsx(table, META)))["Данные"]
    assert ws.cell(row=2, column=1).value.isoformat() == "2026-11-22T05:00:00"  # Almaty +05:00, stored as UTC
    assert ws.cell(row=3, column=1).value is None
    assert ws.cell(row=2, column=2).value is True and ws.cell(row=3, column=3).value is None
    assert ws.cell(row=2, column=3).value == 3
