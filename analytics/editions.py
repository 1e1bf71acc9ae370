"""Editions of a dataset side by side: which values a later edition revised, so a revision is never silent."""

from __future__ import annotations

import duckdb
import pandas as pd

from core.errors import HubError
from store.queries import sql

QUERIES = "analytics/editions"


class EditionError(HubError):
    """A dataset or edition that is not in the store; the message lists what is."""

    code = "edition"


def editions(con: duckdb.DuckDBPyConnection, dataset: str) -> pd.DataFrame:
    """The editions of `dataset` in the store, oldest first (by the first year the edition names, then by load, as
    the current edition is chosen): source_id, edition, is_current, is_demo, observations, first_batch."""
    return con.execute(sql(QUERIES, "editions"), [dataset]).df()


def observed_datasets(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Datasets holding indicator observations: their editions can be picked (survey programmes pick their own)."""
    return [r[0] for r in con.execute(sql(QUERIES, "observed_datasets")).fetchall()]


def pick(con: duckdb.DuckDBPyConnection, dataset: str, old: str | None = None,
         new: str | None = None) -> tuple[str, str]:
    """(old, new) source_ids to compare: the editions named (by edition or source_id), else the current edition
    and the latest before it."""
    found = editions(con, dataset)
    if found.empty:
        datasets = [r[0] for r in con.execute(sql(QUERIES, "datasets")).fetchall()]
        raise EditionError(f"No dataset {dataset!r} in the store. Datasets: {', '.join(datasets) or 'none'}.")
    listing = ", ".join(found["edition"])

    def named(text: str) -> str:
        hit = found[(found["edition"] == text) | (found["source_id"] == text)]
        if hit.empty:
            raise EditionError(f"{dataset} has no edition {text!r}. Editions in the store: {listing}.")
        return str(hit["source_id"].iloc[0])

    if len(found) < 2 and not (old and new):
        raise EditionError(f"{dataset} has one edition in the store ({listing}): load another edition to "
                           "compare them.")
    ids = found["source_id"].astype(str).tolist()
    current = str(found.loc[found["is_current"], "source_id"].iloc[0]) if found["is_current"].any() else ids[-1]
    new_id = named(new) if new else current
    at = ids.index(new_id)  # by default the edition just before the new one (or after it, if it is the oldest)
    old_id = named(old) if old else ids[at - 1] if at > 0 else ids[at + 1]
    if old_id == new_id:
        raise EditionError(f"Both sides are {old_id}: name two different editions ({listing}).")
    return old_id, new_id


def changes(con: duckdb.DuckDBPyConnection, old: str, new: str) -> pd.DataFrame:
    """Values present in both editions that differ: key, old, new, difference (new - old); a value published in
    one edition and missing in the other counts as changed (difference NaN). Sorted by the largest change."""
    return con.execute(sql(QUERIES, "changes"), {"old": old, "new": new}).df()


def summary(con: duckdb.DuckDBPyConnection, old: str, new: str) -> dict[str, int]:
    """Counts of keys: in both and unchanged, in both and revised, only in the old, only in the new edition."""
    row = con.execute(sql(QUERIES, "summary"), {"old": old, "new": new}).fetchone()
    return dict(zip(("unchanged", "revised", "only_old", "only_new"), (int(x) for x in row), strict=True))
