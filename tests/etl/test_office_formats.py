"""Legacy Excel (.xls) and OpenDocument (.ods) uploads read, check and load exactly as the same .xlsx does."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.errors import ValidationError
from etl.load import load_file
from etl.read.sheets import read_sheets
from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo, guess_header_row
from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_ROWS, EXAMPLE_SOURCE, filled_template
from etl.validate.review import review
from store import Store

IND = EXAMPLE_INDICATOR["code"]
FORMATS = ("xls", "ods")
BAD_ROWS = [("Kazakstan", IND, 2022, 8.4), ("Armenia", IND, 2023, "45%"), ("Kyrgyzstan", IND, "20x3", 3.0),
            ("Uzbekistan", IND, 2023, "1 234,5")]
PREVIEW = ["indicator_code", "iso3", "year", "new_value", "status", "sheet", "row", "column"]


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, "LibreOffice is missing: test.sh installs libreoffice-calc-nogui (apt-get install it)"
    return path


def convert(files: list[Path], target: str, out: Path) -> None:
    """LibreOffice Calc headless, in a private profile (a shared one would lock against other conversions)."""
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=180,
    )
    missing = [f.name for f in files if not (out / f.with_suffix(f".{target}").name).exists()]
    assert done.returncode == 0 and not missing, (
        f"LibreOffice did not convert {missing} to {target} (is libreoffice-calc-nogui installed?): "
        f"{done.stderr or done.stdout}"
    )


def mapped_table() -> bytes:
    """Any other table: a title, an empty row, the header on row 3, a number typed with a decimal comma."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Staff"
    for row in (["Report 2024"], [], ["Country", "Year", "Vacancy rate"], ["Kazakhstan", 2022, "8,5"],
                ["Kazakhstan", 2023, 7.9], ["Armenia", "2023", 10], ["Armenia", 2024, None]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """{'good'|'bad'|'table': {'xlsx'|'xls'|'ods': path}}, the xls and ods made by LibreOffice from the xlsx."""
    folder = tmp_path_factory.mktemp("office")
    sources = {
        "good": filled_template(EXAMPLE_SOURCE, EXAMPLE_ROWS, [EXAMPLE_INDICATOR]),
        "bad": filled_template(EXAMPLE_SOURCE, BAD_ROWS, [EXAMPLE_INDICATOR]),
        "table": mapped_table(),
    }
    paths = {}
    for name, data in sources.items():
        paths[name] = {"xlsx": folder / f"{name}.xlsx"}
        paths[name]["xlsx"].write_bytes(data)
    for target in FORMATS:
        out = folder / target
        out.mkdir()
        convert([p["xlsx"] for p in paths.values()], target, out)
        for name in paths:
            paths[name][target] = out / f"{name}.{target}"
    return paths



def located(problems: list) -> list[tuple]:
    """Problems without the file name (which differs by extension)."""
    return sorted((p.severity, p.sheet, p.row, p.column, str(p.value), p.message, p.hint) for p in problems)


def preview(result) -> list[list]:
    frame = result.preview.sort_values(["iso3", "year"]).fillna({"new_value": -1.0})  # -1: missing
    return frame[PREVIEW].values.tolist()


def store_digest(store: Store) -> dict[str, str]:
    return {str(p.relative_to(store.dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.dir.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", FORMATS)
def test_filled_template_reviews_and_loads_like_the_xlsx(files: dict, target: str, starter_store: Store) -> None:
    expected = review(files["good"]["xlsx"], store=starter_store)
    result = review(files["good"][target], store=starter_store)
    assert result.ok and not result.needs_mapping and result.errors == []
    assert located(result.warnings) == located(expected.warnings)
    assert preview(result) == preview(expected) == [
        [IND, "KAZ", 2022, 8.4, "added", "Data", 2, "Value"], [IND, "KAZ", 2023, 7.9, "added", "Data", 3, "Value"],
        [IND, "KGZ", 2023, 11.2, "added", "Data", 4, "Value"], [IND, "UZB", 2023, -1.0, "added", "Data", 5, "Value"],
    ]
    report = load_file(files["good"][target], store=starter_store, user="office-test")
    assert (report.added, report.replaced) == (4, 0)
    with starter_store.reader() as con:
        got = con.execute("SELECT iso3, year, value FROM v_observations WHERE indicator_code = ? ORDER BY 1, 2",
                          [IND]).fetchall()
        batch = con.execute("SELECT file_name FROM load_batch ORDER BY batch_id DESC LIMIT 1").fetchone()
    assert got == [("KAZ", 2022, 8.4), ("KAZ", 2023, 7.9), ("KGZ", 2023, 11.2), ("UZB", 2023, None)]
    assert batch == (f"good.{target}",)


@pytest.mark.parametrize("target", FORMATS)
def test_bad_template_reports_the_same_located_problems_and_changes_nothing(files: dict, target: str,
                                                                             starter_store: Store) -> None:
    expected = review(files["bad"]["xlsx"], store=starter_store)
    result = review(files["bad"][target], store=starter_store)
    assert located(result.problems) == located(expected.problems)
    assert [(p.sheet, p.row, p.column, p.value) for p in result.errors] == [("Data", 4, "Year", "20x3")]
    assert {(p.row, p.column, str(p.value)) for p in result.warnings} == {
        (2, "country", "Kazakstan"), (3, "Value", "45%"), (5, "Value", "1234.5")}
    assert all(p.file == f"bad.{target}" for p in result.problems)
    before = store_digest(starter_store)
    with pytest.raises(ValidationError) as refused:
        load_file(files["bad"][target], store=starter_store)
    assert ("Data", 4, "Year") in {(p.sheet, p.row, p.column) for p in refused.value.problems}
    assert store_digest(starter_store) == before


@pytest.mark.parametrize("target", FORMATS)
def test_any_table_goes_through_the_mapping_with_the_same_rows(files: dict, target: str, starter_store: Store) -> None:
    path = files["table"][target]
    assert guess_header_row(read_sheets(path).sheets["Staff"]) == 3  # the empty row 2 is kept
    assert review(path, store=starter_store).needs_mapping
    mapping = Mapping(sheet="Staff", header_row=3, country_column="Country", year_column="Year",
                      indicator_columns={"Vacancy rate": IND},
                      new_indicators=[NewIndicator(IND, "Vacancy rate", "percent", False)],
                      source=SourceInfo("Staff statistics", "2024"))
    expected = review(files["table"]["xlsx"], mapping=mapping, store=starter_store)
    result = review(path, mapping=mapping, store=starter_store)
    assert result.ok, result.problems
    assert preview(result) == preview(expected) == [
        [IND, "ARM", 2023, 10.0, "added", "Staff", 6, "Vacancy rate"],
        [IND, "ARM", 2024, -1.0, "added", "Staff", 7, "Vacancy rate"],
        [IND, "KAZ", 2022, 8.5, "added", "Staff", 4, "Vacancy rate"],
        [IND, "KAZ", 2023, 7.9, "added", "Staff", 5, "Vacancy rate"],
    ]
