"""The kiosk's offline buffer in Chromium (issue 7, crash safety).

The kiosk page stays loaded while its server is gone; every rating goes into a localStorage
queue first and leaves it only on a 2xx (or a definitive 4xx). These tests take the network
away (the browser offline, the rating endpoint refused or answering 5xx, answers lost after
the server stored the rating, the kiosk tablet reloaded mid-outage) and check against the
database that each rating is stored exactly once. `benchmarks/crash_safety.py` does the same
against a server that gets SIGKILL.
"""

from __future__ import annotations

import json

import pytest

from gaoxin.core.testing import seed_live_database
from gaoxin.evaluations.models import Case, Rating
from gaoxin.evaluations.services import case_complete
from gaoxin.evaluations.tests.test_browser_kiosk import paired_kiosk, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATE_URL = "**/api/v1/evaluations"
QUEUE = "JSON.parse(localStorage.getItem('gx.kiosk.queue') || '{}')"
# predicates are functions: Playwright polls an expression string with eval, which the CSP refuses
EMPTY = "() => (localStorage.getItem('gx.kiosk.queue') || '{}') === '{}'"


@pytest.fixture
def live_ev(live_server, ev):
    seed_live_database()
    return ev


def complete(kiosk, case: Case) -> None:
    settled(lambda: case_complete(actor=None, case=Case.objects.get(pk=case.pk)), kiosk)


def rate(kiosk, number: str, level: str) -> None:
    kiosk.locator("[data-testid=rate]").wait_for(state="visible")
    assert kiosk.locator("[data-testid=case-number]").inner_text() == number
    kiosk.get_by_role("button", name=level, exact=True).click()
    kiosk.click("#rate-submit")
    kiosk.locator("[data-testid=thanks]").wait_for(state="visible")


def queue(kiosk) -> dict[str, dict]:
    return kiosk.evaluate(QUEUE)


def stored(kiosk, uuids) -> list[tuple[str, str, int]]:
    return settled(
        lambda: sorted(
            (str(u), n, lv)
            for u, n, lv in Rating.objects.filter(uuid__in=list(uuids)).values_list("uuid", "case__number", "level")
        ),
        kiosk,
    )


def test_offline_browser_keeps_the_rating_and_sends_it_once_back_online(live_server, live_ev, browser):
    context, kiosk = paired_kiosk(browser, live_server.url, live_ev)
    case = live_ev.case(number="GX-NET-0001")
    complete(kiosk, case)
    kiosk.locator("[data-testid=rate]").wait_for(state="visible")
    context.set_offline(True)  # the hall's network drops while the citizen is at the screen
    rate(kiosk, case.number, "非常满意")
    kiosk.wait_for_function("() => document.querySelector('[data-testid=net]').classList.contains('is-offline')")
    held = queue(kiosk)
    assert [(item["case_number"], item["level"], item["scheme"]) for item in held.values()] == [
        (case.number, 5, "provincial")
    ]
    assert kiosk.locator("[data-testid=queue]").inner_text() == "待上传 1"
    assert settled(Rating.objects.count, kiosk) == 0
    context.set_offline(False)
    kiosk.wait_for_function(EMPTY, timeout=30_000)
    assert stored(kiosk, held) == [(next(iter(held)), case.number, 5)]
    assert settled(Rating.objects.count, kiosk) == 1
    assert kiosk.locator("[data-testid=queue]").is_hidden()
    context.close()


def test_buffer_survives_a_kiosk_reload_during_the_outage(live_server, live_ev, browser):
    """The tablet restarts while the server is still unreachable: the queue is in localStorage."""
    context, kiosk = paired_kiosk(browser, live_server.url, live_ev)
    kiosk.route(RATE_URL, lambda route: route.abort("connectionrefused"))
    first, second = live_ev.case(number="GX-RLD-0001"), live_ev.case(number="GX-RLD-0002")
    complete(kiosk, first)
    rate(kiosk, first.number, "满意")
    complete(kiosk, second)
    rate(kiosk, second.number, "非常不满意")
    held = queue(kiosk)
    assert sorted((i["case_number"], i["level"]) for i in held.values()) == [(first.number, 4), (second.number, 1)]
    kiosk.reload()  # pages load, ratings still cannot get through
    kiosk.locator("[data-testid=idle]").wait_for(state="visible")
    assert queue(kiosk) == held
    assert kiosk.locator("[data-testid=queue]").inner_text() == "待上传 2"
    assert settled(Rating.objects.count, kiosk) == 0
    kiosk.unroute(RATE_URL)
    kiosk.wait_for_function(EMPTY, timeout=30_000)
    by_case = {i["case_number"]: u for u, i in held.items()}
    assert stored(kiosk, held) == sorted(
        [(by_case[first.number], first.number, 4), (by_case[second.number], second.number, 1)]
    )
    assert settled(Rating.objects.count, kiosk) == 2
    context.close()


def test_answers_lost_after_the_server_stored_them_never_double_a_rating(live_server, live_ev, browser):
    """The server stores each rating, then the connection dies before the answer arrives (as
    with a SIGKILL right after the commit), twice per rating; the retries must not double them."""
    context, kiosk = paired_kiosk(browser, live_server.url, live_ev)
    answers: dict[str, list[int]] = {}

    def store_then_drop(route) -> None:
        uuid = json.loads(route.request.post_data or "{}")["uuid"]
        response = route.fetch()  # reaches the server …
        answers.setdefault(uuid, []).append(response.status)
        if sum(1 for s in answers[uuid] if s < 300) <= 2:
            route.abort("connectionreset")  # … and the answer is lost on the way back
        else:
            route.fulfill(response=response)  # the third answer gets through

    kiosk.route(RATE_URL, store_then_drop)
    cases = [live_ev.case(number=f"GX-LOST-{i:04d}") for i in range(3)]
    held: dict[str, dict] = {}
    for case, level in zip(cases, ["非常满意", "基本满意", "不满意"], strict=True):
        complete(kiosk, case)
        rate(kiosk, case.number, level)
        held |= queue(kiosk)
    kiosk.wait_for_function(EMPTY, timeout=60_000)
    by_case = {i["case_number"]: u for u, i in held.items()}
    assert sorted(by_case) == [c.number for c in cases]
    assert stored(kiosk, held) == sorted(
        [
            (by_case[cases[0].number], cases[0].number, 5),
            (by_case[cases[1].number], cases[1].number, 3),
            (by_case[cases[2].number], cases[2].number, 2),
        ]
    )
    assert settled(Rating.objects.count, kiosk) == 3
    # created once, then answered "duplicate" (500s: the test thread's writes lock in-memory SQLite)
    assert {u: [s for s in answers[u] if s != 500] for u in held} == {u: [201, 200, 200] for u in held}
    context.close()


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_keep_the_rating_until_it_is_stored(live_server, live_ev, browser, status):
    """A proxy answering 502/503 while the application restarts, or a 500: retried, not dropped."""
    context, kiosk = paired_kiosk(browser, live_server.url, live_ev)
    answered: list[int] = []

    def failing(route) -> None:
        answered.append(status)
        route.fulfill(status=status, content_type="text/html", body="<h1>Bad Gateway</h1>")

    kiosk.route(RATE_URL, failing)
    case = live_ev.case(number=f"GX-5XX-{status}")
    complete(kiosk, case)
    rate(kiosk, case.number, "满意")
    for _ in range(100):
        if len(answered) >= 2:
            break
        kiosk.wait_for_timeout(100)
    assert len(answered) >= 2  # tried, failed, tried again
    held = queue(kiosk)
    assert [i["case_number"] for i in held.values()] == [case.number]
    assert settled(Rating.objects.count, kiosk) == 0
    kiosk.unroute(RATE_URL)
    kiosk.wait_for_function(EMPTY, timeout=40_000)
    assert stored(kiosk, held) == [(next(iter(held)), case.number, 4)]
    context.close()


def test_a_definitive_refusal_leaves_the_buffer_and_the_rest_still_go(live_server, live_ev, browser):
    """A 4xx that no retry can change (the case was rated elsewhere meanwhile) is dropped so
    that it does not block the queue; the ratings behind it are stored."""
    context, kiosk = paired_kiosk(browser, live_server.url, live_ev)
    kiosk.route(RATE_URL, lambda route: route.abort("connectionrefused"))
    first, second = live_ev.case(number="GX-REF-0001"), live_ev.case(number="GX-REF-0002")
    complete(kiosk, first)
    rate(kiosk, first.number, "满意")
    complete(kiosk, second)
    rate(kiosk, second.number, "非常满意")
    held = queue(kiosk)
    from uuid import uuid4

    from gaoxin.evaluations.services import evaluation_record

    other = settled(
        lambda: evaluation_record(actor=None, channel=3, level=1, uuid=uuid4(), case_number=first.number), kiosk
    )
    kiosk.unroute(RATE_URL)
    kiosk.wait_for_function(EMPTY, timeout=40_000)
    by_case = {i["case_number"]: u for u, i in held.items()}
    rows = settled(lambda: sorted(Rating.objects.values_list("case__number", "uuid", "level")), kiosk)
    assert [(n, str(u), lv) for n, u, lv in rows] == sorted(
        [(first.number, str(other.rating.uuid), 1), (second.number, by_case[second.number], 5)]
    )
    context.close()
