"""Hub membership as data with a status: averages over confirmed members, edits as batches, rollback."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import compare, peers
from etl.load import load_file
from etl.setup_store import init_store
from etl.write import membership
from etl.write.batches import RollbackRefused
from etl.write.rollback import rollback
from store import Store
from tests.conftest import ROOT, real_file

REFERENCE = pd.read_csv(ROOT / "data" / "reference" / "hub_members.csv")
CONFIRMED = sorted(REFERENCE.loc[REFERENCE["certain"], "iso3"])
LISTED = sorted(REFERENCE["iso3"])


def hub_groups(store: Store) -> tuple[list[str], list[str]]:
    with store.reader() as con:
        groups = compare.groups(con).set_index("group_code")
    return sorted(groups.loc["HUB", "members"]), sorted(groups.loc["HUB_CONFIRMED", "members"])


def test_confirmed_members_are_a_group_of_their_own(store: Store) -> None:
    init_store(store, starter_pack=False)
    assert hub_groups(store) == (LISTED, CONFIRMED)
    with store.reader() as con:
        table = peers.membership(con)
    confirmed = peers.hub_set(table, peers.CONFIRMED, "en")
    everyone = peers.hub_set(table, peers.ALL, "en")
    assert list(confirmed.members) == CONFIRMED and list(everyone.members) == LISTED
    assert confirmed.label(20, 2023, "en") == f"Hub average, {len(CONFIRMED)} confirmed members, 20 reporting in 2023"
    assert everyone.label(30, 2023, "en") == (f"Hub average, all {len(LISTED)} listed members ({len(CONFIRMED)} "
                                              "confirmed), 30 reporting in 2023")
    assert confirmed.label(20, 2023, "ru").startswith(f"Среднее по Хабу, {len(CONFIRMED)} подтверждённых")
    own = peers.hub_set(table, "own", "en", ("Caucasus", ["ARM", "AZE", "GEO"]))
    assert own.label(3, 2022, "en") == "Caucasus average, 3 countries, 3 reporting in 2022"


def test_the_real_wgi_hub_average_moves_when_unconfirmed_members_are_left_out(store: Store) -> None:
    """The issue's numbers: Government Effectiveness 2023, hub average over every listed member against the
    confirmed ones only, computed here from the published file itself."""
    init_store(store, starter_pack=False)
    load_file(real_file("wgi/wgidataset_2024_update.xlsx"), store=store)
    raw = pd.read_excel(real_file("wgi/wgidataset_2024_update.xlsx"), engine="calamine")
    ge = raw[(raw["indicator"] == "ge") & (raw["year"] == 2023)]
    ge = ge.assign(estimate=pd.to_numeric(ge["estimate"], errors="coerce")).dropna(subset=["estimate"])
    with store.reader() as con:
        values = compare.year_values(con, "wgi.ge", 2023, LISTED, 0)
        table = peers.membership(con)
    for choice, codes in ((peers.ALL, LISTED), (peers.CONFIRMED, CONFIRMED)):
        members = list(peers.hub_set(table, choice, "en").members)
        avg = compare.average(values, members, 2023)
        expected = ge.loc[ge["code"].isin(codes), "estimate"]
        assert avg.mean == pytest.approx(expected.mean(), abs=1e-12) and avg.n == len(expected)
    everyone = compare.average(values, LISTED, 2023).mean
    confirmed = compare.average(values, CONFIRMED, 2023).mean
    assert everyone > 0.2 and confirmed < 0.0  # 0.25 against -0.02: the choice matters, so the label says it


def status(store: Store) -> dict[str, membership.Status]:
    with store.reader() as con:
        return membership.current(con)


def test_an_edit_is_a_batch_that_rolls_back(store: Store) -> None:
    init_store(store, starter_pack=False)
    before = status(store)
    assert before["FIN"].is_member and not before["FIN"].is_certain
    with store.writer() as con:
        after = {"FIN": membership.Status(True, True, 2019, "confirmed by the Hub's secretariat, letter of 2024"),
                 "TKM": membership.Status(True, False, None, "observer"),
                 "USA": membership.Status(False, None, None, None)}
        batch = membership.save(con, after, user="anna", reason="Secretariat's 2024 list")
    now = status(store)
    assert now["FIN"].is_certain and now["FIN"].since == 2019 and now["TKM"].is_member and not now["USA"].is_member
    listed, confirmed = hub_groups(store)
    assert "TKM" in listed and "USA" not in listed and "FIN" in confirmed and "TKM" not in confirmed
    with store.reader() as con:
        row = con.execute("SELECT kind, user_name, status, rows_added, rows_replaced FROM load_batch "
                          "WHERE batch_id = ?", [batch]).fetchone()
        history = membership.history(con)
    assert row == ("membership", "anna", "active", 1, 2)
    assert set(history["iso3"]) == {"FIN", "TKM", "USA"} and (history["reason"] == "Secretariat's 2024 list").all()
    # Saving the same statuses again changes nothing: no batch.
    with store.writer() as con:
        assert membership.save(con, after, user="anna", reason="again") is None
    # A reason is required.
    with store.writer() as con, pytest.raises(membership.MembershipError):
        membership.save(con, {"FIN": before["FIN"]}, user="anna", reason=" ")
    # Edits survive a refresh of the reference tables (etl init after a change to the files).
    with store.writer() as con:
        from etl.setup_store import _write_reference
        _write_reference(con)
    assert status(store)["TKM"].is_member and hub_groups(store)[1].count("FIN") == 1
    # A later edit of the same country blocks rolling back the earlier one, until it is rolled back itself.
    with store.writer() as con:
        later = membership.save(con, {"FIN": membership.Status(True, False, 2019, "withdrawn")}, user="bob",
                                reason="correction")
    with store.writer() as con, pytest.raises(RollbackRefused, match=f"Roll back {later} first"):
        rollback(con, batch, user="anna")
    with store.writer() as con:
        rollback(con, later, user="anna")
        rollback(con, batch, user="anna")
    assert status(store) == before
    assert hub_groups(store) == (LISTED, CONFIRMED)


def test_a_row_of_the_editor_becomes_a_status() -> None:
    """The page's table rows (checkboxes, a year, a note) as statuses: a non-member keeps no confirmation or year."""
    row = {"is_member": True, "is_certain": True, "since": 2016.0, "note": " Hub letter "}
    assert membership.Status.of(row) == membership.Status(True, True, 2016, "Hub letter")
    gone = {"is_member": False, "is_certain": True, "since": 2016, "note": "left"}
    assert membership.Status.of(gone) == membership.Status(False, None, None, None)
    unsure = {"is_member": True, "is_certain": None, "since": pd.NA, "note": None}
    assert membership.Status.of(unsure) == membership.Status(True, False, None, None)


def test_an_edit_never_takes_the_number_of_a_removed_batch(store: Store) -> None:
    """Batch numbers are never used twice: after published data removed demo batches up to 50, a membership
    edit is batch 51, not the table's highest number plus one."""
    init_store(store, starter_pack=False)
    with store.writer() as con:
        con.execute("INSERT OR REPLACE INTO store_info VALUES ('last_removed_batch', '50')")
        batch = membership.save(con, {"TKM": membership.Status(True, False, None, "observer")}, user="anna",
                                reason="observer")
    assert batch == 51
