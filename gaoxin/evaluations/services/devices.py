"""Writes of evaluator devices: register (token shown once), revoke, heartbeat."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.errors import DomainError
from gaoxin.core.models import User
from gaoxin.core.permissions import require
from gaoxin.core.tokens import api_token_issue, api_token_revoke
from gaoxin.evaluations.models import Device, Hall, Window
from gaoxin.evaluations.services._common import hall_target

DEVICE_SCOPE = "evaluations.device"


def device_register(*, actor: User | None, hall: Hall, name: str, window: Window | None = None) -> tuple[Device, str]:
    """Register an evaluator; returns it with its plain token (shown once, never stored)."""
    if actor is not None:
        require(actor, "evaluations.device.manage", hall_target(hall))
    if not name.strip():
        raise DomainError(_("请填写评价器名称。"), code="device_invalid")
    if window is not None and window.hall_id != hall.pk:
        raise DomainError(_("窗口不属于该大厅。"), code="window_other_hall")
    with transaction.atomic():
        token, plain = api_token_issue(
            actor=actor, name=f"评价器 {hall.code} {name.strip()}", scopes=[DEVICE_SCOPE], kind="device", unit=hall.unit
        )
        device = Device.objects.create(hall=hall, window=window, name=name.strip(), token=token)
        audit_log(
            actor=actor,
            action="evaluations.device.register",
            obj=device,
            unit_id=hall.unit_id,
            after={"name": device.name, "window_id": device.window_id, "token_prefix": token.prefix},
        )
    return device, plain


def device_revoke(*, actor: User | None, device: Device) -> Device:
    if actor is not None:
        require(actor, "evaluations.device.manage", hall_target(device.hall))
    if device.revoked_at is not None:
        return device
    with transaction.atomic():
        if device.token is not None:
            api_token_revoke(actor=actor, token=device.token)
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="evaluations.device.revoke", obj=device, unit_id=device.hall.unit_id)
    return device


def device_heartbeat(*, device: Device) -> Device:
    """The device is alive (a machine event: not audited). One UPDATE."""
    now = timezone.now()
    Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    device.last_seen_at = now
    return device
