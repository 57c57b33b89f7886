"""Reminders: the driver on the tray's tick, the notifier chain, the popup, missed reminders,
the tray."""
