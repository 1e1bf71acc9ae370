"""Summaries built once per store version: the same answers as counting every row, kept up to date by each write."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import brief, compare, overview, summary
from etl.load import load_file
from etl.setup_store import init_store
from store import Store
from tests.conftest import real_file

READERS = {"indicators": compare.indicators, "hub_coverage": compare.hub_coverage, "sources": overview.sources,
           "countries_with_data": brief.countries_with_data}


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    key = a.columns[0]
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True),
                                  check_dtype=False)


def without_summaries(store: Store, tmp_path) -> duckdb.DuckDBPyConnection:
    """A copy of the live version with the summaries dropped: the readers then count every row themselves."""
    copy = tmp_path / "old.duckdb"
    copy.write_bytes(store.current_path().read_bytes())
    con = duckdb.connect(str(copy))
    for table in summary.TABLES:
        con.execute(f"DROP TABLE {table}")
    return con


def test_summaries_answer_as_the_rows_do_and_follow_every_write(store: Store, tmp_path) -> None:
    init_store(store)  # demo data
    load_file(real_file("egdi/EGOV_DATA_2022.csv"), store=store)
    load_file(real_file("surveys/gsps_national_all_respondents.csv"), store=store)
    with store.reader() as con:
        assert summary.available(con)
        fast = {name: read(con) for name, read in READERS.items()}
    slow_con = without_summaries(store, tmp_path)
    assert not summary.available(slow_con)
    for name, read in READERS.items():
        same(read(slow_con), fast[name])
    slow_con.close()
    assert "egdi.egdi" in set(fast["indicators"]["code"])
    assert fast["sources"].set_index("source_id").loc["egdi:2022", "observations"] > 1000
    # The next write publishes a version whose summary has the new data.
    load_file(real_file("cpi/CPI2023_Global_Results__Trends.xlsx"), store=store)
    with store.reader() as con:
        assert "cpi.score" in set(compare.indicators(con)["code"])
        per = con.execute("SELECT n FROM summary_indicator_country WHERE code = 'cpi.score' AND iso3 = 'KAZ'"
                          ).fetchone()
        counted = con.execute("SELECT count(value) FROM observation WHERE indicator_code = 'cpi.score' "
                              "AND iso3 = 'KAZ'").fetchone()
    assert per == counted and per[0] >= 10


def test_an_older_store_version_gets_its_summaries_from_init(store: Store) -> None:
    init_store(store, starter_pack=False)
    with store.writer() as con:
        pass  # (the writer builds them; drop them to stand for a version written before they existed)
    path = store.current_path()
    con = duckdb.connect(str(path))
    for table in summary.TABLES:
        con.execute(f"DROP TABLE {table}")
    con.close()
    with store.reader() as con:
        assert not summary.available(con)
    init_store(store, starter_pack=False)
    with store.reader() as con:
        assert summary.available(con)
