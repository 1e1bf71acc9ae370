"""Saved mappings: what a person mapped on the upload page, kept as a recipe in the store's folder
($HUB_DATA_DIR/recipes/NAME.yaml) with who saved it, when and from which file; listed and removed here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.errors import Problem, ValidationError
from core.settings import settings
from etl.recipes.mapping import Mapping
from etl.recipes.recipe import DATASET_CODE, RECIPES_DIR, Recipe, all_recipes, save_recipe


@dataclass(frozen=True)
class Saved:
    """A saved mapping as listed: its name, title, who saved it and when, and its file."""

    name: str
    title: str
    by: str
    at: str
    file: str
    path: Path


def folder() -> Path:
    return settings().data_dir / "recipes"


def suggest_name(mapping: Mapping) -> str:
    """A recipe name from the source's name ("nat.agency_data" -> "agency_data")."""
    source = mapping.source.meta().dataset if mapping.source else "my_mapping"
    name = re.sub(r"[^a-z0-9_.-]+", "_", source.removeprefix("nat.")).strip("_.-")[:60]
    return name if DATASET_CODE.match(name or "") else "my_mapping"


def save_mapping(mapping: Mapping, name: str, *, user: str, is_csv: bool, file_name: str = "",
                 latest_year: int | None = None, replace: bool = False) -> Path:
    """Keep `mapping` as the recipe NAME. When the edition typed is the data's latest year, the recipe reads the
    edition from the data (next year's file gets next year's edition); else it keeps the edition typed."""
    name = name.strip()
    if (RECIPES_DIR / f"{name}.yaml").is_file():
        raise ValidationError("Recipe name taken", [Problem(
            f"'{name}' is the name of a publisher's recipe", value=name, hint="choose another name")])
    if not replace and (folder() / f"{name}.yaml").is_file():
        raise ValidationError("Recipe name taken", [Problem(
            f"a saved mapping is already called '{name}'", value=name,
            hint="choose another name, or remove the old one first (python -m etl recipes remove NAME)")])
    recipe = mapping.to_recipe(is_csv=is_csv)
    if mapping.source and latest_year is not None and mapping.source.edition.strip() == str(latest_year):
        recipe["edition"] = {"from": "year"}
    recipe["saved"] = {"by": user, "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "file": file_name}
    return save_recipe(recipe, name)


def saved_mappings() -> list[Saved]:
    """The saved mappings (recipes in the store's folder), by name."""
    out = []
    for name, recipe in sorted(all_recipes().items()):
        if is_saved(recipe):
            meta = recipe.get("saved") or {}
            out.append(Saved(name, recipe.title(), meta.get("by", ""), meta.get("at", ""), meta.get("file", ""),
                             recipe.path))
    return out


def is_saved(recipe: Recipe) -> bool:
    return recipe.path is not None and recipe.path.parent.resolve() == folder().resolve()


def remove_mapping(name: str) -> Path:
    """Delete the saved mapping NAME (publisher recipes shipped in data/recipes/ cannot be removed here)."""
    path = folder() / f"{name}.yaml"
    if not DATASET_CODE.match(name) or not path.is_file():
        known = ", ".join(s.name for s in saved_mappings()) or "none"
        raise ValidationError("Unknown saved mapping", [Problem(
            f"no saved mapping is called {name!r}; saved: {known}",
            hint="publisher recipes in data/recipes/ are part of the program and are not removed here")])
    path.unlink()
    return path
