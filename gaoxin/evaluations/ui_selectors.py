"""Reads for the 好差评 pages (kiosk, desks, hall-manager pages). Fixed query counts.

Kept apart from the intake engineer's selectors.py: page-shaped reads only. Lists are
filtered with `permissions.scope_q()`; rater identity never leaves this module unmasked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gaoxin.core.crypto import decrypt, mask_name, mask_phone
from gaoxin.core.enums import UnitKind
from gaoxin.core.models import Unit, User
from gaoxin.core.permissions import scope_q
from gaoxin.evaluations.enums import BAD_LEVELS, CaseStatus, Level
from gaoxin.evaluations.models import DEVICE_ONLINE_SECONDS, Case, Device, Hall, Rating, ServiceItem, Staff, Window


def tag_labels(codes: list[str]) -> list[str]:
    """Content-tag codes as their Chinese labels (any tag-set version)."""
    from gaoxin.evaluations.policy import TAG_SETS

    labels: dict[str, str] = {}
    for groups in TAG_SETS.values():
        for group in groups.values():
            labels.update({code: str(label) for code, label in group.items()})  # type: ignore[attr-defined]
    return [labels.get(c, c) for c in codes or ()]


def flag_labels(codes: list[str]) -> list[str]:
    from gaoxin.evaluations.enums import IntegrityFlag

    known = dict(IntegrityFlag.choices)
    return [str(known.get(c, c)) for c in codes or ()]


# Levels in the order a rater sees them: best first (evaluation.md).
LEVELS_DISPLAY = [Level.VERY_SATISFIED, Level.SATISFIED, Level.BASIC, Level.DISSATISFIED, Level.VERY_DISSATISFIED]


def halls_for(user: User, action: str = "evaluations.hall.view") -> QuerySet[Hall]:
    """Halls the user may act on (one query when evaluated)."""
    return Hall.objects.filter(scope_q(user, action, unit="unit")).select_related("unit__region", "region")


def hall_for(user: User, hall_id: int | str | None, action: str = "evaluations.hall.view") -> Hall | None:
    """The chosen hall if allowed, else the user's first hall, else None."""
    halls = list(halls_for(user, action))
    if not halls:
        return None
    if hall_id not in (None, ""):
        for hall in halls:
            if str(hall.pk) == str(hall_id):
                return hall
    return halls[0]


def staff_of(user: User) -> Staff | None:
    if not user.is_authenticated:
        return None
    return Staff.objects.select_related("hall__unit__region", "window__department", "user").filter(user=user).first()


# ---- window staff: my ratings (never who gave them) ---------------------------------------


@dataclass(frozen=True)
class LevelCount:
    level: int
    label: str
    count: int
    is_bad: bool


@dataclass(frozen=True)
class MyRatings:
    today: int
    month: int
    distribution: list[LevelCount]
    month_distribution: list[LevelCount]
    recent: list[dict[str, Any]]


def _distribution(counts: dict[int, int]) -> list[LevelCount]:
    return [LevelCount(int(lv), str(lv.label), counts.get(int(lv), 0), lv in BAD_LEVELS) for lv in LEVELS_DISPLAY]


def my_ratings(staff: Staff, *, now: datetime | None = None) -> MyRatings:
    """Counts today and this month by level, and the latest ratings without rater fields (2 queries)."""
    now = timezone.localtime(now or timezone.now())
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month_start = day_start.replace(day=1)
    base = Rating.objects.active().filter(staff=staff, received_at__gte=month_start, received_at__lte=now)
    agg: dict[str, Count] = {}
    for lv in LEVELS_DISPLAY:
        agg[f"m{int(lv)}"] = Count("id", filter=Q(level=lv))
        agg[f"d{int(lv)}"] = Count("id", filter=Q(level=lv, received_at__gte=day_start))
    row = base.aggregate(**agg)
    month_counts = {int(lv): row[f"m{int(lv)}"] for lv in LEVELS_DISPLAY}
    day_counts = {int(lv): row[f"d{int(lv)}"] for lv in LEVELS_DISPLAY}
    # Only fields that cannot identify the rater: no name, phone, id, device or address.
    recent: list[dict[str, Any]] = [
        dict(r)
        for r in base.order_by("-received_at", "-id").values("level", "channel", "tags", "received_at", "case__number")[
            :20
        ]
    ]
    for r in recent:
        r["level_label"] = Level(r["level"]).label
        r["tags"] = tag_labels(r["tags"])
        r["is_bad"] = r["level"] in BAD_LEVELS
    return MyRatings(
        today=sum(day_counts.values()),
        month=sum(month_counts.values()),
        distribution=_distribution(day_counts),
        month_distribution=_distribution(month_counts),
        recent=recent,
    )


# ---- clerk's case desk --------------------------------------------------------------------


def window_cases(window: Window, *, status: str = "", q: str = "") -> QuerySet[Case]:
    qs = Case.objects.filter(window=window).select_related("item", "staff__user")
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(item__name__icontains=q))
    return qs.order_by("-accepted_at", "-id")


def items_for_window(window: Window) -> QuerySet[ServiceItem]:
    return ServiceItem.objects.filter(is_active=True, department=window.department_id).order_by("code")


# ---- hall manager --------------------------------------------------------------------------


def _mask_identity(r: Rating) -> str:
    if not r.is_real_name:
        return ""
    name = mask_name(decrypt(r.rater_name_enc)) if r.rater_name_enc else ""
    phone = mask_phone(decrypt(r.rater_phone_enc)) if r.rater_phone_enc else ""
    return " ".join(p for p in (name, phone) if p)


def hall_feed(halls: list[Hall], *, level: str = "", channel: str = "", limit: int = 30) -> list[dict[str, Any]]:
    """The latest ratings of these halls, identity masked (1 query)."""
    qs = (
        Rating.objects.filter(hall__in=halls)
        .select_related("window", "staff__user", "item", "case", "exclusion")
        .order_by("-received_at", "-id")
    )
    if level.isdigit():
        qs = qs.filter(level=int(level))
    if channel.isdigit():
        qs = qs.filter(channel=int(channel))
    rows = []
    for r in qs[:limit]:
        rows.append(
            {
                "id": r.pk,
                "received_at": r.received_at,
                "level": r.level,
                "level_label": r.get_level_display(),
                "is_bad": r.is_bad,
                "channel": r.get_channel_display() if r.channel else "",
                "is_default": r.is_default,
                "window": str(r.window) if r.window_id else "",
                "staff": r.staff.display_name if r.staff else "",
                "item": r.item.name if r.item else "",
                "case": r.case.number if r.case else "",
                "tags": tag_labels(r.tags),
                "text": r.text,
                "identity": _mask_identity(r),
                "is_real_name": r.is_real_name,
                "flags": flag_labels(r.integrity_flags),
                "excluded": hasattr(r, "exclusion"),
            }
        )
    return rows


def hall_devices(hall: Hall, *, state: str = "") -> list[Device]:
    devices = list(Device.objects.filter(hall=hall).select_related("window").order_by("revoked_at", "name", "id"))
    if state == "online":
        devices = [d for d in devices if d.is_online]
    elif state == "offline":
        devices = [d for d in devices if not d.is_online and d.revoked_at is None]
    elif state == "revoked":
        devices = [d for d in devices if d.revoked_at is not None]
    return devices


def device_online_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=DEVICE_ONLINE_SECONDS)


def hall_windows(hall: Hall, *, q: str = "") -> QuerySet[Window]:
    qs = (
        Window.objects.filter(hall=hall)
        .select_related("department")
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True), distinct=True))
        .order_by("number")
    )
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(name__icontains=q) | Q(department__name__icontains=q))
    return qs


def hall_staff(hall: Hall, *, q: str = "", window: str = "") -> QuerySet[Staff]:
    qs = Staff.objects.filter(hall=hall).select_related("user", "window").order_by("window__number", "job_number", "id")
    if q:
        qs = qs.filter(Q(user__display_name__icontains=q) | Q(job_number__icontains=q) | Q(user__username__icontains=q))
    if window.isdigit():
        qs = qs.filter(window_id=int(window))
    return qs


def service_items(user: User, *, q: str = "", flag: str = "") -> QuerySet[ServiceItem]:
    qs = ServiceItem.objects.select_related("department__region").order_by("code")
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(department__name__icontains=q))
    if flag in {"is_zero_trip", "is_one_go", "is_online"}:
        qs = qs.filter(**{flag: True})
    return qs


# ---- single-record edit pages: the record only when the user may manage it (else None → 404)


def hall_to_edit(user: User, pk: int) -> Hall | None:
    return halls_for(user, "evaluations.hall.manage").filter(pk=pk).first()


def window_to_edit(user: User, pk: int) -> Window | None:
    return (
        Window.objects.filter(scope_q(user, "evaluations.window.manage", unit="hall__unit"), pk=pk)
        .select_related("hall__unit__region", "department")
        .first()
    )


def staff_to_edit(user: User, pk: int) -> Staff | None:
    return (
        Staff.objects.filter(scope_q(user, "evaluations.staff.manage", unit="hall__unit"), pk=pk)
        .select_related("hall__unit__region", "window", "user")
        .first()
    )


def item_to_edit(user: User, pk: int) -> ServiceItem | None:
    return (
        ServiceItem.objects.filter(scope_q(user, "evaluations.item.manage", unit="department"), pk=pk)
        .select_related("department__region")
        .first()
    )


# Units that station windows or carry out service items (not halls, bases or enterprises).
DEPARTMENT_KINDS = (UnitKind.COMMITTEE, UnitKind.BUREAU, UnitKind.SECTION, UnitKind.TOWN, UnitKind.PARK)


def window_departments(window: Window) -> QuerySet[Unit]:
    """Departments a window of this hall may be stationed by: those of the hall's own
    administration (same top-level unit), plus the current one."""
    root = "/".join(window.hall.unit.path.split("/")[:2]) + "/"
    return Unit.objects.filter(
        Q(is_active=True, kind__in=DEPARTMENT_KINDS, path__startswith=root) | Q(pk=window.department_id)
    ).order_by("path")


def item_departments(user: User, item: ServiceItem) -> QuerySet[Unit]:
    """Departments the user may give an item to (where they may manage items), plus the current one."""
    return Unit.objects.filter(
        Q(scope_q(user, "evaluations.item.manage", unit="self"), is_active=True, kind__in=DEPARTMENT_KINDS)
        | Q(pk=item.department_id)
    ).order_by("path")


def item_flag_counts() -> dict[str, int]:
    return ServiceItem.objects.filter(is_active=True).aggregate(
        total=Count("id"),
        zero_trip=Count("id", filter=Q(is_zero_trip=True)),
        one_go=Count("id", filter=Q(is_one_go=True)),
        online=Count("id", filter=Q(is_online=True)),
    )


def ratings_for_export(
    user: User,
    *,
    hall: Hall | None = None,
    level: str = "",
    channel: str = "",
    date_from: Any = None,
    date_to: Any = None,
) -> QuerySet[Rating]:
    qs = Rating.objects.filter(scope_q(user, "evaluations.rating.export", unit="hall__unit")).select_related(
        "hall", "window", "staff__user", "item", "case", "department"
    )
    if hall is not None:
        qs = qs.filter(hall=hall)
    if level.isdigit():
        qs = qs.filter(level=int(level))
    if channel.isdigit():
        qs = qs.filter(channel=int(channel))
    if date_from:
        qs = qs.filter(received_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(received_at__date__lte=date_to)
    return qs.order_by("-received_at", "-id")


def hall_staff_cards(hall: Hall) -> list[Staff]:
    """Active staff with a live static QR, for the A4 window cards (1 query)."""
    return list(
        Staff.objects.filter(hall=hall, is_active=True, qr_revoked_at__isnull=True)
        .select_related("user", "window")
        .order_by("window__number", "job_number", "id")
    )


# ---- rating pages ---------------------------------------------------------------------------


def case_for_rating(number: str) -> Case | None:
    """A case with what its rating page shows, and whether it already has a first rating (1 query)."""
    return (
        Case.objects.select_related("item", "hall", "window", "staff__user")
        .annotate(first_rating_count=Count("ratings", filter=Q(ratings__rating_no=1)))
        .filter(number=number)
        .first()
    )


def case_lookup(number: str, phone_last4: str) -> Case | None:
    """PC lookup: the case only when both the number and the phone's last four digits match.

    One generic miss for both kinds of mismatch, so case numbers cannot be enumerated.
    """
    number, phone_last4 = (number or "").strip(), (phone_last4 or "").strip()
    if not number or len(phone_last4) != 4:
        return None
    return Case.objects.filter(number=number, applicant_phone_last4=phone_last4).first()
