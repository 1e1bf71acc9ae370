"""Hub membership edited by editors: each country's status now, an edit saved as one batch, the edits so far."""

from __future__ import annotations

import pandas as pd

from etl.write import membership
from etl.write.membership import MembershipError, Status
from store import Store

__all__ = ["MembershipError", "Status"]


def current(store: Store | None = None) -> dict[str, Status]:
    """Every country's hub status now (the reference file with the edits made in the app on top)."""
    with (store or Store()).reader() as con:
        return membership.current(con)


def save(after: dict[str, Status], *, user: str, reason: str, store: Store | None = None) -> int | None:
    """Save the statuses `after` as one batch (who, when, why, before and after; rolled back like any batch);
    its number, or None when nothing changes."""
    with (store or Store()).writer() as con:
        return membership.save(con, after, user=user, reason=reason)


def edits(store: Store | None = None) -> pd.DataFrame:
    """The membership edits made so far, newest first."""
    with (store or Store()).reader() as con:
        return membership.history(con)
