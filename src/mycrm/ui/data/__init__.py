"""Data safety and exchange: import, export, backups and their scheduler."""
