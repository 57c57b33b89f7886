"""The calendar: what falls on which local day, rescheduling, the ICS export."""
