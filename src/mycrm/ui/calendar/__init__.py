"""The calendar page: month and week views, day lists, ICS export."""
