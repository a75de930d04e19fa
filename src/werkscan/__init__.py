"""werkscan: the Werkscan rules (Work Ability Index scoring, signals, advice, reports,
licences and staffels, access routes, leads).

Example:
    >>> import werkscan
    >>> werkscan.__name__
    'werkscan'
"""

from __future__ import annotations

__all__: list[str] = []
