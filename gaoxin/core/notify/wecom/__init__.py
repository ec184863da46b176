"""企业微信 group robot: POST {"msgtype": "text", "text": {"content": ...}} to NOTIFY_WECOM_WEBHOOK.

A target that is a mobile number is @-mentioned (mentioned_mobile_list). The robot answers
{"errcode": 0, "errmsg": "ok"}; anything else is a failure and is retried."""

from __future__ import annotations

from django.conf import settings

from gaoxin.core.models import Delivery
from gaoxin.core.notify.http import check_errcode, post_json


def is_configured() -> bool:
    return bool(settings.NOTIFY_WECOM_WEBHOOK)


def send(delivery: Delivery) -> None:
    text: dict[str, object] = {"content": delivery.body}
    if delivery.target.isdigit():
        text["mentioned_mobile_list"] = [delivery.target]
    check_errcode(post_json(settings.NOTIFY_WECOM_WEBHOOK, {"msgtype": "text", "text": text}))
