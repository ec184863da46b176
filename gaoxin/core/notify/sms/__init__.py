"""SMS through the zone's SMS gateway: POST JSON to NOTIFY_SMS_URL with a bearer token.

Request:  {"phone": "<target>", "content": "<body>", "id": "<idempotency key>"}
Success:  any 2xx; a JSON answer carrying a non-zero "errcode" counts as a failure."""

from __future__ import annotations

from django.conf import settings

from gaoxin.core.models import Delivery
from gaoxin.core.notify.http import DeliveryFailed, post_json


def is_configured() -> bool:
    return bool(settings.NOTIFY_SMS_URL)


def send(delivery: Delivery) -> None:
    headers = {"Authorization": f"Bearer {settings.NOTIFY_SMS_TOKEN}"} if settings.NOTIFY_SMS_TOKEN else {}
    answer = post_json(
        settings.NOTIFY_SMS_URL,
        {"phone": delivery.target, "content": delivery.body, "id": delivery.idempotency_key},
        headers=headers,
    )
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0, "0"):
        raise DeliveryFailed(f"errcode {answer['errcode']}: {str(answer.get('errmsg', ''))[:200]}")
