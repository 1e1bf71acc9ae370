"""Every setting is documented in the README's table; the limits read from the environment refuse nonsense."""

from __future__ import annotations

import re

import pytest

from core.settings import VARIABLES, settings
from tests.conftest import ROOT


def test_every_setting_has_a_row_in_the_readme_table() -> None:
    table = {m.group(1) for m in re.finditer(r"^\| `([A-Z_]+)` \|", (ROOT / "README.md").read_text(), re.M)}
    assert set(VARIABLES) <= table, f"undocumented: {sorted(set(VARIABLES) - table)}"


def test_limits_come_from_the_environment_and_refuse_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_GUARD_MEMORY_MB", "512")
    monkeypatch.setenv("HUB_MAX_ZIP_RATIO", "50.5")
    assert (settings().guard_memory_mb, settings().max_zip_ratio) == (512, 50.5)
    monkeypatch.setenv("HUB_MAX_ROWS", "-3")
    with pytest.raises(ValueError, match="HUB_MAX_ROWS must be above 0"):
        settings()
    monkeypatch.setenv("HUB_MAX_ROWS", "many")
    with pytest.raises(ValueError, match="HUB_MAX_ROWS must be a number"):
        settings()
