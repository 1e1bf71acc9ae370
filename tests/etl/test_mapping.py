"""The mapping step on ministry files: the first guess (counted field by field on generated files of four shapes),
the options it needs (header rows, unit rows, fixed years, dates, markers, sheets), saved mappings, the CLI's
guess, and bad mappings refused with located messages and the store unchanged."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from core.errors import ValidationError
from etl.harmonise import countries
from etl.load import load_file
from etl.read.sheets import read_sheets
from etl.read.tokens import read_year
from etl.recipes.guess import guess_mapping
from etl.recipes.mapping import Mapping, SourceInfo
from etl.recipes.parse import parse_mapped
from etl.setup_store import init_store
from store import Store
from tests.conftest import ROOT
from tests.fixtures.ministry_files import SHAPES, Made, make, wide_dates

SEEDS = range(6)
STRUCTURE = ("header_row", "header_rows", "skip_rows", "country_column", "years", "year_column", "fixed_year",
             "year_from")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=180)


def changed_fields(guess: Mapping, made: Made) -> list[str]:
    """The mapping fields a person would have to change from the guess (indicator codes, names and units, which
    are named rather than chosen, are not counted; the source's name and edition are pre-filled, not counted)."""
    want = made.expected
    out = [f for f in STRUCTURE if f in want and getattr(guess, f) != want[f]]
    if want.get("sheets"):
        if set(guess.all_sheets()) != want["sheets"]:
            out.append("sheets")
    elif guess.sheet != want["sheet"] or guess.sheets:
        out.append("sheet")
    if "indicator_columns" in want and set(guess.indicator_columns) != want["indicator_columns"]:
        out.append("indicator_columns")
    if want["years"] == "across" and (guess.indicator is None or guess.indicator_column is not None):
        out.append("indicator")
    if {m.casefold() for m in made.markers} - {m.casefold() for m in guess.missing_values}:
        out.append("missing_values")
    return out


def stored(frame: pd.DataFrame, shape: str) -> dict:
    """Observations keyed as the generator keys the values it wrote: (iso3, year, column) -> value."""
    iso3 = countries.harmonize(frame["country_name"].astype(str)).iso3.to_numpy()
    out = {}
    for code, year, column, value in zip(iso3, frame["year"], frame["column"], frame["value"], strict=True):
        key = (code, int(year), column)
        out[key] = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    return out


def written(made: Made) -> dict:
    if made.shape != "wide_ru":
        return made.values
    return {(iso3, year, None): v for (iso3, year, _), v in made.values.items()}


def check_values(got: dict, made: Made) -> None:
    want = written(made)
    if made.shape == "wide_ru":
        got = {(k[0], k[1], None): v for k, v in got.items()}
    assert {k: v for k, v in got.items() if v is not None} == {k: v for k, v in want.items() if v is not None}
    assert all(got.get(k) is None for k, v in want.items() if v is None)  # missing stays missing, never zero


# ---- tokens -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "year", "from_date"), [
    ("2023 г.", 2023, False), ("2023г", 2023, False), ("2023 год", 2023, False), ("2023 года", 2023, False),
    ("FY2023", 2023, False), ("FY 2023", 2023, False), ("2023", 2023, False), (2023.0, 2023, False),
    (datetime(2021, 1, 1), 2021, True), (date(2020, 12, 31), 2020, True), ("2019-06-30 00:00:00", 2019, True),
    ("31.12.2018", 2018, True)])
def test_years_are_read_from_texts_and_dates(cell: object, year: int, from_date: bool) -> None:
    found = read_year(cell)
    assert (found.year, found.error, found.from_date) == (year, None, from_date)
    assert (found.note is not None) == from_date  # a year taken from a date is said so


@pytest.mark.parametrize("cell", ["2023 abc", "FY", "20233", "1850 г.", "12.2023"])
def test_not_years(cell: str) -> None:
    assert read_year(cell).error is not None


# ---- the first guess on generated ministry files ----------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_the_guess_needs_no_change_beyond_naming_and_reads_the_values_written(shape: str, tmp_path: Path) -> None:
    changes = {}
    for seed in SEEDS:
        made = make(shape, seed, tmp_path)
        guess = guess_mapping(read_sheets(made.path), lang="ru")
        assert guess is not None
        changes[seed] = changed_fields(guess, made)
        parsed = parse_mapped(made.path, guess)
        assert not [p for p in parsed.problems if p.severity == "error"], parsed.problems
        check_values(stored(parsed.observations, shape), made)
        assert guess.new_indicators and all(n.name_en and n.code.startswith("nat.") for n in guess.new_indicators)
        if shape == "long_dates":
            assert any("year of each date" in p.message for p in parsed.problems)  # said, not silent
    assert changes == dict.fromkeys(SEEDS, []), changes


def test_the_guess_names_indicators_from_the_header_title_and_unit_row(tmp_path: Path) -> None:
    made = make("one_year", 1, tmp_path)
    guess = guess_mapping(read_sheets(made.path), lang="ru")
    units = {n.name_en: n.unit for n in guess.new_indicators}
    assert units and set(units.values()) <= {"%", "лет", "чел.", "дней"}
    wide = guess_mapping(read_sheets(make("wide_ru", 2, tmp_path).path), lang="ru")
    assert wide.years == "across" and wide.new_indicators[0].unit in ("%", "лет", "чел.", "дней")
    assert wide.new_indicators[0].name_ru in [name for name, _ in __import__(
        "tests.fixtures.ministry_files", fromlist=["INDICATORS"]).INDICATORS]


def test_missing_markers_start_from_the_interface_language_and_add_those_seen(tmp_path: Path) -> None:
    made = make("wide_ru", 0, tmp_path)
    english = guess_mapping(read_sheets(made.path), lang="en")
    assert {m.casefold() for m in made.markers} <= {m.casefold() for m in english.missing_values}  # seen
    assert "н/д" in guess_mapping(read_sheets(made.path), lang="ru").missing_values
    assert "н/д" not in Mapping("s", 1, "c").missing_values  # a mapping made by hand declares its own


def test_the_mapping_as_recipe_keeps_rules_not_this_years_values(tmp_path: Path) -> None:
    made = make("one_year", 2, tmp_path)  # two sheets of two years
    guess = guess_mapping(read_sheets(made.path), lang="ru")
    recipe = guess.to_recipe()
    assert recipe["year"] == {"from": "sheet", "pattern": r"(?P<year>(?:19|20)\d\d)"}
    assert recipe["header"] == {"row": guess.header_row, "rows": 2, "skip": 1}
    assert "н/д" in recipe["missingValues"]
    import re
    assert all(re.search(recipe["sheets"], s.replace("2023", "2031")) for s in guess.all_sheets())


# ---- the command line ---------------------------------------------------------------------------------------------


def counts(store: Store) -> tuple[int, int]:
    with store.reader() as con:
        return (con.execute("SELECT count(*) FROM load_batch").fetchone()[0],
                con.execute("SELECT count(*) FROM observation").fetchone()[0])


def test_etl_load_prints_the_guess_and_loads_only_when_asked(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    for shape in SHAPES:
        made = make(shape, 3, tmp_path)
        shown = cli("load", str(made.path))
        assert shown.returncode == 1 and "Nothing was loaded" in shown.stderr, shown.stderr
        assert "layout:" in shown.stdout and "recognise:" in shown.stdout and counts(store) == (
            counts(store)[0], counts(store)[1])
        before = counts(store)
        assert before[0] == SHAPES.index(shape)  # printing the guess loaded nothing
        done = cli("load", str(made.path), "--accept-guess")
        assert done.returncode == 0, done.stderr
        with store.reader() as con:
            frame = con.execute("SELECT o.year, o.value, c.name_en AS country_name, o.flags FROM observation o "
                                "JOIN country c USING (iso3) WHERE o.batch_id = (SELECT max(batch_id) FROM load_batch)"
                                ).df()
        want = {(iso3, year): v for (iso3, year, _), v in made.values.items()}
        got = {}
        iso3 = countries.harmonize(frame["country_name"]).iso3
        for code, year, value in zip(iso3, frame["year"], frame["value"], strict=True):
            got.setdefault((code, int(year)), []).append(None if pd.isna(value) else float(value))
        for key, v in want.items():
            if v is not None:
                assert v in got[key], (shape, key)


def test_a_saved_mapping_loads_next_years_file_with_no_choice(store: Store, tmp_path: Path) -> None:
    init_store(store, starter_pack=False)
    made = make("one_year", 0, tmp_path)  # one sheet, "... 2023"
    done = cli("load", str(made.path), "--accept-guess", "--save-as", "staff_stats", "--user", "anna")
    assert done.returncode == 0, done.stderr
    saved = store.dir / "recipes" / "staff_stats.yaml"
    assert saved.is_file() and "by: anna" in saved.read_text(encoding="utf-8")
    assert "edition:\n  from: year" in saved.read_text(encoding="utf-8")
    listed = cli("sources")
    assert "staff_stats" in listed.stdout and "saved by anna" in listed.stdout
    assert "staff_stats" in cli("recipes", "list").stdout
    # next year's file: same layout, the sheet named for 2024, other values
    wb = openpyxl.load_workbook(made.path)
    ws = wb.worksheets[0]
    ws.title = ws.title.replace("2023", "2024")
    for row in ws.iter_rows(min_row=made.expected["header_row"] + 3, min_col=2):
        for cell in row:
            cell.value = (cell.value or 0) + 1
    later = tmp_path / "next_year.xlsx"
    wb.save(later)
    loaded = cli("load", str(later))  # recognised by the saved mapping: no recipe named, no guess
    assert loaded.returncode == 0, loaded.stderr
    assert "(staff_stats, nat." in loaded.stdout and ":2024)" in loaded.stdout
    with store.reader() as con:
        years = con.execute("SELECT DISTINCT year FROM observation ORDER BY 1").fetchall()
    assert years == [(2023,), (2024,)]
    assert cli("load", str(later), "--recipe", "staff_stats").returncode == 0  # by name: already loaded
    removed = cli("recipes", "remove", "staff_stats")
    assert removed.returncode == 0 and not saved.exists()
    assert cli("recipes", "remove", "wgi").returncode == 1  # a publisher's recipe is not removed here


# ---- bad input: located message, store unchanged ------------------------------------------------------------------


def _table(path: Path, with_empty: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Страна", "Год", "Индекс открытости найма", "Примечание"])
    for country, year, v in (("Казахстан", 2022, 5.5), ("Армения", 2022, 6.1), ("Грузия", 2023, 4.4)):
        ws.append([country, year, v, None if with_empty else "ok"])
    wb.save(path)
    return path


def _mapping(**changes: object) -> Mapping:
    base = dict(sheet="Data", header_row=1, country_column="Страна", year_column="Год",
                indicator_columns={"Индекс открытости найма": "nat.turnover"}, source=SourceInfo("Agency", "2023"))
    from etl.recipes.mapping import NewIndicator

    base["new_indicators"] = [NewIndicator("nat.turnover", "Turnover", "%", False)]
    return Mapping(**{**base, **changes})


@pytest.mark.parametrize(("changes", "code", "where"), [
    ({"indicator_columns": {"Индекс открытости найма": "nat.turnover", "Примечание": "nat.note"}}, "map_empty_column",
     ("Data", 1, "Примечание")),
    ({"years": "fixed", "fixed_year": 1850, "indicator_columns": {"Индекс открытости найма": "nat.turnover"}},
     "map_year_range", ("Data", None, "year")),
    ({"indicator_columns": {"Индекс открытости найма": "nat.turnover", "Год": "nat.turnover"}, "years": "fixed",
      "fixed_year": 2023}, "map_same_code", ("Data", 1, "Год")),
])
def test_a_bad_mapping_is_refused_located_and_the_store_is_unchanged(store: Store, tmp_path: Path, changes: dict,
                                                                      code: str, where: tuple) -> None:
    init_store(store, starter_pack=False)
    path = _table(tmp_path / "table.xlsx")
    before = counts(store)
    with pytest.raises(ValidationError) as refused:
        load_file(path, mapping=_mapping(**changes), store=store)
    problem = next(p for p in refused.value.problems if p.code == code)
    assert (problem.sheet, problem.row, problem.column) == where and problem.file == "table.xlsx"
    assert counts(store) == before
    # the same file with the good mapping loads
    assert load_file(path, mapping=_mapping(), store=store).added == 3


def test_a_saved_recipe_that_no_longer_fits_says_which_column_changed(store: Store, tmp_path: Path) -> None:
    from etl.recipes.saved import save_mapping

    init_store(store, starter_pack=False)
    save_mapping(_mapping(), "turnover", user="anna", is_csv=False)
    path = _table(tmp_path / "table.xlsx", with_empty=False)
    assert load_file(path, recipe="turnover", store=store).added == 3
    wb = openpyxl.load_workbook(path)
    wb["Data"]["C1"] = "Индекс открытости найма, %"
    wb.save(path)
    before = counts(store)
    refused = cli("load", str(path), "--recipe", "turnover")
    assert refused.returncode == 1
    assert "'Индекс открытости найма' is not in the header" in refused.stderr
    assert "the closest header now is 'Индекс открытости найма, %'" in refused.stderr
    assert "sheet Data" in refused.stderr or "Data" in refused.stderr
    assert counts(store) == before


def test_sheets_of_one_layout_are_mapped_at_once_and_an_indicator_column_is_found(tmp_path: Path) -> None:
    path = tmp_path / "regions.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in (("Центральная Азия", [("Казахстан", 1.5), ("Узбекистан", 2.5)]),
                        ("Кавказ", [("Грузия", 3.5), ("Армения", "н/д")])):
        ws = wb.create_sheet(sheet)
        ws.append(["Страна", "Показатель", "2022 г.", "2023 г."])
        for country, v in rows:
            ws.append([country, "Индекс открытости найма", v, v])
            ws.append([country, "Индекс ротации", 10, 11])
    wb.save(path)
    guess = guess_mapping(read_sheets(path), lang="en")
    assert guess.all_sheets() == ["Центральная Азия", "Кавказ"] and guess.years == "across"
    assert guess.indicator_column == "Показатель" and "н/д" in guess.missing_values  # seen, not an English default
    parsed = parse_mapped(path, guess, known=_declared("Индекс открытости найма", "Индекс ротации"))
    frame = parsed.observations
    assert len(frame) == 16 and set(frame["sheet"]) == {"Центральная Азия", "Кавказ"}
    arm = frame[(frame["country_name"] == "Армения") & (frame["indicator_code"] == "nat.turnover")]
    assert arm["value"].isna().all() and len(arm) == 2  # 'н/д' is missing, never zero


def _declared(*names: str) -> dict:
    from etl.model import IndicatorMeta

    codes = {"Индекс открытости найма": "nat.turnover", "Индекс ротации": "nat.vacancies"}
    return {codes[n]: IndicatorMeta(code=codes[n], dataset="nat.x", name_en=n, name_ru=n, definition_en=n,
                                    definition_ru=n, unit="%", scale_min=None, scale_max=None, higher_is_better=False,
                                    theme="hrm", decimals=1) for n in names}


def test_a_ministry_header_is_never_mapped_to_a_demo_indicator_and_russian_sources_get_their_own_code(
        tmp_path: Path) -> None:
    from etl import catalogue

    demo = {c: m for c, m in catalogue.indicators().items() if m.dataset.startswith("demo")}
    assert demo  # the catalogue lists the demo store's indicators: a name like theirs must not pick them
    name = next(iter(demo.values())).name_ru
    path = tmp_path / "t.csv"
    path.write_text(f"Страна;Год;{name}\nКазахстан;2023;5,5\n", encoding="utf-8")
    guess = guess_mapping(read_sheets(path), known=catalogue.indicators())
    assert not any(code.startswith("demo.") for code in guess.indicator_columns.values())
    assert SourceInfo("Сведения о службе", "2023").meta().dataset == "nat.svedeniya_o_sluzhbe"
    assert SourceInfo("Агентство", "1").meta().dataset != SourceInfo("Министерство", "1").meta().dataset


@pytest.mark.parametrize("seed", SEEDS)
def test_years_across_written_as_date_cells_are_read_as_their_years_with_a_warning(tmp_path: Path,
                                                                                    seed: int) -> None:
    """A header row of Excel dates (formatted as years or as full dates) is read: each date gives its year, the
    values stored are those written, and a warning says the years were taken from dates (one rule with years down,
    etl/read/tokens.read_year)."""
    from etl.recipes.mapping import NewIndicator

    made = wide_dates(seed, tmp_path)
    want = made.expected
    mapping = Mapping(sheet=want["sheet"], header_row=want["header_row"], country_column=want["country_column"],
                      years="across", indicator="nat.dated", missing_values=sorted(made.markers),
                      new_indicators=[NewIndicator(code="nat.dated", name_en="Dated", unit="%",
                                                   higher_is_better=True)],
                      source=SourceInfo(name="Ministry data", edition="2024"))
    parsed = parse_mapped(made.path, mapping)
    assert not [p for p in parsed.problems if p.severity == "error"], parsed.problems
    warned = [p for p in parsed.problems if p.severity == "warning" and "the year of each date was taken" in p.message]
    assert len(warned) == 1 and warned[0].sheet == want["sheet"] and warned[0].row == want["header_row"] + 1
    assert f"({len(made.values)} values)" in warned[0].message
    obs = parsed.observations
    iso = {name: iso3 for name, iso3 in countries_of(made)}
    got = {(iso[r.country_name], int(r.year)): (None if pd.isna(r.value) else r.value) for r in obs.itertuples()}
    assert got == {(iso3, year): v for (iso3, year, _), v in made.values.items()}


def countries_of(made: Made) -> list[tuple[str, str]]:
    from tests.fixtures.ministry_files import COUNTRIES

    codes = {iso3 for iso3, _, _ in made.values}
    return [(name, iso3) for name, iso3 in COUNTRIES if iso3 in codes]
