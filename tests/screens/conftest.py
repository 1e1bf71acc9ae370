"""The view builders read a store through screens.reading.direct: no Streamlit, no cache."""

from collections.abc import Iterator

import pytest

from core.i18n import Language
from screens.reading import Read, direct
from store import Store


@pytest.fixture
def read(demo_store: Store) -> Iterator[Read]:
    """Reading the demo store (generated indicators and staff surveys, 38 hub participants)."""
    con = demo_store.reader()
    yield direct(con)
    con.close()


@pytest.fixture(params=["en", "kk"])
def lang(request: pytest.FixtureRequest) -> Language:
    return Language(request.param)
