"""Hub membership edited by editors in the app: each save one batch (who, when, why, before and after), reversible.

The reference file data/reference/hub_members.csv is where membership starts; edits made in the app are kept in
the store (`membership_change`) and applied on top of it, also after `etl init` refreshes the reference tables."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.errors import HubError
from etl.harmonise.countries import HUB_CONFIRMED_GROUP, HUB_GROUP
from etl.write.batches import RollbackRefused, next_batch_id
from store.queries import sql

KIND = "membership"
FIELDS = ("is_member", "is_certain", "since", "note")


class MembershipError(HubError):
    """An edit that cannot be saved or undone; the message says why."""

    code = "membership"


@dataclass(frozen=True)
class Status:
    """One country's hub status."""

    is_member: bool
    is_certain: bool | None
    since: int | None
    note: str | None

    @classmethod
    def of(cls, row: dict) -> Status:
        def clean(v: object) -> object:
            return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v

        since, note, certain = clean(row.get("since")), clean(row.get("note")), clean(row.get("is_certain"))
        member = bool(clean(row.get("is_member")) or False)
        return cls(member, bool(certain) if certain is not None and member else (None if not member else False),
                   int(since) if since is not None and member else None,
                   (str(note).strip() or None) if note is not None and member else None)


def current(con: duckdb.DuckDBPyConnection) -> dict[str, Status]:
    """iso3 -> status of every country in the store."""
    rows = con.execute(sql("membership", "current")).fetchall()
    return {r[0]: Status(bool(r[1]), r[2], r[3], r[4]) for r in rows}


def changes(before: dict[str, Status], after: dict[str, Status]) -> dict[str, tuple[Status, Status]]:
    """iso3 -> (old, new) for every country whose status differs."""
    return {iso3: (before[iso3], new) for iso3, new in after.items() if iso3 in before and before[iso3] != new}


def save(con: duckdb.DuckDBPyConnection, after: dict[str, Status], user: str, reason: str) -> int | None:
    """Record and apply the statuses in `after` (iso3 -> new status) as one batch inside the open write
    transaction; returns the batch id, or None when nothing changes."""
    before = current(con)
    unknown = sorted(set(after) - set(before))
    if unknown:
        raise MembershipError(f"Unknown country codes: {', '.join(unknown)}")
    diff = changes(before, after)
    if not diff:
        return None
    if not reason.strip():
        raise MembershipError("Say what changed and why: the reason is kept with the batch.")
    record = {"reason": reason.strip(), "changes": {iso3: {"before": old.__dict__, "after": new.__dict__}
                                                     for iso3, (old, new) in sorted(diff.items())}}
    body = json.dumps(record, sort_keys=True, default=str)
    sha = hashlib.sha256(body.encode()).hexdigest()
    batch_id = next_batch_id(con)  # never a number used before, not even a removed demo batch's
    added = sum(1 for old, new in diff.values() if new.is_member and not old.is_member)
    con.execute(
        sql("membership", "record_batch"),
        [batch_id, "hub membership (edited in the app)", sha, KIND, added, len(diff) - added, user,
         json.dumps(record, ensure_ascii=False, default=str)])
    con.executemany(
        sql("membership", "record_change"),
        [[batch_id, iso3, old.is_member, old.is_certain, old.since, old.note, new.is_member, new.is_certain,
          new.since, new.note] for iso3, (old, new) in sorted(diff.items())])
    _apply(con, {iso3: new for iso3, (_, new) in diff.items()})
    return int(batch_id)


def _apply(con: duckdb.DuckDBPyConnection, statuses: dict[str, Status]) -> None:
    """Write statuses to `country` and keep the HUB and HUB_CONFIRMED groups in step with it."""
    con.executemany(
        sql("membership", "set_status"),
        [[s.is_member, s.is_certain, s.since, s.note, iso3] for iso3, s in statuses.items()])
    con.execute(sql("membership", "clear_hub_groups"), [HUB_GROUP, HUB_CONFIRMED_GROUP])
    con.execute(sql("membership", "fill_hub_group"), [HUB_GROUP])
    con.execute(sql("membership", "fill_confirmed_hub_group"), [HUB_CONFIRMED_GROUP])


def reapply(con: duckdb.DuckDBPyConnection) -> None:
    """Apply every active edit again, oldest first (after the reference tables were rebuilt from the files)."""
    rows = con.execute(sql("membership", "active_edits")).fetchall()
    if rows:
        _apply(con, {r[0]: Status(bool(r[1]), r[2], r[3], r[4]) for r in rows})


def rollback_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> int:
    """Undo a membership batch: each country back to its status before; refused when a later active edit changed
    the same country (undo that one first). Returns the countries restored."""
    rows = con.execute(sql("membership", "statuses_before"), [batch_id]).fetchall()
    if not rows:
        return 0
    later = [r[0] for r in con.execute(sql("membership", "later_edits"), [batch_id, batch_id]).fetchall()]
    if later:
        names = ", ".join(map(str, later))
        raise RollbackRefused(f"Batch {batch_id} changed countries that later batch(es) {names} changed again. "
                              f"Roll back {names} first, then {batch_id}.")
    _apply(con, {r[0]: Status(bool(r[1]), r[2], r[3], r[4]) for r in rows})
    return len(rows)


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every membership edit: batch, who, when, status, country, before and after."""
    return con.execute(sql("membership", "history")).df()
