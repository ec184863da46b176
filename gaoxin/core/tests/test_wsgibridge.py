"""gaoxin/core/wsgibridge.py: Django's WSGI handler behind the ASGI server, one thread per process."""

from __future__ import annotations

import asyncio
import threading

from gaoxin.core.wsgibridge import WsgiInOneThread


def serve(app, method="GET", path="/", body=b"", headers=()):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"a=1",
        "headers": list(headers),
        "client": ("10.0.0.9", 1234),
        "server": ("127.0.0.1", 8000),
        "http_version": "1.1",
    }
    messages = [
        {"type": "http.request", "body": body[:3], "more_body": True},
        {"type": "http.request", "body": body[3:], "more_body": False},
    ]
    sent = []

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    # in a thread of its own: the browser tests leave an event loop running in this one
    loop = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    loop.start()
    loop.join()
    return sent


def test_requests_run_in_one_thread_with_their_environ_and_body():
    seen = []

    def wsgi(environ, start_response):
        seen.append((threading.get_ident(), environ["REQUEST_METHOD"], environ["PATH_INFO"], environ["QUERY_STRING"],
                     environ["REMOTE_ADDR"], environ["CONTENT_TYPE"], environ["wsgi.input"].read()))  # fmt: skip
        start_response("201 Created", [("Content-Type", "text/plain"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
        return [b"he", b"llo"]

    bridge = WsgiInOneThread(wsgi)
    first = serve(bridge, "POST", "/x/", b"payload", [(b"content-type", b"application/json")])
    second = serve(bridge, "POST", "/y/", b"again!", [(b"content-type", b"text/plain")])
    assert first == [
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"text/plain"), (b"set-cookie", b"a=1"), (b"set-cookie", b"b=2")],
        },
        {"type": "http.response.body", "body": b"hello"},
    ]
    assert second[1]["body"] == b"hello"
    assert [s[1:] for s in seen] == [
        ("POST", "/x/", "a=1", "10.0.0.9", "application/json", b"payload"),
        ("POST", "/y/", "a=1", "10.0.0.9", "text/plain", b"again!"),
    ]
    assert seen[0][0] == seen[1][0] != threading.get_ident()  # the same thread each time, not the test's


def test_the_response_iterable_is_closed():
    closed = []

    class Body(list):
        def close(self):
            closed.append(True)

    def wsgi(environ, start_response):
        start_response("200 OK", [])
        return Body([b"x"])

    assert serve(WsgiInOneThread(wsgi))[1]["body"] == b"x"
    assert closed == [True]


def test_warm_up_builds_the_url_maps_of_every_language():
    from django.conf import settings
    from django.urls import clear_url_caches, get_resolver

    from gaoxin.core.wsgibridge import warm_up

    clear_url_caches()
    assert get_resolver()._reverse_dict == {}
    warm_up()
    resolver = get_resolver()
    assert sorted(resolver._reverse_dict) == sorted(code for code, _name in settings.LANGUAGES)
    assert sorted(resolver._namespace_dict) == sorted(code for code, _name in settings.LANGUAGES)
    assert "rectifications" in resolver._namespace_dict["en"]
