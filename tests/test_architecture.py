"""The architecture as a checked contract: the import-linter layers hold, and an upward import breaks them."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
PACKAGES = CONFIG["root_packages"]
# The product's code: what the dashboard and the command line run (tests and benchmarks set up the environment of
# the processes they start, so they may touch os.environ).
PRODUCT = [*PACKAGES, "dashboard.py"]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT_IMPORTS, "--no-cache", "--no-logo", "--config", str(cwd / "pyproject.toml")],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def _copy(to: Path) -> None:
    """The packages' Python files and the contracts, as they are in the checkout."""
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            target = to / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    shutil.copyfile(ROOT / "pyproject.toml", to / "pyproject.toml")


def test_the_layers_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_package_is_in_a_layer() -> None:
    """A new top-level package is placed in the picture, not left outside the contracts."""
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")
                and any(p.glob("*.py"))} - {"tests", "bench", "scripts"}
    layers = next(c for c in CONFIG["contracts"] if c["id"] == "layers")["layers"]
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    assert packages == set(PACKAGES) == layered


# Each deliberate violation: (file, line added, what lint-imports must name).
VIOLATIONS = [
    ("core/settings.py", "import ui.state", "core.settings -> ui.state"),  # the bottom importing a screen
    ("store/versioned.py", "from analytics import compare", "store.versioned -> analytics.compare"),
    ("accounts/users.py", "import store", "accounts.users -> store"),  # siblings stay independent
    ("etl/load.py", "from reports import brief", "etl.load -> reports.brief"),
    ("charts/style.py", "import pages.compare", "charts.style -> pages.compare"),
    ("analytics/peers.py", "import streamlit", "analytics.peers -> streamlit"),  # plain Python, no Streamlit
    ("etl/read/cells.py", "from etl.write import batches", "etl.read.cells -> etl.write.batches"),  # inside etl/
    ("screens/common.py", "import streamlit", "screens.common -> streamlit"),  # view builders: plain Python
    ("screens/compare.py", "from ui import links", "screens.compare -> ui.links"),
]


@pytest.mark.parametrize(("file", "line", "named"), VIOLATIONS, ids=[v[2] for v in VIOLATIONS])
def test_an_upward_import_breaks_the_contract(tmp_path: Path, file: str, line: str, named: str) -> None:
    _copy(tmp_path)
    assert _lint_imports(tmp_path).returncode == 0  # the copy passes as the checkout does
    with open(tmp_path / file, "a", encoding="utf-8") as f:
        f.write(f"\n\ndef _deliberate():\n    {line}  # inside a function: still an import\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert named in result.stdout and "BROKEN" in result.stdout, result.stdout


PAGE_LINES = 79  # "each page under 80 lines" (issue 13)


def test_every_page_is_thin() -> None:
    """A page picks (widgets), calls a view builder (screens/) and renders (ui/): each file stays under 80 lines."""
    pages = sorted((ROOT / "pages").glob("*.py"))
    lines = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in pages}
    assert len(lines) >= 10  # every page is counted
    long = {name: n for name, n in lines.items() if n > PAGE_LINES}
    assert not long, f"pages over {PAGE_LINES} lines (move tables and statistics to screens/, widgets to ui/): {long}"


def _environment_uses(path: Path) -> list[str]:
    """Every os.environ / os.getenv / os.putenv / os.unsetenv in a file, however os was imported."""
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "putenv", "unsetenv", "environb"}:
            found.append(f"{where}:{node.lineno} {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                a.name in {"environ", "getenv", "putenv", "unsetenv"} for a in node.names):
            found.append(f"{where}:{node.lineno} from os import ...")
    return found


def test_only_the_settings_module_reads_the_environment() -> None:
    files = [ROOT / "dashboard.py", *(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))]
    uses = [use for path in files if path != ROOT / "core" / "settings.py" for use in _environment_uses(path)]
    assert not uses, "read or set the environment through core.settings:\n" + "\n".join(uses)
    assert _environment_uses(ROOT / "core" / "settings.py")  # the check finds what it looks for


def test_the_environment_check_finds_every_spelling(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom os import getenv\nimport os as o\nx = o.environ.get('A')\n"
                      "y = os.getenv('B')\nos.environ['C'] = '1'\n", encoding="utf-8")
    assert len(_environment_uses(sample)) == 4


# A statement's first word in capitals (prose reads "Select a country"), or a query's shape anywhere in a string.
SQL_START = re.compile(r"^\s*\(?\s*(SELECT|WITH|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|ATTACH|DETACH|COPY|"
                       r"BEGIN|COMMIT|ROLLBACK|CHECKPOINT|VACUUM|EXPORT|IMPORT|INSTALL|LOAD|SET|DESCRIBE|SUMMARIZE|"
                       r"FROM|PIVOT|UNPIVOT|TRUNCATE|UPSERT)(\s|$)")
SQL_SHAPE = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(OR\s+REPLACE\s+)?"
                       r"(TEMP\w*\s+)?(TABLE|VIEW|INDEX|MACRO|SEQUENCE)|JOIN\s+\w+\s+\w*\s*ON|WHERE\s+\w+\s*(=|IN\b|IS\b))",
                       re.DOTALL)
# The store package is where SQL lives (its .sql files, and the few statements store/*.py runs on itself).
SQL_HOME = "store"


def _reads_as_sql(text: str) -> bool:
    return bool(SQL_START.match(text) or SQL_SHAPE.search(text))


def _sql_strings(path: Path) -> list[str]:
    """Each string literal (f-strings too) of `path` that reads as SQL, as file:line and its start. An f-string is
    one hit, whether it reads as SQL whole or in one of its literal parts ("{cols} FROM t")."""
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        if id(node) in parts:  # read with its f-string
            continue
        if isinstance(node, ast.JoinedStr):
            literals = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values
                           if isinstance(v, ast.Constant | ast.FormattedValue))
            hit = _reads_as_sql(text) or any(map(_reads_as_sql, literals))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            hit = _reads_as_sql(text)
        else:
            continue
        if hit:
            found.append(f"{where}:{node.lineno} {text.strip()[:60]!r}")
    return found


# The one recorded exception: the recipe engine compiles each recipe (or a user's mapping) into a query, one SELECT
# per value column from the recipe's rules, joined into one view, over each sheet's table of row fields; what varies
# is the recipe, not a statement that could sit in a file. Every fixed statement of the engine is in
# store/queries/engine.sql. Listed by file and start, so any other SQL spelled in the engine still fails.
COMPILED = ("etl/recipes/engine.py:310 'CREATE TEMP VIEW raw_cells AS'",
            "etl/recipes/engine.py:529 'SELECT {} AS cname, {} AS ccode,",
            "etl/recipes/engine.py:539 'CREATE TEMP TABLE {}_rows AS SELECT *{} FROM {}'")


def test_no_sql_outside_the_store() -> None:
    """SQL lives in files: store/queries/*.sql, store/views/, store/migrations/ (and accounts/*.sql for the
    sign-in database); Python outside the store package names a statement, it does not spell one."""
    files = [ROOT / "dashboard.py", *(p for package in PACKAGES if package != SQL_HOME
                                      for p in (ROOT / package).rglob("*.py"))]
    found = [hit for path in files for hit in _sql_strings(path) if not hit.startswith(COMPILED)]
    assert not found, "move these statements into a .sql file (store/queries/):\n" + "\n".join(found)


def test_the_sql_check_finds_statements(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = "SELECT code FROM country WHERE iso3 = ?"\n'
        'b = f"DELETE FROM batch WHERE id IN ({1})"\n'
        'c = """\n    INSERT INTO observation (x) VALUES (?)"""\n'
        'd = "BEGIN IMMEDIATE"\n'
        'e = "SELECT 1"\n'
        'f = "country c JOIN batch b ON c.id = b.id"\n'
        'g = "Set the year in the form"\n'  # prose: not SQL
        'h = "From the file\'s first sheet"\n'
        'i = "Select a country to compare"\n'
        'j = f"{columns} FROM observation"\n', encoding="utf-8")  # read as SQL in its literal part
    hits = _sql_strings(sample)
    # one hit per string: an f-string (b, j) is not listed again for its literal parts
    assert [h.split()[0] for h in hits] == [f"{sample}:{n}" for n in (1, 2, 3, 5, 6, 7, 11)], hits
