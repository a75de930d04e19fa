"""Moved: the directory is one module, :mod:`werkscan._leads.directory` (WS-DIR-1).

Kept so that imports of this private module keep working; import the public names from
:mod:`werkscan`.
"""

from werkscan._leads.directory import LicensedListing, directory_for, licensed_expert_ids

__all__ = ["LicensedListing", "directory_for", "licensed_expert_ids"]
