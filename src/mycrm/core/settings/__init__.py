"""Settings stored in the data file: every key in one registry, reading and writing them, the
settings dialog's values, start at login."""
