"""E-mail through Django's mailer (MAILERS / EMAIL_HOST); on when EMAIL_HOST is set."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from gaoxin.core.models import Delivery
from gaoxin.core.notify.http import DeliveryFailed


def is_configured() -> bool:
    return bool(settings.NOTIFY_EMAIL_ENABLED)


def send(delivery: Delivery) -> None:
    if "@" not in delivery.target:
        raise DeliveryFailed(f"not an e-mail address: {delivery.target[:60]}")
    subject = delivery.subject or (delivery.body.splitlines() or [""])[0][:80]
    try:
        send_mail(subject, delivery.body, settings.DEFAULT_FROM_EMAIL, [delivery.target])
    except OSError as exc:  # smtplib errors are OSError subclasses
        raise DeliveryFailed(f"mail failed: {exc}") from exc
