"""Home: the dashboard's reads, goals and their progress."""
