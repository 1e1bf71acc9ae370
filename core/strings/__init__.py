"""Interface text per feature area, merged into core.i18n.STRINGS."""
