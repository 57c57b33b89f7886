"""The data file: tables and their vocabularies, opening and checking the file, migrations, the
plain-SQL start-up reads, backups, where the file lives."""
