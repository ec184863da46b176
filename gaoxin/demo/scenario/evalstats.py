"""Step: statistics on the demo data — a suspicious burst on one evaluator (flagged, never
blocked), integrity scans of every hall, the public snapshot, consistent rollups."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from gaoxin.demo.scenario.context import ScenarioContext
from gaoxin.demo.scenario.evaluations import replay_clock
from gaoxin.evalstats.bulk import rollup_rebuild_sql
from gaoxin.evalstats.integrity import integrity_scan
from gaoxin.evalstats.public import public_snapshot_refresh
from gaoxin.evaluations.enums import Channel, Level
from gaoxin.evaluations.models import Hall
from gaoxin.evaluations.services import case_complete, case_create, evaluation_record

BURST = 7


def _burst(ctx: ScenarioContext) -> None:
    """Seven cases completed and rated 非常满意 on one evaluator within a minute, seconds after completion."""
    device = ctx["eval.devices"][0]
    staff = next(s for s in ctx["eval.staff"] if s.window_id == device.window_id)
    item = ctx["eval.items"]["market"][0]
    start = (timezone.now() - timedelta(days=2)).replace(hour=10, minute=5, second=0, microsecond=0)
    for i in range(BURST):
        moment = start + timedelta(seconds=8 * i)
        with replay_clock(moment - timedelta(minutes=20)):
            case = case_create(
                actor=None,
                number=f"GX{moment:%Y%m%d}BURST{i:02d}",
                item=item,
                hall=device.hall,
                window=device.window,
                staff=staff,
                applicant_name="演示群众",
                applicant_phone=f"1390000{i:04d}",
                accepted_at=moment - timedelta(minutes=20),
            )
        with replay_clock(moment):
            case_complete(actor=None, case=case, completed_at=moment)
        with replay_clock(moment + timedelta(seconds=3)):
            evaluation_record(
                actor=None,
                channel=Channel.DEVICE,
                level=Level.VERY_SATISFIED,
                uuid=uuid.UUID(int=ctx.rng.getrandbits(128), version=4),
                case=case,
                device=device,
            )


def load(ctx: ScenarioContext) -> None:
    _burst(ctx)
    rollup_rebuild_sql(actor=None)  # set-based; the demo's cases completed outside the hooks are counted too
    now = timezone.now()
    for hall in Hall.objects.order_by("pk"):
        integrity_scan(hall=hall, since=now - timedelta(days=30), until=now)
    public_snapshot_refresh(region=ctx["region.zone"])
