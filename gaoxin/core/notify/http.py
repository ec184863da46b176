"""A small JSON-over-HTTP helper for the channel adapters: urllib, short timeouts, no proxy
unless NOTIFY_HTTP_PROXY says so (government networks route by configuration, not by guess)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings


class DeliveryFailed(Exception):
    """A send that did not go through; the message is kept as the delivery's last_error."""


def _opener() -> urllib.request.OpenerDirector:
    proxy = settings.NOTIFY_HTTP_PROXY
    proxies = {"http": proxy, "https": proxy} if proxy else {}
    return urllib.request.build_opener(urllib.request.ProxyHandler(proxies))


def post_json(url: str, payload: dict[str, Any], *, headers: dict[str, str] | None = None) -> Any:
    """POST `payload` as JSON; return the decoded JSON answer (None when the body is not JSON).

    Raises DeliveryFailed on a refused connection, a timeout or any non-2xx status."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryFailed(f"unsupported URL scheme: {url[:40]}")
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "gaoxin-notify/1", **(headers or {})},
    )
    timeout = float(settings.NOTIFY_HTTP_TIMEOUT)
    try:
        with _opener().open(request, timeout=timeout) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace") if exc.fp else ""
        raise DeliveryFailed(f"HTTP {exc.code}: {detail}".strip()) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryFailed(f"connection failed: {reason}") from exc
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except ValueError:
        return None


def check_errcode(answer: Any) -> None:
    """Robot webhooks (企业微信, 钉钉) answer 200 with {"errcode": 0, "errmsg": "ok"} on success."""
    if not isinstance(answer, dict) or "errcode" not in answer:
        raise DeliveryFailed(f"unexpected answer: {str(answer)[:200]}")
    if answer["errcode"] != 0:
        raise DeliveryFailed(f"errcode {answer['errcode']}: {str(answer.get('errmsg', ''))[:200]}")
