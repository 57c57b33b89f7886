"""What the user records about a customer: service records (visits, QBRs, calls), needs,
renewals and lost customers."""
