"""ETL: read published and uploaded files, validate, harmonise and load them into the store."""
