"""The ``werkscan`` command line. Internal."""
