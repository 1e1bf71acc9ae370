"""English and Russian text of sign-in, templates, upload, preview and history: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
}
