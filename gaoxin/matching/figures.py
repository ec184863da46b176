"""Figures of the network and of each base, computed from records (a fixed number of queries).

signed enterprises by "3+1" industry group, 科技型中小企业 and 高新技术企业 counts, events,
visits, needs received / resolved, time to first match and to resolution, deals,
referrals out and in.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gaoxin.core.models import User
from gaoxin.core.permissions import scope_q
from gaoxin.enterprises.enums import QualificationKind
from gaoxin.enterprises.models import Qualification
from gaoxin.matching.enums import DockingOutcome, IndustryGroup, NeedStatus, TrailKind
from gaoxin.matching.industry_groups import group_of
from gaoxin.matching.models import Base, Docking, Event, Incubation, Need, Referral, TrailEntry

GROUPS = [
    IndustryGroup.NEW_ENERGY_MATERIALS,
    IndustryGroup.HIGH_END_EQUIPMENT,
    IndustryGroup.HEALTH,
    IndustryGroup.OTHER,
]
COUNTERS = (
    "signed", "tech_sme", "high_tech", "events", "visits", "needs", "resolved", "deals", "referrals_out",
    "referrals_in",
)  # fmt: skip


def bases_in_scope(user: User) -> QuerySet[Base]:
    return Base.objects.filter(scope_q(user, "matching.figures.view", unit="unit")).select_related("unit")


def _empty() -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COUNTERS, 0)
    row.update(groups=dict.fromkeys(GROUPS, 0), deal_amount=Decimal("0"), hours_to_match=[], days_to_resolve=[])
    return row


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def compute(bases: list[Base], *, today: date | None = None) -> dict[str, Any]:
    """{"bases": [{base, counters…, groups, avg_hours_to_match, avg_days_to_resolve}], "total": {…}}."""
    today = today or timezone.localdate()
    ids = [b.pk for b in bases]
    rows = {pk: _empty() for pk in ids}
    total = _empty()
    enterprise_base: dict[int, set[int]] = defaultdict(set)
    for base_id, enterprise_id, code in Incubation.objects.filter(base_id__in=ids).values_list(
        "base_id", "enterprise_id", "industry__code"
    ):
        rows[base_id]["signed"] += 1
        rows[base_id]["groups"][group_of(code)] += 1
        enterprise_base[enterprise_id].add(base_id)
    valid = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    quals = (
        Qualification.objects.filter(valid, enterprise_id__in=list(enterprise_base), valid_from__lte=today,
                                     kind__in=[QualificationKind.TECH_SME, QualificationKind.HIGH_TECH])
        .order_by().values_list("enterprise_id", "kind").distinct()
    )  # fmt: skip
    for enterprise_id, kind in quals:
        for base_id in enterprise_base[enterprise_id]:
            rows[base_id][kind] += 1
    for base_id, n in Event.objects.filter(base_id__in=ids).values_list("base_id").annotate(n=Count("id")):
        rows[base_id]["events"] = n
    visits = TrailEntry.objects.filter(base_id__in=ids, kind=TrailKind.VISIT).values_list("base_id")
    for base_id, n in visits.annotate(n=Count("id")):
        rows[base_id]["visits"] = n
    for base_id, status, created, matched, resolved in Need.objects.filter(base_id__in=ids).values_list(
        "base_id", "status", "created_at", "first_matched_at", "resolved_at"
    ):
        row = rows[base_id]
        row["needs"] += 1
        if matched:
            row["hours_to_match"].append((matched - created).total_seconds() / 3600)
        if status == NeedStatus.RESOLVED:
            row["resolved"] += 1
            if resolved:
                row["days_to_resolve"].append((resolved - created).total_seconds() / 86400)
    deals = Docking.objects.filter(base_id__in=ids, outcome=DockingOutcome.DEAL).values_list("base_id")
    for base_id, n, amount in deals.annotate(n=Count("id"), s=Sum("deal_amount_wan")):
        rows[base_id]["deals"], rows[base_id]["deal_amount"] = n, amount or Decimal("0")
    for base_id, n in Referral.objects.filter(from_base_id__in=ids).values_list("from_base_id").annotate(n=Count("id")):
        rows[base_id]["referrals_out"] = n
    for base_id, n in Referral.objects.filter(to_base_id__in=ids).values_list("to_base_id").annotate(n=Count("id")):
        rows[base_id]["referrals_in"] = n
    out = []
    for base in bases:
        row = rows[base.pk]
        for key in COUNTERS:
            total[key] += row[key]
        for g in GROUPS:
            total["groups"][g] += row["groups"][g]
        total["deal_amount"] += row["deal_amount"]
        total["hours_to_match"] += row["hours_to_match"]
        total["days_to_resolve"] += row["days_to_resolve"]
        out.append(_finish(row, base=base))
    return {"bases": out, "total": _finish(total, base=None)}


def _finish(row: dict[str, Any], *, base: Base | None) -> dict[str, Any]:
    row = dict(row)
    row["base"] = base
    row["avg_hours_to_match"] = _mean(row.pop("hours_to_match"))
    row["avg_days_to_resolve"] = _mean(row.pop("days_to_resolve"))
    row["group_list"] = [(IndustryGroup(g).label, row["groups"][g]) for g in GROUPS]
    return row


def figures_for(user: User, *, base_id: int | None = None) -> dict[str, Any]:
    bases = bases_in_scope(user)
    if base_id:
        bases = bases.filter(pk=base_id)
    return compute(list(bases.order_by("unit__path")))
