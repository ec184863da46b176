"""Helpers for app routers: who is calling, and may a token do this."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from gaoxin.core.errors import PermissionDenied
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
