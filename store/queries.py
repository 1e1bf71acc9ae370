"""The SQL every other package runs: named statements in store/queries/<file>.sql, one file per module using them."""

from pathlib import Path

from core.sql import statement

FOLDER = Path(__file__).parent / "queries"


def sql(file: str, name: str) -> str:
    """The statement `-- name: <name>` of store/queries/<file>.sql."""
    return statement(FOLDER / f"{file}.sql", name)
