"""Data in and out: spreadsheet import, JSON/CSV export and load, the sample portfolio."""
