"""English and Russian text about reading untrusted files safely: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
    "guard_refused_note": (
        "The file was read in a separate process with limits on memory and time, and it could not be read "
        "within them. Nothing was saved; the dashboard carries on for everyone.",
        "Файл читался в отдельном процессе с ограничениями по памяти и времени и не уложился в них. Ничего не "
        "сохранено; панель продолжает работать для всех.",
    ),
}
