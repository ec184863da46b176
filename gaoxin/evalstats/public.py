"""The public disclosure (向社会公开): aggregates and how each bad rating was handled, with no
personal data (no names, phones, free text or case numbers). Built into PublicSnapshot rows."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gaoxin.core.models import Region
from gaoxin.evalstats.models import PublicSnapshot
from gaoxin.evalstats.selectors import figures_by, good_rate_formula, period_label, region_figures

PUBLIC_FIELDS = (
    "name",
    "valid",
    "l5",
    "l4",
    "l3",
    "l2",
    "l1",
    "bad",
    "good_rate",
    "bad_rate",
    "fix_rate",
    "on_time_rate",
    "appeals_upheld",
)


def _public(f) -> dict:
    d = f.as_dict()
    return {k: d[k] for k in PUBLIC_FIELDS}


def build_payload(region: Region, ref: date) -> dict:
    from gaoxin.rectifications.models import WorkOrder
    from gaoxin.rectifications.topics import TOPIC_LABELS

    formula = good_rate_formula(region)
    total = region_figures(None, region=region, period="year", ref=ref, formula=formula)
    departments = figures_by(None, dimension="department", period="year", ref=ref, region=region, formula=formula)
    items = figures_by(None, dimension="item", period="year", ref=ref, region=region, formula=formula)
    orders = (
        WorkOrder.objects.filter(region__path__startswith=region.path, opened_at__year=ref.year)
        .select_related("department", "item")
        .order_by("-opened_at")[:200]
    )
    handled = [
        {
            "number": o.number,
            "date": f"{timezone.localtime(o.opened_at):%Y-%m-%d}",
            "department": o.department.name,
            "item": o.item.name if o.item else "",
            "level": o.level,
            "topic": str(TOPIC_LABELS.get(o.topic, o.topic)),
            "status": str(o.get_status_display()),
            "fix_mode": str(o.get_fix_mode_display()) if o.fix_mode else "",
            "outcome": str(o.get_outcome_display()) if o.outcome else "",
            "on_time": o.answered_on_time,
        }
        for o in orders
    ]
    return {
        "region": region.name,
        "period": period_label("year", ref),
        "formula": formula,
        "total": _public(total) | {"active_rate": total.active_rate, "callback_rate": total.callback_rate},
        "departments": [_public(f) for f in sorted(departments, key=lambda f: -f.valid)],
        "items": [_public(f) for f in sorted(items, key=lambda f: -f.valid)],
        "bad_ratings": handled,
    }


def public_snapshot_refresh(*, region: Region, ref: date | None = None) -> PublicSnapshot:
    """Write a fresh snapshot (system job; nothing personal goes in)."""
    ref = ref or timezone.localdate()
    payload = build_payload(region, ref)
    with transaction.atomic():
        return PublicSnapshot.objects.create(region=region, generated_at=timezone.now(), payload=payload)


def latest_snapshot(region: Region) -> PublicSnapshot | None:
    return PublicSnapshot.objects.filter(region=region).order_by("-generated_at", "-id").first()
