"""The starter pack: the published files shipped byte for byte with provenance, and the default store built from it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from core.errors import ValidationError
from etl import starter
from etl.setup_store import build_demo_store, init_store
from store import Store
from tests.conftest import REAL_DATA, ROOT, real_file

PUBLISHED = {"wgi", "egdi", "cpi", "gsps", "uk_csps", "bipa"}  # what `etl init` loads


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_shipped_files_are_the_published_files_byte_for_byte() -> None:
    entries = starter.manifest()
    assert entries
    for entry in entries:
        assert sha256(entry.path) == entry.sha256 == sha256(real_file(entry.file)), entry.file
        assert entry.path.stat().st_size == entry.bytes
    assert starter.verify(entries) == []


def test_every_file_marked_for_the_starter_pack_is_shipped_and_nothing_else() -> None:
    readme = (REAL_DATA / "README.md").read_text(encoding="utf-8")
    marked = {f for line in readme.splitlines() if "starter pack: yes" in line
              for f in re.findall(r"`([\w./-]+\.(?:csv|xlsx))`", line.split("|")[1])}
    assert len(marked) == 9, marked
    listed = {e.file for e in starter.manifest()}
    assert listed == marked
    shipped = {str(p.relative_to(starter.STARTER_DIR)) for p in starter.STARTER_DIR.rglob("*") if p.is_file()}
    assert shipped - listed == {"MANIFEST.csv", "README.md"}


def test_the_manifest_gives_every_file_its_provenance() -> None:
    for entry in starter.manifest():
        assert entry.publisher and entry.licence and entry.title and entry.provenance, entry.file
        assert entry.url.startswith("https://"), entry.file
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", entry.received), entry.file
        assert entry.load in ("yes", "later", "no")
        if entry.load == "yes":
            assert entry.loader, f"{entry.file}: a file to load names its loader"
        else:
            assert entry.note, f"{entry.file}: a file left out says why"
    by_dataset = {e.dataset: e for e in starter.manifest()}
    assert "CC BY-ND" in by_dataset["cpi"].licence and "DERIVED" in by_dataset["gsps"].provenance
    assert {e.file: e.load for e in starter.manifest() if e.dataset == "bipa"} == {
        "bipa/bipa2024_all_data.csv": "yes", "bipa/bipa2024_index_domains_wide.csv": "no",
        "bipa/bipa2024_index_themes_wide.csv": "no", "bipa/bipa2024_data_structure.csv": "no"}


def test_the_wide_blavatnik_files_left_out_hold_the_same_figures_as_the_long_one_loaded() -> None:
    from etl.recipes.parse import parse

    def figures(name: str) -> dict:
        obs = parse(starter.STARTER_DIR / "bipa" / name).observations
        return {(r.indicator_code, r.country_code, r.year): r.value for r in obs.itertuples()}

    every = figures("bipa2024_all_data.csv")
    for wide in ("bipa2024_index_domains_wide.csv", "bipa2024_index_themes_wide.csv"):
        found = figures(wide)
        published = {k: v for k, v in found.items() if v == v}  # the long file leaves out what the wide ones mark NA
        assert len(published) > 1000 and all(every[k] == v for k, v in published.items())
        assert {k[0] for k in found} <= {k[0] for k in every}


def test_the_default_store_holds_the_published_data_and_nothing_else(starter_store: Store) -> None:
    with starter_store.reader() as con:
        sources = con.execute("SELECT dataset, edition, is_demo, is_current FROM source ORDER BY 1").fetchall()
        demo_indicators = con.execute("SELECT count(*) FROM indicator WHERE dataset = 'demo'").fetchone()[0]
        loads = con.execute("SELECT file_name, sha256, user_name, status FROM load_batch ORDER BY batch_id").fetchall()
        ge = con.execute("SELECT value, std_error FROM v_observations WHERE indicator_code = 'wgi.ge' AND iso3 = 'KAZ' "
                         "AND year = 2023 AND breakdown = ''").fetchall()
        egdi = con.execute("SELECT value FROM v_observations WHERE indicator_code = 'egdi.egdi' AND iso3 = 'KAZ'"
                           ).fetchall()
        cpi = con.execute("SELECT value FROM v_observations WHERE indicator_code = 'cpi.score' AND iso3 = 'GEO' "
                          "AND year IN (2021, 2023) ORDER BY year").fetchall()
        arm = con.execute("SELECT value FROM v_survey_results WHERE iso3 = 'ARM' AND year = 2023 "
                          "AND question_label = 'Job satisfaction'").fetchall()
        ees = con.execute("SELECT value FROM v_survey_results WHERE iso3 = 'GBR' AND year = 2020 "
                          "AND question_code = 'EES'").fetchall()
        bipa = con.execute("SELECT value FROM v_observations WHERE indicator_code = 'bipa.bipa_index' "
                           "AND iso3 = 'KAZ'").fetchall()
    assert {s[0] for s in sources} == PUBLISHED and not any(s[2] for s in sources) and all(s[3] for s in sources)
    assert demo_indicators == 0
    manifest = {e.path.name: e for e in starter.manifest()}
    for name, sha, user, status in loads:
        assert manifest[name].sha256 == sha and user == starter.USER and status == "active"
        assert (starter_store.dir / "files" / sha).read_bytes() == manifest[name].path.read_bytes()
    assert ge == [(0.14681467413902283, 0.25837579369544983)]
    assert egdi == [(0.8628,)] and cpi == [(55.0,), (53.0,)]
    assert arm == [(0.708891595615104,)] and ees == [(0.64,)]
    assert bipa == [(0.6,)]  # the reference value


def test_init_again_changes_nothing_and_says_so(starter_store: Store) -> None:
    before = starter_store.current_path()
    done = subprocess.run([sys.executable, "-m", "etl", "init"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "HUB_DATA_DIR": str(starter_store.dir),
                                            "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout and starter_store.current_path() == before


@pytest.fixture
def small_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[starter.Entry]:
    """A starter pack of two small files (the UN E-Government Survey, the UK People Survey) and one left for later,
    in a folder of its own, so the store builds in seconds."""
    folder = tmp_path / "starter"
    keep = {"egdi/EGOV_DATA_2022.csv", "surveys/Civil_Service_People_Survey_2009_to_2020_Mean_Benchmark_Scores.csv",
            "bipa/bipa2024_index_domains_wide.csv"}
    entries = [replace(e, load="later", note="waits for its recipe") if e.dataset == "bipa" else e
               for e in starter.manifest() if e.file in keep]
    for e in entries:
        (folder / e.file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(e.path, folder / e.file)
    monkeypatch.setattr(starter, "STARTER_DIR", folder)
    monkeypatch.setattr(starter, "manifest", lambda: entries)
    return entries


def test_the_store_is_built_in_one_go_and_lists_what_waits(store: Store, small_pack) -> None:
    said = init_store(store)
    assert "EGOV_DATA_2022.csv: loaded as batch 1" in said and "loaded as batch 2" in said
    assert "bipa/bipa2024_index_domains_wide.csv: not loaded (later)" in said and "recipe" in said
    with store.reader() as con:
        assert [r[0] for r in con.execute("SELECT dataset FROM source ORDER BY 1").fetchall()] == ["egdi", "uk_csps"]
    assert len(store._versions()) == 1  # one transaction: one published version


def test_a_changed_starter_file_is_refused_and_no_store_is_made(store: Store, small_pack) -> None:
    changed = starter.STARTER_DIR / small_pack[0].file
    changed.write_bytes(changed.read_bytes().replace(b"Kazakhstan", b"Kazakhstn"))
    with pytest.raises(ValidationError) as caught:
        init_store(store)
    assert any(str(changed) == p.file and "sha256" in p.message for p in caught.value.problems)
    assert not store.exists()


def test_an_old_default_store_of_demo_data_gets_the_starter_pack(store: Store, small_pack) -> None:
    build_demo_store(store)
    with store.writer() as con:  # as a store made before `etl demo` marked its stores
        con.execute("DELETE FROM store_info WHERE key = 'made_by'")
    said = init_store(store)
    assert "held demo data only" in said and "removed the demo data" in said
    with store.reader() as con:
        assert con.execute("SELECT count(*) FROM source WHERE is_demo").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM source").fetchone()[0] == 2


def test_a_store_made_before_breakdowns_gets_the_column_with_every_row_a_total(store: Store, small_pack,
                                                                                 monkeypatch) -> None:
    monkeypatch.setattr(starter, "manifest", lambda: [replace(small_pack[0])])
    init_store(store)
    # the layout of an older store, made in its live file: no breakdown column, an older fingerprint
    with duckdb.connect(str(store.current_path())) as con:
        for view in ("v_observations", "figure", "observation_chosen", "indicator_country_listed"):
            con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT 1 AS x")
        con.execute("DROP TABLE IF EXISTS summary_indicator_country")
        con.execute("ALTER TABLE observation DROP COLUMN breakdown")
        con.execute("UPDATE store_info SET value = 'older' WHERE key = 'reference'")
    assert "brought up to date" in init_store(store)
    with store.reader() as con:
        assert con.execute("SELECT DISTINCT breakdown FROM observation").fetchall() == [("",)]
        assert con.execute("SELECT value FROM figure WHERE iso3 = 'KAZ' AND indicator_code = 'egdi.egdi'"
                           ).fetchall() == [(0.8628,)]
