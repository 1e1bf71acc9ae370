"""Shared fixtures: an isolated store per test and the real published files beside the checkout."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Store

ROOT = Path(__file__).resolve().parents[1]
REAL_DATA = ROOT.parent / "shared" / "real-data"
# The tests expect English wherever they do not ask for a language (HUB_LANG / LANG would change the default).
os.environ["HUB_LANG"] = "en"


def real_file(relative: str) -> Path:
    """A file from ../shared/real-data; a missing one fails the test loudly (never skips)."""
    path = REAL_DATA / relative
    assert path.is_file(), f"real test data missing: {path} (tests expect ../shared/real-data beside the checkout)"
    return path


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """An empty store folder used by everything in the test, the CLI included (via HUB_DATA_DIR)."""
    directory = tmp_path / "store"
    monkeypatch.setenv("HUB_DATA_DIR", str(directory))
    return Store(directory)


# Built once per test session and copied into each test's own store folder (copying takes milliseconds; the
# starter pack takes a minute to load, the demo store several seconds).


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path, for the HUB_GUARD_DIR of a process reading files through the guard:
    the socket of its fork server (<HUB_GUARD_DIR>/<pid>-server/listener-XXXXXXXX) must fit Unix's 107 bytes,
    which a tmp_path (deeper still in a pytest-xdist worker's folder) does not."""
    folder = Path(tempfile.mkdtemp(prefix="hub-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def starter_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default store as `./run.sh` builds it: the starter pack of published files (python -m etl init)."""
    from etl.setup_store import init_store

    folder = tmp_path_factory.mktemp("templates") / "starter"
    init_store(Store(folder))
    return folder


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store as `python -m etl demo` builds it: generated indicators and staff surveys, marked demo."""
    from etl.setup_store import build_demo_store

    folder = tmp_path_factory.mktemp("templates") / "demo"
    build_demo_store(Store(folder))
    return folder


@pytest.fixture
def starter_store(store: Store, starter_template: Path) -> Store:
    """This test's own copy of the default (starter pack) store, used by the CLI too (HUB_DATA_DIR)."""
    shutil.copytree(starter_template, store.dir)
    return store


@pytest.fixture
def demo_store(store: Store, demo_template: Path) -> Store:
    """This test's own copy of a demo store, for tests about demo content or the DEMO marking."""
    shutil.copytree(demo_template, store.dir)
    return store


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Workbooks built to break readers (tests/fixtures/hostile.py), made once per test session."""
    from tests.fixtures import hostile

    folder = tmp_path_factory.mktemp("hostile")
    return {"far_corner": hostile.far_corner(folder / "far_corner.xlsx"),
            "strings_bomb": hostile.shared_strings_bomb(folder / "strings_bomb.xlsx"),
            "million_rows": hostile.million_rows(folder / "million_rows.xlsx")}
