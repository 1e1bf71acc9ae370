"""Demonstration data, generated and marked as such."""
