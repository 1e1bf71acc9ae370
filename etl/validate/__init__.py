"""Validating: checks before a load, the upload review, the data-quality report."""
