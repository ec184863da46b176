"""One MatchingEngine per process, built lazily from the database and kept current.

The engine is refreshed incrementally: resources changed since the last look are
re-added (or removed when inactive); it is rebuilt when the learned weights change,
the day changes (freshness and validity depend on today) or the resource count
no longer adds up (e.g. another process deleted rows).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from gaoxin.matching import selectors
from gaoxin.matching.engine import MatchingEngine


@dataclass
class _State:
    engine: MatchingEngine | None = None
    weights_id: int | None = None
    today: date | None = None
    seen_at: datetime | None = None
    max_pk: int = 0


_state = _State()
_lock = threading.Lock()


def reset() -> None:
    """Forget the engine (tests; the next call rebuilds it)."""
    with _lock:
        _state.engine = None


def current_engine() -> MatchingEngine:
    today = timezone.localdate()
    weights_id, weights = selectors.current_weights()
    with _lock:
        st = _state
        if st.engine is None or st.weights_id != weights_id or st.today != today:
            docs, last = selectors.resource_docs()
            st.engine = MatchingEngine(docs, weights=weights, now=today)
            st.weights_id, st.today, st.seen_at = weights_id, today, last
            st.max_pk = max((int(d.id) for d in docs), default=0)
            return st.engine
        changed, last = selectors.resources_changed_since(st.seen_at, st.max_pk)
        for resource_id, doc in changed:
            st.max_pk = max(st.max_pk, int(resource_id))
            if doc is None:
                if resource_id in st.engine:
                    st.engine.remove_resource(resource_id)
            else:
                st.engine.update_resource(doc)
        if last is not None and (st.seen_at is None or last > st.seen_at):
            st.seen_at = last
        if len(st.engine) != selectors.active_resource_count():
            docs, last = selectors.resource_docs()
            st.engine = MatchingEngine(docs, weights=weights, now=today)
            st.seen_at, st.max_pk = last, max((int(d.id) for d in docs), default=0)
        return st.engine
