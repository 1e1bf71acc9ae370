"""The versioned DuckDB store and its schema: the one place data is kept."""

from store.schema import SCHEMA_SQL
from store.versioned import READER_CONFIG, Store, StoreError

__all__ = ["READER_CONFIG", "SCHEMA_SQL", "Store", "StoreError"]
