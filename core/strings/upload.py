"""English and Russian text of sign-in, templates, upload, preview and history: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
    # navigation and sign-in
    "up_nav_section": ("Data management", "Управление данными"),
    "up_nav_upload": ("Upload data", "Загрузка данных"),
    "up_nav_history": ("Load history", "История загрузок"),
    "up_nav_sign_in": ("Sign in", "Вход"),
    "up_nav_account": ("Account", "Учетная запись"),
    "up_account_title": ("Account", "Учетная запись"),
    "up_viewer_note": (
        "A viewer account can see every page but not upload; ask an administrator for the editor role.",
        "Учетная запись читателя позволяет просматривать все страницы, но не загружать данные; попросите "
        "администратора назначить вам роль редактора.",
    ),
    "up_sign_in_title": ("Sign in (editors)", "Вход (для редакторов)"),
    "up_sign_in_help": (
        "Viewing needs no account. Editors sign in to upload data and to see and undo loads.",
        "Для просмотра учетная запись не нужна. Редакторы входят, чтобы загружать данные, видеть и отменять "
        "загрузки.",
    ),
    "up_user_name": ("User name", "Имя пользователя"),
    "up_password": ("Password", "Пароль"),
    "up_sign_in": ("Sign in", "Войти"),
    "up_sign_in_oidc": ("Sign in (editors)", "Войти (для редакторов)"),
    "up_sign_out": ("Sign out", "Выйти"),
    "up_signed_in_as": ("Signed in: {name} ({role})", "Вы вошли: {name} ({role})"),
    "up_role_viewer": ("viewer", "читатель"),
    "up_role_editor": ("editor", "редактор"),
    "up_role_admin": ("administrator", "администратор"),
    "up_wrong_password": ("Wrong user name or password.", "Неверное имя пользователя или пароль."),
    "up_wait": (
        "Too many failed attempts: wait {seconds} s before trying again.",
        "Слишком много неудачных попыток: подождите {seconds} с и попробуйте снова.",
    ),
    "up_editors_only": (
        "This page is for signed-in editors only: sign in from the menu (Data management > Sign in).",
        "Эта страница доступна только редакторам после входа: войдите через меню (Управление данными > Вход).",
    ),
    # upload page
    "up_title": ("Upload data", "Загрузка данных"),
    "up_intro": (
        "Nothing is saved until you press Save: first you see every problem in the file and what would change. "
        "Files: .xlsx, .xlsm (macros never run), .xls, .ods, .csv (UTF-8 or Windows-1251), up to {mb} MB.",
        "Ничего не сохраняется, пока вы не нажмете «Сохранить»: сначала вы увидите все проблемы в файле и что "
        "изменится. Файлы: .xlsx, .xlsm (макросы не выполняются), .xls, .ods, .csv (UTF-8 или Windows-1251), "
        "до {mb} МБ.",
    ),
    "up_template_title": ("1. Template", "1. Шаблон"),
    "up_template_help": (
        "National data is easiest to load with the template: instructions in English and Russian, drop-down "
        "lists of countries and indicators, a worked example and a sheet for new indicators.",
        "Национальные данные проще всего загрузить по шаблону: инструкции на английском и русском, "
        "раскрывающиеся списки стран и показателей, пример заполнения и лист для новых показателей.",
    ),
    "up_template_download": ("Download the template (xlsx)", "Скачать шаблон (xlsx)"),
    "up_file_title": ("2. File", "2. Файл"),
    "up_file_label": ("Choose a file", "Выберите файл"),
    "up_pick_file": (
        "Choose a filled-in template, a published file (WGI, DataBank, EGDI, CPI) or any table.",
        "Выберите заполненный шаблон, опубликованный файл (WGI, DataBank, EGDI, CPI) или любую таблицу.",
    ),
    "up_detected": ("Layout recognised: {format}.", "Формат распознан: {format}."),
    "up_unknown_layout": (
        "The layout of this file is not one the dashboard knows: say where the data is.",
        "Формат этого файла не известен панели: укажите, где находятся данные.",
    ),
    "up_mapping_title": ("3. Where the data is", "3. Где находятся данные"),
    "up_mapping_help": (
        "Pick the sheet, the row with the column names, the country column, how years run and which columns "
        "are indicators. The first rows of the sheet are shown with their row numbers.",
        "Выберите лист, строку с названиями столбцов, столбец со странами, как расположены годы и какие "
        "столбцы являются показателями. Первые строки листа показаны с номерами строк.",
    ),
    "up_hidden": ("hidden", "скрытый"),
    "up_map_sheet": ("Sheet", "Лист"),
    "up_map_header": ("Header row (column names)", "Строка заголовков (названия столбцов)"),
    "up_map_country": ("Country column", "Столбец со странами"),
    "up_map_years": ("Years", "Годы"),
    "up_map_years_down": ("down a column", "в одном столбце"),
    "up_map_years_across": ("across the columns", "по столбцам"),
    "up_map_year_column": ("Year column", "Столбец с годами"),
    "up_map_values": ("Indicator columns", "Столбцы с показателями"),
    "up_map_year_headers": (
        "{n} year columns found ({first} to {last}).",
        "Найдено столбцов с годами: {n} (с {first} по {last}).",
    ),
    "up_map_indicator_where": ("The indicator", "Показатель"),
    "up_map_indicator_one": ("one for the whole sheet", "один на весь лист"),
    "up_map_indicator_column": ("in a column", "в столбце"),
    "up_map_ind_column_pick": ("Column holding the indicator", "Столбец с показателем"),
    "up_map_indicator_for": ("Indicator for '{column}'", "Показатель для «{column}»"),
    "up_map_new_indicator": ("a new indicator...", "новый показатель..."),
    "up_map_new_code": ("New indicator code", "Код нового показателя"),
    "up_map_new_unit": ("Unit (e.g. percent, days)", "Единица (например, процент, дни)"),
    "up_map_new_direction": ("Higher is better?", "Чем больше, тем лучше?"),
    "up_yes": ("yes", "да"),
    "up_no": ("no", "нет"),
    "up_map_source": ("Source of the data", "Источник данных"),
    "up_map_source_name": ("Dataset name (required)", "Название набора данных (обязательно)"),
    "up_map_source_edition": ("Edition, e.g. 2024 (required)", "Выпуск, например 2024 (обязательно)"),
    "up_map_source_publisher": ("Publisher", "Издатель"),
    "up_map_source_licence": ("Licence", "Лицензия"),
    "up_map_source_required": (
        "Give the dataset name and edition, so the data can be cited.",
        "Укажите название набора данных и выпуск, чтобы на данные можно было сослаться.",
    ),
    "up_map_check": ("Check the file", "Проверить файл"),
    # report
    "up_report_title": ("Validation report", "Отчет о проверке"),
    "up_errors_block": (
        "{n} problem(s) in {file} must be fixed; nothing was saved. Fix them in the file and upload it again.",
        "В файле {file} найдено проблем, которые нужно исправить: {n}; ничего не сохранено. Исправьте их в файле "
        "и загрузите его снова.",
    ),
    "up_warnings_also": ("Also noticed ({n}):", "Также замечено ({n}):"),
    "up_no_problems": ("No problems found.", "Проблем не найдено."),
    "up_report_download": (
        "Download the report (your file with the problems highlighted, xlsx)",
        "Скачать отчет (ваш файл с выделенными проблемами, xlsx)",
    ),
    "up_warnings_accept": (
        "{n} warning(s): tick each one you accept. To refuse one, fix the file and upload it again.",
        "Предупреждений: {n}. Отметьте каждое, которое принимаете. Чтобы отклонить, исправьте файл и загрузите "
        "его снова.",
    ),
    "up_severity_error": ("error", "ошибка"),
    "up_severity_warning": ("warning", "предупреждение"),
    "up_col_severity": ("Severity", "Важность"),
    "up_col_file": ("File", "Файл"),
    "up_col_sheet": ("Sheet", "Лист"),
    "up_col_row": ("Row", "Строка"),
    "up_col_column": ("Column", "Столбец"),
    "up_col_value": ("Value", "Значение"),
    "up_col_problem": ("Problem", "Проблема"),
    "up_col_hint": ("How to fix", "Как исправить"),
    # preview and commit
    "up_preview_title": ("What will change", "Что изменится"),
    "up_added": ("added", "добавлено"),
    "up_changed": ("changed", "изменено"),
    "up_unchanged": ("unchanged", "без изменений"),
    "up_col_status": ("Change", "Изменение"),
    "up_col_indicator": ("Indicator", "Показатель"),
    "up_col_country": ("Country", "Страна"),
    "up_col_old": ("Old value", "Прежнее значение"),
    "up_col_std_error": ("Standard error", "Стандартная ошибка"),
    "up_col_new": ("New value", "Новое значение"),
    "up_preview_first": ("The first {n} of {total} values are shown.", "Показаны первые {n} из {total} значений."),
    "up_accept_first": ("Accept every warning above to save.", "Чтобы сохранить, примите все предупреждения выше."),
    "up_commit": ("Save to the store", "Сохранить в хранилище"),
    "up_committed": (
        "Saved as batch {batch}: {added} added, {replaced} changed, {unchanged} unchanged. Every page now shows "
        "the new data; the History page can undo it.",
        "Сохранено как пакет {batch}: добавлено {added}, изменено {replaced}, без изменений {unchanged}. Все "
        "страницы уже показывают новые данные; отменить загрузку можно на странице истории.",
    ),
    "up_already_loaded": (
        "This file is already loaded (batch {batch}, {when}); loading it again would change nothing.",
        "Этот файл уже загружен (пакет {batch}, {when}); повторная загрузка ничего не изменит.",
    ),
    # history
    "up_history_title": ("Load history", "История загрузок"),
    "up_history_intro": (
        "Every load with its rows, who loaded it and when. Rolling a batch back restores the values it "
        "replaced, and is recorded here too.",
        "Каждая загрузка: строки, кто и когда загрузил. Отмена пакета восстанавливает замененные им значения "
        "и тоже записывается здесь.",
    ),
    "up_no_batches": ("Nothing has been loaded yet.", "Пока ничего не загружено."),
    "up_rolled_back_at": ("Rolled back", "Отменен"),
    "up_rolled_back_by": ("Rolled back by", "Кем отменен"),
    "up_pick_batch": ("Batch", "Пакет"),
    "up_batch_title": ("Batch {batch}: {file}", "Пакет {batch}: {file}"),
    "up_batch_caption": (
        "{n} rows in the store now; {replaced} earlier values kept to restore on rollback. Loaded by {user} "
        "on {when}; {status}.",
        "Строк в хранилище сейчас: {n}; сохранено прежних значений для восстановления при отмене: {replaced}. "
        "Загрузил {user} {when}; {status}.",
    ),
    "up_download_original": ("Download the original file", "Скачать исходный файл"),
    "up_no_original": ("The original file is not kept for this batch.", "Исходный файл этого пакета не сохранен."),
    "up_rollback_title": ("Roll back", "Отмена загрузки"),
    "up_rollback_help": (
        "Removes this batch's rows and puts back the values it replaced. A later batch that replaced the same "
        "values has to be rolled back first.",
        "Удаляет строки этого пакета и возвращает замененные им значения. Если более поздний пакет заменил те же "
        "значения, сначала отмените его.",
    ),
    "up_rollback_confirm": ("Yes, roll back batch {batch}", "Да, отменить пакет {batch}"),
    "up_rollback": ("Roll back", "Отменить"),
    "up_rolled_back_msg": (
        "Batch {batch} rolled back: {removed} rows removed, {restored} earlier values restored.",
        "Пакет {batch} отменен: удалено строк: {removed}, восстановлено прежних значений: {restored}.",
    ),
    "up_survey_templates_help": ("Survey results: one template for respondent-level answers (with a codebook), one "
                                 "for published results (n, % favourable or mean, confidence interval).",
                                 "Результаты опросов: шаблон для ответов респондентов (с кодовой книгой) и шаблон "
                                 "для опубликованных результатов (n, доля положительных ответов или среднее, "
                                 "доверительный интервал)."),
    "up_survey_respondent_template": ("Survey template: respondents", "Шаблон опроса: респонденты"),
    "up_survey_aggregate_template": ("Survey template: published results", "Шаблон опроса: опубликованные итоги"),
    "up_detected_survey": ("Recognised as a civil-servant survey file.", "Распознан файл опроса госслужащих."),
    "up_survey_surveys": ("Surveys (country and year)", "Опросы (страна и год)"),
    "up_survey_questions": ("Questions", "Вопросы"),
    "up_survey_results": ("Published results", "Опубликованные результаты"),
    "up_survey_respondents": ("Respondents", "Респонденты"),
    "up_survey_answers": ("Answers", "Ответы"),
    "up_committed_survey": ("Saved as batch {batch}: {added} rows added.", "Сохранено как пакет {batch}: добавлено "
                            "строк: {added}."),
}
