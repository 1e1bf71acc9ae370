"""operations.briefs: a country brief as files from the store; refusals are HubErrors with a code."""

from __future__ import annotations

import pytest

from core.errors import HubError
from operations import briefs
from store import Store


def test_a_brief_of_the_starter_store(starter_store: Store) -> None:
    made = briefs.build_brief("kaz", lang="ru", formats=("docx",), max_charts=1, render=False, store=starter_store)
    (name, content) = made.files["docx"]
    assert made.brief.iso3 == "KAZ" and name.endswith("-KAZ-" + made.brief.group_code + "-ru.docx")
    assert content[:2] == b"PK" and len(content) > 10_000


@pytest.mark.parametrize(("iso3", "formats"), [("XXX", ("docx",)), ("KAZ", ("odt",))])
def test_what_cannot_be_briefed_is_refused(starter_store: Store, iso3: str, formats: tuple[str, ...]) -> None:
    with pytest.raises(briefs.BriefError) as refused:
        briefs.build_brief(iso3, formats=formats, render=False, store=starter_store)
    assert isinstance(refused.value, HubError) and refused.value.code
