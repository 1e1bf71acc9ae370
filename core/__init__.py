"""Shared base: configuration and translations used by every layer."""
