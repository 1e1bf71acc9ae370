"""Building stores: the default store from the starter pack of published files, and the demo store, kept apart."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.settings import REFERENCE_DIR
from etl import starter
from etl.demo import surveys as survey_demo
from etl.demo.indicators import generate_demo
from etl.harmonise import countries
from etl.validate.prepare import prepare
from etl.write import batches, membership
from store import SCHEMA_SQL, Store, StoreError
from store.queries import sql

DEMO_SEED = 2013
DEMO_STORE = "demo-store"  # the demo store's folder, beside the store of published data
MADE_BY = "made_by"  # store_info key: starter (etl init), empty (etl init --empty) or demo (etl demo)


def reference_fingerprint() -> str:
    """A hash of every reference file and of the schema, to tell whether a store is up to date with them."""
    h = hashlib.sha256(SCHEMA_SQL.encode())
    for path in sorted(REFERENCE_DIR.glob("*.csv")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _write_reference(con, made_by: str | None = None) -> None:
    batches.refresh_reference(con)
    membership.reapply(con)  # edits made in the app stay on top of the reference files
    con.execute(sql("setup_store", "remember_reference"), [reference_fingerprint()])
    if made_by:
        con.execute(sql("setup_store", "remember"), [MADE_BY, made_by])


def _state(store: Store) -> tuple[str | None, str | None, bool, bool]:
    """(reference fingerprint, made_by, holds demo data, holds published data) of an existing store."""
    with store.reader() as con:
        info = dict(con.execute(sql("setup_store", "store_info")).fetchall())
        return info.get("reference"), info.get(MADE_BY), batches.holds_demo(con), batches.holds_published(con)


def _summarised(store: Store) -> bool:
    """Whether the live version carries the summaries pages read (store/summary.sql; versions written before
    them get them from the next write)."""
    with store.reader() as con:
        return con.execute(sql("setup_store", "summary_tables")).fetchone()[0] == 2


def init_store(store: Store, *, starter_pack: bool = True) -> str:
    """`etl init`. A new store is built from the starter pack (reference data and every published file the
    manifest marks to load) in one transaction, or with reference data only (`starter_pack=False`). An existing
    store keeps its data; its schema and reference data are brought up to date, a demo store stays a demo store.
    """
    if not store.exists():
        if not starter_pack:
            with store.writer() as con:
                _write_reference(con, "empty")
            return f"Created an empty store in {store.dir} (reference data only)."
        return "\n".join([f"Built the default store in {store.dir} from the starter pack (data/starter):",
                          *_load_starter(store)])
    fingerprint, made_by, demo, published = _state(store)
    if demo and not published and made_by is None:
        # made before demo data had a store of its own, when the default store held generated data:
        # the default is now the published data (loading it removes the demo data, and says so)
        return "\n".join([f"The store in {store.dir} held demo data only, the old default; it now holds the "
                          "starter pack:", *_load_starter(store)])
    lines = []
    if demo and published:  # made before demo data was kept apart: the published data stays, the demo goes
        with store.writer() as con:
            removed = batches.remove_demo(con)
            _write_reference(con)
        lines.append(f"Removed the demo data that sat beside published data ({_rows(removed)}).")
    elif fingerprint != reference_fingerprint() or not _summarised(store):
        with store.writer() as con:
            _write_reference(con)
        lines.append("Schema and reference data (countries, groups, indicator catalogue) brought up to date.")
    else:
        lines.append("The store is up to date.")
    if demo and not published:
        lines.append(f"{store.dir} is a DEMO store: every figure in it is generated, not real "
                     "(./run.sh serves the published store).")
    return "\n".join(lines)


def _load_starter(store: Store) -> list[str]:
    prepared, skipped = starter.ready()  # read and checked before the store is touched
    with store.writer() as con:
        _write_reference(con, "starter")
        result = starter.write(con, store, prepared, skipped)
    return result.lines()


def _rows(removed: dict[str, int]) -> str:
    return ", ".join(f"{table} {n:,}" for table, n in sorted(removed.items())) or "nothing"


# -- the demo store ------------------------------------------------------------------------------------------------


def demo_dir(directory: Path) -> Path:
    """Where `etl demo` builds the demo store when the store in use holds published data: beside it."""
    return Path(directory).parent / DEMO_STORE


def demo(store: Store, seed: int = DEMO_SEED) -> str:
    """`etl demo`: build (or rebuild) the demo store. It is the store in use if that holds no published data;
    otherwise the published store is left untouched and the demo store is built in its own folder beside it."""
    target = store
    if store.exists() and _state(store)[3]:
        target = Store(demo_dir(store.dir))
        if target.dir.resolve() == store.dir.resolve() or (target.exists() and _state(target)[3]):
            raise StoreError(f"{target.dir} holds published data, and demo data is never put beside it. "
                             "Set HUB_DATA_DIR to a new folder and run python -m etl demo again.")
    lines = [build_demo_store(target, seed)]
    if target is not store:
        lines.append(f"The store in {store.dir} holds published data and was not changed. Serve the demo store "
                     f"with ./run.sh --demo (or HUB_DATA_DIR={target.dir} ./run.sh).")
    return "\n".join(lines)


def demo_countries() -> list[str]:
    """Hub members plus a few neighbours and benchmarks, so that averages have something to compare with."""
    table = countries.country_table()
    members = table.loc[table["is_hub_member"], "iso3"].tolist()
    extra = [c for c in ("TKM", "MDA", "KOR", "DEU", "FIN", "POL") if c not in members]
    return sorted(members + extra)[:42]


def build_demo_store(store: Store, seed: int = DEMO_SEED) -> str:
    """A store of demo data only: reference data, generated indicators and generated respondent-level surveys,
    in one transaction, replacing any demo data it held. The same seed again changes nothing."""
    parsed = generate_demo(demo_countries(), seed=seed)
    text = parsed.observations.to_csv(index=False).encode()
    file_name = f"demo-data-seed-{seed}.csv"
    sha = hashlib.sha256(text).hexdigest()
    if store.exists():
        with store.reader() as con:
            if batches.active_batch_with_sha(con, sha) and _state(store)[1] == "demo":
                return f"The demo store in {store.dir} is up to date (seed {seed}); every figure in it is DEMO."
    prepared = prepare(parsed, file_name)
    surveys = survey_demo.generate(seed=seed)
    with store.writer() as con:
        if batches.holds_published(con):
            raise StoreError(f"{store.dir} holds published data; demo data is never put beside it.")
        batches.remove_demo(con)  # an earlier demo, whatever its seed
        _write_reference(con, "demo")
        counts = batches.write_batch(con, rows=prepared.rows, source=parsed.source, indicators=parsed.indicators,
                                     file_name=file_name, sha256=sha, kind="demo", user="demo",
                                     report=prepared.report.as_record())
        survey_ids = survey_demo.write_generated(con, surveys, "demo-staff-survey", user="demo")
    # generated from the seed, so no copy of the file is kept (History offers no download for it)
    return (f"Built the DEMO store in {store.dir}: generated indicators (batch {counts['batch_id']}, "
            f"{counts['added']:,} rows) and {len(survey_ids)} generated staff surveys. Every screen and export of "
            "it says DEMO; loading a published file into it removes the demo data.")
