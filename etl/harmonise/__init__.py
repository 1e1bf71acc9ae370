"""Harmonising countries: names and codes of every source to ISO3."""
