"""Notifications: the in-app inbox, and external deliveries (SMS, 企业微信, 钉钉, e-mail, webhook).

- notify(): inbox messages, written inside the calling service's transaction.
- send_external(): records one Delivery per idempotency key and enqueues the send on commit;
  a channel that is not configured gives a "skipped" delivery with the reason, never an error.
- notify_user(): inbox plus the user's external channels in one call.
The sending itself (attempts, backoff, final state) lives in notify/delivery.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, Required, TypedDict, Unpack

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.crypto import mask_phone
from gaoxin.core.enums import DeliveryStatus, NotifyChannel
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Delivery, Notification, User
from gaoxin.core.notify.channels import EXTERNAL_CHANNELS, adapter

# A pending delivery whose on-commit task never ran (worker down, crash) is picked up by the
# retry job after this grace period.
PENDING_GRACE_SECONDS = 120


def notification_rows(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    object_type: str = "",
    object_id: str | int = "",
) -> list[Notification]:
    """The unsaved inbox messages notify() writes, one per distinct recipient (for a service
    that notifies about many objects at once and writes every message in one INSERT)."""
    return [
        Notification(
            recipient=r,
            kind=kind,
            title=title[:200],
            body=body,
            url=url,
            object_type=object_type,
            object_id=str(object_id),
        )
        for r in {u.pk: u for u in recipients}.values()
    ]


class NotificationFields(TypedDict, total=False):
    """notification_rows()'s keyword arguments (recipients, kind and title required)."""

    recipients: Required[Iterable[User]]
    kind: Required[str]
    title: Required[str]
    body: str
    url: str
    object_type: str
    object_id: str | int


def notify(**fields: Unpack[NotificationFields]) -> list[Notification]:
    """Put a message in each recipient's inbox (call inside the writing service's transaction)."""
    return Notification.objects.bulk_create(notification_rows(**fields))


def notifications_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark the actor's own unread messages (all, or those in `ids`) as read; others' are untouched."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    with transaction.atomic():
        count = qs.update(read_at=timezone.now())
        if count:
            audit_log(
                actor=actor,
                action="notify.mark_read",
                object_type="core.notification",
                object_repr=_("%(n)d 条通知") % {"n": count},
                after={"count": count, "ids": ids},
            )
    return count


def masked_target(channel: str, target: str) -> str:
    if channel in (NotifyChannel.SMS, NotifyChannel.WECOM, NotifyChannel.DINGTALK) and target.isdigit():
        return mask_phone(target)
    if channel == NotifyChannel.EMAIL and "@" in target:
        name, _at, domain = target.partition("@")
        return f"{name[:1]}***@{domain}"
    return target[:40]


def send_external(
    *,
    channel: str,
    target: str,
    body: str,
    subject: str = "",
    idempotency_key: str,
    notification: Notification | None = None,
    actor: User | None = None,
) -> Delivery:
    """Record a delivery to an external channel and send it after commit (idempotent on the key).

    The same idempotency_key again returns the existing Delivery and sends nothing. A channel
    that is not configured gives a Delivery with status "skipped" and the reason in last_error."""
    if channel not in EXTERNAL_CHANNELS:
        raise DomainError(_("不支持的推送渠道：%(c)s") % {"c": channel}, code="notify_channel")
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise DomainError(_("推送幂等键不能为空且不超过 100 个字符"), code="notify_key")
    if existing := Delivery.objects.filter(idempotency_key=key).first():
        return existing
    now = timezone.now()
    fields: dict[str, Any] = {
        "channel": channel,
        "target": target[:200],
        "subject": subject[:200],
        "body": body,
        "notification": notification,
    }
    if not target:
        fields |= {"status": DeliveryStatus.SKIPPED, "last_error": _("没有接收方（未登记手机号或地址）")}
    elif not adapter(channel).is_configured():
        label = NotifyChannel(channel).label
        fields |= {"status": DeliveryStatus.SKIPPED, "last_error": _("%(c)s渠道未配置") % {"c": label}}
    else:
        fields["next_attempt_at"] = now + timedelta(seconds=PENDING_GRACE_SECONDS)
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(idempotency_key=key, **fields)
        except IntegrityError:  # a concurrent call with the same key won
            return Delivery.objects.get(idempotency_key=key)
        audit_log(
            actor=actor,
            action="notify.delivery.queue",
            obj=delivery,
            object_repr=f"{channel} → {masked_target(channel, target)}",
            after={"channel": channel, "status": delivery.status, "key": key},
        )
        if delivery.status == DeliveryStatus.PENDING:
            from gaoxin.core.tasks import deliver

            pk = delivery.pk
            transaction.on_commit(lambda: deliver.enqueue(pk))
    return delivery


def _target_for(user: User, channel: str) -> str:
    if channel in (NotifyChannel.SMS, NotifyChannel.WECOM, NotifyChannel.DINGTALK):
        return user.phone or ""
    if channel == NotifyChannel.EMAIL:
        return user.email or ""
    return user.username


def _key(base: str, channel: str) -> str:
    key = f"{base}:{channel}"
    if len(key) <= 100:
        return key
    digest = hashlib.sha256(base.encode()).hexdigest()[:20]
    return f"{base[:60]}~{digest}:{channel}"


def notify_user(
    *,
    user: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    channels: Sequence[str] = ("inbox",),
    object_type: str = "",
    object_id: str | int = "",
    idempotency_key: str = "",
    actor: User | None = None,
) -> tuple[Notification | None, list[Delivery]]:
    """Inbox message and/or external deliveries for one user (SMS to user.phone, e-mail to
    user.email, 企业微信/钉钉 robots mentioning user.phone, webhook with the username).

    External keys are "<idempotency_key or kind:object or notification>:<channel>", so calling
    again for the same event sends nothing twice. Call inside the writing service's transaction."""
    unknown = [c for c in channels if c != NotifyChannel.INBOX and c not in EXTERNAL_CHANNELS]
    if unknown:
        raise DomainError(_("不支持的推送渠道：%(c)s") % {"c": "、".join(unknown)}, code="notify_channel")
    with transaction.atomic():
        notification = None
        if NotifyChannel.INBOX in channels:
            notification = notify(
                recipients=[user],
                kind=kind,
                title=title,
                body=body,
                url=url,
                object_type=object_type,
                object_id=object_id,
            )[0]
        if idempotency_key:
            base = idempotency_key
        elif object_id != "":
            base = f"{kind}:{object_type}:{object_id}:u{user.pk}"
        elif notification is not None:
            base = f"n{notification.pk}"
        elif any(c != NotifyChannel.INBOX for c in channels):
            raise DomainError(_("外部推送需要幂等键或关联对象"), code="notify_key")
        link = f"{settings.PUBLIC_BASE_URL}{url}" if url.startswith("/") else url
        text = "\n".join(part for part in (title, body, link) if part)
        deliveries = [
            send_external(
                channel=c,
                target=_target_for(user, c),
                body=text,
                subject=title,
                idempotency_key=_key(base, c),
                notification=notification,
                actor=actor,
            )
            for c in channels
            if c != NotifyChannel.INBOX
        ]
    return notification, deliveries
