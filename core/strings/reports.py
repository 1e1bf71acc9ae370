"""English and Russian text of the downloads, exports and country briefs: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
}
