"""Reads of 好差评 intake, with fixed query counts. Rater identity is masked everywhere here;
window staff get their own ratings without any rater field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.crypto import decrypt, mask_name, mask_phone
from gaoxin.core.errors import DomainError
from gaoxin.core.models import ApiToken, User
from gaoxin.core.permissions import scope_q
from gaoxin.core.workdays import SHANGHAI
from gaoxin.evaluations.enums import CaseStatus, Level
from gaoxin.evaluations.models import Case, Device, Hall, Rating, Staff, Window

KIOSK_PROMPT_MINUTES = 10


def _scoped(user: User, action: str) -> Q:
    """Cases and ratings belong to both the hall's unit and the responsible department."""
    return scope_q(user, action, unit="hall__unit", owner="staff__user") | scope_q(
        user, action, unit="department", owner="staff__user"
    )


def halls_visible(user: User) -> QuerySet[Hall]:
    return Hall.objects.select_related("unit", "region").filter(scope_q(user, "evaluations.hall.view"))


def ratings_visible(user: User) -> QuerySet[Rating]:
    return Rating.objects.filter(_scoped(user, "evaluations.rating.view"))


def cases_visible(user: User) -> QuerySet[Case]:
    return Case.objects.filter(_scoped(user, "evaluations.case.view"))


def masked_rater(rating: Rating) -> dict[str, str]:
    """The rater as lists may show it: masked name and phone, or empty when anonymous."""
    if not rating.is_real_name:
        return {"name": "", "phone": ""}
    return {"name": mask_name(decrypt(rating.rater_name_enc)), "phone": mask_phone(decrypt(rating.rater_phone_enc))}


def rating_row(rating: Rating, *, with_rater: bool) -> dict[str, Any]:
    """A rating as a dict for pages and the API (related objects must be selected)."""
    row: dict[str, Any] = {
        "id": rating.pk,
        "uuid": str(rating.uuid),
        "case_number": rating.case.number if rating.case is not None else "",
        "hall": rating.hall.name,
        "window": rating.window.number if rating.window is not None else "",
        "staff": rating.staff.display_name if rating.staff is not None else "",
        "item": rating.item.name if rating.item is not None else "",
        "channel": rating.channel,
        "channel_label": rating.get_channel_display() if rating.channel else _("默认评价"),
        "level": rating.level,
        "level_label": rating.get_level_display(),
        "is_bad": rating.is_bad,
        "rating_no": rating.rating_no,
        "tags": rating.tags,
        "text": rating.text,
        "is_default": rating.is_default,
        "created_at": rating.created_at,
        "received_at": rating.received_at,
        "integrity_flags": rating.integrity_flags,
    }
    if with_rater:
        row["is_real_name"] = rating.is_real_name
        row["rater"] = masked_rater(rating)
    return row


RATING_RELATED = ("case", "hall", "window", "staff__user", "item")


def hall_ratings_feed(hall: Hall, *, limit: int = 20) -> list[dict[str, Any]]:
    """The latest ratings of a hall, rater masked (one query)."""
    qs = Rating.objects.select_related(*RATING_RELATED).filter(hall=hall).order_by("-received_at", "-id")[:limit]
    return [rating_row(r, with_rater=True) for r in qs]


def ratings_list(user: User, *, filters: dict[str, Any] | None = None) -> QuerySet[Rating]:
    """Ratings the user may see, filtered (hall, window, staff, level, channel, bad, date range)."""
    f = filters or {}
    qs = ratings_visible(user).select_related(*RATING_RELATED)
    for key, lookup in (
        ("hall", "hall_id"),
        ("window", "window_id"),
        ("staff", "staff_id"),
        ("level", "level"),
        ("channel", "channel"),
        ("department", "department_id"),
        ("rating_no", "rating_no"),
    ):
        if f.get(key) not in (None, ""):
            qs = qs.filter(**{lookup: f[key]})
    if f.get("bad"):
        qs = qs.filter(level__lte=Level.DISSATISFIED)
    if f.get("date_from"):
        qs = qs.filter(received_at__date__gte=f["date_from"])
    if f.get("date_to"):
        qs = qs.filter(received_at__date__lte=f["date_to"])
    return qs.order_by("-received_at", "-id")


def is_staff_only(user: User) -> bool:
    """True when the user sees ratings only as the rated staff member (never rater fields)."""
    from gaoxin.core.enums import Role
    from gaoxin.core.permissions import roles_of

    roles = roles_of(user)
    return bool(roles) and roles <= {Role.WINDOW_STAFF, Role.ENTERPRISE_USER, Role.INCUBATOR_OPERATOR}


def _level_counts(rows: list[Any]) -> dict[int, int]:
    counts = dict.fromkeys(Level.values, 0)
    for row in rows:
        counts[row["level"]] = row["n"]
    return counts


@dataclass(frozen=True)
class MyRatings:
    today: dict[int, int]
    month: dict[int, int]
    recent: list[dict[str, Any]]

    @property
    def today_total(self) -> int:
        return sum(self.today.values())

    @property
    def month_total(self) -> int:
        return sum(self.month.values())


def my_ratings(staff: Staff, *, now: datetime | None = None, recent: int = 10) -> MyRatings:
    """A staff member's own ratings: today's and this month's level distribution, latest few
    (no rater fields at all). Three queries. Default and excluded ratings are not counted."""
    local = (now or timezone.now()).astimezone(SHANGHAI)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    month_start = day_start.replace(day=1)
    base = Rating.objects.active().filter(staff=staff, rating_no=1)
    month = list(base.filter(received_at__gte=month_start).values("level").annotate(n=Count("id")).order_by())
    today = list(base.filter(received_at__gte=day_start).values("level").annotate(n=Count("id")).order_by())
    latest = (
        Rating.objects.select_related(*RATING_RELATED)
        .filter(staff=staff, is_default=False)
        .order_by("-received_at", "-id")[:recent]
    )
    return MyRatings(_level_counts(today), _level_counts(month), [rating_row(r, with_rater=False) for r in latest])


def devices_for_hall(hall: Hall) -> list[Device]:
    """Evaluators of a hall with their window; `is_online` is derived from last_seen_at (one query)."""
    return list(Device.objects.select_related("window").filter(hall=hall).order_by("name", "id"))


def windows_for_hall(hall: Hall) -> list[Window]:
    return list(
        Window.objects.select_related("department")
        .filter(hall=hall)
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("number")
    )


def staff_for_hall(hall: Hall) -> list[Staff]:
    return list(Staff.objects.select_related("user", "window").filter(hall=hall).order_by("window__number", "id"))


def cases_for_window(window: Window, *, status: str | None = None, limit: int = 50) -> list[Case]:
    """Cases of a window, newest first, with whether each has a first rating (one query)."""
    qs = Case.objects.select_related("item", "staff__user").filter(window=window)
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    qs = qs.annotate(is_rated=Exists(Rating.objects.filter(case=OuterRef("pk"), rating_no=1)))
    return list(qs.order_by("-accepted_at", "-id")[:limit])


LOOKUP_FAILED = "lookup_failed"


def case_lookup_for_rating(number: str, phone_last4: str) -> Case:
    """The case a citizen may rate on the web: number plus the last 4 digits of the applicant's
    phone. One generic message for every failure, so numbers cannot be enumerated."""
    generic = DomainError(_("办件编号或手机号后四位不正确，请核对后重试。"), code=LOOKUP_FAILED)
    number, last4 = (number or "").strip(), (phone_last4 or "").strip()
    if not number or "\x00" in number or len(last4) != 4 or not last4.isdigit():
        raise generic
    case = (
        Case.objects.select_related("item", "hall__region", "window", "staff__user")
        .filter(number=number, applicant_phone_last4=last4)
        .first()
    )
    if case is None:
        raise generic
    return case


def device_for_token(token: ApiToken | None) -> Device | None:
    if token is None:
        return None
    return (
        Device.objects.select_related("hall__region", "hall__unit", "window")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )


def kiosk_prompt_for_device(device: Device, *, now: datetime | None = None) -> Case | None:
    """The case just completed at the device's window and not yet rated (one query), or None."""
    window = device.window
    if window is None or window.pending_case_id is None or window.pending_since is None:
        return None
    if (now or timezone.now()) - window.pending_since > timedelta(minutes=KIOSK_PROMPT_MINUTES):
        return None
    return (
        Case.objects.select_related("item", "staff__user", "window")
        .filter(pk=window.pending_case_id)
        .exclude(Exists(Rating.objects.filter(case=OuterRef("pk"), rating_no=1)))
        .first()
    )
