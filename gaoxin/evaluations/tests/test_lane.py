"""The ingest lane (gaoxin/evaluations/lane.py): device ratings recorded in groups in front of
Django, answered exactly as the Django endpoint answers them; everything else handed to Django
with its body intact."""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
import uuid
from concurrent.futures import Future
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from gaoxin.evalstats.models import RollupCounter
from gaoxin.evalstats.services import rollup_rebuild
from gaoxin.evaluations.lane import GroupCommitter, IngestLane, Submission, record_group
from gaoxin.evaluations.models import Rating
from gaoxin.evaluations.schemas import RatingIn
from gaoxin.evaluations.services import device_register
from gaoxin.evaluations.tests.conftest import at
from gaoxin.rectifications.models import WorkOrder

URL = "/api/v1/evaluations"


@pytest.fixture
def token(ev):
    _dev, plain = device_register(actor=None, hall=ev.halls["hall"], window=ev.windows["w1"], name="1号窗评价器")
    return plain


@pytest.fixture
def frozen():
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False) as traveller:
        yield traveller


class InlineCommitter(GroupCommitter):
    """Records the submissions in the test's own thread (and transaction): `call` runs the ASGI
    app in another thread and hands each submission back here, one group per submission."""

    def __init__(self) -> None:
        super().__init__()
        self.submitted: list[Submission] = []

    def submit(self, submission: Submission) -> Future:
        self.submitted.append(submission)
        self.waiting.put(submission)
        return submission.future


class FakeDjango:
    """Stands for Django's ASGI handler: remembers what it was asked and the body it read."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, bytes]] = []

    async def __call__(self, scope, receive, send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.calls.append((scope["method"], scope["path"], body))
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"django"})


def call(app, body: bytes, *, method="POST", path=URL, headers=(), chunks=1) -> dict[str, Any]:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(k.lower(), v) for k, v in headers],
        "client": ("10.1.2.3", 40000),
        "scheme": "http",
    }
    size = max(1, -(-len(body) // chunks))
    parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
    messages = [{"type": "http.request", "body": p, "more_body": n < len(parts) - 1} for n, p in enumerate(parts)]
    sent: list[dict[str, Any]] = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    loop = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    loop.start()
    committer = getattr(app, "committer", None)
    while loop.is_alive():  # the committer's work, in this thread: the test's connection
        try:
            submission = committer.waiting.get(timeout=0.01)
        except queue.Empty:
            continue
        submission.future.set_result(record_group([submission])[0])
    loop.join()
    start = sent[0]
    return {
        "status": start["status"],
        "headers": {k.decode(): v.decode() for k, v in start["headers"]},
        "body": b"".join(m.get("body", b"") for m in sent[1:]),
    }


def rating(case, **kw) -> dict[str, Any]:
    return {
        "uuid": str(kw.pop("uuid", uuid.uuid4())),
        "level": 1,
        "scheme": "gbt39046",
        "case_number": case.number,
        **kw,
    }


def device_headers(token, content_type=b"application/json", host=b"testserver"):
    return [(b"host", host), (b"content-type", content_type), (b"authorization", b"Bearer " + token.encode())]


def counters():
    fields = [f.name for f in RollupCounter._meta.concrete_fields if f.name != "id"]
    return sorted(tuple(str(v) for v in row) for row in RollupCounter.objects.values_list(*fields))


def test_the_lane_answers_as_the_django_endpoint(ev, token, client, frozen):
    """Status, body and headers of the lane's 201 and 200 are those of the Django view."""
    django, committer = FakeDjango(), InlineCommitter()
    lane = IngestLane(django, committer)
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    body = rating(case, level=5, tags=["A"], text="态度差")
    first = call(lane, json.dumps(body).encode(), headers=device_headers(token))
    stored = Rating.objects.get(uuid=body["uuid"])
    assert (first["status"], json.loads(first["body"])) == (
        201,
        {"uuid": body["uuid"], "status": "created", "id": stored.pk, "is_bad": True},
    )
    assert (stored.level, stored.tags, stored.text, stored.device.token.key_hash != "", stored.client_ip) == (
        1,
        ["A"],
        "态度差",
        True,
        "10.1.2.3",
    )
    assert WorkOrder.objects.filter(rating=stored).count() == 1  # a 差评 opens its work order in the group
    again = call(lane, json.dumps(body).encode(), headers=device_headers(token))
    reference = client.post(
        URL, json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert (again["status"], reference.status_code) == (200, 200)
    assert again["body"] == reference.content  # byte for byte: same JSON, same separators
    django_headers = {k.lower(): v for k, v in reference.headers.items()}
    assert again["headers"] == django_headers
    assert (django.calls, len(committer.submitted), Rating.objects.count()) == ([], 2, 1)


def test_what_the_lane_does_not_record_goes_to_django_with_its_body(ev, token, frozen):
    django, committer = FakeDjango(), InlineCommitter()
    lane = IngestLane(django, committer)
    completed = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    rated = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    assert call(lane, json.dumps(rating(rated)).encode(), headers=device_headers(token))["status"] == 201
    good = json.dumps(rating(completed)).encode()
    cases = [
        ("GET", URL, good, device_headers(token)),  # another method
        ("POST", URL + "/batch", good, device_headers(token)),  # another path
        ("POST", URL, b"{not json", device_headers(token)),  # not JSON
        ("POST", URL, b"[1, 2]", device_headers(token)),  # not an object
        ("POST", URL, json.dumps({**rating(completed), "level": "x"}).encode(), device_headers(token)),  # schema
        ("POST", URL, good, device_headers(token, b"text/plain")),  # not declared JSON
        ("POST", URL, good, [(b"host", b"testserver"), (b"content-type", b"application/json")]),  # no token
        ("POST", URL, good, device_headers(token, host=b"evil.example")),  # a host not in ALLOWED_HOSTS
        ("POST", URL, good, device_headers("gx_nope.nope")),  # unknown token
        ("POST", URL, good, [*device_headers(token), (b"cookie", b"sessionid=x")]),  # a browser session
        ("POST", URL, good, [*device_headers(token), (b"accept-language", b"en")]),  # a language to negotiate
        ("POST", URL, json.dumps(rating(rated)).encode(), device_headers(token)),  # refused: already rated
        ("POST", URL, json.dumps({**rating(completed), "level": 9}).encode(), device_headers(token)),  # refused
    ]
    for method, path, body, headers in cases:
        answer = call(lane, body, method=method, path=path, headers=headers, chunks=3)
        assert (answer["status"], answer["body"]) == (299, b"django"), (method, path, body, headers)
    assert django.calls == [(method, path, body) for method, path, body, _h in cases]  # bodies replayed whole
    assert Rating.objects.count() == 1  # nothing written by what went to Django
    with override_settings(SECURE_SSL_REDIRECT=True):  # plain HTTP: Django redirects it
        assert call(lane, good, headers=device_headers(token))["status"] == 299
    assert Rating.objects.count() == 1


def test_a_revoked_device_goes_to_django(ev, token, frozen):
    from gaoxin.evaluations.models import Device
    from gaoxin.evaluations.services import device_revoke

    device_revoke(actor=None, device=Device.objects.get())
    django = FakeDjango()
    lane = IngestLane(django, InlineCommitter())
    answer = call(
        lane, json.dumps(rating(ev.case(completed_at=at(2026, 6, 10, 10, 0)))).encode(), headers=device_headers(token)
    )
    assert (answer["status"], len(django.calls), Rating.objects.count()) == (299, 1, 0)


def test_a_group_is_one_batch_with_the_answers_of_one_by_one(ev, token, frozen):
    cases = [ev.case(completed_at=at(2026, 6, 10, 10, 0)) for _ in range(5)]
    first = rating(cases[0])
    assert record_group([Submission(token, RatingIn.model_validate(first), "10.0.0.1")])[0][0] == 201
    bodies = [first, rating(cases[1], level=5), rating(cases[2]), rating(cases[0]), rating(cases[3], level=3)]
    answers = record_group([Submission(token, RatingIn.model_validate(b), "10.0.0.1") for b in bodies])
    ids = {str(r.uuid): r.pk for r in Rating.objects.all()}
    assert [(a[0], json.loads(a[1])) if a else None for a in answers] == [
        (200, {"uuid": first["uuid"], "status": "duplicate", "id": ids[first["uuid"]], "is_bad": False}),
        (201, {"uuid": bodies[1]["uuid"], "status": "created", "id": ids[bodies[1]["uuid"]], "is_bad": True}),
        (201, {"uuid": bodies[2]["uuid"], "status": "created", "id": ids[bodies[2]["uuid"]], "is_bad": False}),
        None,  # the case is rated: Django answers already_rated
        (201, {"uuid": bodies[4]["uuid"], "status": "created", "id": ids[bodies[4]["uuid"]], "is_bad": False}),
    ]
    assert Rating.objects.count() == 4
    incremental = counters()
    rollup_rebuild(actor=None)
    assert counters() == incremental


@pytest.mark.django_db(transaction=True)
def test_the_committer_thread_groups_concurrent_ratings(ev, token, frozen):
    """30 ratings submitted at once from 30 threads: each answered 201 once, stored once, in
    fewer groups than ratings; the same 30 again are all duplicates."""
    cases = [ev.case(completed_at=at(2026, 6, 10, 10, 0)) for _ in range(30)]
    bodies = [rating(c) for c in cases]
    committer = GroupCommitter()
    gate = threading.Barrier(30)

    def send_all() -> list[tuple[int, bytes] | None]:
        answers: list[Any] = [None] * len(bodies)

        def one(n: int) -> None:
            gate.wait()
            answers[n] = committer.submit(Submission(token, RatingIn.model_validate(bodies[n]), None)).result(30)

        threads = [threading.Thread(target=one, args=(n,)) for n in range(len(bodies))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return answers

    first = send_all()
    assert sorted(a[0] for a in first) == [201] * 30
    assert sorted(json.loads(a[1])["uuid"] for a in first) == sorted(b["uuid"] for b in bodies)
    assert Rating.objects.count() == 30
    assert committer.ratings == 30
    assert committer.groups < 30  # the ratings that arrived while a group committed formed the next
    again = send_all()
    committer.stop()
    assert sorted(a[0] for a in again) == [200] * 30
    assert Rating.objects.count() == 30


@pytest.mark.parametrize(
    "body",
    [
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5, "scheme": "gbt39046", "case_number": "A1"},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": "2", "scheme": "provincial", "extra": 1},
        {
            "uuid": "6F1C8A56-3F43-4C57-9C1E-2B5D7F0E9A11",
            "level": 1,
            "scheme": "gbt39046",
            "tags": ["A", "B"],
            "text": "  很好 ",
            "rater": {"name": "张三", "phone": "139", "consent": True},
            "created_at": "2026-06-10T10:20:00",
            "rating_no": 2,
            "channel": 3,
        },
        {"uuid": "nope", "level": 5, "scheme": "gbt39046"},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5, "scheme": "x", "case_number": "9" * 51},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5, "scheme": "x", "tags": ["t"] * 11},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5, "scheme": "x", "text": "a\x00b"},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5, "scheme": "x", "rater": {"name": "a\x00"}},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5.5, "scheme": "x"},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": None, "scheme": "x"},
        {"uuid": "6f1c8a56-3f43-4c57-9c1e-2b5d7f0e9a11", "level": 5, "scheme": "x", "created_at": "yesterday"},
    ],
)
def test_the_lane_s_plain_schema_decides_as_the_api_s(body):
    from pydantic import ValidationError

    from gaoxin.evaluations.schemas import RatingInPlain

    def outcome(model):
        try:
            return model.model_validate(body).model_dump()
        except ValidationError as exc:
            return [(e["loc"], e["type"]) for e in exc.errors()]

    assert outcome(RatingInPlain) == outcome(RatingIn)


def test_the_committer_checks_its_connection_once_a_second_and_after_a_failure(monkeypatch):
    """Django's per-request connection check (max age; a health check query on PostgreSQL) runs
    before the first group, then at most once a second, and again right after a failed group."""
    from gaoxin.evaluations import lane

    clock = iter([0.0, 0.0, 0.5, 0.9, 0.9, 1.2, 1.2])  # monotonic() as the groups read it
    monkeypatch.setattr(lane.time, "monotonic", lambda: next(clock))
    checks: list[int] = []
    monkeypatch.setattr(lane, "close_old_connections", lambda: checks.append(len(seen)))
    seen: list[int] = []

    def record(group):
        seen.append(len(group))
        if len(seen) == 2:
            raise RuntimeError("server closed the connection")
        return [(201, b"{}")] * len(group)

    monkeypatch.setattr(lane, "record_group", record)
    committer = GroupCommitter()
    answers = [committer.submit(Submission("t", None, None)).result(5) for _ in range(4)]
    committer.stop()
    assert answers == [(201, b"{}"), None, (201, b"{}"), (201, b"{}")]
    # before group 1 (t=0); not before 2 (t=0.5); before 3 (after the failure, t=0.9); not
    # before 4 (t=1.2, 0.3 s after the last check)
    assert checks == [0, 2]


def test_a_group_from_many_devices_reads_its_tokens_and_devices_once(ev, token, frozen, count_queries):
    """Five devices (one revoked, one with an expired token), a system token and a made-up key
    in one group: each live device's rating recorded, the others left to Django; the group's
    reads of tokens and devices are two statements whatever the number of devices."""
    from gaoxin.core.models import ApiToken
    from gaoxin.core.tokens import api_token_issue
    from gaoxin.evaluations.models import Device
    from gaoxin.evaluations.services import device_revoke

    hall, window = ev.halls["hall"], ev.windows["w1"]
    plains = [token] + [device_register(actor=None, hall=hall, window=window, name=f"评价器{n}")[1] for n in range(4)]
    device_revoke(actor=None, device=Device.objects.get(name__endswith="评价器1"))
    ApiToken.objects.filter(name__endswith="评价器2").update(expires_at=at(2026, 6, 10, 10, 0))
    _system, system = api_token_issue(actor=None, name="对接系统", scopes=["evaluations.read"])
    keys = [*plains, system, "gx_0000000000.nope", plains[0]]
    cases = [ev.case(completed_at=at(2026, 6, 10, 10, 0)) for _ in keys]
    group = [Submission(k, RatingIn.model_validate(rating(c)), "10.0.0.1") for k, c in zip(keys, cases, strict=True)]
    with count_queries() as q:
        answers = record_group(group)
    assert [a[0] if a else None for a in answers] == [201, 201, None, None, 201, None, None, 201]
    stored = dict(Rating.objects.values_list("case__number", "device__name"))
    assert stored == {
        cases[0].number: "1号窗评价器",
        cases[1].number: "评价器0",
        cases[4].number: "评价器3",
        cases[7].number: "1号窗评价器",
    }
    statements = [x["sql"].lstrip() for x in q.captured_queries]
    token_reads = [s for s in statements if s.startswith("SELECT") and 'FROM "core_apitoken"' in s]
    device_reads = [s for s in statements if s.startswith("SELECT") and 'FROM "evaluations_device"' in s]
    touches = [s for s in statements if s.startswith('UPDATE "core_apitoken"')]
    assert (len(token_reads), len(device_reads), len(touches)) == (1, 1, 1)
    # touched once a minute: the live tokens (three devices' and the system's), in that one UPDATE
    assert ApiToken.objects.filter(last_used_at=at(2026, 6, 10, 10, 30)).count() == 4


def test_a_group_waits_briefly_for_as_many_as_the_last_one_held():
    """After a group of 3, the next waits (up to its linger) for 3; a lone rating (the last
    group was one) waits for nothing; the wait ends at the linger with what came."""

    def later(committer, n, delay):
        def put():
            for _ in range(n):
                time.sleep(delay)
                committer.waiting.put(Submission("t", None, None))

        thread = threading.Thread(target=put)
        thread.start()
        return thread

    committer = GroupCommitter(linger=5.0)
    committer._expected = 3
    feeder = later(committer, 2, 0.02)
    started = time.monotonic()
    assert len(committer._gather(Submission("t", None, None))) == 3
    assert time.monotonic() - started < 2  # not the whole linger: it stopped at 3
    feeder.join()

    committer._expected = 1
    feeder = later(committer, 2, 0.05)
    assert len(committer._gather(Submission("t", None, None))) == 1
    feeder.join()
    assert committer.waiting.qsize() == 2

    short = GroupCommitter(linger=0.05)
    short._expected = 10
    short.waiting.put(Submission("t", None, None))
    started = time.monotonic()
    assert len(short._gather(Submission("t", None, None))) == 2
    assert 0.05 <= time.monotonic() - started < 2
