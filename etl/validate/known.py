"""Indicators the store knows beyond the catalogue: those that earlier uploads declared."""

from __future__ import annotations

from etl import catalogue
from etl.model import IndicatorMeta
from store import Store
from store.queries import sql


def stored_indicators(store: Store | None = None) -> dict[str, IndicatorMeta]:
    """Indicators in the live store that earlier uploads declared (not in the catalogue); {} without a store."""
    store = store or Store()
    if not store.exists():
        return {}
    with store.reader() as con:
        rows = con.execute(sql("known", "declared_indicators")).fetchall()
    return {r[0]: IndicatorMeta(*r) for r in rows}


def known_indicators(store: Store | None = None) -> dict[str, IndicatorMeta]:
    """The catalogue plus indicators declared by earlier uploads."""
    return {**catalogue.indicators(), **stored_indicators(store)}
