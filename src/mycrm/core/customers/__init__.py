"""Customers: their services and state changes, the board and the Customers table, the customer
page's reads, duplicates, the timeline, the revisit rule, renewal urgency."""
