"""Core reads."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from gaoxin.core.models import AuditEvent, LoginFailure, Notification, Unit, User
from gaoxin.core.permissions import scope_q


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def login_is_throttled(*, username: str, ip: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    by_user = recent.filter(username=username.lower()).count()
    by_ip = recent.filter(ip=ip).count() if ip else 0
    limit = settings.LOGIN_THROTTLE_MAX_FAILURES
    return by_user >= limit or by_ip >= limit * 4


def units_visible_to(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "core.unit.view", unit=None, region="region") | _own(user))


def _own(user: User) -> Q:
    return Q(pk=user.unit_id) if user.unit_id else Q(pk__in=[])


def audit_events_for(user: User) -> QuerySet[AuditEvent]:
    """Audit rows the user may read: all for admins, their region's units for leaders."""
    q = scope_q(user, "core.audit.view", unit=None)
    if q == Q():
        return AuditEvent.objects.all()
    visible_units = units_visible_to(user).values("pk")
    return AuditEvent.objects.filter(unit_id_ref__in=visible_units) if q != Q(pk__in=[]) else AuditEvent.objects.none()
