"""English and Russian text of sign-in lock-outs, error messages for visitors and refused page addresses."""

STRINGS: dict[str, tuple[str, str]] = {
    "sec_locked_out": (
        "This account is locked after too many failed sign-ins. Ask an administrator to unlock it.",
        "Учётная запись заблокирована после слишком многих неудачных попыток входа. Попросите администратора "
        "разблокировать её.",
    ),
    "sec_accounts_unavailable": (
        "Sign-in is not available right now (error {error_id}). Tell an administrator this number.",
        "Вход сейчас недоступен (ошибка {error_id}). Сообщите этот номер администратору.",
    ),
    "sec_page_error": (
        "Something went wrong on this page and it could not be shown. The error was recorded as {error_id}: "
        "quote this number to the administrator. Other pages still work.",
        "На этой странице произошла ошибка, и её не удалось показать. Ошибка записана под номером {error_id}: "
        "сообщите этот номер администратору. Остальные страницы работают.",
    ),
    "sec_group_name_refused": (
        "This group name cannot be used: write it with letters, digits, spaces and - ' . , ( ) & / + only. The group "
        "is called \"Own group\" meanwhile.",
        "Такое название группы нельзя использовать: только буквы, цифры, пробелы и - ' . , ( ) & / +. Пока группа "
        "называется «Своя группа».",
    ),
}
