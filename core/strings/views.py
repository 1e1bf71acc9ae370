"""Text of issue 11 (significance words, peer sets, alt text, links, the brief's release): key -> (en, ru)."""

STRINGS: dict[str, tuple[str, str]] = {
    # The significance rule in words (analytics.significance.words)
    "vw_sig_improved": ("improved (beyond the margin of error)", "улучшение (больше погрешности)"),
    "vw_sig_worsened": ("worsened (beyond the margin of error)", "ухудшение (больше погрешности)"),
    "vw_sig_no_change": ("no clear change (within the margin of error)",
                         "нет явного изменения (в пределах погрешности)"),
    "vw_sig_improved_unknown": ("better; uncertainty not published", "лучше; погрешность не публикуется"),
    "vw_sig_worsened_unknown": ("worse; uncertainty not published", "хуже; погрешность не публикуется"),
    "vw_sig_unchanged": ("unchanged", "без изменений"),
    "vw_sig_missing": ("—", "—"),
    "vw_sig_ahead": ("ahead (beyond the margin of error)", "впереди (больше погрешности)"),
    "vw_sig_behind": ("behind (beyond the margin of error)", "позади (больше погрешности)"),
    "vw_sig_level": ("no clear difference (within the margin of error)",
                     "нет явного различия (в пределах погрешности)"),
    "vw_sig_ahead_unknown": ("ahead; uncertainty not published", "впереди; погрешность не публикуется"),
    "vw_sig_behind_unknown": ("behind; uncertainty not published", "позади; погрешность не публикуется"),
    "vw_sig_equal": ("level", "на одном уровне"),
    "vw_rank_range": ("(could be {low}–{high} within the margin of error)",
                      "(с учётом погрешности от {low} до {high})"),
    "vw_rank_sure": ("(the same within the margin of error)", "(тот же с учётом погрешности)"),
    "vw_sig_rule": (
        "A change or a gap is called real only when it is larger than 1.96 times its standard error (95 %), "
        "from the standard errors or intervals the source publishes; where none is published, only its direction "
        "is given. Rank ranges come from the published intervals.",
        "Изменение или разрыв считаются реальными, только если они больше 1,96 стандартной ошибки (95 %), "
        "рассчитанной по опубликованным источником стандартным ошибкам или интервалам; если погрешность не "
        "публикуется, указывается только направление. Диапазоны мест рассчитаны по опубликованным интервалам.",
    ),
    # Column headers of the compare and profile tables
    "vw_col_change_verdict": ("Change since baseline: verdict", "Изменение с базового года: вывод"),
    "vw_col_hub_verdict": ("Versus the hub average", "По сравнению со средним по Хабу"),
    "vw_col_peer_verdict": ("Versus the {group} average", "По сравнению со средним: {group}"),
    "vw_col_rank_range": ("Rank range (margin of error)", "Диапазон мест (погрешность)"),
    # Peer sets: hub membership with a status
    "vw_avg_confirmed": ("Hub average, confirmed members", "Среднее по Хабу, подтверждённые участники"),
    "vw_avg_all": ("Hub average, all listed members", "Среднее по Хабу, все указанные участники"),
    "vw_avg_own": ("Average of my group", "Среднее по моей группе"),
    "vw_avg_pick": ("Hub average over", "Среднее по Хабу считать по"),
    "vw_avg_pick_help": (
        "Hub participation is confirmed for some countries and only reported for others. The average, the ranks "
        "and every export say which set was used.",
        "Участие в Хабе подтверждено не для всех стран. Среднее, места и все выгрузки указывают, по какому "
        "набору стран они рассчитаны.",
    ),
    "vw_set_confirmed": ("confirmed members", "подтверждённые участники"),
    "vw_set_all": ("all listed members (confirmed and unconfirmed)", "все указанные участники (с неподтверждёнными)"),
    "vw_set_own": ("my group", "моя группа"),
    "vw_label_confirmed": ("hub average, {N} confirmed members, {n} reporting",
                           "среднее по Хабу, {N} подтверждённых участников, данные по {n}"),
    "vw_label_all": ("hub average, all {N} listed members ({c} confirmed), {n} reporting",
                     "среднее по Хабу, все {N} указанных участников ({c} подтверждённых), данные по {n}"),
    "vw_label_own": ("{name} average, {N} countries, {n} reporting",
                     "среднее: {name}, {N} стран, данные по {n}"),
    "vw_label_group": ("{name} average, {N} countries, {n} reporting", "среднее: {name}, {N} стран, данные по {n}"),
    "vw_label_year": ("in {year}", "за {year}"),
    "vw_short_confirmed": ("hub average, {N} confirmed members", "среднее по Хабу, {N} подтверждённых участников"),
    "vw_short_all": ("hub average, all {N} listed members ({c} confirmed)",
                     "среднее по Хабу, все {N} указанных участников ({c} подтверждённых)"),
    "vw_short_group": ("{name} average, {N} countries", "среднее: {name}, {N} стран"),
    # Membership editor (editors only)
    "vw_nav_members": ("Hub members", "Участники Хаба"),
    "vw_members_title": ("Hub membership", "Участники Хаба"),
    "vw_members_intro": (
        "The countries counted as hub participants, and whether their participation is confirmed. The hub "
        "average over confirmed members uses only the confirmed ones. Each save is recorded as a batch (who, "
        "when, what changed) and can be rolled back on the Load history page.",
        "Страны, считающиеся участниками Хаба, и подтверждено ли их участие. Среднее по подтверждённым "
        "участникам учитывает только подтверждённых. Каждое сохранение записывается как пакет (кто, когда, что "
        "изменено) и может быть отменено на странице «История загрузок».",
    ),
    "vw_members_col_country": ("Country", "Страна"),
    "vw_members_col_member": ("Member", "Участник"),
    "vw_members_col_confirmed": ("Confirmed", "Подтверждено"),
    "vw_members_col_since": ("Member since", "Участник с"),
    "vw_members_col_note": ("Source of the status", "Источник сведений"),
    "vw_members_add": ("Add countries", "Добавить страны"),
    "vw_members_reason": ("What changed and why (kept with the batch)",
                          "Что изменено и почему (сохраняется с пакетом)"),
    "vw_members_save": ("Save changes", "Сохранить изменения"),
    "vw_members_nothing": ("Nothing has changed.", "Изменений нет."),
    "vw_members_saved": ("Saved as batch {batch}: {n} countries changed.",
                         "Сохранено как пакет {batch}: изменено стран: {n}."),
    "vw_members_need_reason": ("Say what changed and why before saving.", "Укажите, что изменено и почему."),
    "vw_members_changes": ("Changes to save", "Изменения к сохранению"),
    "vw_members_history": ("Earlier changes", "Прежние изменения"),
    "vw_members_counts": ("{n} members, {c} of them confirmed.", "Участников: {n}, из них подтверждено: {c}."),
    "vw_members_bad_year": ("Member since must be a year between 1990 and {year}: {country}.",
                            "Год вступления должен быть от 1990 до {year}: {country}."),
    # Links
    "vw_link": ("Link to this view", "Ссылка на этот вид"),
    "vw_link_help": ("The address holds codes, not names: it opens the same view in any language.",
                     "Адрес содержит коды, а не названия: он открывает тот же вид на любом языке."),
    "vw_brief_from_view": ("Country brief of this view", "Справка по стране для этого вида"),
    "vw_brief_from_view_help": ("Opens the country brief for the highlighted country, peer group, year and "
                                "indicator of this view.",
                                "Открывает справку по выделенной стране, группе, году и показателю этого вида."),
    "vw_brief_from": ("Built from the view: {country}, {group}, {year}; indicators: {indicators}.",
                      "Построено по виду: {country}, {group}, {year}; показатели: {indicators}."),
    "vw_brief_year": ("Data up to", "Данные по"),
    "vw_latest": ("latest", "последние"),
    "vw_brief_indicators": ("Indicators to lead with", "Основные показатели справки"),
    # Charts
    "vw_other_countries": ("Other countries ({n})", "Другие страны ({n})"),
    "vw_chart_description": ("Chart description", "Описание диаграммы"),
    "vw_alt_ranked": (
        "Bar chart of {indicator} in {year}, {n} countries ranked best first. {focus_text}Highest: {top} "
        "({top_value}); lowest: {bottom} ({bottom_value}).{average_text}{missing_text}",
        "Столбчатая диаграмма: {indicator}, {year}, {n} стран от лучшей к худшей. {focus_text}Наибольшее значение: "
        "{top} ({top_value}); наименьшее: {bottom} ({bottom_value}).{average_text}{missing_text}",
    ),
    "vw_alt_focus_rank": ("{country} ranks {rank} of {n} with {value}{range}. ",
                          "{country}: {rank}-е место из {n}, значение {value}{range}. "),
    "vw_alt_focus_missing": ("{country} has no value. ", "По стране {country} нет данных. "),
    "vw_alt_range": (" (ranks {low}–{high} within the margin of error)", " (места {low}–{high} с учётом погрешности)"),
    "vw_alt_average": (" {label}: {value}.", " {label}: {value}."),
    "vw_alt_missing": (" No value for {n}: {names}.", " Нет данных по {n}: {names}."),
    "vw_alt_series": (
        "Line chart of {indicator}, {first}–{last}, {n} countries. {focus_text}{peers_text}{average_text}",
        "Линейная диаграмма: {indicator}, {first}–{last}, {n} стран. {focus_text}{peers_text}{average_text}",
    ),
    "vw_alt_series_focus": ("{country} went from {first_value} in {first} to {last_value} in {last}: {verdict}. ",
                            "{country}: от {first_value} в {first} до {last_value} в {last} — {verdict}. "),
    "vw_alt_series_peers": ("Highlighted peers: {names}; other countries in grey. ",
                            "Выделены страны группы: {names}; остальные страны серым. "),
    "vw_alt_series_average": ("{label} in {year}: {value}.", "{label} в {year}: {value}."),
    "vw_alt_gaps": (
        "Bar chart of {country}'s distance from the {group} average on {k} indicators, in standard deviations of "
        "the group (right = better). Furthest ahead: {best}; furthest behind: {worst}.",
        "Столбчатая диаграмма: отклонение страны {country} от среднего по группе «{group}» по {k} показателям, "
        "в стандартных отклонениях группы (вправо — лучше). Больше всего впереди: {best}; больше всего позади: "
        "{worst}.",
    ),
    "vw_alt_trend": (
        "Line chart of {indicator}, {first}–{last}: {country} went from {value_first} to {value_last} ({verdict}); "
        "the {group} average was {peer_last} in the last year, the shaded band is the group's range.",
        "Линейная диаграмма: {indicator}, {first}–{last}: {country} — от {value_first} до {value_last} ({verdict}); "
        "среднее по группе «{group}» в последнем году — {peer_last}, затенён разброс значений группы.",
    ),
    # The brief
    "vw_release_heading": ("Data release", "Версия данных"),
    "vw_release_store": ("Built from store version {version} (published {published}); rebuild with: {command}",
                         "Построено по версии хранилища {version} (опубликована {published}); повторить: {command}"),
    "vw_release_source": ("{source}, edition {edition} (load batch {batch}, file {file})",
                          "{source}, выпуск {edition} (пакет загрузки {batch}, файл {file})"),
    "vw_author": ("Astana Civil Service Hub", "Астанинский хаб государственной службы"),
    "vw_msg_gain": ("{indicator} improved from {base} in {base_year} to {value} in {year}, beyond the margin of error.",
                    "{indicator}: улучшение с {base} в {base_year} до {value} в {year}, больше погрешности."),
    "vw_msg_decline": ("{indicator} worsened from {base} in {base_year} to {value} in {year}, beyond the margin of "
                       "error.",
                       "{indicator}: ухудшение с {base} в {base_year} до {value} в {year}, больше погрешности."),
    "vw_msg_no_change": (
        "No clear change within the margin of error since {base_year} for {k} indicators, among them {indicator} "
        "({base} → {value}).",
        "Нет явных изменений с {base_year} в пределах погрешности по {k} показателям, в том числе {indicator} "
        "({base} → {value}).",
    ),
    "vw_msg_unknown_change": (
        "{indicator} went from {base} in {base_year} to {value} in {year}; its source publishes no margin of error, "
        "so the size of the change cannot be judged.",
        "{indicator}: с {base} в {base_year} до {value} в {year}; источник не публикует погрешность, поэтому "
        "значимость изменения оценить нельзя.",
    ),
    "vw_msg_ahead": (
        "Ahead of the {group} average beyond the margin of error: {indicator}, {value} against {peer} ({year}); "
        "rank {rank}.",
        "Впереди среднего по группе «{group}» больше погрешности: {indicator}, {value} против {peer} ({year}); "
        "место {rank}.",
    ),
    "vw_msg_behind": (
        "Behind the {group} average beyond the margin of error: {indicator}, {value} against {peer} ({year}); "
        "rank {rank}.",
        "Позади среднего по группе «{group}» больше погрешности: {indicator}, {value} против {peer} ({year}); "
        "место {rank}.",
    ),
    "vw_msg_gap_unknown": (
        "Furthest from the {group} average where no margin of error is published: {indicator}, {value} against "
        "{peer} ({year}).",
        "Наибольшее отклонение от среднего по группе «{group}» без опубликованной погрешности: {indicator}, "
        "{value} против {peer} ({year}).",
    ),
    "vw_msg_level": (
        "Level with the {group} average within the margin of error: {k} of the {n} indicators compared.",
        "На уровне среднего по группе «{group}» в пределах погрешности: {k} из {n} сравниваемых показателей.",
    ),
    "vw_col_change_sig": ("Change: verdict", "Изменение: вывод"),
    "vw_col_peer_sig": ("Versus group: verdict", "По сравнению с группой: вывод"),
    "vw_table_note_sig": (
        "Verdicts use the significance rule: a change or gap is called real only beyond 1.96 published standard "
        "errors; the rank is among the group's countries reporting in the same year, with the range the "
        "published intervals allow.",
        "Выводы по правилу значимости: изменение или разрыв считаются реальными, только если превышают 1,96 "
        "опубликованной стандартной ошибки; место — среди стран группы с данными за тот же год, с диапазоном, "
        "который допускают опубликованные интервалы.",
    ),
}
