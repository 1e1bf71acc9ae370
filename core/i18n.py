"""English and Russian interface text and number formatting, shared by the app and the exports."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

from core.strings import compare as strings_compare
from core.strings import reports as strings_reports
from core.strings import survey as strings_survey
from core.strings import upload as strings_upload

LANGUAGES = {"en": "English", "ru": "Русский"}

# key -> (English, Russian). Every key must have both; a test checks every t("...") in the code exists here.
STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Hub Reform Monitor", "Монитор реформ Хаба"),
    "app_subtitle": (
        "Civil-service reform indicators of the Astana Civil Service Hub participants",
        "Показатели реформ государственной службы стран-участниц Астанинского хаба государственной службы",
    ),
    "nav_overview": ("Overview", "Обзор"),
    "nav_section_analysis": ("Analysis", "Анализ"),
    "data_loaded": ("Data loaded", "Загруженные данные"),
    "edition": ("edition", "выпуск"),
    "current_edition": ("current", "текущий"),
    "older_edition": ("older edition", "прежний выпуск"),
    "observations": ("observations", "наблюдений"),
    "demo_banner": (
        "DEMO DATA: figures marked as demo are generated for illustration and describe no real country. "
        "Load published sources with `python -m etl load`.",
        "ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ: отмеченные цифры сгенерированы для примера и не описывают ни одну реальную "
        "страну. Загрузите опубликованные источники командой `python -m etl load`.",
    ),
    "demo_short": ("demo data", "демо-данные"),
    "demo_tag": ("DEMO", "ДЕМО"),
    "no_store": (
        "No data store yet. Build it with `python -m etl init`.",
        "Хранилище данных ещё не создано. Создайте его командой `python -m etl init`.",
    ),
    "members_map_title": ("Hub participants", "Участники Хаба"),
    "members_map_caption": (
        "{n} participating countries ({uncertain} with unconfirmed participation, shown lighter). "
        "Participation list: data/reference/hub_members.csv.",
        "Стран-участниц: {n} (участие {uncertain} не подтверждено, показаны светлее). "
        "Список участников: data/reference/hub_members.csv.",
    ),
    "member": ("participant", "участник"),
    "member_unconfirmed": ("participation unconfirmed", "участие не подтверждено"),
    "member_since": ("member since", "участник с"),
    "region": ("Region", "Регион"),
    "country": ("Country", "Страна"),
    "headline_title": ("Headline indicators: hub average", "Ключевые показатели: среднее по Хабу"),
    "headline_caption": (
        "Average over hub participants that report the indicator in its latest year with data; "
        "n of N = participants reporting.",
        "Среднее по странам-участницам, по которым есть данные за последний год; "
        "n из N — число стран с данными.",
    ),
    "n_of_N": ("{n} of {N} reported", "данные по {n} из {N}"),
    "best_in_hub": ("best in hub: {country} ({value})", "лучший в Хабе: {country} ({value})"),
    "no_indicators": ("No indicator has data for hub participants yet.", "Пока нет данных по участникам Хаба."),
    "latest_loads": ("Latest loads", "Последние загрузки"),
    "col_batch": ("Batch", "Пакет"),
    "col_file": ("File", "Файл"),
    "col_kind": ("Format", "Формат"),
    "col_source": ("Source", "Источник"),
    "col_rows": ("Rows added", "Добавлено строк"),
    "col_user": ("Loaded by", "Кем загружено"),
    "col_when": ("When", "Когда"),
    "col_status": ("Status", "Статус"),
    "status_active": ("active", "действует"),
    "status_rolled_back": ("rolled back", "отменён"),
    "source_line": ("Source: {source}, {edition}. Licence: {licence}.", "Источник: {source}, {edition}. "
                    "Лицензия: {licence}."),
    "year": ("Year", "Год"),
    "value": ("Value", "Значение"),
    "theme": ("Theme", "Тема"),
    "unit": ("Unit", "Единица"),
    "missing": ("missing", "нет данных"),
    "about_data": ("About this data", "Об этих данных"),
    "no_map_data": ("No participants to show on the map.", "Нет участников для отображения на карте."),
}
# Each feature area keeps its text in core/strings/<area>.py; a key may be defined only once.
for _area in (strings_compare, strings_upload, strings_survey, strings_reports):
    _clash = STRINGS.keys() & _area.STRINGS.keys()
    assert not _clash, f"text keys defined twice: {sorted(_clash)}"
    STRINGS.update(_area.STRINGS)


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for `key` in `lang` ("en" or "ru"), with `{name}` placeholders filled from `values`."""
    en, ru = STRINGS[key]
    text = ru if lang == "ru" else en
    return text.format(**values) if values else text


def number(value: float | None, decimals: int = 2, lang: str = "en") -> str:
    """A number as a reader of `lang` writes it (1,234.5 / 1 234,5); missing values say so, never 0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("missing", lang)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale="ru_RU" if lang == "ru" else "en_US")
