"""Shared fixtures: an isolated store per test and the real published files beside the checkout."""

from __future__ import annotations

import os
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
