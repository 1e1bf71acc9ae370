"""operations.members: a hub-membership edit is one batch, shown in the history and rolled back like any other."""

from __future__ import annotations

from operations import batches, members
from store import Store


def test_a_membership_edit_is_a_batch_listed_shown_and_rolled_back(fresh: Store) -> None:
    before = members.current(fresh)
    assert not before["TKM"].is_member
    batch = members.save({**before, "TKM": members.Status(True, False, 2025, None)}, user="anna",
                         reason="observer since 2025", store=fresh)
    assert members.current(fresh)["TKM"].is_member
    assert members.edits(fresh).iloc[0]["reason"] == "observer since 2025"
    shown = batches.batch_contents(batch, fresh)
    assert shown.what == "membership" and shown.n == 1 and shown.rows["iso3"].tolist() == ["TKM"]
    batches.rollback_batch(batch, "anna", fresh)
    assert not members.current(fresh)["TKM"].is_member
