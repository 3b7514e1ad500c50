"""Institutions: the ministries, agencies and other bodies that post opportunities and employ focal points."""
