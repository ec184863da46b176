"""The ingest lane: `POST /api/v1/evaluations` from evaluator devices, with group commit.

Served by the ASGI application (config/asgi.py, what `make serve` runs). A device's rating is
read and checked against the API's own schema on the event loop, then handed to this process's
committer thread, which takes every rating waiting at that moment and records them together
with `evaluation_record_batch` — one transaction, one INSERT, one counter upsert for the whole
group — and only then answers each request. Under load the groups grow by themselves (what
arrives while one group commits forms the next, waiting up to 2 ms for as many as the last
group held); alone, a rating is a group of one.

The lane answers only what it recorded: 201 (created) or 200 (duplicate), with the same body
and headers as the Django endpoint (gaoxin.evaluations.api.rating_create; a test compares
them). Everything else — another path or method, a body the schema refuses, a token that is
not a live device's, a rating the rules refuse (which writes nothing), a database error —
goes to Django with the body replayed, and is answered there exactly as without the lane.
A 2xx leaves the lane only after its group committed, so a crash loses no acknowledged rating,
and a retry of a rating already stored is answered "duplicate" (the client's UUID).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import queue
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.http.request import split_domain_port, validate_host
from pydantic import ValidationError as PydanticError

from gaoxin.core.errors import DomainError

logger = logging.getLogger(__name__)

PATH = "/api/v1/evaluations"
MAX_BODY = 16 * 1024  # a rating is well under 1 KB; anything bigger is Django's to judge
MAX_GROUP = 500  # the batch API's limit
CHECK_EVERY = 1.0  # seconds between the committer's connection checks
LINGER = float(os.environ.get("LANE_LINGER_MS", "2")) / 1000  # see GroupCommitter._gather

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass
class Submission:
    token: str  # the presented device token (not yet checked)
    data: Any  # gaoxin.evaluations.schemas.RatingIn (or its plain twin)
    client_ip: str | None
    future: Future = field(default_factory=Future)  # -> (status, body bytes) or None: ask Django


class GroupCommitter:
    """One thread per process that records the waiting ratings together (see the module doc)."""

    def __init__(self, max_group: int = MAX_GROUP, linger: float = LINGER) -> None:
        self.max_group = max_group
        self.linger = linger
        self._expected = 1  # the last group's size: how many are likely to come back soon
        self.waiting: queue.SimpleQueue[Submission | None] = queue.SimpleQueue()  # None: stop
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.groups = 0  # groups recorded and ratings in them, for the benchmark and tests
        self.ratings = 0
        self._checked_at = float("-inf")  # when the connection was last checked (see _run)

    def submit(self, submission: Submission) -> Future:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="gaoxin-ingest-lane", daemon=True)
                    self._thread.start()
        self.waiting.put(submission)
        return submission.future

    def stop(self) -> None:
        """End the thread (after the groups before it) and close its database connection."""
        thread = self._thread
        if thread is not None:
            self.waiting.put(None)
            thread.join()
            self._thread = None

    def _run(self) -> None:
        while True:
            first = self.waiting.get()
            if first is None:
                connection.close()
                return
            group = self._gather(first)
            answers: list[tuple[int, bytes] | None]
            try:
                if time.monotonic() - self._checked_at >= CHECK_EVERY:
                    # what Django does around each request (max age; a health check, one more
                    # round trip on PostgreSQL): at most once a second, and after a failed group
                    close_old_connections()
                    self._checked_at = time.monotonic()
                answers = record_group(group)
            except Exception:
                logger.exception("ingest lane: a group of %s ratings failed; Django answers each", len(group))
                answers = [None] * len(group)
                self._checked_at = float("-inf")
            self.groups += 1
            self.ratings += len(group)
            self._expected = len(group)
            for submission, answer in zip(group, answers, strict=True):
                submission.future.set_result(answer)

    def _gather(self, first: Submission) -> list[Submission]:
        """`first` and what waits behind it. The clients of the last group, answered a moment
        ago, are sending their next ratings: while fewer than that group's size are here, wait
        for them up to `linger` (2 ms), so one group takes them instead of a group of the first
        one or two and another of the rest, each paying a group's fixed cost. A lone rating
        (the last group was one) waits for nothing."""
        group = [first]
        until = None
        while len(group) < self.max_group:
            try:
                nxt = self.waiting.get_nowait()
            except queue.Empty:
                if len(group) >= self._expected or self.linger <= 0:
                    break
                now = time.monotonic()
                until = now + self.linger if until is None else until
                if now >= until:
                    break
                try:
                    nxt = self.waiting.get(timeout=until - now)
                except queue.Empty:
                    break
            if nxt is None:
                self.waiting.put(nxt)  # stop after this group
                break
            group.append(nxt)
        return group


def record_group(group: list[Submission]) -> list[tuple[int, bytes] | None]:
    """Record a group of device ratings; per submission (status, JSON body) or None (ask Django)."""
    from gaoxin.evaluations.api import record_kwargs_for_device, record_out
    from gaoxin.evaluations.services.ratings import Recorded, evaluation_record_batch

    devices = _live_devices({s.token for s in group})
    answers: list[tuple[int, bytes] | None] = [None] * len(group)
    requests: list[dict[str, Any]] = []
    positions: list[int] = []
    for n, submission in enumerate(group):
        device = devices.get(submission.token)
        if device is None:
            continue
        try:
            requests.append(record_kwargs_for_device(submission.data, device=device, client_ip=submission.client_ip))
        except DomainError:
            continue
        positions.append(n)
    for n, outcome in zip(positions, evaluation_record_batch(requests=requests), strict=True):
        if isinstance(outcome, Recorded):
            body = json.dumps(record_out(outcome)).encode()  # the separators of ninja's JSON renderer
            answers[n] = (201 if outcome.created else 200, body)
    return answers


def _live_devices(plains: set[str]) -> dict[str, Any]:
    """The live device of each token that has one (not unknown, revoked, expired or another
    kind of token): two statements for a group of ratings from any number of devices."""
    from gaoxin.core.tokens import api_tokens_authenticate
    from gaoxin.evaluations import hotpath
    from gaoxin.evaluations.services.devices import DEVICE_SCOPE

    tokens = {plain: t for plain, t in api_tokens_authenticate(plains).items() if DEVICE_SCOPE in t.scopes}
    by_token = hotpath.live_devices_for_tokens(sorted(t.pk for t in tokens.values()))
    return {plain: by_token[t.pk] for plain, t in tokens.items() if t.pk in by_token}


def response_headers() -> list[tuple[bytes, bytes]]:
    """The headers Django's middleware puts on the endpoint's JSON answer (besides the length)."""
    from gaoxin.core.middleware import SecurityHeadersMiddleware

    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"x-frame-options", settings.X_FRAME_OPTIONS.encode()),
        (b"vary", b"Accept-Language"),
        (b"content-language", settings.LANGUAGE_CODE.encode()),
    ]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append((b"x-content-type-options", b"nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append((b"referrer-policy", settings.SECURE_REFERRER_POLICY.encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append((b"cross-origin-opener-policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode()))
    headers.append((b"content-security-policy", SecurityHeadersMiddleware.CSP.encode()))
    headers.append((b"permissions-policy", b"camera=(), microphone=(), geolocation=()"))
    return headers


class IngestLane:
    """ASGI: the lane for device ratings, Django for everything else."""

    def __init__(self, django: ASGIApp, committer: GroupCommitter | None = None) -> None:
        self.django = django
        self.committer = committer or GroupCommitter()
        self._headers: list[tuple[bytes, bytes]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if not self._candidate(scope):
            await self.django(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        if complete:
            submission = self._submission(scope, body)
            if submission is not None:
                answer = await asyncio.wrap_future(self.committer.submit(submission))
                if answer is not None:
                    await self._answer(scope, send, *answer)
                    return
        await self.django(scope, _replay(body, complete, receive), send)

    def _candidate(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH:
            return False
        if scope.get("query_string"):
            return False
        return not settings.SECURE_SSL_REDIRECT or _is_secure(scope)  # else Django redirects it

    def _submission(self, scope: Scope, body: bytes) -> Submission | None:
        from gaoxin.evaluations.schemas import RatingInPlain

        headers = dict(scope["headers"])
        if not headers.get(b"content-type", b"").startswith(b"application/json"):
            return None
        if not _host_allowed(headers):
            return None  # Django answers 400 (DisallowedHost)
        if b"cookie" in headers or b"accept-language" in headers:
            return None  # a browser session (session and CSRF rules), or a language to negotiate
        token = _presented_token(headers)
        if token is None:
            return None
        try:
            raw = json.loads(body)
        except ValueError:
            return None
        if not isinstance(raw, dict):
            return None
        try:
            data = RatingInPlain.model_validate(raw)  # = RatingIn's rules, without ninja's wrapping
        except PydanticError:
            return None
        client = scope.get("client")
        return Submission(token=token, data=data, client_ip=client[0] if client else None)

    async def _answer(self, scope: Scope, send: Send, status: int, body: bytes) -> None:
        if self._headers is None:
            self._headers = response_headers()
        headers = [*self._headers, (b"content-length", str(len(body)).encode())]
        if settings.SECURE_HSTS_SECONDS and _is_secure(scope):
            headers.append((b"strict-transport-security", _hsts_value()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _presented_token(headers: dict[bytes, bytes]) -> str | None:
    """The token as the API's auth reads it: `Authorization: Bearer …` first, else X-Device-Token."""
    auth = headers.get(b"authorization")
    if auth is not None:
        scheme, _sep, value = auth.decode("latin-1").partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return None
    key = headers.get(b"x-device-token")
    return key.decode("latin-1") if key else None


def _host_allowed(headers: dict[bytes, bytes]) -> bool:
    """The Host check of Django's request.get_host() (ALLOWED_HOSTS, X-Forwarded-Host when used)."""
    raw = headers.get(b"host", b"")
    if settings.USE_X_FORWARDED_HOST and b"x-forwarded-host" in headers:
        raw = headers[b"x-forwarded-host"]
    domain, _port = split_domain_port(raw.decode("latin-1"))
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(domain) and validate_host(domain, allowed)


def _is_secure(scope: Scope) -> bool:
    if scope.get("scheme") == "https":
        return True
    header = settings.SECURE_PROXY_SSL_HEADER
    if not header:
        return False
    name, value = header
    wanted = name.removeprefix("HTTP_").replace("_", "-").lower().encode()
    return dict(scope["headers"]).get(wanted, b"").decode("latin-1").split(",")[0].strip() == value


def _hsts_value() -> bytes:
    """Strict-Transport-Security as django.middleware.security.SecurityMiddleware writes it."""
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value.encode()


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The request body, up to MAX_BODY: (bytes read, whether that is all of it)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > MAX_BODY:
            return b"".join(chunks), False


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    """A receive() that gives back what the lane read, then the rest of the request."""
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return replay


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
