"""Text modules of branches in flight (key -> (English, Russian)); scripts/i18n.py moves them into locales/."""
