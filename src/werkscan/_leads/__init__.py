"""Leads: experts, matching, the life of a lead, consent, the directory, and their storage.

Internal: import the public names from :mod:`werkscan`.
"""
