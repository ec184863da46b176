"""Field encryption for personal data at rest (rater and applicant identity), and masking.

Fernet (AES-128-CBC + HMAC) with a key from FIELD_ENCRYPTION_KEY (any string; hashed to
a key), falling back to one derived from SECRET_KEY. Rotation: docs/operations.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet() -> Fernet:
    material = settings.FIELD_ENCRYPTION_KEY or f"gaoxin-field-key:{settings.SECRET_KEY}"
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(material.encode()).digest()))


def encrypt(value: str) -> str:
    """Encrypt a string; the empty string stays empty (nothing to protect)."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong FIELD_ENCRYPTION_KEY or corrupted value") from exc


def blind_index(value: str) -> str:
    """A keyed hash for equality lookups on encrypted values (e.g. one phone rating many cases)."""
    if not value:
        return ""
    key = (settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, value.strip().encode(), hashlib.sha256).hexdigest()[:32]


def mask_phone(phone: str) -> str:
    phone = (phone or "").strip()
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else ("****" if phone else "")


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_id_number(number: str) -> str:
    number = (number or "").strip()
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}" if len(number) > 7 else "****"
