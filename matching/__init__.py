"""Ura's matching engine: pure Python + numpy/scipy/scikit-learn/rapidfuzz, no web framework.

See matching/README.md for how it works, the default weights and the command line.
"""
