"""Accounts, the template and its reader, the mapping step, the checks against the store, the marked-up report."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from accounts import users
from etl.load import load_file
from etl.read.sheets import default_max_bytes, read_sheets
from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo, guess_country_column, guess_header_row, guess_years
from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_ROWS, EXAMPLE_SOURCE, build_template, filled_template
from etl.validate.annotate import report_workbook
from etl.validate.review import review
from store import Store
from tests.conftest import ROOT

IND = EXAMPLE_INDICATOR["code"]


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)



# ---- accounts -------------------------------------------------------------------------------------------------


def test_users_command_adds_lists_and_removes_with_hashed_passwords(store: Store) -> None:
    done = cli("users", "add", "anna", "--role", "editor", "--password-stdin", stdin="a long secret\n")
    assert done.returncode == 0, done.stderr
    saved = json.loads(users.users_file().read_text())
    assert saved["anna"]["hash"].startswith("$argon2id$") and "a long secret" not in users.users_file().read_text()
    assert oct(users.users_file().stat().st_mode & 0o777) == "0o600"
    assert users.users_file().parent == store.dir and not str(users.users_file()).startswith(str(ROOT))
    assert cli("users", "list").stdout.strip() == "anna\teditor"
    assert users.sign_in("anna", "a long secret").user == users.User("anna", "editor")
    short = cli("users", "add", "bob", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    assert cli("users", "remove", "anna").returncode == 0
    assert users.list_users() == []


# the sign-in delay, lock-outs and their concurrency: tests/accounts/test_signin.py


# ---- template -------------------------------------------------------------------------------------------------


def test_template_has_bilingual_instructions_drop_downs_example_and_new_indicator_sheet() -> None:
    wb = load_workbook(io.BytesIO(build_template(["nat.declared_before"])))
    assert wb.sheetnames == ["Instructions", "Lists", "Source", "Data", "New indicators", "Example"]
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "drop-down" in text and "раскрывающихся" in text
    assert wb["Lists"].sheet_state == "hidden"
    rules = {str(dv.sqref): dv.formula1 for dv in wb["Data"].data_validations.dataValidation}
    assert rules["A2:A5001"].startswith("=Lists!$A$2") and rules["B2:B5001"].startswith("=Lists!$B$2")
    lists = [c.value for c in wb["Lists"]["B"] if c.value]
    assert "wgi.ge" in lists and "nat.declared_before" in lists and not any(str(v).startswith("demo.") for v in lists)
    assert "Kazakhstan" in [c.value for c in wb["Lists"]["A"]]
    assert [c.value for c in wb["Data"][1]] == ["Country", "Indicator", "Year", "Value"]
    assert wb["New indicators"]["A1"].value.startswith("Code")
    assert "EXAMPLE" in wb["Example"]["A1"].value


def test_cli_writes_the_template_and_loads_it_filled(starter_store: Store, tmp_path: Path) -> None:
    assert cli("template", str(tmp_path / "t.xlsx")).returncode == 0
    assert load_workbook(tmp_path / "t.xlsx").sheetnames[0] == "Instructions"
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(filled_template(EXAMPLE_SOURCE, EXAMPLE_ROWS, [EXAMPLE_INDICATOR]))
    done = cli("load", str(filled), "--user", "cli-test")
    assert done.returncode == 0, done.stderr
    assert "(template, nat.national_civil_service_statistics:2024)" in done.stdout
    with starter_store.reader() as con:
        got = con.execute("SELECT iso3, year, value FROM v_observations WHERE indicator_code = ? ORDER BY 1, 2",
                          [IND]).fetchall()
        meta = con.execute("SELECT name_ru, unit, higher_is_better, theme FROM indicator WHERE code = ?",
                           [IND]).fetchone()
    assert got == [("KAZ", 2022, 8.4), ("KAZ", 2023, 7.9), ("KGZ", 2023, 11.2), ("UZB", 2023, None)]
    assert meta == (EXAMPLE_INDICATOR["name_ru"], "percent", False, "hrm")
    # a later file may use the indicator an earlier one declared, without declaring it again
    later = tmp_path / "later.xlsx"
    later.write_bytes(filled_template({**EXAMPLE_SOURCE, "edition": "2025"}, [("Armenia", IND, 2024, 5.0)], []))
    assert load_file(later, store=starter_store).added == 1


# ---- mapping --------------------------------------------------------------------------------------------------


def test_mapping_reads_years_down_with_indicator_columns(starter_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "staff.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    for row in (["Report 2024"], [], ["Country", "Year", "Vacancy rate", "Hours of training"],
                ["Kazakhstan", 2022, "8,5", 12], ["Kazakhstan", 2023, 7.9, "14"], ["Armenia", "2023", 10, None]):
        wb.active.append(row)
    wb.active.title = "Staff"
    wb.save(path)
    rows = read_sheets(path).sheets["Staff"]
    assert guess_header_row(rows) == 3 and guess_country_column(rows, 3) == "Country" and guess_years(rows, 3) == "down"
    mapping = Mapping(sheet="Staff", header_row=3, country_column="Country", year_column="Year",
                      indicator_columns={"Vacancy rate": IND, "Hours of training": "wgi.ge"},
                      new_indicators=[NewIndicator(IND, "Vacancy rate", "percent", False)],
                      source=SourceInfo("Staff statistics", "2024"))
    result = review(path, mapping=mapping, store=starter_store)
    assert result.ok, result.problems
    rows = result.preview.sort_values(["indicator_code", "iso3", "year"]).fillna({"new_value": -1.0})
    assert rows[["indicator_code", "iso3", "year", "new_value", "row", "column"]].values.tolist() == [
        [IND, "ARM", 2023, 10.0, 6, "Vacancy rate"], [IND, "KAZ", 2022, 8.5, 4, "Vacancy rate"],
        [IND, "KAZ", 2023, 7.9, 5, "Vacancy rate"], ["wgi.ge", "ARM", 2023, -1.0, 6, "Hours of training"],
        ["wgi.ge", "KAZ", 2022, 12.0, 4, "Hours of training"], ["wgi.ge", "KAZ", 2023, 14.0, 5, "Hours of training"],
    ]  # the empty cell (-1 here) is stored as missing, never as zero
    assert result.prepared.parsed.source.source_id == "nat.staff_statistics:2024"


def test_mapping_reads_years_across_with_an_indicator_column(starter_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Scores"
    ws.append(["Страна", "Показатель", "2020 [YR2020]", "2021 [YR2021]"])
    ws.append(["Казахстан", "Government Effectiveness", 0.1, 0.2])
    ws.append(["Армения", "wgi.ge", "..", 0.3])
    wb.save(path)
    rows = read_sheets(path).sheets["Scores"]
    assert guess_years(rows, 1) == "across"
    mapping = Mapping(sheet="Scores", header_row=1, country_column="Страна", years="across",
                      indicator_column="Показатель", source=SourceInfo("Scores", "2021"))
    result = review(path, mapping=mapping, store=starter_store)
    assert result.ok, result.problems
    got = sorted(result.preview.fillna({"new_value": -1.0})[["iso3", "year", "new_value"]].itertuples(
        index=False, name=None))
    assert got == [("ARM", 2020, -1.0), ("ARM", 2021, 0.3), ("KAZ", 2020, 0.1), ("KAZ", 2021, 0.2)]  # '..': missing


# ---- checks against the store, the report --------------------------------------------------------------------


def test_preview_counts_added_changed_unchanged_against_the_live_store(starter_store: Store, tmp_path: Path) -> None:
    first = tmp_path / "a.xlsx"
    first.write_bytes(filled_template(EXAMPLE_SOURCE, EXAMPLE_ROWS, [EXAMPLE_INDICATOR]))
    load_file(first, store=starter_store)
    second = tmp_path / "b.xlsx"
    second.write_bytes(filled_template(EXAMPLE_SOURCE, [("Kazakhstan", IND, 2022, 8.4), ("Kazakhstan", IND, 2023, 6.0),
                                                        ("Armenia", IND, 2023, 9.0)], [EXAMPLE_INDICATOR]))
    result = review(second, store=starter_store)
    assert result.counts() == {"added": 1, "changed": 1, "unchanged": 1}
    changed = result.preview[result.preview["status"] == "changed"].iloc[0]
    assert (changed["iso3"], changed["old_value"], changed["new_value"], changed["row"]) == ("KAZ", 7.9, 6.0, 3)
    replaced = [w for w in result.warnings if "would be replaced" in w.message]
    assert len(replaced) == 1 and "7.9 -> 6" in replaced[0].message and replaced[0].row == 3
    report = load_file(second, store=starter_store)
    assert (report.added, report.replaced, report.unchanged) == (1, 1, 1)  # what the preview said


def test_report_of_a_csv_is_an_xlsx_copy_with_the_cells_marked(tmp_path: Path, starter_store: Store) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("Country,Year,Score\nKazakhstan,2020,=1+1\nArmenia,20x0,2\n", encoding="utf-8")
    mapping = Mapping(sheet="", header_row=1, country_column="Country", year_column="Year",
                      indicator_columns={"Score": "wgi.ge"}, source=SourceInfo("S", "1"))
    result = review(path, mapping=mapping, store=starter_store)
    assert [(p.row, p.column) for p in result.errors] == [(2, "Score"), (3, "Year")]
    wb = load_workbook(io.BytesIO(report_workbook(path, result.problems)))
    assert wb.sheetnames == ["Problems", "Data"]
    assert wb["Data"]["C2"].comment is not None and wb["Data"]["B3"].comment is not None
    assert wb["Data"]["C2"].value == "'=1+1"  # the user's text stays text, never a live formula
    assert wb["Problems"]["F2"].value == "'=1+1"


def test_upload_limit_is_configurable_and_matches_streamlit(monkeypatch: pytest.MonkeyPatch) -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == default_max_bytes()
    monkeypatch.setenv("HUB_MAX_UPLOAD_MB", "5")
    assert default_max_bytes() == 5 * 1024 * 1024


def test_a_semicolon_csv_with_a_title_line_maps_to_the_right_cells(starter_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "vacancies.csv"
    path.write_bytes("Вакансии на госслужбе, 2022-2023 (%)\nСтрана;2022;2023\nКазахстан;8,4;7,9\n"
                     "Армения;1 234,5;\n\nИсточник: агентство, 2024\n".encode("cp1251"))
    rows = read_sheets(path).sheets[""]
    assert rows[1:4] == [["Страна", "2022", "2023"], ["Казахстан", "8,4", "7,9"], ["Армения", "1 234,5", ""]]
    assert guess_header_row(rows) == 2 and guess_years(rows, 2) == "across"
    mapping = Mapping(sheet="", header_row=2, country_column="Страна", years="across", indicator=IND,
                      new_indicators=[NewIndicator(IND, "Vacancy rate", "number", False)],
                      source=SourceInfo("Vacancies", "2024"))
    result = review(path, mapping=mapping, store=starter_store)
    assert not result.errors, result.errors
    got = sorted(result.preview.fillna({"new_value": -1.0})[["iso3", "year", "new_value", "row", "column"]]
                 .itertuples(index=False, name=None))
    assert got == [("ARM", 2022, 1234.5, 4, "2022"), ("ARM", 2023, -1.0, 4, "2023"),
                   ("KAZ", 2022, 8.4, 3, "2022"), ("KAZ", 2023, 7.9, 3, "2023")]
