"""Shared fixtures: an isolated store per test and the real published files beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import Store

ROOT = Path(__file__).resolve().parents[1]
REAL_DATA = ROOT.parent / "shared" / "real-data"


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


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Workbooks built to break readers (tests/fixtures/hostile.py), made once per test session."""
    from tests.fixtures import hostile

    folder = tmp_path_factory.mktemp("hostile")
    return {"far_corner": hostile.far_corner(folder / "far_corner.xlsx"),
            "strings_bomb": hostile.shared_strings_bomb(folder / "strings_bomb.xlsx"),
            "million_rows": hostile.million_rows(folder / "million_rows.xlsx")}
