"""The rules as SQL views (store/views/): each checked on a small store made here, and the analytics reading them."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from analytics import brief, compare, overview, peers
from analytics.selection import Selection, use
from core.settings import settings
from store import schema
from store.public import PUBLIC_MACROS, PUBLIC_VIEWS
from tests.conftest import ROOT

VIEWS = ROOT / "store" / "views"
# Units of the sources and how the world-rank rule reads them (a rank of the whole world, in any case).
UNITS = {"rank": True, "Rank": True, "RANK (1-193)": True, "percentile rank (0-100)": True, "Percentile rank": True,
         "score (0-100)": False, "index (0-1)": False, "estimate (standard normal units)": False,
         "share of respondents": False, "": False, "ranks among peers": True}  # a prefix rule, as before


def _store() -> duckdb.DuckDBPyConnection:
    """An empty store of this release's schema (every migration, every view, the settings recorded)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE store_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    schema.upgrade(con)
    return con


def _batch(con: duckdb.DuckDBPyConnection, batch_id: int, status: str = "active", kind: str = "indicator") -> None:
    con.execute("INSERT INTO load_batch (batch_id, file_name, sha256, kind, rows_added, rows_replaced, rows_unchanged,"
                " user_name, loaded_at, status) VALUES (?, 'f.xlsx', ?, ?, 0, 0, 0, 'test', now(), ?)",
                [batch_id, str(batch_id), kind, status])


def _source(con, source_id: str, current: bool, demo: bool = False) -> None:
    dataset, edition = source_id.split(":")
    con.execute("INSERT INTO source VALUES (?, ?, ?, 'Test', 'Tester', 'CC BY 4.0', 'cite', NULL, ?, ?, 1)",
                [source_id, dataset, edition, demo, current])


def _indicator(con, code: str, unit: str) -> None:
    con.execute("INSERT INTO indicator (code, dataset, name_en, name_ru, definition_en, definition_ru, unit, "
                "higher_is_better, theme, decimals) VALUES (?, 'wgi', ?, ?, '', '', ?, TRUE, 'gov', 2)",
                [code, code, code, unit])


def _observe(con, source_id: str, code: str, iso3: str, year: int, value: float | None, breakdown: str = "") -> None:
    con.execute("INSERT INTO observation (source_id, indicator_code, iso3, year, value, batch_id, breakdown) "
                "VALUES (?, ?, ?, ?, ?, 1, ?)", [source_id, code, iso3, year, value, breakdown])


def _country(con, iso3: str, member: bool, certain: bool | None, region: str | None = None) -> None:
    con.execute("INSERT INTO country (iso3, name_en, name_ru, region, is_hub_member, membership_certain) "
                "VALUES (?, ?, ?, ?, ?, ?)", [iso3, iso3, iso3, region, member, certain])


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    con = _store()
    _batch(con, 1)
    for iso3, member, certain in (("KAZ", True, True), ("ARM", True, False), ("GEO", False, None),
                                  ("UZB", False, None), ("FRA", False, None)):
        _country(con, iso3, member, certain, "CA" if iso3 in ("KAZ", "UZB") else None)
    for code, name, kind in (("HUB", "Hub", "hub"), ("HUB_CONFIRMED", "Hub (confirmed)", "hub"),
                             ("CA", "Central Asia", "region")):
        con.execute("INSERT INTO country_group (group_code, name_en, name_ru, kind) VALUES (?, ?, ?, ?)",
                    [code, name, name, kind])
    con.executemany("INSERT INTO country_group_member VALUES (?, ?)",
                    [["HUB", "KAZ"], ["HUB", "ARM"], ["HUB_CONFIRMED", "KAZ"], ["CA", "KAZ"], ["CA", "UZB"]])
    # GEO left the hub in an edit that stands; UZB left in one that was rolled back (and is no member either way)
    _batch(con, 2, kind="membership")
    _batch(con, 3, status="rolled_back", kind="membership")
    con.execute("INSERT INTO membership_change (batch_id, iso3, was_member, was_certain, is_member) "
                "VALUES (2, 'GEO', TRUE, TRUE, FALSE), (3, 'UZB', TRUE, FALSE, FALSE)")
    for source_id, current in (("wgi:2023", False), ("wgi:2024", True)):
        _source(con, source_id, current)
    for code, unit in (("ge", "estimate (standard normal units)"), ("cpi.rank", "Rank (1-180)")):
        _indicator(con, code, unit)
    _observe(con, "wgi:2024", "ge", "KAZ", 2020, 0.1)  # 4 years before 2024: beyond N = 3
    _observe(con, "wgi:2024", "ge", "ARM", 2021, 0.3)  # 3 years before: within
    _observe(con, "wgi:2024", "ge", "ARM", 2024, None)  # published as missing: the earlier value shows
    _observe(con, "wgi:2024", "ge", "GEO", 2024, 0.5)
    _observe(con, "wgi:2024", "ge", "GEO", 2024, 0.9, "sex=F")
    _observe(con, "wgi:2023", "ge", "GEO", 2024, 7.7)  # the edition before: not in use unless picked
    _observe(con, "wgi:2024", "cpi.rank", "KAZ", 2024, 93)
    yield con
    con.close()


def test_the_views_are_made_in_file_order_each_after_what_it_reads() -> None:
    """store/schema.py makes store/views/*.sql in name order; every file runs on the migrations and the files before
    it alone (a file that read a later one would fail here, and in every new store version)."""
    con = duckdb.connect()
    for migration in schema.MIGRATIONS:
        con.execute(migration.sql)
    for path in sorted(VIEWS.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))  # raises on a view that reads one made later
    made = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"edition_in_use", "figure", "hub_membership", "group_membership", "indicator_world_rank",
            "survey_min_n", "v_survey_results"} <= made


def test_the_current_edition_and_a_picked_one(con) -> None:
    assert [r[0] for r in con.execute("SELECT source_id FROM edition_in_use").fetchall()] == ["wgi:2024"]
    assert con.execute("SELECT value FROM figure WHERE iso3 = 'GEO'").fetchall() == [(0.5,)]
    use(con, Selection(editions=("wgi:2023",)))
    assert [r[0] for r in con.execute("SELECT source_id FROM edition_in_use").fetchall()] == ["wgi:2023"]
    assert con.execute("SELECT value FROM figure WHERE iso3 = 'GEO'").fetchall() == [(7.7,)]
    use(con, Selection(breakdown="sex=F"))
    assert con.execute("SELECT value FROM figure WHERE iso3 = 'GEO'").fetchall() == [(0.9,)]


def test_demo_editions_are_in_use_only_in_a_store_of_nothing_else(con) -> None:
    _source(con, "demo:1", True, demo=True)
    assert "demo:1" not in {r[0] for r in con.execute("SELECT source_id FROM edition_in_use").fetchall()}
    con.execute("DELETE FROM source WHERE NOT is_demo")
    assert {r[0] for r in con.execute("SELECT source_id FROM edition_in_use").fetchall()} == {"demo:1"}


def test_hub_membership_says_each_status_and_who_left(con) -> None:
    rows = dict(con.execute("SELECT iso3, status FROM hub_membership").fetchall())
    # UZB's departure was rolled back: it is simply not a member, not one that left
    assert rows == {"KAZ": "confirmed", "ARM": "unconfirmed", "GEO": "left", "UZB": "not_member",
                    "FRA": "not_member"}
    assert con.execute("SELECT left_batch FROM hub_membership WHERE iso3 = 'GEO'").fetchone()[0] == 2
    groups = con.execute("SELECT group_code, kind, iso3, hub_status FROM group_membership ORDER BY ALL").fetchall()
    assert ("CA", "region", "UZB", "not_member") in groups and ("HUB_CONFIRMED", "hub", "KAZ", "confirmed") in groups
    # the analytics read the same
    assert compare.hub_members(con) == brief.group_members(con, "HUB") == ["ARM", "KAZ"]
    assert brief.group_members(con, "HUB_CONFIRMED") == ["KAZ"]
    member = peers.membership(con).set_index("iso3")
    assert member.loc["GEO", "status"] == "left" and not member.loc["ARM", "membership_certain"]
    hub = peers.hub_set(member.reset_index(), peers.CONFIRMED, "en")
    assert hub.members == ("KAZ",) and hub.confirmed == 1
    assert overview.hub_members(con)["iso3"].tolist() == ["ARM", "KAZ"]


def test_the_world_rank_rule(con) -> None:
    con.execute("DELETE FROM indicator")
    for i, unit in enumerate(UNITS):
        _indicator(con, f"i{i}", unit)
    got = dict(con.execute("SELECT indicator_code, is_world_rank FROM indicator_world_rank").fetchall())
    assert [got[f"i{i}"] for i in range(len(UNITS))] == list(UNITS.values())


def test_world_ranks_are_left_out_of_the_brief_and_flagged_for_the_pages(con) -> None:
    assert set(brief.observations(con, ["KAZ", "ARM", "GEO"])["indicator_code"]) == {"ge"}
    listed = compare.indicators(con).set_index("code")["is_world_rank"]
    assert listed.to_dict() == {"cpi.rank": True, "ge": False}
    profile = compare.profile(con, "KAZ", 2015, ["KAZ", "ARM"], ["KAZ", "ARM"]).set_index("code")
    assert profile["is_world_rank"].to_dict() == {"cpi.rank": True, "ge": False}
    assert "cpi.rank" not in set(overview.headline(con)["indicator_code"])


def test_the_latest_value_within_n_years(con) -> None:
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT iso3, value, value_year, is_fallback FROM latest_within(2024, 3) WHERE indicator_code = 'ge'"
    ).fetchall()}
    # KAZ's 2020 value is 4 years old: beyond N = 3; ARM's 2024 is published as missing: its 2021 value, so marked
    assert rows == {"ARM": (0.3, 2021, True), "GEO": (0.5, 2024, False)}
    assert con.execute("SELECT value_year FROM latest_within(2024, 4) WHERE iso3 = 'KAZ' AND indicator_code = 'ge'"
                       ).fetchall() == [(2020,)]
    assert con.execute("SELECT count(*) FROM latest_within(2024, 0) WHERE indicator_code = 'ge'").fetchone()[0] == 1
    assert con.execute("SELECT value_year FROM latest_within(NULL, NULL) WHERE iso3 = 'KAZ' AND indicator_code = 'ge'"
                       ).fetchall() == [(2020,)]
    # the compare page's values read the same rule
    v = compare.year_values(con, "ge", 2024, ["KAZ", "ARM", "GEO", "FRA"], max_lag=3).set_index("iso3")
    assert v["value"].isna().to_dict() == {"ARM": False, "FRA": True, "GEO": False, "KAZ": True}
    assert v.loc["ARM", "value_year"] == 2021 and v.loc["ARM", "is_fallback"] and not v.loc["GEO", "is_fallback"]
    assert compare.year_values(con, "ge", 2024, ["KAZ"], max_lag=None).loc[0, "value_year"] == 2020


def _survey(con, n: int) -> None:
    _source(con, "gsps:2023", True)
    con.execute("INSERT INTO survey (survey_id, source_id, bank, iso3, year, name, level, batch_id) "
                "VALUES ('s1', 'gsps:2023', 'gsps', 'KAZ', 2023, 'Staff survey', 'aggregate', 1)")
    con.execute("INSERT INTO survey_question (bank, question_code, label_en, reverse_coded, batch_id) "
                "VALUES ('gsps', 'Q1', 'Job satisfaction', FALSE, 1)")
    con.execute("INSERT INTO survey_aggregate VALUES ('s1', 'Q1', NULL, 'all', 'All', 'share', ?, 0.62, 0.5, 0.7, 1)",
                [n])


@pytest.mark.parametrize(("n", "hidden"), [(settings().survey_min_n - 1, True), (settings().survey_min_n, False)])
def test_a_survey_cell_under_the_minimum_n_is_suppressed(con, n: int, hidden: bool) -> None:
    assert con.execute("SELECT min_n FROM survey_min_n").fetchone()[0] == settings().survey_min_n  # recorded
    _survey(con, n)
    row = con.execute("SELECT n, value, lower, upper, is_suppressed FROM v_survey_results").fetchone()
    assert row == ((None, None, None, None, True) if hidden else (n, 0.62, 0.5, 0.7, False))
    highlights = brief.survey_highlights(con, "KAZ")
    assert highlights.empty if hidden else highlights["value"].tolist() == [0.62]


def test_the_threshold_recorded_is_the_one_applied_and_every_version_records_the_setting(con, monkeypatch) -> None:
    _survey(con, 11)
    con.execute("UPDATE store_info SET value = '12' WHERE key = 'survey_min_n'")  # a version written under 12
    assert con.execute("SELECT is_suppressed FROM v_survey_results").fetchone()[0]
    monkeypatch.setenv("HUB_SURVEY_MIN_N", "11")
    schema.upgrade(con)  # the next version written records the setting now in force
    assert con.execute("SELECT min_n FROM survey_min_n").fetchone()[0] == 11
    assert not con.execute("SELECT is_suppressed FROM v_survey_results").fetchone()[0]
    con.execute("DELETE FROM store_info WHERE key = 'survey_min_n'")  # never in a store: fails safe
    assert con.execute("SELECT is_suppressed FROM v_survey_results").fetchone()[0]


def test_every_rule_view_is_public_and_the_macro_too() -> None:
    rules = {"edition_in_use", "figure", "hub_membership", "group_membership", "indicator_world_rank",
             "survey_min_n", "v_survey_results"}
    assert rules <= set(PUBLIC_VIEWS) and PUBLIC_MACROS == ("latest_within",)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in rules) and "`latest_within(at_year, n)`" in readme


def test_etl_sql_answers_from_the_rule_views(store) -> None:
    """The public copy (store/public.py) holds the rule views and latest_within, made again over its own tables."""
    from etl.setup_store import init_store
    from store.public import public_connection

    init_store(store, starter_pack=False)
    with store.writer() as w:
        _source(w, "wgi:2024", True)
        _indicator(w, "ge", "estimate")
        _observe(w, "wgi:2024", "ge", "KAZ", 2021, 0.3)
    with public_connection(store) as con:
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert {"edition_in_use", "figure", "hub_membership", "group_membership", "indicator_world_rank",
                "survey_min_n"} <= views
        assert con.execute("SELECT value, value_year, is_fallback FROM latest_within(2024, 3)").fetchall() == [
            (0.3, 2021, True)]
        assert con.execute("SELECT min_n FROM survey_min_n").fetchone()[0] == settings().survey_min_n
        assert con.execute("SELECT count(*) FROM hub_membership WHERE is_hub_member").fetchone()[0] > 20


def test_etl_sql_applies_a_threshold_raised_since_the_last_write(store, monkeypatch) -> None:
    """The public copy suppresses with the setting in force now when it is stricter than the version's."""
    from etl.setup_store import init_store
    from store.public import public_connection

    init_store(store, starter_pack=False)
    with store.writer() as w:
        _survey(w, settings().survey_min_n + 2)
    with public_connection(store) as con:
        assert not con.execute("SELECT is_suppressed FROM v_survey_results").fetchone()[0]
    monkeypatch.setenv("HUB_SURVEY_MIN_N", str(settings().survey_min_n + 3))
    with public_connection(store) as con:
        assert con.execute("SELECT n, value, is_suppressed FROM v_survey_results").fetchone() == (None, None, True)
