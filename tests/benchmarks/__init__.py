"""Performance benchmarks (issue 6, DESIGN §6): `python -m tests.benchmarks [--quick]`.

Not part of the test suite (pytest ignores this folder) and never asserting on time: each module
measures, compares side by side where a peer exists, and reports medians in one table.
"""
