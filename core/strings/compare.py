"""English and Russian text of the compare, profile, catalogue and peer-group pages: key -> (English, Russian)."""

STRINGS: dict[str, tuple[str, str]] = {
}
