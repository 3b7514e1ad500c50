"""Benchmarks: build and query speed (`speed`), the whole rank command against the baseline's
(`rank_run`), and the public RJDB résumé-job benchmark converted to the contract (`rjdb`)."""
