"""Django's WSGI handler served from an ASGI server, in ONE thread per process.

Why not Django's ASGI handler: it runs each request's sync code in a new thread, so the
thread-local database connection is new for every request (+25 ms per page on PostgreSQL,
measured). Why not asgiref's WsgiToAsgi: under uvicorn its thread-sensitive executor broke
("CurrentThreadExecutor already quit or is broken") on the pages benchmark. Here a plain
single-thread executor runs the WSGI application, so requests of a process run one at a time
in the same thread, as in a sync gunicorn worker, and connections persist (CONN_MAX_AGE). The
response is collected in that thread and then sent (Gaoxin's responses, files included, are
small).
"""

from __future__ import annotations

import asyncio
import gc
import io
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.wsgi import WsgiToAsgiInstance
from django.conf import settings
from django.utils import translation

Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]


class WsgiInOneThread:
    def __init__(self, wsgi_application: Callable[..., Any]) -> None:
        self.wsgi_application = wsgi_application
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gaoxin-wsgi")

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            raise ValueError("WsgiInOneThread serves HTTP only")
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending its request
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        environ = _environ(self.wsgi_application, scope, b"".join(chunks))
        loop = asyncio.get_running_loop()
        status, headers, body = await loop.run_in_executor(self.executor, self._run, environ)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _run(self, environ: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        started: dict[str, Any] = {}
        written: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started["status"] = int(status.split(" ", 1)[0])
            started["headers"] = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
            return written.append

        result = self.wsgi_application(environ, start_response)
        try:
            for chunk in result:
                written.append(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return started["status"], started["headers"], b"".join(written)


def _environ(app: Callable[..., Any], scope: dict[str, Any], body: bytes) -> dict[str, Any]:
    scope = {"http_version": "1.1", "query_string": b"", **scope}
    instance = WsgiToAsgiInstance(app)
    instance.scope = scope
    return instance.build_environ(scope, io.BytesIO(body))


def warm_up() -> None:
    """What Django would otherwise do on a worker's first requests, done as the worker starts:
    import the URLconf (every app's urls, the API and its schemas) and build the reverse maps.
    Done lazily, the first rating that opened a work order imported it in the ingest lane's
    thread and held the interpreter for seconds under load (measured with py-spy: the p99)."""
    from django.urls import get_resolver

    resolver = get_resolver()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            resolver.reverse_dict  # noqa: B018 (the property builds the maps)
            resolver.namespace_dict  # noqa: B018


def freeze_start_up_objects() -> None:
    """Move everything loaded at start-up (Django, the apps, the URLconf: ~130,000 objects) to
    the collector's permanent generation, so a full collection no longer walks it: 38–49 ms per
    full collection before, under 0.1 ms after (docs/performance.md). GC_FREEZE=0 leaves them
    in, for side-by-side runs. Called by config/asgi.py and config/wsgi.py after warm_up()."""
    if os.environ.get("GC_FREEZE", "1") != "0":
        gc.freeze()
