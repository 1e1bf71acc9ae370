"""Schema migrations: stores made by earlier releases open with this code, migrated as a new version, rows kept."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb
import pytest

from core.settings import settings
from etl.cli import main
from store import SCHEMA_SQL, Store, StoreError, schema

# The schema files of earlier releases, kept byte for byte: 025b700 (store/, accounts/ and settings laid out; no
# breakdowns, figure views or membership edits) and 515a7d5 (the release just before versions were recorded).
OLD_SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "old_schemas"
RELEASES = sorted(p.name for p in OLD_SCHEMAS.iterdir())


def _old_schema(release: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((OLD_SCHEMAS / release).glob("*.sql")))


def _value(kind: str, rng: random.Random, i: int):
    """A value of a column type, unique per row for text and integers (so primary keys hold), sometimes NULL."""
    if kind == "VARCHAR":
        return f"t{i}-{rng.randrange(10**6)}"
    if kind in ("INTEGER", "SMALLINT", "BIGINT"):
        return i + 1
    if kind == "DOUBLE":
        return rng.choice([rng.uniform(-5, 5), 0.0, -0.0, 123456.789])
    if kind == "BOOLEAN":
        return rng.random() < 0.5
    if kind == "DATE":
        return dt.date(2020, 1, 1) + dt.timedelta(days=i)
    if kind == "TIMESTAMP":
        return dt.datetime(2024, 5, 1, 12, 0) + dt.timedelta(minutes=i)
    if kind == "SMALLINT[]":
        return [rng.randrange(1, 6) for _ in range(rng.randrange(0, 3))]
    raise AssertionError(f"no generator for column type {kind}")


def _fill(con: duckdb.DuckDBPyConnection, rng: random.Random, rows: int) -> None:
    """Rows in every table of an old schema, generated from its columns (types, NULL allowed or not)."""
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    for table in tables:
        columns = con.execute("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                              "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
        marks = ", ".join("?" for _ in columns)
        for i in range(rows):
            values = [None if nullable == "YES" and rng.random() < 0.15 else _value(kind, rng, i)
                      for _, kind, nullable in columns]
            con.execute(f"INSERT INTO {table} VALUES ({marks})", values)
    # a real-looking corner of the data, so the views have something to answer
    con.execute("INSERT INTO load_batch VALUES (100, 'wgidataset.xlsx', 'ab12', 'wgi', 'wgi:2024', 9, 0, 0, 'anna', "
                "TIMESTAMP '2025-10-01 09:00', 'active', NULL, NULL, NULL)")
    con.execute("INSERT INTO source VALUES ('wgi:2024', 'wgi', '2024', 'WGI', 'World Bank', 'CC BY 4.0', 'c', NULL, "
                "false, true, 100)")
    con.execute("INSERT INTO indicator VALUES ('wgi.ge', 'wgi', 'Government effectiveness', 'x', 'd', 'd', "
                "'score', -2.5, 2.5, true, 'governance', 2, NULL)")
    con.execute("INSERT INTO country VALUES ('KAZ', 'Kazakhstan', 'Казахстан', NULL, 'Central Asia', true, 2013, "
                "true, NULL)")
    for year in range(2015, 2024):
        con.execute("INSERT INTO observation (source_id, indicator_code, iso3, year, value, batch_id) "
                    "VALUES ('wgi:2024', 'wgi.ge', 'KAZ', ?, ?, 100)", [year, year / 10000])


def _old_store(directory: Path, release: str, seed: int = 13, rows: int = 7) -> Store:
    """A store as `release` left it: one published version made by its schema, holding generated rows."""
    directory.mkdir(parents=True)
    con = duckdb.connect(str(directory / "v000001.duckdb"))
    con.execute(_old_schema(release))
    _fill(con, random.Random(seed), rows)
    con.execute("INSERT OR REPLACE INTO store_info VALUES ('survey_min_n', '12')")
    con.close()
    (directory / "CURRENT").write_text("v000001.duckdb\n", encoding="utf-8")
    return Store(directory)


def _dump(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows, rows sorted."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            cursor = con.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            out[table] = (columns, sorted(cursor.fetchall(), key=repr))
        return out


def _columns(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """The shape of the tables (not the summaries each version rebuilds, store/summary.sql): name, column,
    position, type, NULL allowed, default."""
    rows = con.execute("SELECT c.table_name, column_name, ordinal_position, data_type, is_nullable, column_default "
                       "FROM information_schema.columns c JOIN duckdb_tables() t ON t.table_name = c.table_name "
                       "ORDER BY 1, 3").fetchall()
    return [row for row in rows if not row[0].startswith("summary_")]


def _fresh_columns(sql: str) -> list[tuple]:
    with duckdb.connect() as con:
        con.execute(sql)
        return _columns(con)


@pytest.mark.parametrize("release", RELEASES)
def test_a_store_of_an_earlier_release_opens_migrated_with_every_row_kept(tmp_path: Path, release: str) -> None:
    store = _old_store(tmp_path / "store", release)
    old_file = store.current_path()
    before = _dump(old_file)
    assert store.schema_version() == 0

    with store.reader() as con:  # opening it is enough
        assert con.execute("SELECT value FROM store_info WHERE key = 'schema_version'").fetchone() == (
            str(schema.latest()),)
        # the views of this release answer on the migrated data
        assert con.execute("SELECT count(*), min(breakdown), max(breakdown) FROM figure WHERE iso3 = 'KAZ'"
                           ).fetchone() == (9, "", "")
        assert con.execute("SELECT count(*) FROM v_observations WHERE source_id = 'wgi:2024'").fetchone()[0] == 9
        assert "is_suppressed" in {r[0] for r in con.execute("DESCRIBE v_survey_results").fetchall()}
        migrated_shape = _columns(con)

    # a new version, then the pointer: the old version is on disk as it was
    assert store.current_path().name == "v000002.duckdb"
    assert _dump(old_file) == before
    after = _dump(store.current_path())
    for table, (columns, rows) in before.items():
        new_columns, new_rows = after[table]
        assert new_columns[: len(columns)] == columns, table
        kept = sorted((row[: len(columns)] for row in new_rows), key=repr)
        if table == "store_info":
            # the version and the survey threshold are recorded anew in every version written
            kept = [row for row in kept if row[0] not in ("schema_version", "survey_min_n")]
            rows = [row for row in rows if row[0] != "survey_min_n"]
        assert kept == rows, f"{table}: rows changed by the migration"
        # added columns at their defaults: '' for a breakdown (every old row a total), NULL for a Kazakh name
        assert all(v in ("", None) for row in new_rows for v in row[len(columns):]), (
            f"{table}: added columns not at their defaults")
    assert after["store_info"][1].count(("survey_min_n", str(settings().survey_min_n))) == 1  # the setting in force
    # the tables of later releases exist, and the store has exactly the shape a new store of this release has
    assert set(after) >= {"membership_change", "breakdown_label"}
    assert migrated_shape == _fresh_columns(SCHEMA_SQL)
    # this release's breakdown rule holds on old rows too: the column is required
    with pytest.raises(duckdb.ConstraintException), store.writer() as con:
        con.execute("UPDATE observation SET breakdown = NULL")
    assert store.current_path().name == "v000002.duckdb"


def test_the_migrations_make_the_schema_of_the_release_before_them() -> None:
    """The migrations a store made before versions were recorded runs (0001-0003) give the tables the last
    unversioned release made, column by column: the migrations and the schema they replaced agree. (Later
    migrations add to it: 0004 the Kazakh columns.)"""
    unversioned = "\n".join(m.sql for m in schema.MIGRATIONS[: schema.UNVERSIONED_UP_TO])
    assert _fresh_columns(unversioned) == _fresh_columns(_old_schema("515a7d5"))


def test_migrations_are_numbered_without_gaps(tmp_path: Path) -> None:
    assert [m.number for m in schema.MIGRATIONS] == list(range(1, schema.latest() + 1))
    assert schema.latest() >= schema.UNVERSIONED_UP_TO
    (tmp_path / "0001_first.sql").write_text("SELECT 1;")
    (tmp_path / "0003_third.sql").write_text("SELECT 1;")
    with pytest.raises(RuntimeError, match="without gaps"):
        schema.read_migrations(tmp_path)
    (tmp_path / "0002 Second.sql").write_text("SELECT 1;")
    with pytest.raises(RuntimeError, match="NNNN_what_it_does"):
        schema.read_migrations(tmp_path)


def test_unversioned_migrations_can_run_twice() -> None:
    """A store made before versions were recorded may already hold what 0001-0003 create: running them again on
    a complete schema changes nothing."""
    with duckdb.connect() as con:
        con.execute(SCHEMA_SQL)
        shape = _columns(con)
        for migration in schema.MIGRATIONS[: schema.UNVERSIONED_UP_TO]:
            con.execute(migration.sql)
        assert _columns(con) == shape


def test_etl_migrate_migrates_once_then_says_there_is_nothing_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    store = _old_store(tmp_path / "store", "025b700")
    monkeypatch.setenv("HUB_DATA_DIR", str(store.dir))
    assert main(["migrate"]) == 0
    out = capsys.readouterr().out
    assert f"from schema version 0 to {schema.latest()}" in out and "0002_breakdowns" in out, out
    assert store.current_path().name == "v000002.duckdb"
    assert main(["migrate"]) == 0
    assert "nothing to migrate" in capsys.readouterr().out
    assert sorted(p.name for p in store.dir.glob("v*.duckdb")) == ["v000001.duckdb", "v000002.duckdb"]


def test_etl_migrate_without_a_store_says_how_to_build_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "nothing"))
    assert main(["migrate"]) == 1
    assert "python -m etl init" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()  # nothing made on the way


def _failing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fourth migration that changes a table and then fails half way."""
    broken = schema.Migration(schema.latest() + 1, f"{schema.latest() + 1:04d}_broken",
                              "ALTER TABLE observation ADD COLUMN half_done INTEGER DEFAULT 1;\n"
                              "UPDATE observation SET value = -1;\n"
                              "SELECT error('this migration fails half way');")
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))


def test_a_failing_migration_leaves_the_pointer_on_the_old_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _old_store(tmp_path / "store", "025b700")
    before = _dump(store.current_path())
    _failing(monkeypatch)
    for attempt in (store.migrate, store.reader, store.writer().__enter__):
        with pytest.raises(StoreError, match="_broken failed.*half way.*Nothing was changed.*v000001"):
            attempt()
        assert (store.dir / "CURRENT").read_text().strip() == "v000001.duckdb"
        assert sorted(p.name for p in store.dir.iterdir() if p.name != "writer.lock") == ["CURRENT", "v000001.duckdb"]
        assert _dump(store.current_path()) == before
    monkeypatch.undo()  # the release without the broken migration opens it
    with store.reader() as con:
        assert con.execute("SELECT count(*) FROM observation WHERE value = -1").fetchone()[0] == 0


def test_a_failed_load_after_migrating_publishes_neither(tmp_path: Path) -> None:
    """The migration and the load that opened the writer share one version: both or neither."""
    store = _old_store(tmp_path / "store", "025b700")
    with pytest.raises(RuntimeError), store.writer() as con:
        con.execute("DELETE FROM observation")
        raise RuntimeError("the load failed")
    assert store.current_path().name == "v000001.duckdb"
    assert store.schema_version() == 0


def test_a_store_of_a_newer_release_is_refused_with_the_reason(tmp_path: Path) -> None:
    store = _old_store(tmp_path / "store", "515a7d5")
    with duckdb.connect(str(store.current_path())) as con:
        con.execute("INSERT INTO store_info VALUES ('schema_version', ?)", [str(schema.latest() + 1)])
    for attempt in (store.migrate, store.reader, store.writer().__enter__):
        with pytest.raises(StoreError, match=f"schema version {schema.latest() + 1}: a newer release"):
            attempt()
    assert store.current_path().name == "v000001.duckdb"
    assert sorted(p.name for p in store.dir.glob("v*")) == ["v000001.duckdb"]


def test_a_new_store_records_this_releases_version(store: Store) -> None:
    with store.writer() as con:
        con.execute("SELECT 1")
    assert store.schema_version() == schema.latest()
    assert store.migrate() == (schema.latest(), schema.latest())
    assert store.current_path().name == "v000001.duckdb"  # nothing to do: no new version


def test_a_migrated_store_takes_real_loads_and_rollbacks(tmp_path: Path) -> None:
    """The write path of this release on a store of the baseline release: reference refresh, a published file
    loaded beside the old rows (breakdowns and all), rolled back again."""
    from etl.load import load_file
    from etl.setup_store import init_store
    from etl.write.rollback import rollback
    from tests.conftest import real_file

    store = _old_store(tmp_path / "store", "025b700", rows=0)
    assert "brought up to date" in init_store(store, starter_pack=False)
    result = load_file(real_file("egdi/EGOV_DATA_2022.csv"), store=store)
    with store.reader() as con:
        assert con.execute("SELECT count(*) FROM figure WHERE indicator_code = 'egdi.egdi'").fetchone()[0] > 150
        assert con.execute("SELECT count(*) FROM observation WHERE source_id = 'wgi:2024' AND breakdown = ''"
                           ).fetchone()[0] == 9
    with store.writer() as con:
        rollback(con, result.batch_id, user="test")
    with store.reader() as con:
        assert con.execute("SELECT count(*) FROM figure WHERE indicator_code = 'egdi.egdi'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 9


def test_a_store_that_cannot_be_written_says_how_to_migrate_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _old_store(tmp_path / "store", "025b700")

    def read_only_folder(self):
        raise PermissionError(13, "Permission denied", str(self.dir / "writer.lock"))

    monkeypatch.setattr(Store, "migrate", read_only_folder)
    with pytest.raises(StoreError, match=r"schema version 0, made by an earlier release.*needs version \d+.*"
                                         r"Permission denied.*python -m etl migrate as a user who may write"):
        store.reader()
