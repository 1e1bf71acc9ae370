"""English and Russian text of survey forms and of the upload form's problems: key -> (English, Russian).

Keys `pr_<code>` (and `pr_<code>_hint`) are the text of core.errors.Problem codes: the English one is the
problem's message, the screen shows the one of the interface language."""

STRINGS: dict[str, tuple[str, str]] = {
    # ---- problems of a survey form (codes sf_*) ----
    "pr_sf_no_sheet": ("the sheet '{sheet}' is not in the file; it has {sheets}",
                       "в файле нет листа «{sheet}»; в нём есть: {sheets}"),
    "pr_sf_no_sheet_hint": ("choose the sheet with one row per respondent", "выберите лист, где одна строка — "
                            "один респондент"),
    "pr_sf_no_header": ("the sheet has no row {row} to read the headers from",
                        "на листе нет строки {row}, из которой читаются заголовки"),
    "pr_sf_no_rows": ("no respondent rows under the header", "под заголовком нет строк с ответами респондентов"),
    "pr_sf_no_rows_hint": ("check the header row: the rows below it must be the respondents",
                           "проверьте строку заголовка: под ней должны идти строки респондентов"),
    "pr_sf_missing_column": ("the column '{column}' is not in the file; its header row has: {found}",
                             "в файле нет столбца «{column}»; в строке заголовка есть: {found}"),
    "pr_sf_missing_column_hint": ("choose the columns again for this file", "заново укажите столбцы для этого "
                                  "файла"),
    "pr_sf_no_questions": ("no column is marked as a question", "ни один столбец не отмечен как вопрос"),
    "pr_sf_no_questions_hint": ("mark the question columns in the table of columns",
                                "отметьте столбцы вопросов в таблице столбцов"),
    "pr_sf_bad_code": ("the question code '{code}' is not usable", "код вопроса «{code}» не подходит"),
    "pr_sf_bad_code_hint": ("use letters, digits, '_', '.' or '-', up to 40 characters, e.g. ENG1",
                            "используйте буквы, цифры, «_», «.» или «-», не длиннее 40 знаков, например ENG1"),
    "pr_sf_code_twice": ("two questions have the code '{code}' (columns {first_letter} and {letter})",
                         "у двух вопросов один код «{code}» (столбцы {first_letter} и {letter})"),
    "pr_sf_code_twice_hint": ("give every question a code of its own; the same code means the same question in "
                              "every survey of the bank", "дайте каждому вопросу свой код: одинаковый код означает "
                              "один и тот же вопрос во всех опросах банка"),
    "pr_sf_no_scale": ("the question has no answer scale '{scale}'", "у вопроса нет шкалы ответов «{scale}»"),
    "pr_sf_bad_group": ("the breakdown name '{name}' is not usable", "название разреза «{name}» не подходит"),
    "pr_sf_bad_group_hint": ("use letters, digits and '_', e.g. gender", "используйте буквы, цифры и «_», "
                             "например gender"),
    "pr_sf_group_twice": ("two columns are the breakdown '{name}'", "два столбца названы одним разрезом «{name}»"),
    "pr_sf_group_twice_hint": ("give each breakdown column a name of its own",
                               "дайте каждому столбцу разреза своё название"),
    "pr_sf_no_country": ("no country: the file has no country column and none was chosen",
                         "страна не указана: в файле нет столбца страны, и страна не выбрана"),
    "pr_sf_no_country_hint": ("choose the country all respondents work in, or mark the column that names it",
                              "выберите страну, в которой работают все респонденты, или отметьте столбец со страной"),
    "pr_sf_bad_year": ("the survey year is missing or not between 1900 and 2100",
                       "год опроса не указан или не между 1900 и 2100"),
    "pr_sf_bad_year_hint": ("type the year of the fieldwork, e.g. 2024", "введите год проведения опроса, "
                            "например 2024"),
    "pr_sf_unassigned": ("the answer «{answer}» has no meaning assigned", "ответу «{answer}» не назначено значение"),
    "pr_sf_unassigned_hint": ("say whether it is favourable, neutral, unfavourable or «don't know» (not counted)",
                              "укажите, благоприятный это ответ, нейтральный, неблагоприятный или «не знаю» "
                              "(не учитывается)"),
    "pr_sf_bad_role": ("the answer «{answer}» has an unknown meaning '{role}'",
                       "у ответа «{answer}» неизвестное значение «{role}»"),
    "pr_sf_no_position": ("the answer «{answer}» has no place on the scale",
                          "у ответа «{answer}» нет места на шкале"),
    "pr_sf_no_position_hint": ("give it a place: 1 for the least favourable answer, higher for better ones",
                               "укажите место: 1 — самый неблагоприятный ответ, больше — лучше"),
    "pr_sf_empty_scale": ("the scale has no answer that counts (all are «don't know»)",
                          "на шкале нет ни одного учитываемого ответа (все — «не знаю»)"),
    "pr_sf_order": ("the places on the scale contradict the meanings: {order}",
                    "места на шкале противоречат значениям: {order}"),
    "pr_sf_order_hint": ("unfavourable answers come first (lowest places), then neutral, then favourable",
                         "сначала неблагоприятные ответы (нижние места), затем нейтральные, затем благоприятные"),
    "pr_sf_one_place": ("every answer of the scale has the same place", "у всех ответов шкалы одно и то же место"),
    "pr_sf_more": ("… and {n} more cells with the same problem", "… и ещё {n} ячеек с той же проблемой"),
    "pr_sf_bad_weight": ("the weight is missing, zero or negative", "вес не указан, равен нулю или отрицателен"),
    "pr_sf_bad_weight_hint": ("every respondent needs a positive weight, or mark no column as the weight",
                              "у каждого респондента должен быть положительный вес; или не отмечайте столбец веса"),
    "pr_sf_bad_timestamps": ("{n} timestamps could not be read as dates; the fieldwork dates come from the others",
                             "{n} отметок времени не прочитаны как даты; сроки опроса взяты из остальных"),
    "pr_sf_no_country_cell": ("the country is empty", "страна не указана"),
    "pr_sf_no_country_cell_hint": ("every respondent needs a country; fill it in or remove the row",
                                   "у каждого респондента должна быть страна: заполните её или удалите строку"),
    "pr_sf_off_scale": ("the answer is not on the scale of question {code}", "ответа нет на шкале вопроса {code}"),
    "pr_sf_off_scale_hint": ("the scale's answers are {answers}; add this answer to the question's scale or choose "
                             "another scale for the question", "ответы шкалы: {answers}; добавьте этот ответ в шкалу "
                             "вопроса или выберите для вопроса другую шкалу"),
    "pr_sf_no_name": ("the survey's name is empty", "не указано название опроса"),
    "pr_sf_no_name_hint": ("type the name to show on charts", "введите название для графиков"),
    "pr_sf_no_publisher": ("the survey's publisher is empty", "не указано, кто провёл опрос"),
    "pr_sf_no_publisher_hint": ("type who ran the survey", "укажите организацию, проводившую опрос"),
    "pr_sf_no_licence": ("the licence is empty", "не указана лицензия"),
    "pr_sf_no_licence_hint": ("type the terms on which the results may be shown, e.g. CC BY 4.0",
                              "укажите условия, на которых можно показывать результаты, например CC BY 4.0"),
}
