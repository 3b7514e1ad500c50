"""Kinds of opportunity: one module per kind (fellowship.py, investment_lead.py...), each defining KIND, a
kinds.base.Kind that says everything the rest of the app needs to know about that kind. The registry
(kinds/registry.py) loads every module of this package; adding a kind is one new module here (plus a migration
when its postings need columns of their own)."""
