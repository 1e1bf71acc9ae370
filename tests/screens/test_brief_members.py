"""The brief's choices and the membership editor's changes, without Streamlit."""

from __future__ import annotations

from analytics import brief as queries
from analytics import compare, peers
from analytics.selection import TOTAL
from core.i18n import Language
from operations import members as operations_members
from screens import brief, members
from screens.reading import Read, direct
from store import Store


def test_a_brief_offers_the_country_s_groups_first_and_every_year(read: Read, lang: Language) -> None:
    names, default = brief.group_choices(read, "KAZ", TOTAL, lang)
    own, _ = read(brief.peer_groups, "KAZ")
    assert list(names)[:len(own)] == list(own["group_code"]) and default in names
    assert set(read(compare.groups)["group_code"]) <= set(names)
    indicators = read(compare.indicators)
    years = brief.years(indicators)
    assert years[0] == brief.LATEST and years[1] == indicators["last_year"].max()
    assert years[-1] == indicators["first_year"].min() and len(years) == len(set(years))
    assert "KAZ" in set(read(queries.countries_with_data)["iso3"])


def test_an_unchanged_membership_table_changes_nothing_and_an_edit_is_one_change(demo_store: Store) -> None:
    lang = Language("en")
    with demo_store.reader() as con:
        everyone = direct(con)(peers.membership)
    table = members.editor_table(everyone, ["ATA"], lang)
    hub = everyone[everyone["is_hub_member"].astype(bool)]
    assert len(table) == len(hub) + 1 and table["member"].all()
    unchanged = members.statuses(members.editor_table(everyone, [], lang))
    assert members.changes(operations_members.current(demo_store), unchanged) == {}
    edited = table[table["iso3"] != "ATA"].copy()
    first = edited["iso3"].iloc[0]
    edited.loc[edited["iso3"] == first, "confirmed"] = not bool(edited["confirmed"].iloc[0])
    diff = members.changes(operations_members.current(demo_store), members.statuses(edited))
    assert list(diff) == [first]
    shown = members.change_table(diff, members.names(everyone, lang), lang)
    assert list(shown["ISO3"]) == [first] and shown["→"].iloc[0] != shown["←"].iloc[0]
    batch = operations_members.save(members.statuses(edited), user="anna", reason="confirmed by letter",
                                    store=demo_store)
    assert batch is not None
    assert members.changes(operations_members.current(demo_store), members.statuses(edited)) == {}
    history = members.history(operations_members.edits(demo_store), members.names(everyone, lang))
    assert first in set(history["iso3"]) and list(history.columns) == members.HISTORY_COLUMNS
