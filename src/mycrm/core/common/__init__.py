"""Helpers every feature uses: time, validation of what a person typed, normalised keys, undo
of deletes."""
