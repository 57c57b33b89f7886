"""The To-dos page and the to-do editor."""
