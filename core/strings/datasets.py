"""English and Russian text of breakdowns, editions, the starter pack and the demo store: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
    # breakdowns
    "ds_total": ("Total (all)", "Всего (все)"),
    "ds_breakdown": ("Breakdown", "Разбивка"),
    "ds_breakdown_help": (
        "The group the figures are for (sex, level of government, respondent group...). The total is the default; "
        "averages and ranks always compare the same group across countries, never a group with a total.",
        "Группа, к которой относятся показатели (пол, уровень управления, группа респондентов…). По умолчанию — "
        "итог по всем; средние и места всегда сравнивают одну и ту же группу в разных странах, а не группу с "
        "итоговым значением.",
    ),
    "ds_profile_breakdown": (
        "Figures for the group {group}: the {n} indicator(s) published for this group, each compared with the "
        "same group in the other countries.",
        "Показатели для группы «{group}»: {n} показател(ей), опубликованных для этой группы; каждый сравнивается "
        "с той же группой в других странах.",
    ),
    # editions
    "ds_edition_of": ("Edition of {name}", "Выпуск: {name}"),
    "ds_edition_help": (
        "Later editions revise earlier years. Every page uses the current edition unless you pick another here; "
        "python -m etl editions lists the values that changed.",
        "Новые выпуски пересматривают прошлые годы. Все страницы используют текущий выпуск, если здесь не выбран "
        "другой; python -m etl editions показывает изменившиеся значения.",
    ),
    "ds_older_edition_shown": (
        "{name}: the {edition} edition is shown, not the current one ({current}). Its values may differ from the "
        "current edition's.",
        "{name}: показан выпуск {edition}, а не текущий ({current}). Его значения могут отличаться от значений "
        "текущего выпуска.",
    ),
    # demo data kept apart
    "ds_demo_removed": (
        "The demo data this store held ({n} rows) was removed in the same save: demo data never sits beside "
        "published data.",
        "Демонстрационные данные, которые были в хранилище ({n} строк), удалены при этом же сохранении: "
        "демо-данные никогда не хранятся рядом с опубликованными.",
    ),
}
