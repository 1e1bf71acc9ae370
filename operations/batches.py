"""Batches: the history of loads (indicator, survey and membership batches), what one holds, its file, rollback."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

import pandas as pd

from core.errors import HubError
from etl.write.rollback import rollback
from store import Store
from store.queries import sql

ROWS_SHOWN = 5000  # rows of one indicator batch listed (all of them are counted)


class NoSuchBatch(HubError):
    """A batch number the store does not hold."""

    code = "no_batch"


@dataclass(frozen=True)
class Batch:
    """One load: its file, what it did, who and when, its status; survey batches with their respondents."""

    batch_id: int
    file_name: str
    kind: str
    source_id: str | None
    rows_added: int
    rows_replaced: int
    rows_unchanged: int
    respondents: int | None  # respondent-level survey batches: respondents loaded (kept after a rollback)
    user_name: str
    loaded_at: datetime
    status: str  # active | rolled_back
    rolled_back_at: datetime | None
    rolled_back_by: str | None
    sha256: str
    survey_level: str | None  # survey batches: "respondent" or "aggregate"; None for other batches

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def is_survey(self) -> bool:
        return self.survey_level is not None


@dataclass(frozen=True)
class BatchContents:
    """What a batch holds now. `what`: "survey" (rows: its surveys with respondents, answers and results; never
    respondent rows), "membership" (rows: each country's status before and after) or "indicator" (rows: the first
    ROWS_SHOWN observations; `n` counts them all, `replaced` the stored values it replaced)."""

    batch: Batch
    what: str
    rows: pd.DataFrame
    n: int
    replaced: int = 0


@dataclass(frozen=True)
class RolledBack:
    """A rollback done: rows removed, and stored values put back."""

    batch_id: int
    removed: int
    restored: int


def list_batches(store: Store | None = None) -> list[Batch]:
    """Every batch, newest first."""
    with (store or Store()).reader() as con:
        rows = con.execute(sql("operations", "batches")).fetchall()
    return [Batch(*row) for row in rows]


def batches_frame(batches: list[Batch]) -> pd.DataFrame:
    """The batches as a table (one column per field, in order), for screens and the command line."""
    frame = pd.DataFrame([asdict(b) for b in batches], columns=[f.name for f in fields(Batch)])
    frame["loaded_at"] = pd.to_datetime(frame["loaded_at"])
    frame["rolled_back_at"] = pd.to_datetime(frame["rolled_back_at"])
    return frame.astype({"respondents": "Int64"})


def get_batch(batch_id: int, store: Store | None = None) -> Batch:
    found = next((b for b in list_batches(store) if b.batch_id == batch_id), None)
    if found is None:
        raise NoSuchBatch(f"There is no batch {batch_id}. List them with: python -m etl batches")
    return found


def batch_contents(batch_id: int, store: Store | None = None, limit: int = ROWS_SHOWN) -> BatchContents:
    """What the batch holds now (see BatchContents)."""
    store = store or Store()
    batch = get_batch(batch_id, store)
    with store.reader() as con:
        if batch.is_survey:
            rows = con.execute(sql("operations", "batch_surveys"), [batch_id]).df()
            return BatchContents(batch, "survey", rows, len(rows))
        changed = con.execute(sql("operations", "batch_membership"), [batch_id]).df()
        if len(changed):
            return BatchContents(batch, "membership", changed, len(changed))
        rows = con.execute(sql("operations", "batch_observations"), [batch_id, limit]).df()
        n, replaced = con.execute(sql("operations", "batch_counts"), [batch_id, batch_id]).fetchone()
    return BatchContents(batch, "indicator", rows, int(n), int(replaced))


def original_file(batch: Batch, store: Store | None = None) -> Path | None:
    """The file the batch was loaded from, as it came (the store keeps it under files/<sha256>), if still there."""
    path = (store or Store()).dir / "files" / batch.sha256
    return path if path.is_file() else None


def rollback_batch(batch_id: int, user: str, store: Store | None = None) -> RolledBack:
    """Undo a batch: its rows removed, the values it replaced restored, as one new version of the store.
    RollbackRefused (a HubError) when there is no such active batch or a later batch replaced its values."""
    with (store or Store()).writer() as con:
        result = rollback(con, batch_id, user=user)
    return RolledBack(batch_id, int(result["removed"]), int(result["restored"]))
