"""English and Russian text of the compare, profile, catalogue and peer-group pages: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "cmp_nav": ("Compare countries", "Сравнение стран"),
    "cmp_prof_nav": ("Country profile", "Профиль страны"),
    "cmp_cat_nav": ("Indicators and coverage", "Показатели и охват"),
    # compare page
    "cmp_title": ("Compare countries", "Сравнение стран"),
    "cmp_intro": (
        "One indicator across countries, against the hub average and a peer group. One edition of each source "
        "is used, the current one unless another is picked in the sidebar; a value from an earlier year is marked "
        "with its year, and a country without a value is shown as missing, never as zero.",
        "Один показатель по странам в сравнении со средним по Хабу и по группе сравнения. Используется один "
        "выпуск каждого источника — текущий, если на боковой панели не выбран другой; значение за более ранний "
        "год помечено этим годом, а страна без данных показана как «нет данных», а не как ноль.",
    ),
    "cmp_no_data": (
        "No indicator has data yet. Load a published source with `python -m etl load` (a new store built with "
        "`python -m etl init` holds the starter pack of published data; `python -m etl demo` builds a demo store).",
        "Пока нет данных ни по одному показателю. Загрузите опубликованный источник командой `python -m etl "
        "load` (новое хранилище, созданное командой `python -m etl init`, содержит стартовый набор опубликованных "
        "данных; `python -m etl demo` создаёт демо-хранилище).",
    ),
    "cmp_indicator": ("Indicator", "Показатель"),
    "cmp_indicator_y": ("Second indicator (vertical axis)", "Второй показатель (вертикальная ось)"),
    "cmp_fallback": ("If a country has no value that year", "Если у страны нет значения за этот год"),
    "cmp_fallback_help": (
        "Show its latest earlier value, marked with its year, if it is at most this many years older. "
        "Averages and ranks always use only values of the chosen year.",
        "Показать последнее более раннее значение с пометкой года, если оно старше не более чем на столько "
        "лет. Средние и места всегда считаются только по значениям выбранного года.",
    ),
    "cmp_lag_none": ("show it as missing", "показывать «нет данных»"),
    "cmp_lag_years": ("use an earlier value, up to {n} years back", "брать более раннее значение, до {n} лет назад"),
    "cmp_peer_group": ("Peer group", "Группа сравнения"),
    "cmp_focus": ("Highlighted country", "Выделенная страна"),
    "cmp_fill_from": ("Fill the country list from a group", "Заполнить список стран из группы"),
    "cmp_fill_placeholder": ("choose a group…", "выберите группу…"),
    "cmp_countries": ("Countries shown", "Страны на графиках"),
    "cmp_choose_countries": (
        "Choose at least one country above (or fill the list from a group) to compare.",
        "Выберите хотя бы одну страну выше (или заполните список из группы), чтобы сравнить.",
    ),
    "cmp_hub_average": ("Hub average", "Среднее по Хабу"),
    "cmp_from_year": ("from {year}", "за {year}"),
    "cmp_all_missing": (
        "No chosen country has a value in {year} (or within the chosen number of years before it). "
        "This indicator has data for {first}–{last}: choose another year or allow earlier values.",
        "Ни у одной выбранной страны нет значения за {year} (или за выбранное число лет до него). "
        "По этому показателю есть данные за {first}–{last}: выберите другой год или разрешите более ранние "
        "значения.",
    ),
    "cmp_own_group_empty_info": (
        "Your own group has no members yet: add countries under \"Your own peer group\" to see its average.",
        "В вашей группе пока нет стран: добавьте страны в разделе «Своя группа сравнения», чтобы увидеть её "
        "среднее.",
    ),
    "cmp_subtitle": ("Year {year}; edition {edition}", "Год {year}; выпуск {edition}"),
    "cmp_tab_ranking": ("Ranking", "Рейтинг"),
    "cmp_tab_series": ("Over time", "Динамика"),
    "cmp_tab_map": ("Map", "Карта"),
    "cmp_tab_table": ("Table", "Таблица"),
    "cmp_tab_scatter": ("Two indicators", "Два показателя"),
    "cmp_reporting": ("{n} of {N} chosen countries have a value for {year} or an allowed earlier year.",
                      "Значение за {year} или допустимый более ранний год есть у {n} из {N} выбранных стран."),
    "cmp_fallback_note": (
        "{n} countries show an earlier year's value, marked with that year (lighter bars); they are left out of "
        "the averages and ranks.",
        "У {n} стран показано значение за более ранний год с пометкой года (светлые столбцы); они не входят в "
        "средние и места.",
    ),
    "cmp_missing_note": ("Missing ({n}): {names}.", "Нет данных ({n}): {names}."),
    "cmp_years": ("Years", "Годы"),
    "cmp_no_series": ("None of the chosen countries has a value in these years.",
                      "Ни у одной выбранной страны нет значений за эти годы."),
    "cmp_band": ("uncertainty", "неопределённость"),
    "cmp_series_note": (
        "Dashed line: hub average; dotted: peer-group average; each year's average covers the members reporting "
        "that year (hover for n of N). Gaps in a line are years without a value.",
        "Пунктир: среднее по Хабу; точки: среднее по группе сравнения; среднее за год считается по странам с "
        "данными за этот год (n из N при наведении). Разрывы линии — годы без значения.",
    ),
    "cmp_bands_note": (
        "Shaded bands: the published 90 % interval or ±1.96 standard errors, drawn for the highlighted country "
        "and, when {limit} or fewer countries are shown, for every country.",
        "Полосы: опубликованный интервал или ±1,96 стандартной ошибки — для выделенной страны, а если стран "
        "{limit} или меньше, то для каждой.",
    ),
    "cmp_value_year": ("Year of value", "Год значения"),
    "cmp_note": ("Note", "Примечание"),
    "cmp_rank_hub": ("Rank among hub members", "Место среди участников Хаба"),
    "cmp_rank_short": ("{rank} of {of}", "{rank} из {of}"),
    "cmp_std_error": ("Standard error", "Стандартная ошибка"),
    "cmp_lower": ("Lower bound", "Нижняя граница"),
    "cmp_upper": ("Upper bound", "Верхняя граница"),
    "cmp_scatter_one": ("Only one indicator has data, so there is nothing to plot it against.",
                        "Данные есть только по одному показателю, сопоставить его не с чем."),
    "cmp_scatter_empty": ("No chosen country has values of both indicators for {year}.",
                          "Ни у одной выбранной страны нет значений обоих показателей за {year}."),
    "cmp_scatter_note": (
        "{n} of {N} chosen countries have both values (for {year}, or an allowed earlier year shown on hover).",
        "Оба значения есть у {n} из {N} выбранных стран (за {year} или допустимый более ранний год, см. "
        "подсказку).",
    ),
    "cmp_scatter_hub_lines": ("Dashed lines: hub averages of the two indicators in {year}.",
                              "Пунктир: средние по Хабу для двух показателей за {year}."),
    "cmp_other_countries": ("Other chosen countries", "Другие выбранные страны"),
    "cmp_higher_better": ("higher is better", "чем выше, тем лучше"),
    "cmp_lower_better": ("lower is better", "чем ниже, тем лучше"),
    "cmp_years_shown": ("years shown", "показанные годы"),
    # peer groups
    "cmp_own_group": ("Your own peer group", "Своя группа сравнения"),
    "cmp_own_group_help": (
        "Define a group for this session (e.g. Central Asia + Azerbaijan); it is offered wherever a peer-group "
        "average appears and is kept in the page address.",
        "Задайте группу на время работы (например, Центральная Азия + Азербайджан); она доступна везде, где "
        "показано среднее по группе, и сохраняется в адресе страницы.",
    ),
    "cmp_own_group_name": ("Group name", "Название группы"),
    "cmp_own_group_placeholder": ("e.g. Central Asia + Azerbaijan", "например, Центральная Азия + Азербайджан"),
    "cmp_own_group_members": ("Countries in the group", "Страны группы"),
    "cmp_own_group_default": ("Own group", "Своя группа"),
    "cmp_own_group_empty": ("no countries yet", "стран пока нет"),
    # charts
    "cmp_position": ("Position in the hub", "Положение в Хабе"),
    "cmp_sd_units": ("vs hub average, in SD", "от среднего по Хабу, в СО"),
    "cmp_target": ("target", "целевое значение"),
    "cmp_cov_absent": ("no row", "нет строки"),
    "cmp_cov_missing": ("published as missing", "опубликовано как «нет данных»"),
    "cmp_cov_value": ("value", "значение"),
    # profile page
    "cmp_prof_title": ("Country profile", "Профиль страны"),
    "cmp_prof_intro": (
        "One country across every indicator: its latest value, its rank among hub members, progress since a "
        "baseline year, and its distance from the hub average, the best hub performer and a peer group.",
        "Одна страна по всем показателям: последнее значение, место среди участников Хаба, изменение с базового "
        "года и отставание или опережение относительно среднего по Хабу, лучшего участника и группы сравнения.",
    ),
    "cmp_prof_baseline": ("Baseline year", "Базовый год"),
    "cmp_prof_baseline_help": (
        "Change is measured from the first value in or after this year.",
        "Изменение считается от первого значения в этом году или позже.",
    ),
    "cmp_prof_no_data": ("No indicator has a value for {country} in the current editions.",
                         "Ни по одному показателю текущих выпусков нет значений для страны {country}."),
    "cmp_prof_subtitle": ("Latest year per indicator; baseline {baseline}; edition {edition}",
                          "Последний год по каждому показателю; базовый год {baseline}; выпуск {edition}"),
    "cmp_prof_table_title": ("{country}: every indicator", "{country}: все показатели"),
    "cmp_prof_indicator": ("Indicator", "Показатель"),
    "cmp_prof_change": ("Change since baseline", "Изменение с базового года"),
    "cmp_prof_no_baseline": ("no earlier value", "нет более раннего значения"),
    "cmp_prof_rate": ("Per year", "В год"),
    "cmp_prof_hub_avg": ("Hub average", "Среднее по Хабу"),
    "cmp_prof_gap_hub": ("Gap to hub average", "Разница со средним по Хабу"),
    "cmp_prof_best": ("Best in hub", "Лучший в Хабе"),
    "cmp_prof_gap_best": ("Gap to best", "Разница с лучшим"),
    "cmp_prof_peer_avg": ("{group} average", "Среднее: {group}"),
    "cmp_prof_vs_peers": ("Versus peers", "По сравнению с группой"),
    "cmp_prof_no_peers": ("no peer data that year", "нет данных по группе за этот год"),
    "cmp_prof_table_note": (
        "Each row uses the country's latest year with a value; averages, best and rank use the members "
        "reporting that same year (n of N). Verdicts on changes and gaps follow the significance rule below, "
        "which counts the uncertainty of both sides. Gaps are signed as value minus reference.",
        "В каждой строке — последний год, за который у страны есть значение; среднее, лучший и место считаются "
        "по странам с данными за тот же год (n из N). Выводы об изменениях и разрывах — по правилу значимости "
        "ниже, с учётом погрешности обеих сторон. Разница — значение минус ориентир.",
    ),
    "cmp_prof_strip_title": ("Ahead or behind the hub, at a glance", "Впереди или позади Хаба: коротко"),
    "cmp_prof_strip_note": (
        "Colour: distance from the hub average in standard deviations of hub members, turned so that blue is "
        "always better and orange worse, whichever way the indicator runs; the cell shows the rank.",
        "Цвет: отклонение от среднего по Хабу в стандартных отклонениях участников, развёрнутое так, что синий "
        "всегда лучше, а оранжевый хуже, независимо от направления показателя; в ячейке — место.",
    ),
    "cmp_prof_strip_ranks": ("{n} indicators that are themselves world ranks are left out here (see the table).",
                             "{n} показателей, которые сами являются мировыми рейтингами, здесь не показаны (см. "
                             "таблицу)."),
    "cmp_prof_latest_years": ("{first}–{last}, the latest year of each indicator",
                              "{first}–{last}, последний год по каждому показателю"),
    "cmp_prof_multiples_title": ("Series by theme", "Динамика по темам"),
    "cmp_prof_multiples_note": (
        "Orange: the country (shaded: its published uncertainty); dashed: the hub average of the members "
        "reporting each year; stars: the country's own targets.",
        "Оранжевая линия — страна (заливка — опубликованная погрешность); пунктир — среднее по участникам Хаба "
        "с данными за каждый год; звёзды — целевые значения страны.",
    ),
    "cmp_prof_panels": ("Indicators to draw (up to {n})", "Показатели для графиков (не более {n})"),
    "cmp_prof_no_panels": ("Choose at least one indicator of this theme to draw its series.",
                           "Выберите хотя бы один показатель этой темы, чтобы построить его динамику."),
    "cmp_prof_no_targets": ("No targets for {country} are loaded for these indicators.",
                            "Целевые значения страны {country} по этим показателям не загружены."),
    # catalogue page
    "cmp_cat_title": ("Indicators and coverage", "Показатели и охват"),
    "cmp_cat_intro": (
        "Every indicator with data: what it measures, its unit and direction, where it comes from, and which "
        "countries and years it covers, so that gaps are seen before comparing.",
        "Все показатели с данными: что они измеряют, единица и направление, источник, а также какие страны и "
        "годы охвачены, чтобы пробелы были видны до сравнения.",
    ),
    "cmp_cat_list_title": ("Indicator catalogue", "Каталог показателей"),
    "cmp_cat_subtitle": ("Current editions of every loaded source", "Текущие выпуски всех загруженных источников"),
    "cmp_cat_code": ("Code", "Код"),
    "cmp_cat_definition": ("Definition", "Определение"),
    "cmp_cat_direction": ("Direction", "Направление"),
    "cmp_cat_licence": ("Licence", "Лицензия"),
    "cmp_cat_citation": ("Citation", "Ссылка на источник"),
    "cmp_cat_years": ("Years", "Годы"),
    "cmp_cat_countries": ("Countries", "Стран"),
    "cmp_cat_hub_coverage": ("Hub members in latest year", "Участники Хаба в последнем году"),
    "cmp_cat_hub_cov_value": ("{n} of {N} ({year})", "{n} из {N} ({year})"),
    "cmp_cat_matrix_title": ("Coverage: country × year", "Охват: страна × год"),
    "cmp_cat_group": ("Countries", "Страны"),
    "cmp_cat_matrix_note": (
        "{countries} of {N} countries have at least one value; {cells} of {total} country-years have a value. "
        "Blue: value; orange: published as missing; grey: no row in the source.",
        "Хотя бы одно значение есть у {countries} из {N} стран; значения есть в {cells} из {total} "
        "страно-лет. Синий — значение; оранжевый — опубликовано как «нет данных»; серый — строки в источнике нет.",
    ),
}
