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
    "pr_sf_cli_form": ("it looks like a survey form export ({respondents} respondents, {questions} questions)",
                       "похоже на выгрузку анкеты опроса (респондентов: {respondents}, вопросов: {questions})"),
    "pr_sf_cli_form_hint": ("load it on the upload page, which asks what its answers mean before saving",
                            "загрузите его на странице загрузки: там уточняется, что означают ответы, до сохранения"),
    "pr_sf_no_name": ("the survey's name is empty", "не указано название опроса"),
    "pr_sf_no_name_hint": ("type the name to show on charts", "введите название для графиков"),
    "pr_sf_no_publisher": ("the survey's publisher is empty", "не указано, кто провёл опрос"),
    "pr_sf_no_publisher_hint": ("type who ran the survey", "укажите организацию, проводившую опрос"),
    "pr_sf_no_licence": ("the licence is empty", "не указана лицензия"),
    "pr_sf_no_licence_hint": ("type the terms on which the results may be shown, e.g. CC BY 4.0",
                              "укажите условия, на которых можно показывать результаты, например CC BY 4.0"),
    # ---- problems of survey files: templates, GSPS, UK People Survey (codes sv_*) ----
    "pr_sv_result_twice": ("the same result appears twice in the file", "один и тот же результат дважды в файле"),
    "pr_sv_result_twice_hint": ("keep one row per country, year, group and question",
                                "оставьте одну строку на страну, год, группу и вопрос"),
    "pr_sv_field_empty": ("the field '{name}' is empty", "поле «{name}» не заполнено"),
    "pr_sv_field_empty_hint": ("fill in '{name}' on the {sheet} sheet (see the template)",
                               "заполните «{name}» на листе {sheet} (см. шаблон)"),
    "pr_sv_field_range": ("'{name}' must be a number from {low} to {high}", "«{name}» должно быть числом от {low} "
                          "до {high}"),
    "pr_sv_field_date": ("'{name}' is not a date", "«{name}» — не дата"),
    "pr_sv_field_date_hint": ("type the date as 2024-03-31", "введите дату в виде 2024-03-31"),
    "pr_sv_measure": ("unknown measure", "неизвестная мера"),
    "pr_sv_measure_hint": ("write one of: {measures}", "напишите одно из: {measures}"),
    "pr_sv_code_empty": ("the question code is empty", "код вопроса не указан"),
    "pr_sv_code_empty_hint": ("give every row the code of its question", "укажите в каждой строке код её вопроса"),
    "pr_sv_bad_n": ("n must be a whole number of respondents", "n должно быть целым числом респондентов"),
    "pr_sv_share": ("a share must be from 0 to 1", "доля должна быть от 0 до 1"),
    "pr_sv_share_hint": ("write 64% as 0.64", "запишите 64% как 0,64"),
    "pr_sv_year_whole": ("the year is not a whole number", "год — не целое число"),
    "pr_sv_no_id_column": ("the Responses sheet has no 'respondent_id' column",
                           "на листе Responses нет столбца «respondent_id»"),
    "pr_sv_no_id_column_hint": ("keep the template's first row: respondent_id, weight, then the columns of the "
                                "codebook", "сохраните первую строку шаблона: respondent_id, weight, затем столбцы "
                                "из кодовой книги"),
    "pr_sv_column_empty": ("the column name is empty", "имя столбца не указано"),
    "pr_sv_column_twice": ("the column is described twice (rows {first} and {row})",
                           "столбец описан дважды (строки {first} и {row})"),
    "pr_sv_column_missing": ("the codebook describes a column the {sheet} sheet does not have",
                             "кодовая книга описывает столбец, которого нет на листе {sheet}"),
    "pr_sv_column_missing_hint": ("fix the name here or in the Responses header (they must be the same), or delete "
                                  "this codebook row", "исправьте имя здесь или в заголовке Responses (они должны "
                                  "совпадать) либо удалите эту строку кодовой книги"),
    "pr_sv_kind": ("kind must be 'question' or 'group'", "kind должен быть «question» или «group»"),
    "pr_sv_code_twice": ("the question code is used twice (rows {first} and {row})",
                         "код вопроса использован дважды (строки {first} и {row})"),
    "pr_sv_column_undescribed": ("the column is not described in the codebook", "столбец не описан в кодовой книге"),
    "pr_sv_column_undescribed_hint": ("add a row for '{column}' to the {sheet} sheet (kind 'question' or 'group'), "
                                      "or delete the column", "добавьте строку для «{column}» на лист {sheet} (kind "
                                      "«question» или «group») или удалите столбец"),
    "pr_sv_no_weight": ("no 'weight' column: every respondent counts once (unweighted)",
                        "нет столбца «weight»: каждый респондент учитывается один раз (без весов)"),
    "pr_sv_bad_weight": ("the weight is missing, zero or negative", "вес не указан, равен нулю или отрицателен"),
    "pr_sv_bad_weight_hint": ("every respondent needs a positive weight (1 when the survey is not weighted)",
                              "у каждого респондента должен быть положительный вес (1, если опрос без весов)"),
    "pr_sv_more_rows": ("... and {n} more rows with the same problem", "... и ещё {n} строк с той же проблемой"),
    "pr_sv_id_empty": ("the respondent id is empty", "номер респондента не указан"),
    "pr_sv_id_empty_hint": ("give every respondent an id (any text, unique in the file)",
                            "дайте каждому респонденту номер (любой текст, не повторяющийся в файле)"),
    "pr_sv_more_ids": ("... and more duplicated respondent ids", "... и другие повторяющиеся номера респондентов"),
    "pr_sv_id_twice": ("the respondent id appears {n} times (rows {rows})",
                       "номер респондента встречается {n} раз (строки {rows})"),
    "pr_sv_id_twice_hint": ("each respondent must have one row with an id of its own",
                            "у каждого респондента должна быть одна строка со своим номером"),
    "pr_sv_no_code": ("a question needs a question code", "у вопроса должен быть код"),
    "pr_sv_scale": ("the scale must be two whole numbers, scale_min below scale_max",
                    "шкала — два целых числа, scale_min меньше scale_max"),
    "pr_sv_scale_hint": ("e.g. 1 and 5 for a five-point agreement scale",
                         "например, 1 и 5 для пятибалльной шкалы согласия"),
    "pr_sv_codes": ("'{name}' must list whole answer codes, e.g. 4,5",
                    "в «{name}» должны быть целые коды ответов, например 4,5"),
    "pr_sv_codes_outside": ("'{name}' names codes outside the scale {low}..{high}",
                            "в «{name}» есть коды вне шкалы {low}..{high}"),
    "pr_sv_special_inside": ("'don't know' and missing codes must lie outside the scale {low}..{high}",
                             "коды «не знаю» и пропуска должны быть вне шкалы {low}..{high}"),
    "pr_sv_label_code": ("the answer code must be a whole number", "код ответа должен быть целым числом"),
    "pr_sv_off_scale": ("the answer is not on the scale of question {code}", "ответа нет на шкале вопроса {code}"),
    "pr_sv_off_scale_hint": (
        "use a code from {low} to {high}, a 'don't know'/missing code from the codebook ({special}), a label from "
        "the Labels sheet, or leave it empty",
        "укажите код от {low} до {high}, код «не знаю»/пропуска из кодовой книги ({special}), метку с листа Labels "
        "или оставьте ячейку пустой",
    ),
    "pr_sv_ambiguous": ("the answer is not on the scale of question {code}", "ответа нет на шкале вопроса {code}"),
    "pr_sv_ambiguous_hint": (
        "«{value}» is the middle of some five-point scales and 'don't know' on others: add it to the Labels sheet "
        "with the code it has on this form (the middle code, or a 'don't know' code: {special})",
        "«{value}» — середина одних пятибалльных шкал и «не знаю» в других: добавьте его на лист Labels с кодом, "
        "который он имеет в этой анкете (код середины или код «не знаю»: {special})",
    ),
    "pr_sv_more_off_scale": ("... and {n} more answers not on the scale", "... и ещё {n} ответов не на шкале"),
    "pr_sv_more_off_scale_hint": (
        "use a code from {low} to {high}, a 'don't know'/missing code from the codebook ({special}), a label from "
        "the Labels sheet, or leave it empty",
        "укажите код от {low} до {high}, код «не знаю»/пропуска из кодовой книги ({special}), метку с листа Labels "
        "или оставьте ячейку пустой",
    ),
    "pr_sv_unknown_layout": ("the file is in none of the survey layouts: {layouts}",
                             "файл не соответствует ни одному формату опросов: {layouts}"),
    "pr_sv_unknown_layout_hint": ("download the survey template from the upload page and fill it in",
                                  "скачайте шаблон опроса на странице загрузки и заполните его"),
    "pr_sv_country": ("country not recognised", "страна не распознана"),
    "pr_sv_country_hint": ("write the country's name or ISO3 code", "укажите название страны или код ISO3"),
    "pr_sv_country_guess": ("country not recognised", "страна не распознана"),
    "pr_sv_country_guess_hint": ("did you mean {name} ({iso3})? write the country's name or ISO3 code",
                                 "возможно, имелось в виду: {country} ({iso3})? укажите название страны или код ISO3"),
    "pr_sv_country_skipped": ("country not recognised; its results are not loaded",
                              "страна не распознана; её результаты не загружаются"),
    "pr_sv_country_skipped_hint": ("write the country's name or ISO3 code", "укажите название страны или код ISO3"),
    "pr_sv_country_skipped_guess": ("country not recognised; its results are not loaded",
                                    "страна не распознана; её результаты не загружаются"),
    "pr_sv_country_skipped_guess_hint": (
        "did you mean {name} ({iso3})? write the country's name or ISO3 code",
        "возможно, имелось в виду: {country} ({iso3})? укажите название страны или код ISO3"),
    "pr_sv_same_survey": ("two country names in the file mean the same survey {survey}",
                          "два названия страны в файле означают один опрос {survey}"),
    "pr_sv_same_survey_hint": ("use one name per country", "используйте одно название для каждой страны"),
    "pr_sv_result_repeated": ("the same result appears {n} times (rows {rows})",
                              "один и тот же результат встречается {n} раз (строки {rows})"),
    "pr_sv_result_repeated_hint": ("keep one row per survey, question, group and measure",
                                   "оставьте одну строку на опрос, вопрос, группу и меру"),
    "pr_sv_already_loaded": ("the survey {survey} is already loaded (batch {batch})",
                             "опрос {survey} уже загружен (пакет {batch})"),
    "pr_sv_already_loaded_hint": ("roll back batch {batch} first (python -m etl rollback {batch}) to replace it",
                                  "чтобы заменить его, сначала отмените пакет {batch} (python -m etl rollback "
                                  "{batch})"),
    "pr_sv_recoded": (
        "question {code} is already in the question bank '{bank}' with another coding (scale {low}..{high}, "
        "favourable {favourable}, neutral {neutral}, reversed {reversed})",
        "вопрос {code} уже есть в банке вопросов «{bank}» с другой кодировкой (шкала {low}..{high}, благоприятные "
        "{favourable}, нейтральные {neutral}, обратный {reversed})",
    ),
    "pr_sv_recoded_hint": ("use the bank's coding, or give the question a new code",
                           "используйте кодировку банка или дайте вопросу новый код"),
    # ---- warnings of the review step (etl/checks.py, codes ck_*) ----
    "pr_ck_replaced": (
        "{n} value(s) of {code} already in the store would be replaced; the first: {iso3} {year}: {old} -> {new}",
        "значений {code}, уже имеющихся в хранилище, будет заменено: {n}; первое: {iso3} {year}: {old} -> {new}",
    ),
    "pr_ck_replaced_hint": ("the old values are kept and come back if this upload is rolled back",
                            "прежние значения сохраняются и вернутся, если эту загрузку отменить"),
    "pr_ck_jump": (
        "jump: {value} is {z} standard deviations from this country's own series of {code} (mean {mean}, {n} other "
        "years)",
        "скачок: {value} отстоит на {z} стандартных отклонения от собственного ряда страны по {code} (среднее "
        "{mean}, других лет: {n})",
    ),
    "pr_ck_jump_hint": ("check the value and its unit; accept it if it is right",
                        "проверьте значение и единицу измерения; примите, если всё верно"),
    "pr_ck_jump_more": ("... and {n} more values flagged the same way", "... и ещё {n} значений с той же отметкой"),
    "pr_ck_jump_more_hint": ("check the value and its unit; accept it if it is right",
                             "проверьте значение и единицу измерения; примите, если всё верно"),
    "pr_ck_outlier": (
        "outlier: {value} is {z} standard deviations from the other countries' {code} in {year} (mean {mean}, {n} "
        "countries)",
        "выброс: {value} отстоит на {z} стандартных отклонения от значений {code} других стран в {year} г. "
        "(среднее {mean}, стран: {n})",
    ),
    "pr_ck_outlier_hint": ("check the value, its unit and its scale; accept it if it is right",
                           "проверьте значение, единицу и шкалу; примите, если всё верно"),
    "pr_ck_outlier_more": ("... and {n} more values flagged the same way", "... и ещё {n} значений с той же отметкой"),
    "pr_ck_outlier_more_hint": ("check the value, its unit and its scale; accept it if it is right",
                                "проверьте значение, единицу и шкалу; примите, если всё верно"),
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
