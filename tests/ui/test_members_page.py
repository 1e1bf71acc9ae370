"""The hub-membership page: editors only, the table editor of members, changes listed with their batch."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from etl.setup_store import init_store
from etl.write import membership
from store import Store
from tests.conftest import ROOT


def open_members(user: tuple[str, str] | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    if user:
        at.session_state["up_user"] = user
    at.switch_page("pages/members.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_viewers_are_turned_away(store: Store) -> None:
    init_store(store, starter_pack=False)
    at = open_members(None)
    assert any("editor" in e.value.lower() for e in at.error)
    assert not at.dataframe
    at = open_members(("vera", "viewer"))
    assert any("editor" in e.value.lower() for e in at.error)


def test_editors_see_every_member_and_the_history_of_edits(store: Store) -> None:
    init_store(store, starter_pack=False)
    at = open_members(("anna", "editor"))
    assert at.title[0].value == "Hub membership"
    table = at.dataframe[0].value  # the table editor
    assert len(table) == 38 and {"member", "confirmed", "since", "note"} <= set(table.columns)
    assert int(table["confirmed"].sum()) == 22
    assert any("38 members, 22 of them confirmed" in c.value for c in at.caption)
    # Adding a country puts it in the editor as a member to confirm.
    at.multiselect(key="vw_members_add").set_value(["TKM"])
    at.run()
    assert "TKM" in set(at.dataframe[0].value["iso3"])
    assert "Turkmenistan" in at.dataframe[1].value.to_string()  # listed among the changes to save
    assert at.button(key="vw_members_save").disabled  # not without a reason
    at.text_input(key="vw_members_reason").set_value("observer since 2025")
    at.run()
    at.button(key="vw_members_save").click()
    at.run()
    assert not at.exception, [e.stack_trace for e in at.exception]
    assert any("Saved as batch" in s.value for s in at.success)
    with store.reader() as con:
        assert membership.current(con)["TKM"].is_member
        history = membership.history(con)
    assert history.iloc[0]["reason"] == "observer since 2025" and history.iloc[0]["user_name"] == "anna"
