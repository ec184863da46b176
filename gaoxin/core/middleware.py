from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gaoxin.core.context import RequestInfo, reset_request_info, set_request_info


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy (docs/operations.md) REMOTE_ADDR is the proxy; it
    # sets X-Real-IP. We trust only that header, and only from loopback.
    remote = request.META.get("REMOTE_ADDR")
    real = request.META.get("HTTP_X_REAL_IP")
    if real and remote in {"127.0.0.1", "::1"}:
        return real
    return remote


class RequestContextMiddleware:
    """Makes the client address and user agent available to services for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_request_info(RequestInfo(client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:200]))
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: a strict Content-Security-Policy (all assets are local)."""

    # script-src is 'self' only: page scripts are static files (static/<app>/*.js) fed by json_script
    # blocks and data-* attributes, inline handlers are data-gx-* attributes (core/gx.js), and htmx
    # runs with allowEval off (base.html); gaoxin/core/tests/test_templates_csp.py keeps it so.
    # style-src keeps 'unsafe-inline': templates still carry style="…" attributes and <style> blocks,
    # and ECharts, Bootstrap and htmx set inline styles; an injected style cannot run script.
    CSP = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; font-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
