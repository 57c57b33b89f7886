"""mycrm — a private desktop CRM for one account manager."""

__version__ = "0.1.0"
