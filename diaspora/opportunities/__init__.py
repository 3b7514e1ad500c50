"""Opportunities: the postings institutions publish (one model for every kind) and the use cases of posting them."""
