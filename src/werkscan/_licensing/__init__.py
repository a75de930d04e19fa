"""Licensing: licences, staffels, access routes, their records, repositories and storage.

Internal: import the public names from :mod:`werkscan`.
"""
