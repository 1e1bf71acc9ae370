"""Recipes and sources: saved mappings (list, save, remove), the recipes with the editions loaded, edition changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics import editions as _editions
from etl.recipes import saved as _saved
from etl.recipes.mapping import Mapping
from etl.recipes.recipe import all_recipes
from etl.recipes.saved import Saved, suggest_name
from store import Store
from store.queries import sql

__all__ = ["Saved", "suggest_name"]


@dataclass(frozen=True)
class Edition:
    """An edition of a dataset the store holds, with its observations."""

    dataset: str
    edition: str
    is_current: bool
    observations: int


@dataclass(frozen=True)
class RecipeInfo:
    """A recipe (a publisher's, or a saved mapping) and the editions of its dataset in the store."""

    name: str
    dataset: str
    layout: str
    title: str
    publisher: str
    licence: str
    path: Path | None
    saved_by: str = ""  # saved mappings: who saved it and when
    saved_at: str = ""
    editions: tuple[Edition, ...] = ()

    @property
    def is_saved(self) -> bool:
        return bool(self.saved_by or self.saved_at)


@dataclass(frozen=True)
class Sources:
    """Every recipe, and the datasets the store holds that no recipe reads (survey files, templates)."""

    recipes: list[RecipeInfo]
    without_recipe: dict[str, list[Edition]]


@dataclass(frozen=True)
class EditionChanges:
    """A dataset's editions, and what the newer of two (`new`) revised against the older (`old`)."""

    dataset: str
    editions: pd.DataFrame  # source_id, edition, is_current, is_demo, observations, first_batch; oldest first
    old: str
    new: str
    counts: dict[str, int]  # revised, unchanged, only_new, only_old
    changes: pd.DataFrame  # key, old, new, difference; largest difference first


# ---- saved mappings -------------------------------------------------------------------------------------------


def saved_mappings() -> list[Saved]:
    """The mappings saved from the upload page or `etl load --save-as`, by name."""
    return _saved.saved_mappings()


def save_mapping(mapping: Mapping, name: str, *, user: str, is_csv: bool, file_name: str = "",
                 latest_year: int | None = None) -> Path:
    """Keep a mapping as the recipe NAME (ValidationError when the name is taken); its file."""
    return _saved.save_mapping(mapping, name, user=user, is_csv=is_csv, file_name=file_name, latest_year=latest_year)


def remove_mapping(name: str) -> Path:
    """Delete a saved mapping (publisher recipes are part of the program and are refused); the file removed."""
    return _saved.remove_mapping(name)


# ---- recipes and editions -------------------------------------------------------------------------------------


def loaded_editions(store: Store | None = None) -> dict[str, list[Edition]]:
    """Each dataset's editions in the store (none when there is no store yet)."""
    store = store or Store()
    found: dict[str, list[Edition]] = {}
    if not store.exists():
        return found
    with store.reader() as con:
        for dataset, edition, current, n in con.execute(sql("operations", "loaded_editions")).fetchall():
            found.setdefault(dataset, []).append(Edition(dataset, edition, bool(current), int(n)))
    return found


def list_sources(store: Store | None = None) -> Sources:
    """The recipes by name with the editions loaded of their datasets, and loaded datasets no recipe reads."""
    loaded = loaded_editions(store)
    recipes = []
    for name, r in sorted(all_recipes().items()):
        saved = r.get("saved") or {}
        recipes.append(RecipeInfo(name, r.dataset, r.layout, r.title(), r.get("publisher", ""), r.get("licence", ""),
                                  r.path, saved.get("by", "?") if saved else "", saved.get("at", "?") if saved else "",
                                  tuple(loaded.get(r.dataset, ()))))
    read = {r.dataset for r in recipes}
    return Sources(recipes, {d: e for d, e in sorted(loaded.items()) if d not in read})


def edition_changes(dataset: str, old: str | None = None, new: str | None = None,
                    store: Store | None = None) -> EditionChanges:
    """The editions of `dataset` and the values `new` (default: the current edition) revised against `old`
    (default: the one before it). EditionError (a HubError) names what the store holds when one is missing."""
    with (store or Store()).reader() as con:
        listed = _editions.editions(con, dataset)
        old_id, new_id = _editions.pick(con, dataset, old, new)
        counts = _editions.summary(con, old_id, new_id)
        changed = _editions.changes(con, old_id, new_id)
    return EditionChanges(dataset, listed, old_id, new_id, counts, changed)
