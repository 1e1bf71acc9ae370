"""The bad-file corpus: each file gets its exact problem (kind and place); the store stays byte-for-byte the same."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from core.errors import ValidationError
from etl.load import load_file
from etl.validate.review import review
from store import Store
from tests.fixtures.make_bad_files import CASES, make_all


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    make_all(folder)
    return folder


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Store:
    """A copy of the demo store: the jump and outlier cases are judged against its demo.time_to_hire values."""
    store = Store(tmp_path_factory.mktemp("store") / "store")
    shutil.copytree(demo_template, store.dir)
    return store


@pytest.fixture
def live(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("HUB_DATA_DIR", str(demo_store.dir))
    return demo_store


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_corpus_has_at_least_forty_files() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_reports_its_problem_and_changes_nothing(case, corpus: Path, live: Store) -> None:
    before = fingerprint(live.dir)
    path = corpus / case.name
    result = review(path, mapping=case.mapping, store=live)
    want = case.expected
    found = [p for p in (result.errors if want.severity == "error" else result.warnings) if want.message in p.message]
    assert found, f"{case.name}: no {want.severity} '{want.message}' among:\n" + "\n".join(map(str, result.problems))
    problem = found[0]
    assert problem.file == case.name
    assert (problem.sheet, problem.row, problem.column) == (want.sheet, want.row, want.column), str(problem)
    assert want.hint in problem.hint, str(problem)
    if want.severity == "error":
        assert not result.ok and result.prepared is None
        if case.mapping is None:  # the command line refuses it the same way
            with pytest.raises(ValidationError):
                load_file(path, store=live)
    assert fingerprint(live.dir) == before, "the store changed"
