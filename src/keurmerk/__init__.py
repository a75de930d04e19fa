"""keurmerk: the Blik op Werk Keurmerk rules (fees, audits, calendar, satisfaction
survey and norm, stars, provider search).

Example:
    >>> import keurmerk
    >>> keurmerk.__name__
    'keurmerk'
"""

from __future__ import annotations

__all__: list[str] = []
