"""钉钉 custom robot: POST {"msgtype": "text", "text": {"content": ...}} to NOTIFY_DINGTALK_WEBHOOK.

With NOTIFY_DINGTALK_SECRET set, the URL carries timestamp and HMAC-SHA256 sign as 钉钉's
"加签" security setting requires. A target that is a mobile number is @-mentioned."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse

from django.conf import settings

from gaoxin.core.models import Delivery
from gaoxin.core.notify.http import check_errcode, post_json


def is_configured() -> bool:
    return bool(settings.NOTIFY_DINGTALK_WEBHOOK)


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp_ms}&sign={sign}"


def send(delivery: Delivery) -> None:
    url = settings.NOTIFY_DINGTALK_WEBHOOK
    if secret := settings.NOTIFY_DINGTALK_SECRET:
        url = signed_url(url, secret, int(time.time() * 1000))
    payload: dict[str, object] = {"msgtype": "text", "text": {"content": delivery.body}}
    if delivery.target.isdigit():
        payload["at"] = {"atMobiles": [delivery.target], "isAtAll": False}
    check_errcode(post_json(url, payload))
