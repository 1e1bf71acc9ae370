"""Named SQL statements read from .sql files (`-- name: <statement>` blocks, parsed by aiosql)."""

from functools import cache
from pathlib import Path

import aiosql


@cache
def _statements(path: Path) -> aiosql.queries.Queries:
    if not path.is_file():
        raise KeyError(f"no SQL file {path}")
    return aiosql.from_path(path, "duckdb", mandatory_parameters=False)


def statement(path: Path, name: str) -> str:
    """The text of `-- name: <name>` in the file at `path` (a KeyError names what is missing).

    Statements take the driver's own parameters (`?`, or `$name` in DuckDB); aiosql turns `:name` into `$name`."""
    statements = _statements(path)
    if name not in statements.available_queries:
        raise KeyError(f"no statement '{name}' in {path}")
    return getattr(statements, name).sql
