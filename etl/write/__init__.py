"""Writing batches to the store: one path for indicator and survey data, rollback, editions."""
