"""Helpers for app routers: who is calling, and may a token do this."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.models import ApiToken, User


def api_token_of(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)


def actor_of(request: HttpRequest) -> User | None:
    """The acting user: the session user, or the user a token acts for (None for device tokens)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def require_token_scope(request: HttpRequest, scope: str) -> None:
    """Token callers need `scope` in their token; session callers are checked by permissions instead."""
    token = api_token_of(request)
    if token is not None and scope not in token.scopes and "*" not in token.scopes:
        raise PermissionDenied(_("该令牌没有“%(s)s”权限。") % {"s": scope}, code="token_scope")


MAX_ID = 2**31 - 1  # the integer columns' range (ids, codes)


def check_ids(**values: int | None) -> None:
    """Ids and codes from the query string or path must fit the database's integer columns
    (a bigger number would overflow SQLite's integers: a 500 instead of an answer)."""
    bad = [name for name, v in values.items() if v is not None and not 0 <= v <= MAX_ID]
    if bad:
        raise DomainError(_("参数无效：%(f)s") % {"f": "、".join(bad)}, code="invalid")
