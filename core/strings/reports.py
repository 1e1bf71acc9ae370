"""English and Russian text of the downloads, exports and country briefs: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
    # Stamps on every exported chart and table
    "rep_source": ("Source: {source}, {edition}.", "Источник: {source}, {edition}."),
    "rep_licence": ("Licence: {licence}.", "Лицензия: {licence}."),
    "rep_demo_stamp": (
        "DEMO DATA: generated for illustration, describes no real country.",
        "ДЕМО-ДАННЫЕ: сгенерированы для примера, не описывают ни одну реальную страну.",
    ),
    "rep_made_with": ("Hub Reform Monitor, Astana Civil Service Hub · exported {date}",
                      "Монитор реформ Хаба, Астанинский хаб государственной службы · выгружено {date}"),
    "rep_col_source": ("Source", "Источник"),
    "rep_col_licence": ("Licence", "Лицензия"),
    "rep_sheet_data": ("Data", "Данные"),
    "rep_sheet_meta": ("About", "Описание"),
    "rep_meta_title": ("Title", "Название"),
    "rep_meta_subtitle": ("Subtitle", "Подзаголовок"),
    "rep_meta_citation": ("Citation", "Ссылка для цитирования"),
    "rep_meta_url": ("Address", "Адрес"),
    "rep_meta_note": ("Note", "Примечание"),
    "rep_meta_exported": ("Exported", "Дата выгрузки"),
    "rep_meta_view": ("View in the dashboard", "Представление в панели"),
    "rep_meta_app": ("Made with", "Подготовлено в"),
    # Download buttons
    "rep_download_chart": ("Download chart", "Скачать диаграмму"),
    "rep_download_table": ("Download table", "Скачать таблицу"),
    "rep_png_help": ("Print resolution: 2000 px wide, 300 dpi", "Для печати: 2000 пикс. в ширину, 300 dpi"),
    "rep_html_help": ("Interactive, opens without internet", "Интерактивная, открывается без интернета"),
    "rep_xlsx_help": ("With a sheet of sources, editions and licences",
                      "С листом источников, выпусков и лицензий"),
    "rep_pack": ("All charts (ZIP)", "Все диаграммы (ZIP)"),
    "rep_pack_help": ("PNG, SVG and data (CSV) of every chart on this page",
                      "PNG, SVG и данные (CSV) всех диаграмм страницы"),
    "rep_prepare_pack": ("Prepare all charts (ZIP)", "Подготовить все диаграммы (ZIP)"),
    "rep_no_browser": ("Image export is unavailable: {error}", "Выгрузка изображений недоступна: {error}"),
    "rep_overview_map_file": ("hub-participants-map", "karta-uchastnikov-haba"),
    "rep_loads_file": ("latest-loads", "poslednie-zagruzki"),
    "rep_loads_subtitle": ("Load batches, newest first", "Пакеты загрузки, сначала новые"),
    "rep_map_subtitle": ("{n} participating countries by region", "Стран-участниц: {n}, по регионам"),
    "rep_map_source": ("Hub participants list", "Список участников Хаба"),
    "rep_map_source_edition": ("data/reference/hub_members.csv", "data/reference/hub_members.csv"),
    "rep_loads_source": ("Hub Reform Monitor store", "Хранилище Монитора реформ Хаба"),
    "rep_loads_edition": ("load history", "история загрузок"),
    # The brief page
    "rep_nav_section": ("Reports", "Отчёты"),
    "rep_nav_brief": ("Country brief", "Справка по стране"),
    "rep_brief_title": ("Country brief", "Справка по стране"),
    "rep_brief_intro": (
        "One click builds a brief for the chosen country: key messages computed from the data, headline "
        "indicators with ranks and change, charts, survey highlights when a survey is loaded, sources. "
        "Word, PDF and PowerPoint.",
        "Одним нажатием готовится справка по выбранной стране: ключевые выводы по данным, основные показатели "
        "с местами и динамикой, диаграммы, итоги опросов (если опрос загружен), источники. Word, PDF и PowerPoint.",
    ),
    "rep_about_brief": (
        "- **Key messages** are computed from the store: the biggest improvements since the earliest year in the "
        "last ten, measured in peer standard deviations; where the country is furthest ahead of or behind the "
        "average of {group}; figures older than other countries' latest year.\n"
        "- **Peer average**: the other countries of the group that report the indicator in the same year; "
        "**rank**: among them and the country, 1 = best whichever direction is better.\n"
        "- Every chart carries its source, edition, licence and year; demo data is marked DEMO on every page.\n"
        "- Whole-world ranks (WGI percentile ranks, EGDI rank) are left out: ranks are computed among peers.",
        "- **Ключевые выводы** рассчитываются по данным хранилища: наибольшие улучшения с самого раннего года за "
        "последние десять лет (в стандартных отклонениях по группе); где страна больше всего опережает среднее "
        "по группе «{group}» или отстаёт от него; данные, которые старше последнего года других стран.\n"
        "- **Среднее по группе**: другие страны группы с данными за тот же год; **место**: среди них и страны, "
        "1 — лучшее с учётом направления показателя.\n"
        "- На каждой диаграмме указаны источник, выпуск, лицензия и год; демо-данные помечены ДЕМО на каждой "
        "странице.\n"
        "- Мировые рейтинги (процентильные ранги WGI, место в EGDI) не используются: места считаются внутри группы.",
    ),
    "rep_pick_country": ("Country", "Страна"),
    "rep_pick_peers": ("Compare with", "Сравнить с"),
    "rep_pick_lang": ("Language of the brief", "Язык справки"),
    "rep_pick_formats": ("Formats", "Форматы"),
    "rep_build": ("Build the brief", "Подготовить справку"),
    "rep_building": ("Building the brief…", "Справка готовится…"),
    "rep_built": ("Brief ready: {charts} charts, {rows} indicators", "Справка готова: диаграмм {charts}, "
                  "показателей {rows}"),
    "rep_step_query": ("Reading the data", "Чтение данных"),
    "rep_step_chart": ("Chart {i} of {n}", "Диаграмма {i} из {n}"),
    "rep_step_docx": ("Writing the Word document", "Создание документа Word"),
    "rep_step_pptx": ("Writing the slides", "Создание слайдов"),
    "rep_step_pdf": ("Converting to PDF", "Преобразование в PDF"),
    "rep_no_country": ("Pick a country.", "Выберите страну."),
    "rep_no_data_country": ("{country} has no indicator data in the store.",
                            "По стране {country} в хранилище нет данных показателей."),
    "rep_pdf_unavailable": ("PDF is unavailable: {error}", "PDF недоступен: {error}"),
    "rep_download_docx": ("Word (DOCX)", "Word (DOCX)"),
    "rep_download_pdf": ("PDF", "PDF"),
    "rep_download_pptx": ("PowerPoint (PPTX)", "PowerPoint (PPTX)"),
    # The brief itself
    "rep_doc_title": ("{country}: civil-service reform brief", "{country}: справка о реформе государственной службы"),
    "rep_doc_subtitle": ("Compared with {group} ({n} countries with data) · latest data {year}",
                         "В сравнении с группой «{group}» (стран с данными: {n}) · последние данные за {year} г."),
    "rep_doc_generated": ("Hub Reform Monitor, Astana Civil Service Hub · generated {date}",
                          "Монитор реформ Хаба, Астанинский хаб государственной службы · подготовлено {date}"),
    "rep_doc_demo": (
        "DEMO DATA: this brief is built on generated demonstration data and describes no real country.",
        "ДЕМО-ДАННЫЕ: справка построена на сгенерированных демонстрационных данных и не описывает "
        "ни одну реальную страну.",
    ),
    "rep_h_messages": ("Key messages", "Ключевые выводы"),
    "rep_h_headline": ("Headline indicators", "Основные показатели"),
    "rep_h_charts": ("Charts", "Диаграммы"),
    "rep_h_survey": ("Survey highlights", "Итоги опроса"),
    "rep_h_sources": ("Sources and notes", "Источники и примечания"),
    "rep_msg_coverage": (
        "{country} has data on {k} indicators in the store; this brief compares it with {group} "
        "({n} other countries with data).",
        "По стране {country} в хранилище есть данные по {k} показателям; справка сравнивает её с группой "
        "«{group}» (других стран с данными: {n}).",
    ),
    "rep_msg_gain": ("Biggest gain: {indicator} went from {base} in {base_year} to {value} in {year}.",
                     "Наибольший прогресс: {indicator} — с {base} в {base_year} г. до {value} в {year} г."),
    "rep_msg_gain2": ("Also improving: {indicator}, from {base} in {base_year} to {value} in {year}.",
                      "Также улучшение: {indicator} — с {base} в {base_year} г. до {value} в {year} г."),
    "rep_msg_decline": ("Worsened: {indicator}, from {base} in {base_year} to {value} in {year}.",
                        "Ухудшение: {indicator} — с {base} в {base_year} г. до {value} в {year} г."),
    "rep_msg_ahead": (
        "Furthest ahead of peers: {indicator}, {value} against a peer average of {peer} in {year} "
        "(rank {rank} of {n}).",
        "Наибольшее опережение группы: {indicator} — {value} при среднем по группе {peer} в {year} г. "
        "({rank}-е место из {n}).",
    ),
    "rep_msg_behind": (
        "Largest gap to peers: {indicator}, {value} against a peer average of {peer} in {year} "
        "(rank {rank} of {n}).",
        "Наибольшее отставание от группы: {indicator} — {value} при среднем по группе {peer} в {year} г. "
        "({rank}-е место из {n}).",
    ),
    "rep_msg_old": (
        "Latest figures for {k} indicators are older than the newest year other countries report "
        "(e.g. {indicator}: {year} against {newest}).",
        "По {k} показателям последние данные старше, чем у других стран "
        "(например, {indicator}: {year} г. при последнем {newest} г.).",
    ),
    "rep_col_indicator": ("Indicator", "Показатель"),
    "rep_col_year": ("Year", "Год"),
    "rep_col_value": ("Value", "Значение"),
    "rep_col_change": ("Change since", "Изменение с"),
    "rep_col_peer": ("Peer average", "Среднее по группе"),
    "rep_col_rank": ("Rank", "Место"),
    "rep_rank_of": ("{rank} of {n}", "{rank} из {n}"),
    "rep_table_note": (
        "Peer average: mean of the other countries of {group} reporting in the same year. Rank among the "
        "country and those peers (1 = best, whichever direction is better). Change since the earliest year "
        "reported in the last ten years. 'missing' = not published.",
        "Среднее по группе: среднее по другим странам группы «{group}», у которых есть данные за тот же год. "
        "Место среди страны и этих стран (1 — лучшее с учётом направления показателя). Изменение — с самого "
        "раннего года с данными за последние десять лет. «нет данных» — значение не опубликовано.",
    ),
    "rep_fig_caption": ("Figure {i}. {title}", "Рисунок {i}. {title}"),
    "rep_chart_gaps_title": ("{country} against the {group} average", "{country} в сравнении со средним по группе "
                             "«{group}»"),
    "rep_chart_gaps_sub": (
        "Distance from the peer average in peer standard deviations, latest year; right = better",
        "Отклонение от среднего по группе в стандартных отклонениях, последний год; вправо — лучше",
    ),
    "rep_chart_gaps_axis": ("Standard deviations from the peer average (+ = better)",
                            "Стандартных отклонений от среднего (+ — лучше)"),
    "rep_chart_trend_sub": ("{country} and the {group} average, {first}–{last}; {unit}",
                            "{country} и среднее по группе «{group}», {first}–{last} гг.; {unit}"),
    "rep_chart_bars_sub": ("{group}, {year}; {unit}; {country} highlighted",
                           "{group}, {year} г.; {unit}; {country} выделена"),
    "rep_chart_bars_some": ("best 8, worst 4 and the neighbours of the {n} shown",
                            "показаны 8 лучших, 4 худших и соседи из {n}"),
    "rep_change_one_year": ("one year only", "только один год"),
    "rep_peer_average": ("{group} average", "Среднее: {group}"),
    "rep_peer_range": ("{group} range", "Диапазон: {group}"),
    "rep_alt_gaps": (
        "Bar chart: {country}'s distance from the {group} average on {k} indicators. Best: {best}. "
        "Weakest: {worst}.",
        "Столбчатая диаграмма: отклонение страны {country} от среднего по группе «{group}» по {k} показателям. "
        "Лучший результат: {best}. Самый слабый: {worst}.",
    ),
    "rep_alt_trend": (
        "Line chart of {indicator}, {first}–{last}: {country} {value_first} to {value_last}; "
        "{group} average {peer_last} in {last}.",
        "Линейная диаграмма: {indicator}, {first}–{last} гг.: {country} — с {value_first} до {value_last}; "
        "среднее по группе «{group}» — {peer_last} в {last} г.",
    ),
    "rep_alt_bars": (
        "Bar chart of {indicator} in {year} for {n} countries of {group}; {country}: {value}, rank {rank}.",
        "Столбчатая диаграмма: {indicator} в {year} г. по {n} странам группы «{group}»; {country}: {value}, "
        "{rank}-е место.",
    ),
    "rep_survey_intro": ("{survey}, {year}: questions with the highest and lowest results ({measure}).",
                         "{survey}, {year} г.: вопросы с самыми высокими и низкими результатами ({measure})."),
    "rep_survey_measure": ("value as published: % favourable or score", "значение как опубликовано: "
                           "% положительных ответов или балл"),
    "rep_col_question": ("Question", "Вопрос"),
    "rep_col_n": ("Respondents", "Респондентов"),
    "rep_col_hub": ("Hub average", "Среднее по Хабу"),
    "rep_survey_none": ("No survey results are loaded for {country}.",
                        "Результаты опросов по стране {country} не загружены."),
    "rep_survey_suppressed": ("Figures from fewer respondents than the confidentiality threshold are not shown.",
                              "Данные по группам меньше порога конфиденциальности не показаны."),
    "rep_note_missing": ("Missing values are shown as 'missing', never as zero.",
                         "Отсутствующие значения показаны как «нет данных», а не как ноль."),
    "rep_note_older": ("Where a country's latest figure is from an earlier year than its peers', the year says so.",
                       "Если последние данные страны старше, чем у других стран, это видно по году."),
    "rep_slide_sources": ("Sources", "Источники"),
    "rep_brief_file": ("brief", "spravka"),
    "rep_cli_done": ("Written {path} ({size} bytes)", "Записан файл {path} ({size} байт)"),
    # Units of the indicator catalogue, by their English text (the catalogue keeps units in English only)
    "rep_unit_%": ("%", "%"),
    "rep_unit_% of adults": ("% of adults", "% взрослых"),
    "rep_unit_% of wage bill": ("% of wage bill", "% фонда оплаты труда"),
    "rep_unit_% per year": ("% per year", "% в год"),
    "rep_unit_datasets": ("datasets", "наборов данных"),
    "rep_unit_days": ("days", "дней"),
    "rep_unit_hours per year": ("hours per year", "часов в год"),
    "rep_unit_minutes": ("minutes", "минут"),
    "rep_unit_score (0-100)": ("score (0-100)", "балл (0–100)"),
    "rep_unit_score (0-4)": ("score (0-4)", "балл (0–4)"),
    "rep_unit_index (0-1)": ("index (0-1)", "индекс (0–1)"),
    "rep_unit_estimate (standard normal units)": ("estimate (standard normal units)",
                                                  "оценка (единицы стандартного нормального распределения)"),
    "rep_unit_percentile rank (0-100)": ("percentile rank (0-100)", "процентильный ранг (0–100)"),
    "rep_unit_rank": ("rank", "место"),
}
