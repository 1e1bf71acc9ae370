"""Reading files: workbooks and CSV text into cells, numbers and tables."""
