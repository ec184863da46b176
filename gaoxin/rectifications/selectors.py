"""Reads of the bad-rating closed loop (contract stub)."""

from __future__ import annotations


def followup_allowed(case) -> bool:
    """True when the case's work order has been answered and no follow-up rating exists yet."""
    return False
