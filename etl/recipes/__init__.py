"""Recognising layouts and applying recipes: the readers that turn cells into observations."""
