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
    "map_where_sheet": ("sheet name", "названии листа"),
    "map_where_title": ("title rows", "строках заголовка таблицы"),
    "map_where_file": ("file name", "имени файла"),
}
STRINGS.update({
    # ---- the mapping step's fields ----
    "up_map_guess_note": ("Every field below starts from a guess made from the file: check it, and name any new "
                          "indicator.", "Все поля ниже заполнены по догадке из файла: проверьте их и назовите новые "
                          "показатели."),
    "up_map_header_rows": ("Header rows", "Строк в заголовке"),
    "up_map_skip": ("Rows to skip under the header (e.g. units)",
                    "Пропустить строк под заголовком (например, единицы)"),
    "up_map_years_fixed": ("one year for the sheet", "один год на лист"),
    "up_map_year_from": ("The year is", "Год"),
    "up_map_year_from_typed": ("typed here", "ввести здесь"),
    "up_map_year_from_sheet": ("in the sheet name", "в названии листа"),
    "up_map_year_from_title": ("in the title rows", "в заголовке таблицы"),
    "up_map_year_from_file": ("in the file name", "в имени файла"),
    "up_map_fixed_year": ("Year of the data", "Год данных"),
    "up_map_year_found": ("Year found: {year} (read the same way from next year's file)",
                          "Найден год: {year} (так же будет прочитан и в файле следующего года)"),
    "up_map_more_sheets": ("Also read these sheets (same layout)", "Прочитать также эти листы (тот же макет)"),
    "up_map_missing": ("Cells that mean 'no value' (comma-separated)", "Отметки «нет значения» (через запятую)"),
    "up_map_missing_help": ("Such cells are stored as missing, never as zero. Empty cells are always missing.",
                            "Такие ячейки сохраняются как пропуски, а не как ноль. Пустые ячейки — всегда пропуски."),
    "up_map_name_en": ("Name in English", "Название на английском"),
    "up_map_name_ru": ("Name in Russian", "Название на русском"),
    # ---- saved mappings ----
    "up_map_save_title": ("Save this mapping for next time", "Сохранить это сопоставление"),
    "up_map_save_help": ("A file of the same shape (same sheets and columns) is then read with it at once, here and "
                         "by `python -m etl load FILE --recipe NAME`.",
                         "Тогда файл той же формы (те же листы и столбцы) будет прочитан сразу — здесь и командой "
                         "`python -m etl load FILE --recipe NAME`."),
    "up_map_save_name": ("Name (lower-case letters, digits, '_')", "Имя (строчные латинские буквы, цифры, «_»)"),
    "up_map_save": ("Save the mapping", "Сохранить сопоставление"),
    "up_map_saved": ("Saved as '{name}'.", "Сохранено как «{name}»."),
    "up_map_saved_list": ("Saved mappings ({n})", "Сохранённые сопоставления ({n})"),
    "up_map_saved_none": ("None yet: a mapping is saved after its file has been checked.",
                          "Пока нет: сопоставление сохраняется после проверки файла."),
    "up_map_saved_line": ("{name} — {title}; saved by {by}, {at}, from {file}",
                          "{name} — {title}; сохранил(а) {by}, {at}, из файла {file}"),
    "up_map_remove": ("Remove", "Удалить"),
})
