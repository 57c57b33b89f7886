"""Customers: the table, the customer page, the customer and contact editors, the timeline,
marking lost."""
