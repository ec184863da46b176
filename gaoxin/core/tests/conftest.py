"""Fixtures of the permission and privacy sweeps (built once per module that uses them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client

from gaoxin.core.tests.sweep_data import PERSONAS, SweepData, build_sweep, user_of


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker) -> Iterator[SweepData]:
    """The world and both districts' objects, built once for the module and rolled back after."""
    from gaoxin.core.calendar import invalidate_calendar_cache
    from gaoxin.core.testing import build_world
    from gaoxin.evaluations.policy import invalidate_policy_cache
    from gaoxin.matching import engine_state

    with django_db_blocker.unblock():
        invalidate_calendar_cache()
        invalidate_policy_cache()
        engine_state.reset()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_sweep(build_world())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            engine_state.reset()
            invalidate_calendar_cache()
            invalidate_policy_cache()


@pytest.fixture(scope="module")
def clients(sweep) -> dict[str, Client]:
    """One logged-in client per persona (and one anonymous), reused by every request."""
    out = {}
    for name in PERSONAS:
        c = Client()
        if name != "anonymous":
            c.force_login(user_of(sweep, name))
        out[name] = c
    return out
