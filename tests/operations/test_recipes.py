"""operations.recipes: saved mappings (save, list, remove), the recipes with the editions loaded, edition changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.editions import EditionError
from core.errors import HubError, ValidationError
from operations import loads, recipes
from store import Store
from tests.operations.conftest import IND, ROWS, template_file


def test_a_guessed_mapping_saved_listed_used_and_removed(fresh: Store, tmp_path: Path) -> None:
    wide = tmp_path / "scores.csv"
    wide.write_text("Country,2021,2022\nKazakhstan,55.5,57\nArmenia,61,63.5\n", encoding="utf-8")
    guess = loads.guess_mapping(wide, edition="2023", store=fresh)
    assert recipes.saved_mappings() == []
    path = recipes.save_mapping(guess.mapping, "scores", user="anna", is_csv=True, file_name=wide.name)
    assert path == fresh.dir / "recipes" / "scores.yaml"
    (saved,) = recipes.saved_mappings()
    assert (saved.name, saved.by, saved.file) == ("scores", "anna", "scores.csv")
    with pytest.raises(ValidationError) as taken:
        recipes.save_mapping(guess.mapping, "scores", user="anna", is_csv=True)
    assert taken.value.code == "invalid_file" and "already called" in taken.value.problems[0].message
    listed = {r.name: r for r in recipes.list_sources(fresh).recipes}
    assert listed["scores"].is_saved and listed["scores"].saved_by == "anna" and not listed["wgi"].is_saved
    assert recipes.remove_mapping("scores") == path and not path.exists()
    with pytest.raises(ValidationError):
        recipes.remove_mapping("wgi")  # a publisher's recipe is part of the program


def test_sources_list_the_editions_the_store_holds(fresh: Store, tmp_path: Path) -> None:
    before = recipes.list_sources(fresh)
    assert {r.name for r in before.recipes} >= {"wgi", "egdi", "cpi"} and before.without_recipe == {}
    loads.load_file(template_file(tmp_path, "national.xlsx", ROWS), user="anna", store=fresh)
    loaded = recipes.loaded_editions(fresh)
    (dataset,) = [d for d in loaded if any(e.observations == 4 for e in loaded[d])]
    assert loaded[dataset][0].is_current
    assert dataset in recipes.list_sources(fresh).without_recipe  # the template has no recipe of its own


def test_edition_changes_and_a_missing_dataset(fresh: Store, tmp_path: Path) -> None:
    from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_SOURCE, filled_template

    loads.load_file(template_file(tmp_path, "national.xlsx", ROWS), user="anna", store=fresh)
    dataset = next(iter(recipes.list_sources(fresh).without_recipe))
    later = tmp_path / "later.xlsx"
    later.write_bytes(filled_template({**EXAMPLE_SOURCE, "edition": "2099"},
                                      [("Kazakhstan", IND, 2022, 9.0), *ROWS[1:]], [EXAMPLE_INDICATOR]))
    loads.load_file(later, user="anna", store=fresh)
    found = recipes.edition_changes(dataset, store=fresh)
    assert len(found.editions) == 2 and found.new.endswith(":2099")
    assert found.counts["revised"] == 1 and found.counts["unchanged"] == 3
    assert found.changes[["iso3", "old", "new"]].values.tolist() == [["KAZ", 8.4, 9.0]]
    with pytest.raises(EditionError) as missing:
        recipes.edition_changes("no_such_dataset", store=fresh)
    assert isinstance(missing.value, HubError) and missing.value.code == "edition"
