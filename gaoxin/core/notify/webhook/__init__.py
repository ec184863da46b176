"""Generic webhook for other systems: POST JSON to NOTIFY_WEBHOOK_URL.

Body: {"id", "channel", "target", "subject", "body", "notification_id"}. With
NOTIFY_WEBHOOK_SECRET set, header X-Gaoxin-Signature carries "sha256=<hex HMAC of the body>"
(the receiver recomputes it over the raw request body). Any 2xx is success."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings

from gaoxin.core.models import Delivery
from gaoxin.core.notify.http import post_json


def is_configured() -> bool:
    return bool(settings.NOTIFY_WEBHOOK_URL)


def payload_of(delivery: Delivery) -> dict[str, object]:
    return {
        "id": delivery.idempotency_key,
        "channel": "webhook",
        "target": delivery.target,
        "subject": delivery.subject,
        "body": delivery.body,
        "notification_id": delivery.notification_id,
    }


def signature(payload: dict[str, object], secret: str) -> str:
    raw = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def send(delivery: Delivery) -> None:
    payload = payload_of(delivery)
    headers = {}
    if secret := settings.NOTIFY_WEBHOOK_SECRET:
        headers["X-Gaoxin-Signature"] = signature(payload, secret)
    post_json(settings.NOTIFY_WEBHOOK_URL, payload, headers=headers)
