"""Rolling a batch back: its rows removed, the rows it replaced restored, indicator and survey data alike."""

from __future__ import annotations

import duckdb

from etl.write import membership
from etl.write.batches import ROW_COLUMNS, RollbackRefused, mark_current_editions
from etl.write.survey import rollback_survey_rows


def rollback(con: duckdb.DuckDBPyConnection, batch_id: int, user: str) -> dict[str, int]:
    """Undo a batch: remove its rows and put back the rows it replaced; the batch stays listed as rolled back."""
    row = con.execute("SELECT status FROM load_batch WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None:
        raise RollbackRefused(f"There is no batch {batch_id}. List them with: python -m etl batches")
    if row[0] != "active":
        raise RollbackRefused(f"Batch {batch_id} is already rolled back.")
    later = [r[0] for r in con.execute(
        "SELECT DISTINCT r.replaced_by FROM observation_replaced r JOIN load_batch b "
        "ON b.batch_id = r.replaced_by WHERE r.batch_id = ? AND b.status = 'active' ORDER BY 1",
        [batch_id],
    ).fetchall()]
    if later:
        names = ", ".join(map(str, later))
        raise RollbackRefused(
            f"Batch {batch_id} has values that later batch(es) {names} replaced. "
            f"Roll back {names} first, then {batch_id}."
        )
    removed = con.execute("DELETE FROM observation WHERE batch_id = ?", [batch_id]).fetchone()[0]
    columns = ", ".join(ROW_COLUMNS)
    restored = con.execute(
        f"INSERT INTO observation ({columns}, batch_id) SELECT {columns}, batch_id FROM observation_replaced "
        "WHERE replaced_by = ?",
        [batch_id],
    ).fetchone()[0]
    con.execute("DELETE FROM observation_replaced WHERE replaced_by = ?", [batch_id])
    removed += rollback_survey_rows(con, batch_id)
    removed += membership.rollback_rows(con, batch_id)
    con.execute(
        "DELETE FROM source s WHERE s.batch_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM observation o WHERE o.source_id = s.source_id) AND NOT EXISTS "
        "(SELECT 1 FROM survey v WHERE v.source_id = s.source_id)",
        [batch_id],
    )
    con.execute(
        "DELETE FROM indicator i WHERE i.batch_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM observation o WHERE o.indicator_code = i.code)",
        [batch_id],
    )
    con.execute(
        "UPDATE load_batch SET status = 'rolled_back', rolled_back_at = current_localtimestamp(), "
        "rolled_back_by = ? WHERE batch_id = ?",
        [user, batch_id],
    )
    mark_current_editions(con)
    return {"removed": removed, "restored": restored}
