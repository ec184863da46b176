"""Rollup counters updated on write (contract stub)."""

from __future__ import annotations


def rollup_rating_recorded(*, rating) -> None:
    return None


def rollup_case_completed(*, case) -> None:
    return None
