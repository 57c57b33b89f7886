"""The application shell: start-up, the context every page receives, the main window, its pages
and actions, the command palette, settings, recovery of a damaged file."""
