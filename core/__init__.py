"""Shared base: configuration and translations used by every layer, and numpy's memory settled for the process."""

from core.settings import no_huge_pages

no_huge_pages()
