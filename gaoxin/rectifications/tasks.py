"""Periodic work of the closed loop: deadline warnings and escalation."""

from __future__ import annotations

from gaoxin.core.periodic import periodic


@periodic("rectifications.deadline_scan", every_seconds=300)
def deadline_scan() -> dict[str, int]:
    from gaoxin.rectifications.services import work_orders_deadline_scan

    return work_orders_deadline_scan()
