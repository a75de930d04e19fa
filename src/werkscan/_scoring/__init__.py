"""Scoring: the answers model, the WAI rule tables, the scalar path and the batch path.

Internal: import the public names from :mod:`werkscan`.
"""
