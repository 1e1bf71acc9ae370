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
    # ---- where a problem is, how many more (ui/problems.py) ----
    "pr_at_sheet": ("sheet '{sheet}'", "лист «{sheet}»"),
    "pr_at_row": ("row {row}", "строка {row}"),
    "pr_at_column": ("column '{column}'", "столбец «{column}»"),
    "pr_value": ("(value: {value})", "(значение: {value})"),
    "pr_more_listed": ("The first {shown} are listed; {more} more are in the downloadable report.",
                       "Показаны первые {shown}; ещё {more} — в отчёте для скачивания."),
    # ---- the survey form step (ui/survey_form.py) ----
    "sf_title": ("3. Survey form", "3. Анкета опроса"),
    "sf_recognised": (
        "Recognised as a survey form export (one row per respondent): {respondents} respondents, {questions} "
        "questions, {scales} answer scale(s). Check what each column is and what each answer means, then press "
        "Check.",
        "Распознана выгрузка анкеты (одна строка — один респондент): респондентов — {respondents}, вопросов — "
        "{questions}, шкал ответов — {scales}. Проверьте, что содержит каждый столбец и что означает каждый ответ, "
        "затем нажмите «Проверить».",
    ),
    "sf_not_a_survey": ("This is not a survey: map it as a table of indicators",
                        "Это не опрос: сопоставить как таблицу показателей"),
    "sf_check": ("Check", "Проверить"),
    "sf_check_first": ("Nothing is read until you press Check.", "Файл не читается, пока вы не нажмёте «Проверить»."),
    "sf_columns_title": ("Columns", "Столбцы"),
    "sf_columns_help": (
        "Each column of the sheet, named by its letter as in Excel. Questions get a code (the same code means the "
        "same question in every survey of the question bank); breakdowns (gender, grade, organisation) a short "
        "name. Columns marked 'not used' (e-mail, names) are not stored.",
        "Все столбцы листа с буквами, как в Excel. Вопросам нужен код (одинаковый код означает один и тот же "
        "вопрос во всех опросах банка вопросов), разрезам (пол, должность, организация) — короткое название. "
        "Столбцы «не используется» (почта, имена) не сохраняются.",
    ),
    "sf_col_letter": ("Col.", "Ст."),
    "sf_col_header": ("Header", "Заголовок"),
    "sf_col_examples": ("Examples", "Примеры"),
    "sf_col_filled": ("Filled", "Заполнено"),
    "sf_col_role": ("Is", "Содержит"),
    "sf_col_code": ("Code / breakdown", "Код / разрез"),
    "sf_col_code_help": ("question code (e.g. ENG1) or breakdown name (e.g. gender)",
                         "код вопроса (например, ENG1) или название разреза (например, gender)"),
    "sf_col_scale": ("Answer scale", "Шкала ответов"),
    "sf_col_reverse": ("Reverse-coded", "Обратный"),
    "sf_col_reverse_help": ("agreeing is unfavourable (e.g. 'connections matter more than skills')",
                            "согласие — неблагоприятный ответ (например, «связи важнее навыков»)"),
    "sf_colrole_question": ("a question", "вопрос"),
    "sf_colrole_country": ("the country", "страну"),
    "sf_colrole_group": ("a breakdown", "разрез"),
    "sf_colrole_weight": ("the weight", "вес"),
    "sf_colrole_timestamp": ("the timestamp", "отметку времени"),
    "sf_colrole_id": ("the respondent id", "номер респондента"),
    "sf_colrole_ignore": ("not used", "не используется"),
    "sf_role_twice": ("More than one column is marked as {role}: '{column}' is not used.",
                      "Отмечено несколько столбцов «{role}»: «{column}» не используется."),
    "sf_where_title": ("Country and year", "Страна и год"),
    "sf_countries_in": ("One survey per country of the column '{column}': {countries}.",
                        "Отдельный опрос для каждой страны из столбца «{column}»: {countries}."),
    "sf_country": ("Country of all respondents", "Страна всех респондентов"),
    "sf_country_pick": ("choose the country", "выберите страну"),
    "sf_year": ("Survey year", "Год опроса"),
    "sf_year_pick": ("type the year", "введите год"),
    "sf_year_from_timestamps": ("First guess: the year of most timestamps in '{column}'.",
                                "Предложен год большинства отметок времени в «{column}»."),
    "sf_weight_in": ("Weights: the column '{column}'.", "Веса: столбец «{column}»."),
    "sf_no_weight": ("No weight column: every respondent counts once.",
                     "Столбца весов нет: каждый респондент учитывается один раз."),
    "sf_groups_in": ("Breakdowns: {groups}.", "Разрезы: {groups}."),
    "sf_scales_title": ("What the answers mean", "Что означают ответы"),
    "sf_scales_help": (
        "For each answer scale: every answer given in the file with its number of respondents, whether it is "
        "favourable, neutral, unfavourable or «don't know» (not counted), and its place on the scale (1 = least "
        "favourable; answers with the same place share a code). Blank cells are skipped questions, not errors.",
        "Для каждой шкалы: все ответы из файла с числом респондентов, значение ответа (благоприятный, "
        "нейтральный, неблагоприятный или «не знаю» — не учитывается) и место на шкале (1 — самый "
        "неблагоприятный; ответы с одним местом получают один код). Пустые ячейки — пропущенные вопросы, "
        "а не ошибки.",
    ),
    "sf_scale_questions": ("{n} question(s)", "вопросов: {n}"),
    "sf_answer": ("Answer · respondents", "Ответ · респондентов"),
    "sf_meaning": ("Meaning", "Значение"),
    "sf_meaning_pick": ("choose", "выберите"),
    "sf_place": ("Place", "Место"),
    "sf_role_favourable": ("favourable", "благоприятный"),
    "sf_role_neutral": ("neutral (the middle)", "нейтральный (середина)"),
    "sf_role_unfavourable": ("unfavourable", "неблагоприятный"),
    "sf_role_dont_know": ("don't know (not counted)", "не знаю (не учитывается)"),
    "sf_ambiguous": (
        "«{answer}» is the neutral middle on some forms and «don't know» on others: choose what it means on "
        "this form.",
        "«{answer}» в одних анкетах — нейтральная середина шкалы, в других — «не знаю»: выберите, что это "
        "означает в этой анкете.",
    ),
    "sf_scale_agreement": ("Agreement scale", "Шкала согласия"),
    "sf_scale_satisfaction": ("Satisfaction scale", "Шкала удовлетворённости"),
    "sf_scale_frequency": ("Frequency scale", "Шкала частоты"),
    "sf_scale_quality": ("Quality scale", "Шкала оценки"),
    "sf_scale_importance": ("Importance scale", "Шкала важности"),
    "sf_scale_yes_no": ("Yes / no", "Да / нет"),
    "sf_scale_own": ("The form's own scale {name}", "Собственная шкала анкеты {name}"),
    "sf_scale_new": ("its own answers (new scale)", "собственные ответы (новая шкала)"),
    "sf_source_title": ("Who ran the survey", "Кто провёл опрос"),
    "sf_source_name": ("Survey name (required)", "Название опроса (обязательно)"),
    "sf_source_publisher": ("Publisher (required)", "Организация (обязательно)"),
    "sf_source_licence": ("Licence (required), e.g. CC BY 4.0", "Лицензия (обязательно), например CC BY 4.0"),
    "sf_source_edition": ("Edition (default: the year)", "Выпуск (по умолчанию — год)"),
    "sf_source_more": ("Dataset code and question bank", "Код набора данных и банк вопросов"),
    "sf_source_dataset": ("Dataset code", "Код набора данных"),
    "sf_source_dataset_help": ("stays the same from one year's survey to the next",
                               "остаётся тем же для опросов разных лет"),
    "sf_bank": ("Question bank", "Банк вопросов"),
    "sf_bank_help": (
        "questions with the same code in the same bank are compared across countries and years; 'hub' is the "
        "Hub's common bank",
        "вопросы с одним кодом в одном банке сравниваются между странами и годами; «hub» — общий банк Хаба",
    ),
    # ---- upload and history additions ----
    "up_committed_respondents": ("Saved as batch {batch}: {respondents} respondents in {surveys} survey(s).",
                                 "Сохранено как пакет {batch}: респондентов — {respondents}, опросов — {surveys}."),
    "up_accept_rest": ("I accept the {n} other warnings (listed in the downloadable report)",
                       "Принимаю остальные предупреждения ({n}; они в отчёте для скачивания)"),
    "up_col_fieldwork": ("Fieldwork", "Сроки опроса"),
    "up_col_survey": ("Survey", "Опрос"),
    "up_col_level": ("Data", "Данные"),
    "up_survey_level_respondent": ("respondents' answers", "ответы респондентов"),
    "up_survey_level_aggregate": ("published results", "опубликованные итоги"),
    "up_batch_survey_caption": (
        "Survey batch: {surveys} survey(s), {respondents} respondents; loaded by {user} on {when}; {status}.",
        "Пакет опроса: опросов — {surveys}, респондентов — {respondents}; загрузил(а) {user} {when}; {status}.",
    ),
    "up_editors_only_viewer": (
        "You are signed in as {name} with the viewer role: uploading and the load history are for editors. "
        "Sign in with an editor account, or ask an administrator for the editor role.",
        "Вы вошли как {name} с ролью читателя: загрузка и история загрузок доступны только редакторам. Войдите "
        "под учётной записью редактора или попросите администратора назначить вам роль редактора.",
    ),
    "up_sign_in_as_editor": ("Sign in as an editor", "Войти как редактор"),
}
