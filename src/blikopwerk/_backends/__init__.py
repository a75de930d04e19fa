"""Embedded default backends; they register through the same entry points as plugins."""
