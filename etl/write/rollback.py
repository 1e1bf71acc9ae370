"""Rolling a batch back: its rows removed, the rows it replaced restored, indicator and survey data alike."""

from __future__ import annotations

import duckdb

from etl.write import membership
from etl.write.batches import RollbackRefused, mark_current_editions
from etl.write.survey import rollback_survey_rows
from store.queries import sql


def rollback(con: duckdb.DuckDBPyConnection, batch_id: int, user: str) -> dict[str, int]:
    """Undo a batch: remove its rows and put back the rows it replaced; the batch stays listed as rolled back."""
    row = con.execute(sql("rollback", "batch_status"), [batch_id]).fetchone()
    if row is None:
        raise RollbackRefused(f"There is no batch {batch_id}. List them with: python -m etl batches")
    if row[0] != "active":
        raise RollbackRefused(f"Batch {batch_id} is already rolled back.")
    later = [r[0] for r in con.execute(sql("rollback", "later_replacing_batches"), [batch_id]).fetchall()]
    if later:
        names = ", ".join(map(str, later))
        raise RollbackRefused(
            f"Batch {batch_id} has values that later batch(es) {names} replaced. "
            f"Roll back {names} first, then {batch_id}."
        )
    removed = con.execute(sql("rollback", "delete_batch_observations"), [batch_id]).fetchone()[0]
    restored = con.execute(sql("rollback", "restore_replaced"), [batch_id]).fetchone()[0]
    con.execute(sql("rollback", "forget_replaced"), [batch_id])
    removed += rollback_survey_rows(con, batch_id)
    removed += membership.rollback_rows(con, batch_id)
    con.execute(sql("rollback", "delete_unused_sources"), [batch_id])
    con.execute(sql("rollback", "delete_unused_indicators"), [batch_id])
    con.execute(sql("rollback", "mark_rolled_back"), [user, batch_id])
    mark_current_editions(con)
    return {"removed": removed, "restored": restored}
