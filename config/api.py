"""The JSON API under /api/v1/: one NinjaAPI, routers from each app's api.py.

Auth: the browser session (with CSRF) or a bearer API token (`Authorization: Bearer gx_…`).
Errors: {"code": "...", "message": "中文说明", "details": ...}.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from gaoxin.core.errors import DomainError
from gaoxin.core.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        request.api_token = api_token  # type: ignore[attr-defined]
        if api_token.user is not None:
            request.user = api_token.user
        return api_token


class DeviceKeyAuth(APIKeyHeader):
    """Evaluator devices may send their token in X-Device-Token instead of Authorization."""

    param_name = "X-Device-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return TokenAuth().authenticate(request, key or "")


api = NinjaAPI(
    title="Gaoxin API",
    version="1",
    description="高新区管委会综合平台 JSON API. Session (browser) or bearer token (systems, devices).",
    urls_namespace="api",
    # Token auths first: they pass (None) without their header, while the session auth
    # refuses a cookie-less POST on CSRF grounds before the next auth would be tried.
    auth=[TokenAuth(), DeviceKeyAuth(), django_auth],
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"code": exc.code, "message": exc.message, "details": exc.details}, status=exc.status
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "invalid", "message": _("请求数据无效，请检查后重试。"), "details": exc.errors},
        status=422,
    )


@api.exception_handler(OverflowError)
def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # a number from the request beyond what the database (SQLite's 64-bit integers) or date
    # arithmetic can take: the input's fault, answered like any invalid input (the ids of
    # query strings and paths are checked before this; this is the net under the rest)
    return api.create_response(
        request, {"code": "invalid", "message": _("请求中的数值超出范围。"), "details": None}, status=422
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "unauthorized", "message": _("未登录或令牌无效。"), "details": None}, status=401
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(
        request, {"code": f"http_{exc.status_code}", "message": str(exc), "details": None}, status=exc.status_code
    )


for _app in settings.INSTALLED_APPS:
    if not _app.startswith("gaoxin."):
        continue
    try:
        _module = importlib.import_module(f"{_app}.api")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{_app}.api":
            raise
        continue
    api.add_router(getattr(_module, "ROUTER_PREFIX", "/" + _app.split(".")[-1]), _module.router)
