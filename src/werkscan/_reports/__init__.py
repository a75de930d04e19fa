"""Reports: the worker's and the employer's reports (PDF, HTML) and the employer summary.

Internal: import the public names from :mod:`werkscan`.
"""
