"""Notifications: in-app inbox now; channel adapters (SMS, 企业微信, 钉钉, e-mail) in subfolders."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from gaoxin.core.models import Notification, User


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    object_type: str = "",
    object_id: str | int = "",
) -> list[Notification]:
    """Put a message in each recipient's inbox (call inside the writing service's transaction)."""
    rows = [
        Notification(
            recipient=r, kind=kind, title=title[:200], body=body, url=url,
            object_type=object_type, object_id=str(object_id),
        )
        for r in {u.pk: u for u in recipients}.values()
    ]
    return Notification.objects.bulk_create(rows)


def notifications_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    with transaction.atomic():
        return qs.update(read_at=timezone.now())
