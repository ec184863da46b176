"""API tokens: issue (shown once), authenticate (hashed lookup), revoke."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.errors import DomainError
from gaoxin.core.models import ApiToken, Region, Unit, User
from gaoxin.core.rawfetch import Join, fetch_many, where_in

TOKEN_PREFIX = "gx_"  # noqa: S105


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_issue(
    *,
    actor: User | None,
    name: str,
    scopes: list[str],
    kind: str = "system",
    unit: Unit | None = None,
    user: User | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the plain key, which is never stored and shown once."""
    if not name.strip():
        raise DomainError(_("请填写令牌名称"), code="token_name")
    if not scopes:
        raise DomainError(_("请至少选择一个权限范围"), code="token_scopes")
    prefix = secrets.token_hex(5)
    secret = secrets.token_urlsafe(32)
    plain = f"{TOKEN_PREFIX}{prefix}.{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip(),
            kind=kind,
            prefix=prefix,
            key_hash=_hash(secret),
            scopes=sorted(set(scopes)),
            unit=unit,
            user=user,
            created_by=actor if actor and actor.is_authenticated else None,
            expires_at=expires_at,
        )
        audit_log(
            actor=actor,
            action="token.issue",
            obj=token,
            unit_id=unit.pk if unit else None,
            after={"name": token.name, "kind": kind, "scopes": token.scopes},
        )
    return token, plain


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="token.revoke", obj=token, unit_id=token.unit_id)
    return token


_TOKEN_JOINS: tuple[Join, ...] = (
    ("u", Unit, "t0", "unit_id"),
    ("ur", Region, "u", "region_id"),
    ("us", User, "t0", "user_id"),
)


def api_token_authenticate(plain: str) -> ApiToken | None:
    """The live token for a presented key, or None. Touches last_used_at at most once a minute."""
    return api_tokens_authenticate([plain]).get(plain)


def api_tokens_authenticate(plains: Iterable[str]) -> dict[str, ApiToken]:
    """api_token_authenticate() of several presented keys at once (the ingest lane's group of
    ratings from many devices): the live token of each key that has one, in one read, and the
    last_used_at older than a minute touched in one UPDATE."""
    presented: dict[str, tuple[str, str]] = {}  # plain key -> (prefix, secret)
    for plain in plains:
        if plain.startswith(TOKEN_PREFIX) and "." in plain:
            prefix, _sep, secret = plain[len(TOKEN_PREFIX) :].partition(".")
            presented[plain] = (prefix, secret)
    if not presented:
        return {}
    # = ApiToken.objects.select_related("unit__region", "user").filter(prefix__in=…), without
    # compiling the query on every API call (rawfetch)
    where, params = where_in("prefix", sorted({prefix for prefix, _secret in presented.values()}))
    by_prefix = {t.prefix: t for t in fetch_many(ApiToken, _TOKEN_JOINS, where, params)}
    now = timezone.now()
    live: dict[str, ApiToken] = {}
    stale: list[int] = []
    for plain, (prefix, secret) in presented.items():
        token = by_prefix.get(prefix)
        if token is None or not secrets.compare_digest(token.key_hash, _hash(secret)):
            continue
        if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
            continue
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            stale.append(token.pk)
        live[plain] = token
    if stale:
        ApiToken.objects.filter(pk__in=stale).update(last_used_at=now)
    return live
