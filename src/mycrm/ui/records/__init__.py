"""Recording work: the service-record editor, needs, renewals, the quick-entry actions."""
