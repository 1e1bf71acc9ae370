"""Demo data kept apart: a store of its own, removed to the last row when published data arrives, never beside it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from core.errors import ValidationError
from etl.load import load_file
from etl.setup_store import build_demo_store, demo_dir
from etl.templates.surveys import aggregate_template
from store import Store, StoreError
from tests.conftest import ROOT, real_file

# Columns through which a row can belong to demo data, and the demo identifiers they would hold.
LINKS = {"batch_id": "batches", "replaced_by": "batches", "source_id": "sources", "survey_id": "surveys",
         "indicator_code": "indicators", "code": "indicators", "dataset": "datasets", "bank": "banks"}


def cli(store_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "HUB_DATA_DIR": str(store_dir), "PYTHONPATH": str(ROOT)})


def demo_identifiers(store: Store) -> dict[str, set]:
    """Everything that marks a row as demo data: its batches, sources, surveys, indicators, datasets, banks."""
    with store.reader() as con:
        one = lambda sql: {r[0] for r in con.execute(sql).fetchall()}  # noqa: E731
        found = {
            "sources": one("SELECT source_id FROM source WHERE is_demo"),
            "datasets": one("SELECT dataset FROM source WHERE is_demo"),
            "batches": one("SELECT b.batch_id FROM load_batch b JOIN source s USING (source_id) WHERE s.is_demo"),
            "surveys": one("SELECT survey_id FROM survey JOIN source USING (source_id) WHERE is_demo"),
            "indicators": one("SELECT code FROM indicator WHERE dataset IN (SELECT dataset FROM source WHERE is_demo)"),
            "banks": one("SELECT DISTINCT bank FROM survey JOIN source USING (source_id) WHERE is_demo"),
        }
    return found


def demo_rows(store: Store, demo: dict[str, set]) -> tuple[dict[str, int], set[str]]:
    """Per table, the rows that belong to demo data; and the set of every table of the store that was looked at."""
    found, looked = {}, set()
    with store.reader() as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall()]
        for table in tables:
            looked.add(table)
            columns = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                                 "WHERE table_name = ? AND table_schema = 'main'", [table]).fetchall()]
            tests = [f"list_contains(?, {c}::VARCHAR)" for c in columns if c in LINKS and demo[LINKS[c]]]
            params = [sorted(map(str, demo[LINKS[c]])) for c in columns if c in LINKS and demo[LINKS[c]]]
            if "is_demo" in columns:
                tests.append("is_demo")
            if not tests:
                continue
            n = con.execute(f"SELECT count(*) FROM {table} WHERE {' OR '.join(tests)}", params).fetchone()[0]
            if n:
                found[table] = n
    return found, looked


def test_etl_demo_then_a_published_file_leaves_no_demo_row_anywhere(store: Store) -> None:
    done = cli(store.dir, "demo")
    assert done.returncode == 0, done.stderr
    assert "DEMO store" in done.stdout
    demo = demo_identifiers(store)
    before, tables = demo_rows(store, demo)
    # the demo store holds generated indicators and surveys, with their batches, in many tables
    assert {"source", "load_batch", "observation", "indicator", "survey", "survey_question", "survey_respondent",
            "survey_answer", "survey_cell"} <= set(before), before
    with store.reader() as con:
        assert con.execute("SELECT value FROM store_info WHERE key = 'made_by'").fetchone() == ("demo",)

    done = cli(store.dir, "load", str(real_file("egdi/EGOV_DATA_2022.csv")))
    assert done.returncode == 0, done.stderr
    assert "removed the demo data this store held, in the same transaction" in done.stdout

    after, looked = demo_rows(store, demo)
    assert after == {}, f"demo rows left: {after}"
    assert looked == tables and len(looked) >= 15  # every table of the store was looked at
    with store.reader() as con:
        assert con.execute("SELECT dataset FROM source").fetchall() == [("egdi",)]
        assert con.execute("SELECT count(*) FROM v_observations WHERE is_demo").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM v_survey_results").fetchone()[0] == 0
        (report,) = con.execute("SELECT report FROM load_batch").fetchone()
    removed = json.loads(report)["demo_removed"]
    assert removed["observation"] == before["observation"] and removed["survey"] == before["survey"]
    assert sorted(p.name for p in (store.dir / "files").iterdir()) == [
        hashlib.sha256(real_file("egdi/EGOV_DATA_2022.csv").read_bytes()).hexdigest()]


def test_etl_demo_beside_a_store_of_published_data_leaves_it_untouched(starter_store: Store) -> None:
    def fingerprint() -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in starter_store.dir.rglob("*")
                if p.is_file() and p.name != "writer.lock"}

    before = fingerprint()
    done = cli(starter_store.dir, "demo")
    assert done.returncode == 0, done.stderr
    beside = Store(demo_dir(starter_store.dir))
    assert f"Built the DEMO store in {beside.dir}" in done.stdout and "./run.sh --demo" in done.stdout
    assert fingerprint() == before
    with beside.reader() as con:
        assert con.execute("SELECT bool_and(is_demo), count(*) > 0 FROM source").fetchone() == (True, True)
    again = cli(starter_store.dir, "demo")
    assert again.returncode == 0 and "up to date" in again.stdout


def test_demo_data_is_never_put_beside_published_data(starter_store: Store, tmp_path: Path) -> None:
    version = starter_store.current_path()
    with pytest.raises(StoreError):
        build_demo_store(starter_store)
    fields = {"dataset": "drill", "survey_name": "Practice survey", "publisher": "Hub", "licence": "none",
              "edition": "2025", "demo": "yes"}
    path = tmp_path / "practice.xlsx"
    path.write_bytes(aggregate_template(fields, pd.DataFrame([{"country": "KAZ", "year": 2025, "question_code": "Q1",
                                                               "question_text": "Job satisfaction", "measure": "share",
                                                               "n": 120, "value": 0.7}])))
    with pytest.raises(ValidationError) as caught:
        load_file(path, store=starter_store)
    assert "demo data is never loaded beside published data" in caught.value.title
    assert "python -m etl demo" in caught.value.problems[0].hint
    assert starter_store.current_path() == version
