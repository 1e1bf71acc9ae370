"""Building the store: schema and reference data from data/reference/, and the demo batch."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from core.settings import REFERENCE_DIR
from etl.demo.indicators import generate_demo
from etl.harmonise import countries
from etl.validate.prepare import LoadReport, prepare
from etl.write import batches
from etl.write.commit import keep_original
from etl.write.rollback import rollback
from store import Store

DEMO_SEED = 2013


def reference_fingerprint() -> str:
    """A hash of every reference file, to tell whether the store's reference tables are up to date."""
    h = hashlib.sha256()
    for path in sorted(REFERENCE_DIR.glob("*.csv")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def init_store(store: Store, *, with_demo: bool = True) -> str:
    """Create the store if missing (with demo data unless told not to); refresh reference data if changed."""
    fingerprint = reference_fingerprint()
    if store.exists():
        with store.reader() as con:
            row = con.execute("SELECT value FROM store_info WHERE key = 'reference'").fetchone()
        if row and row[0] == fingerprint:
            return "The store is up to date."
        with store.writer() as con:
            _write_reference(con, fingerprint)
        return "Reference data (countries, groups, indicator catalogue) refreshed."
    with store.writer() as con:
        _write_reference(con, fingerprint)
    if not with_demo:
        return f"Created an empty store in {store.dir}."
    report = rebuild_demo(store)
    return f"Created the store in {store.dir} with demo data (batch {report.batch_id}, {report.added} rows)."


def _write_reference(con, fingerprint: str) -> None:
    batches.refresh_reference(con)
    con.execute("INSERT OR REPLACE INTO store_info VALUES ('reference', ?)", [fingerprint])


def demo_countries() -> list[str]:
    """Hub members plus a few neighbours and benchmarks, so that averages have something to compare with."""
    table = countries.country_table()
    members = table.loc[table["is_hub_member"], "iso3"].tolist()
    extra = [c for c in ("TKM", "MDA", "KOR", "DEU", "FIN", "POL") if c not in members]
    return sorted(members + extra)[:42]


def rebuild_demo(store: Store, seed: int = DEMO_SEED) -> LoadReport:
    """Replace the demo batch with one generated from `seed`; the same seed again changes nothing."""
    parsed = generate_demo(demo_countries(), seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"demo-data-seed-{seed}.csv"
        parsed.observations.to_csv(path, index=False)
        prepared = prepare(parsed, path.name)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        report = prepared.report
        with store.reader() as con:
            found = batches.active_batch_with_sha(con, sha)
        if found:
            report.already_loaded = found[0]
            return report
        with store.writer() as con:
            old = con.execute(
                "SELECT batch_id FROM load_batch WHERE kind = 'demo' AND status = 'active' ORDER BY batch_id DESC"
            ).fetchall()
            for (batch_id,) in old:
                rollback(con, batch_id, user="demo")
            counts = batches.write_batch(
                con, rows=prepared.rows, source=parsed.source, indicators=parsed.indicators,
                file_name=path.name, sha256=sha, kind="demo", user="demo", report=report.as_record(),
            )
            keep_original(store, path, sha)
    report.batch_id = counts["batch_id"]
    report.added, report.replaced, report.unchanged = counts["added"], counts["replaced"], counts["unchanged"]
    return report
