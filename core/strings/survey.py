"""English and Russian text of the survey pages: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
    "sv_nav": ("Civil-servant surveys", "Опросы госслужащих"),
    "sv_title": ("Civil-servant surveys", "Опросы государственных служащих"),
    "sv_subtitle": (
        "Staff survey results by country: published figures and estimates computed from uploaded answers, "
        "with 95% confidence intervals. No figure from fewer than {k} respondents is shown.",
        "Результаты опросов персонала по странам: опубликованные показатели и оценки, рассчитанные по "
        "загруженным ответам, с 95-процентными доверительными интервалами. Показатели по группам менее чем "
        "из {k} респондентов не показываются.",
    ),
    "sv_no_surveys": (
        "No survey results are loaded yet. Load a survey file on the upload page or with "
        "`python -m etl load FILE` (e.g. the GSPS national indicators CSV).",
        "Результаты опросов ещё не загружены. Загрузите файл опроса на странице загрузки или командой "
        "`python -m etl load FILE` (например, CSV с национальными показателями GSPS).",
    ),
    "sv_programme": ("Survey", "Опрос"),
    "sv_level": ("Show", "Показать"),
    "sv_level_item": ("Questions", "Вопросы"),
    "sv_level_theme": ("Theme scores", "Индексы по темам"),
    "sv_question": ("Question", "Вопрос"),
    "sv_theme": ("Theme", "Тема"),
    "sv_measure": ("Measure", "Показатель"),
    "sv_measure_fav": ("% favourable (share 0-1)", "Доля положительных ответов (0-1)"),
    "sv_measure_mean": ("Mean answer", "Средний ответ"),
    "sv_measure_index": ("Index 0-100", "Индекс 0-100"),
    "sv_measure_share": ("Share (0-1)", "Доля (0-1)"),
    "sv_measure_published_mean": ("Mean, as published", "Среднее, как опубликовано"),
    "sv_measure_published_index": ("Index, as published", "Индекс, как опубликован"),
    "sv_weighted": ("Weighted (survey weights)", "С весами (веса опроса)"),
    "sv_pick_question": ("Pick a question to see its results.", "Выберите вопрос, чтобы увидеть результаты."),
    "sv_empty": ("No results for this selection.", "Нет результатов для этого выбора."),
    "sv_by_country": ("By country", "По странам"),
    "sv_likert_title": ("Answers to “{q}”, latest wave", "Ответы на вопрос «{q}», последняя волна"),
    "sv_ci_title": ("{q}: {m}, latest wave, with 95% confidence interval",
                    "{q}: {m}, последняя волна, с 95-процентным доверительным интервалом"),
    "sv_favourable": ("Favourable", "Положительно"),
    "sv_neutral": ("Neutral", "Нейтрально"),
    "sv_unfavourable": ("Unfavourable", "Отрицательно"),
    "sv_hub_average": ("Average of the countries shown", "Среднее по показанным странам"),
    "sv_hub_average_hub": ("Average of Hub participants", "Среднее по участникам Хаба"),
    "sv_not_tested": ("Not tested (no interval)", "Не проверялось (нет интервала)"),
    "sv_above_hub": ("Significantly above the average", "Значимо выше среднего"),
    "sv_below_hub": ("Significantly below the average", "Значимо ниже среднего"),
    "sv_not_different": ("Not significantly different", "Значимо не отличается"),
    "sv_ci": ("95% CI", "95% ДИ"),
    "sv_respondents": ("respondents", "респондентов"),
    "sv_share_axis": ("Share of respondents", "Доля респондентов"),
    "sv_caveat": (
        "Compare countries with care: question wording, translation, answer scales, fieldwork years and "
        "response rates differ, and people in different countries use answer scales differently. Raw means "
        "on different scales are not comparable at all; within one survey programme, read differences that "
        "are not flagged as significant as no difference.",
        "Сравнивайте страны осторожно: формулировки вопросов, перевод, шкалы ответов, годы проведения и "
        "доля ответивших различаются, а респонденты в разных странах по-разному пользуются шкалами. Средние "
        "на разных шкалах несопоставимы; в пределах одного опроса различия, не отмеченные как значимые, "
        "следует считать отсутствующими.",
    ),
    "sv_themes": ("Theme scores", "Индексы по темам"),
    "sv_country": ("Country", "Страна"),
    "sv_theme_title": ("{c} {y}: theme scores (% favourable) with 95% CI",
                       "{c}, {y}: индексы по темам (доля положительных ответов) с 95% ДИ"),
    "sv_theme_method": (
        "A theme score averages its questions as the UK Civil Service People Survey does: each respondent's "
        "share of favourable answers to the theme's questions, averaged over respondents. The diamond is the "
        "average of all countries' latest waves; a filled marker differs from it significantly (95%).",
        "Индекс темы усредняет её вопросы так же, как британский опрос госслужащих (People Survey): доля "
        "положительных ответов каждого респондента на вопросы темы, усреднённая по респондентам. Ромб — "
        "среднее по последним волнам всех стран; закрашенный маркер значимо (95%) отличается от него.",
    ),
    "sv_breakdown": ("Breakdown", "В разрезе групп"),
    "sv_dimension": ("Break down by", "Разрез"),
    "sv_breakdown_title": ("{q}: {c} {y} by {d}", "{q}: {c}, {y}, по группам ({d})"),
    "sv_hidden_groups": (
        "Not shown, to protect respondents (fewer than {k} respondents, or hidden so that they cannot be "
        "worked out from the total): {groups}.",
        "Не показаны ради защиты респондентов (меньше {k} респондентов или скрыты, чтобы их нельзя было "
        "вычислить из итога): {groups}.",
    ),
    "sv_no_breakdowns": ("This survey has no results by group.", "Для этого опроса нет результатов по группам."),
    "sv_waves": ("Wave-on-wave change", "Изменение между волнами"),
    "sv_waves_title": ("{q}: {c}, every wave, with 95% CI", "{q}: {c}, все волны, с 95% ДИ"),
    "sv_one_wave": ("Only one wave of this survey is loaded for this country.",
                    "Для этой страны загружена только одна волна опроса."),
    "sv_change_significant": ("significant", "значимо"),
    "sv_change_not_significant": ("not significant", "не значимо"),
    "sv_about": ("About this data", "Об этих данных"),
    "sv_about_text": (
        "Source: {source}, edition {edition}. Licence: {licence}.",
        "Источник: {source}, издание {edition}. Лицензия: {licence}.",
    ),
    "sv_method": (
        "Estimates from respondent-level data are weighted means of the answers with 95% confidence "
        "intervals from the effective sample size (Kish), with the finite population correction where the "
        "number of civil servants surveyed is known. Published figures are shown as published, with the "
        "interval the publisher gives. Differences are flagged only when significant at 95%.",
        "Оценки по данным респондентов — взвешенные средние ответов с 95-процентными доверительными "
        "интервалами по эффективному объёму выборки (Киш) и поправкой на конечность совокупности, если "
        "известна численность опрошенных госслужащих. Опубликованные показатели приводятся как опубликованы, "
        "с интервалом издателя. Различия отмечаются, только если они значимы на уровне 95%.",
    ),
    "sv_col_country": ("Country", "Страна"),
    "sv_col_year": ("Year", "Год"),
    "sv_col_group": ("Group", "Группа"),
    "sv_col_value": ("Value", "Значение"),
    "sv_col_lower": ("95% CI lower", "Нижняя граница 95% ДИ"),
    "sv_col_upper": ("95% CI upper", "Верхняя граница 95% ДИ"),
    "sv_col_n": ("Respondents", "Респондентов"),
    "sv_col_vs_hub": ("Against the average", "По сравнению со средним"),
    "sv_col_origin": ("Figure", "Показатель"),
    "sv_origin_published": ("published", "опубликован"),
    "sv_origin_computed": ("computed from answers", "рассчитан по ответам"),
    "sv_col_change": ("Change", "Изменение"),
    "sv_col_from": ("From", "С"),
    "sv_col_to": ("To", "По"),
    "sv_col_significant": ("Significant (95%)", "Значимо (95%)"),
    "sv_yes": ("yes", "да"),
    "sv_no": ("no", "нет"),
    "sv_hidden": ("hidden", "скрыто"),
    "sv_all": ("All respondents", "Все респонденты"),
    "sv_col_weighted_n": ("Weighted n", "Взвешенное n"),
    "sv_col_fieldwork": ("Fieldwork", "Период опроса"),
    "sv_col_population": ("Civil servants surveyed", "Охват (госслужащих)"),
    "sv_col_response_rate": ("Response rate", "Доля ответивших"),
    "sv_col_level": ("Data held", "Данные"),
    "sv_level_is_respondent": ("answers of respondents", "ответы респондентов"),
    "sv_level_is_aggregate": ("published figures", "опубликованные показатели"),
}
