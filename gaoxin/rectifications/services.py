"""Bad-rating closed loop services (contract stub; filled in below)."""

from __future__ import annotations


def rectification_on_rating(*, rating) -> None:
    """Called inside evaluation_record's transaction for every stored rating."""
    return None
