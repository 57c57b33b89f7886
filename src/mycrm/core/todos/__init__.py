"""To-dos: their services, the To-dos page's groups, the reminder scheduler."""
