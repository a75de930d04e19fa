"""The expert index a lead service matches on, kept current as experts register or move.

Reading every expert's state on each offer is what made offering slow: the
establishments change seldom, so a :class:`LiveIndex` builds the
:class:`~werkscan._leads.matching.ExpertIndex` once and then applies each change with
:meth:`~werkscan._leads.matching.ExpertIndex.with_expert`. Changes made through
:class:`~werkscan.ExpertService` (or :meth:`~werkscan.LeadService.register_expert`) on the
same storage object reach every live index of that storage in this process; another
process's changes are picked up by :meth:`LiveIndex.refresh` (the lead service's
:meth:`~werkscan.LeadService.refresh_index`).
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from blikopwerk._errors import BlikopwerkError
from blikopwerk._protocols import Geocoder
from werkscan._leads.matching import ExpertIndex
from werkscan._leads.records import Expert

__all__ = ["LiveIndex", "expert_changed"]

_LIVE: weakref.WeakKeyDictionary[Any, weakref.WeakSet[LiveIndex]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


class LiveIndex:
    """An expert index over ``storage`` that follows registrations and moves."""

    def __init__(self, storage: Any, geocoder: Geocoder, radius: str) -> None:
        self.storage = storage
        self.geocoder = geocoder
        self.radius = radius
        self._index: ExpertIndex | None = None
        with _LOCK:
            _LIVE.setdefault(storage, weakref.WeakSet()).add(self)

    def get(self) -> ExpertIndex:
        """The index; built from the stored experts on first use."""
        index = self._index
        if index is None:
            index = self._index = ExpertIndex.from_states(self.storage.experts.states(), self.geocoder,
                                                          radius=self.radius)
        return index

    def refresh(self) -> None:
        """Forget the index: the next use reads the stored experts again."""
        self._index = None

    def note(self, expert_id: str, expert: Expert | None) -> None:
        """``expert_id`` registered or moved (``expert``), or left (None)."""
        index = self._index
        if index is None:
            return
        if expert is None:
            self._index = index.with_expert(expert_id, [])
            return
        try:
            points = [self.geocoder.lookup(e.postcode) for e in expert.establishments]
        except BlikopwerkError:  # this geocoder cannot place it: read everything next time
            self._index = None
            return
        self._index = index.with_expert(expert_id, points)


def expert_changed(storage: Any, expert_id: str, expert: Expert | None) -> None:
    """Tell every live index of ``storage`` in this process that an expert registered,
    moved (``expert``) or left (None)."""
    with _LOCK:
        live = list(_LIVE.get(storage, ()))
    for item in live:
        item.note(expert_id, expert)
