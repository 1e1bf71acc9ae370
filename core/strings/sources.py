"""Interface text of recipes and sources (key -> (English, Russian)); Kazakh comes with the gettext catalogues."""

STRINGS: dict[str, tuple[str, str]] = {
    "src_recognised": (
        "Read with the recipe {recipe} ({title}); edition {edition}.",
        "Прочитан по рецепту {recipe} ({title}); выпуск {edition}.",
    ),
    "src_closest": (
        "Why no recipe fits: {reason}",
        "Почему не подошёл ни один рецепт: {reason}",
    ),
    "src_recipe_way": (
        "Or describe the file in a recipe: python -m etl load FILE --write-recipe my_dataset.yaml writes a starting "
        "recipe to edit (see the recipe format in the README).",
        "Или опишите файл рецептом: python -m etl load FILE --write-recipe my_dataset.yaml создаёт заготовку рецепта "
        "для правки (формат рецептов описан в README).",
    ),
}
