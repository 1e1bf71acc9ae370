"""Every setting is documented in the README's table; the limits read from the environment refuse nonsense."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import NormalDist

import pytest

from core import settings as settings_module
from core.settings import (
    CONFIDENCE,
    SHARED_MEMORY,
    SURVEY_MIN_N,
    VARIABLES,
    Z95,
    Settings,
    settings,
)
from tests.conftest import ROOT

# Read by ./run.sh, not by Python (documented in the same table).
SHELL_VARIABLES = {"PORT"}
PRODUCT = ["accounts", "analytics", "charts", "core", "etl", "pages", "reports", "store", "ui"]


def _readme_rows() -> list[tuple[str, str]]:
    """(variable, default) of each row of the README's settings table (the first table under "## Settings")."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## Settings\n")[1]
    table = section.split("\n\n")[0]
    return re.findall(r"^\| `([A-Z_]+)` \| ([^|]*) \|", table, re.M)


def test_every_setting_has_a_row_in_the_readme_table() -> None:
    names = [name for name, _ in _readme_rows()]
    table = set(names)
    assert set(VARIABLES) <= table, f"undocumented: {sorted(set(VARIABLES) - table)}"
    stray = table - set(VARIABLES) - SHELL_VARIABLES
    assert not stray, f"documented but not read: {sorted(stray)}"
    assert len(names) == len(table), f"documented twice: {sorted(n for n in table if names.count(n) > 1)}"


def test_every_field_has_its_variable_and_every_variable_read_is_listed() -> None:
    """VARIABLES (what the README must document) is the whole truth: each field of Settings has a variable, and
    settings() reads no variable that VARIABLES leaves out."""
    assert sorted(VARIABLES.values()) == sorted(f.name for f in dataclasses.fields(Settings))
    source = inspect.getsource(settings_module.settings)
    read = set(re.findall(r"\"([A-Z][A-Z0-9_]+)\"", source))
    # USER and LANG are the system's fallbacks for HUB_USER and HUB_LANG, documented in their rows
    assert read - {"USER", "LANG"} == set(VARIABLES), "settings() reads a variable VARIABLES does not list (or back)"


def test_documented_defaults_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    defaults = settings()
    numbers = {name: default.strip() for name, default in _readme_rows() if re.fullmatch(r"[\d.]+", default.strip())}
    assert len(numbers) >= 15  # the limits, the threshold, the lock-out
    for name, text in numbers.items():
        if name in VARIABLES:
            assert getattr(defaults, VARIABLES[name]) == float(text), f"{name}: the README says {text}"


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


# -- rules defined once ------------------------------------------------------------------------------------------


def _product_files() -> list[Path]:
    return [ROOT / "dashboard.py", *(p for package in PRODUCT for p in (ROOT / package).rglob("*.py"))]


def test_the_95_percent_quantile_is_defined_once() -> None:
    assert abs(Z95 - NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)) < 1e-15  # (1 ulp: NormalDist's last digit)
    again = []
    for path in _product_files():
        if path == ROOT / "core" / "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, float) and abs(node.value - 1.96) < 0.01:
                again.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
            if isinstance(node, ast.Attribute) and node.attr == "inv_cdf":
                again.append(f"{path.relative_to(ROOT)}:{node.lineno} inv_cdf")
    assert not again, "import Z95 from core.settings instead of:\n" + "\n".join(again)


def test_the_sql_views_use_the_same_constants() -> None:
    """SQL cannot import Python: every 1.96-like number in the store's SQL is Z95 to the last digit, and the survey
    threshold is spelled nowhere in SQL: the views read the one core.settings gives, as the store records it
    (store_info 'survey_min_n'; tests/store/test_views.py checks the recording and the suppression)."""
    sql = {p: p.read_text(encoding="utf-8") for p in (ROOT / "store").rglob("*.sql")}
    found = [(p, float(m)) for p, text in sql.items() for m in re.findall(r"\b1\.9\d*", text)]
    assert found and all(value == Z95 for _, value in found), found
    threshold = sql[ROOT / "store" / "views" / "survey_min_n.sql"]
    assert "key = 'survey_min_n'" in threshold and not re.search(rf"\b{SURVEY_MIN_N}\b", threshold)
    assert "FROM survey_min_n" in sql[ROOT / "store" / "views" / "survey_results.sql"]


def test_the_world_rank_rule_is_written_once() -> None:
    """Code decides what a world rank is only through store/views/world_ranks.sql (its column is_world_rank): no
    Python file spells the unit strings or the old SQL by code, and no other SQL file the unit strings."""
    again = []
    for path in (ROOT / "store").rglob("*.sql"):
        if path.name != "world_ranks.sql" and "percentile rank" in path.read_text(encoding="utf-8").lower():
            again.append(str(path.relative_to(ROOT)))
    for path in _product_files():
        if "strings" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                    "percentile rank" in node.value.lower() or ".pctrank" in node.value or "'rank'" in node.value):
                again.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:60]!r}")
    assert not again, "read is_world_rank (store/views/world_ranks.sql) instead of:\n" + "\n".join(again)


def test_the_reading_processes_job_folders_are_in_shared_memory_when_it_has_room(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUB_GUARD_DIR", raising=False)
    monkeypatch.setenv("HUB_GUARD_OUTPUT_MB", str(10**12))  # more than any machine's memory holds
    assert settings().guard_dir == Path(tempfile.gettempdir()) / "hub-guard"
    monkeypatch.setenv("HUB_GUARD_OUTPUT_MB", "1")
    room = os.statvfs(SHARED_MEMORY) if SHARED_MEMORY.is_dir() else None
    shared = room is not None and room.f_bavail * room.f_frsize > 1024 * 1024 and os.access(SHARED_MEMORY, os.W_OK)
    temp = Path(tempfile.gettempdir()) / "hub-guard"
    assert settings().guard_dir == (SHARED_MEMORY / "hub-guard" if shared else temp)
    monkeypatch.setenv("HUB_GUARD_DIR", str(tmp_path))
    assert settings().guard_dir == tmp_path


# numpy's and Arrow's huge page requests are off in the product's processes (no_huge_pages), unless the environment
# says otherwise
ASKS = ("import core, os; from numpy._core import multiarray; "
        "print(multiarray._set_madvise_hugepage(False), os.environ['MIMALLOC_ALLOW_THP'])")


def _asks_for_huge_pages(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("NUMPY_MADVISE_HUGEPAGE", "MIMALLOC_ALLOW_THP")}
    done = subprocess.run([sys.executable, "-c", ASKS], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**clean, "PYTHONPATH": str(ROOT), **env})
    return done.stdout.strip()


def test_numpy_and_arrow_ask_for_no_huge_pages_once_core_is_imported() -> None:
    assert _asks_for_huge_pages() == "False 0"  # mimalloc's setting is inherited by the reading processes


def test_the_environment_variables_still_decide() -> None:
    assert _asks_for_huge_pages(NUMPY_MADVISE_HUGEPAGE="1", MIMALLOC_ALLOW_THP="1") == "True 1"
