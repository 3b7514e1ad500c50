"""Ranking quality: labelled sets, metrics and the keyword baseline `python -m matching evaluate` compares against."""
