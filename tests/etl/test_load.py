"""Loading real published files end to end: exact values, idempotence, rollback, bad input, reporting."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from core.errors import ValidationError
from etl.load import load_file
from etl.setup_store import init_store
from etl.write.batches import RollbackRefused
from etl.write.rollback import rollback
from store import Store
from tests.conftest import real_file

WGI = "wgi/wgidataset_2024_update.xlsx"
EGDI = "egdi/EGOV_DATA_2022.csv"
CPI = "cpi/CPI2023_Global_Results__Trends.xlsx"
DATA_TABLES = ["observation", "observation_replaced", "source", "indicator", "country", "country_group",
               "country_group_member", "theme"]


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every data table, sorted: two equal snapshots mean the same data."""
    with store.reader() as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in DATA_TABLES}


def live_bytes(store: Store) -> tuple[str, str]:
    path = store.current_path()
    return path.name, hashlib.sha256(path.read_bytes()).hexdigest()


def value(store: Store, column: str, iso3: str, indicator: str, year: int) -> float | None:
    with store.reader() as con:
        row = con.execute(
            f"SELECT {column} FROM v_observations WHERE iso3 = ? AND indicator_code = ? AND year = ? "
            "AND is_current", [iso3, indicator, year],
        ).fetchone()
    assert row is not None, f"no row for {iso3} {indicator} {year}"
    return row[0]


@pytest.fixture
def empty(store: Store) -> Store:
    init_store(store, starter_pack=False)
    return store


def test_wgi_reference_values_come_back_exactly(empty: Store) -> None:
    report = load_file(real_file(WGI), store=empty)
    assert report.format == "wgi" and report.batch_id == 1
    assert report.unmatched == {}, "every WGI economy should map to ISO3"
    assert value(empty, "value", "KAZ", "wgi.ge", 2019) == 0.06884711980819702
    assert value(empty, "value", "KAZ", "wgi.ge", 2022) == 0.14275604486465454
    assert value(empty, "value", "KAZ", "wgi.ge", 2023) == 0.14681467413902283
    assert value(empty, "std_error", "KAZ", "wgi.ge", 2023) == 0.25837579369544983
    assert value(empty, "value", "KAZ", "wgi.ge.pctrank", 2023) == 57.075469970703125
    assert value(empty, "value", "GEO", "wgi.ge", 2023) == 0.7912858724594116
    assert value(empty, "value", "TKM", "wgi.rq", 2023) == -2.0680975914001465
    assert value(empty, "value", "ASM", "wgi.va", 2023) is None  # published as "..": missing, not 0
    with empty.reader() as con:
        edition, licence = con.execute("SELECT DISTINCT edition, licence FROM v_observations "
                                       "WHERE indicator_code = 'wgi.ge'").fetchone()
        codes = {r[0] for r in con.execute("SELECT DISTINCT iso3 FROM observation").fetchall()}
    assert edition == "2024 update" and "CC BY 4.0" in licence
    assert {"ROU", "COD", "XKX", "TLS", "PSE", "AND"} <= codes  # WGI's own codes ROM, ZAR, KSV, TMP, WBG, ADO


def test_egdi_and_cpi_reference_values_come_back_exactly(empty: Store) -> None:
    load_file(real_file(EGDI), store=empty)
    load_file(real_file(CPI), store=empty)
    assert value(empty, "value", "KAZ", "egdi.egdi", 2022) == 0.8628
    assert value(empty, "value", "KAZ", "egdi.rank", 2022) == 28
    assert value(empty, "value", "GEO", "egdi.egdi", 2022) == 0.7501
    assert value(empty, "value", "GEO", "egdi.rank", 2022) == 60
    assert value(empty, "value", "KOR", "egdi.egdi", 2022) == 0.9529
    assert value(empty, "value", "KOR", "egdi.rank", 2022) == 3
    assert value(empty, "value", "GEO", "cpi.score", 2021) == 55
    assert value(empty, "value", "GEO", "cpi.score", 2023) == 53
    assert value(empty, "value", "KAZ", "cpi.score", 2023) == 39
    assert value(empty, "value", "KAZ", "cpi.rank", 2023) == 93
    assert value(empty, "value", "KAZ", "cpi.score", 2012) == 28
    assert value(empty, "std_error", "KAZ", "cpi.score", 2021) == 3.331854


def test_loading_the_same_file_twice_adds_nothing(empty: Store) -> None:
    load_file(real_file(EGDI), store=empty)
    before, pointer = snapshot(empty), live_bytes(empty)
    again = load_file(real_file(EGDI), store=empty)
    assert again.already_loaded == 1 and again.batch_id is None
    assert snapshot(empty) == before and live_bytes(empty) == pointer
    with empty.reader() as con:
        assert con.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 1


def test_rollback_restores_exactly_the_previous_state_including_replaced_values(empty: Store, tmp_path) -> None:
    load_file(real_file(EGDI), store=empty)
    before = snapshot(empty)
    # A corrected copy of the same edition: one value changes, one row is new, the rest are unchanged.
    text = real_file(EGDI).read_text(encoding="utf-8-sig")
    assert '"Kazakhstan ",28,0.86280' in text
    fixed = tmp_path / "EGOV_DATA_2022_corrected.csv"
    fixed.write_text(text.replace('"Kazakhstan ",28,0.86280', '"Kazakhstan ",28,0.87000'), encoding="utf-8")
    report = load_file(fixed, store=empty)
    assert (report.replaced, report.added) == (1, 0)
    assert report.unchanged == report.rows_in_file - 1 - _skipped(report)
    assert value(empty, "value", "KAZ", "egdi.egdi", 2022) == 0.87
    with empty.writer() as con:
        rollback(con, report.batch_id, user="test")
    assert value(empty, "value", "KAZ", "egdi.egdi", 2022) == 0.8628
    assert snapshot(empty) == before
    with empty.reader() as con:
        status, who = con.execute("SELECT status, rolled_back_by FROM load_batch WHERE batch_id = ?",
                                  [report.batch_id]).fetchone()
    assert (status, who) == ("rolled_back", "test")


def _skipped(report) -> int:
    return sum(report.unmatched.values()) + sum(report.aggregates.values())


def test_rollback_of_a_batch_whose_values_were_replaced_later_is_refused(empty: Store, tmp_path) -> None:
    load_file(real_file(EGDI), store=empty)
    text = real_file(EGDI).read_text(encoding="utf-8-sig")
    fixed = tmp_path / "corrected.csv"
    fixed.write_text(text.replace('"Kazakhstan ",28,0.86280', '"Kazakhstan ",28,0.87000'), encoding="utf-8")
    load_file(fixed, store=empty)
    with pytest.raises(RollbackRefused, match="Roll back 2 first"):
        with empty.writer() as con:
            rollback(con, 1, user="test")


def test_two_editions_coexist_and_the_latest_is_current(empty: Store, tmp_path) -> None:
    load_file(real_file(WGI), store=empty)
    # An earlier edition: the same layout with data only to 2022 (so it is the 2023 update).
    older = tmp_path / "wgidataset_2023_update.xlsx"
    book = openpyxl.load_workbook(real_file(WGI), read_only=True)
    out = openpyxl.Workbook()
    sheet = out.active
    for row in book.active.iter_rows(values_only=True):
        if row[3] != 2023:
            sheet.append(list(row))
    out.save(older)
    report = load_file(older, store=empty)
    assert report.source_id == "wgi:2023 update"
    with empty.reader() as con:
        editions = dict(con.execute("SELECT edition, is_current FROM source WHERE dataset = 'wgi'").fetchall())
        both = con.execute("SELECT count(DISTINCT edition) FROM v_observations WHERE iso3 = 'KAZ' "
                           "AND indicator_code = 'wgi.ge' AND year = 2022").fetchone()[0]
    assert editions == {"2024 update": True, "2023 update": False}
    assert both == 2


def test_unmatched_and_aggregate_names_are_reported_not_dropped_silently(empty: Store, tmp_path) -> None:
    text = real_file(EGDI).read_text(encoding="utf-8-sig").splitlines()
    text += ['2022,"Atlantis ",200,0.10000,0.10000,0.10000,0.10000,0.10000',
             '2022,"World",0,0.50000,0.50000,0.50000,0.50000,0.50000']
    path = tmp_path / "egdi_with_unknowns.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = load_file(path, store=empty)
    assert report.unmatched == {"Atlantis": 6}
    assert report.aggregates == {"World": 6}
    lines = "\n".join(report.lines())
    assert "Atlantis" in lines and "World" in lines
    with empty.reader() as con:
        stored = con.execute("SELECT report FROM load_batch WHERE batch_id = ?", [report.batch_id]).fetchone()[0]
    assert "Atlantis" in stored  # the batch record keeps what was not loaded


def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    """Bad files of every kind the foundation promises to explain."""
    files: dict[str, Path] = {}
    files["unknown layout"] = tmp_path / "shopping.csv"
    files["unknown layout"].write_text("item,price\nbread,2\n", encoding="utf-8")
    files["truncated xlsx"] = tmp_path / "truncated.xlsx"
    data = real_file(WGI).read_bytes()
    files["truncated xlsx"].write_bytes(data[: len(data) // 2])
    files["corrupt xlsx"] = tmp_path / "corrupt.xlsx"
    files["corrupt xlsx"].write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    egdi = real_file(EGDI).read_text(encoding="utf-8-sig")
    files["utf-16 csv"] = tmp_path / "egdi_utf16.csv"
    files["utf-16 csv"].write_bytes(egdi.encode("utf-16"))
    rows = [list(r) for r in openpyxl.load_workbook(real_file(WGI), read_only=True).active.iter_rows(
        max_row=50, values_only=True)]
    files["missing column"] = _xlsx(tmp_path / "wgi_no_estimate.xlsx", [r[:5] + r[6:] for r in rows])
    text_rows = [r[:] for r in rows]
    text_rows[9][5] = "abc"
    files["text in numeric column"] = _xlsx(tmp_path / "wgi_text.xlsx", text_rows)
    year_rows = [r[:] for r in rows]
    year_rows[4][3] = 1850
    files["year out of range"] = _xlsx(tmp_path / "wgi_year.xlsx", year_rows)
    differing = list(rows[7])
    differing[5] = 9.5  # the same key with another value (an identical repeat is read once, with a note)
    files["duplicate rows"] = _xlsx(tmp_path / "wgi_dup.xlsx", rows + [differing])
    files["empty file"] = tmp_path / "empty.csv"
    files["empty file"].write_bytes(b"")
    return files


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


EXPECTED = {
    "unknown layout": ("layout", None, None),
    "truncated xlsx": ("truncated", None, None),
    "corrupt xlsx": ("", None, None),
    "utf-16 csv": None,  # readable: UTF-16 with a BOM decodes; checked separately below
    "missing column": ("estimate", None, None),
    "text in numeric column": ("", 10, "abc"),
    "year out of range": ("year", 5, 1850),
    "duplicate rows": ("same indicator, country and year", 51, None),
    "empty file": ("empty", None, None),
}


@pytest.mark.parametrize("kind", [k for k, v in EXPECTED.items() if v is not None])
def test_bad_input_gets_a_located_message_and_leaves_the_store_byte_for_byte_unchanged(
    empty: Store, tmp_path: Path, kind: str
) -> None:
    load_file(real_file(EGDI), store=empty)
    before = live_bytes(empty)
    path = bad_inputs(tmp_path)[kind]
    with pytest.raises(ValidationError) as caught:
        load_file(path, store=empty)
    text, row, cell = EXPECTED[kind]
    message = str(caught.value)
    assert path.name in message
    assert text.lower() in message.lower()
    if row is not None:
        assert any(p.row == row for p in caught.value.problems), [str(p) for p in caught.value.problems]
    if cell is not None:
        assert any(p.value == cell for p in caught.value.problems), [str(p) for p in caught.value.problems]
    assert live_bytes(empty) == before
    assert sorted(p.name for p in empty.dir.glob("v*.duckdb"))[-1] == before[0]


def test_utf16_and_cp1251_csv_load_with_a_note_on_the_encoding(empty: Store, tmp_path: Path) -> None:
    path = bad_inputs(tmp_path)["utf-16 csv"]
    report = load_file(path, store=empty)
    assert value(empty, "value", "KAZ", "egdi.egdi", 2022) == 0.8628
    assert report.batch_id == 1


def test_a_different_file_with_the_same_rows_adds_no_rows(empty: Store, tmp_path: Path) -> None:
    load_file(real_file(EGDI), store=empty)
    copy = tmp_path / "copy.csv"
    shutil.copyfile(real_file(EGDI), copy)
    with open(copy, "a", encoding="utf-8") as f:
        f.write("\n")  # different bytes, same data
    report = load_file(copy, store=empty)
    assert (report.added, report.replaced) == (0, 0) and report.unchanged > 1000


def test_missing_values_are_stored_as_missing_never_zero(empty: Store) -> None:
    load_file(real_file(WGI), store=empty)
    rows = CalamineWorkbook.from_path(real_file(WGI)).get_sheet_by_index(0).to_python()[1:]
    published_missing = sum(1 for r in rows if r[5] == "..")
    published_zero = sum(1 for r in rows if r[5] == 0)
    with empty.reader() as con:
        missing, zero = con.execute(
            "SELECT count(*) FILTER (WHERE value IS NULL), count(*) FILTER (WHERE value = 0) FROM observation "
            "WHERE indicator_code NOT LIKE '%pctrank'"
        ).fetchone()
    assert published_missing > 0
    assert (missing, zero) == (published_missing, published_zero)
