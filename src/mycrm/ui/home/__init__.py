"""The Home page: needs attention, goals, the portfolio."""
