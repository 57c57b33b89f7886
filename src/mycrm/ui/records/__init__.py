"""Recording work: the service-record editor, needs and the Needs page, renewals."""
