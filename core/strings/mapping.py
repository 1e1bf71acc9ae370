"""English and Russian text of the upload page's mapping step and saved mappings: key -> (English, Russian).

Keys `pr_<code>` (and `pr_<code>_hint`) are the text of core.errors.Problem codes: the English one is the
problem's message, the screen shows the one of the interface language."""

STRINGS: dict[str, tuple[str, str]] = {
    # ---- problems of a mapping (codes map_*) ----
    "pr_map_year_needed": ("the year is fixed but not given", "год указан как один для листа, но не задан"),
    "pr_map_year_needed_hint": ("type the year of the data (e.g. 2023), or say where it is written",
                                "введите год данных (например, 2023) или укажите, где он написан"),
    "pr_map_year_range": ("the year {year} is not between {min} and {max}", "год {year} не между {min} и {max}"),
    "pr_map_year_range_hint": ("type the year as four digits, e.g. 2023",
                               "введите год четырьмя цифрами, например 2023"),
    "pr_map_same_code": ("the columns '{a}' and '{b}' are both given the indicator '{code}'",
                         "столбцам «{a}» и «{b}» задан один и тот же показатель «{code}»"),
    "pr_map_same_code_hint": ("give each column its own indicator code",
                              "задайте каждому столбцу свой код показателя"),
    "pr_map_same_new_code": ("two new indicators are given the code '{code}'",
                             "двум новым показателям задан один код «{code}»"),
    "pr_map_same_new_code_hint": ("give each new indicator its own code",
                                  "задайте каждому новому показателю свой код"),
    "pr_map_column_twice": ("the column '{column}' is chosen for two roles",
                            "столбец «{column}» выбран для двух ролей"),
    "pr_map_column_twice_hint": ("choose each column once: country, year, indicators",
                                 "выберите каждый столбец один раз: страна, год, показатели"),
    "pr_map_empty_column": ("the column '{column}' has no values in any row",
                            "в столбце «{column}» нет ни одного значения"),
    "pr_map_empty_column_hint": ("check the column chosen, and the header rows and rows skipped under them",
                                 "проверьте выбранный столбец, строки заголовка и пропускаемые под ним строки"),
    "pr_map_no_year_in_name": ("no year (such as 2023) is written in the {where}",
                               "в {where} не написан год (например, 2023)"),
    "pr_map_no_year_in_name_hint": ("type the year instead", "введите год вручную"),
    "pr_map_recipe_changed": (
        "the file no longer fits the saved mapping '{recipe}': the column '{column}' is not in the header "
        "(row {row}){closest}", "файл больше не подходит к сохранённому сопоставлению «{recipe}»: столбца «{column}» "
        "нет в заголовке (строка {row}){closest}"),
    "pr_map_recipe_changed_hint": ("map the file again and save the mapping under a new name, or rename the column "
                                   "back", "сопоставьте файл заново и сохраните под новым именем или верните "
                                   "столбцу прежнее название"),
    "map_where_sheet": ("sheet name", "названии листа"),
    "map_where_title": ("title rows", "строках заголовка таблицы"),
    "map_where_file": ("file name", "имени файла"),
}
