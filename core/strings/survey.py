"""English and Russian text of the survey pages: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
}
