"""Privacy sweep: a rater's name, phone and ID number reach nobody but the handlers of that bad
rating, and only through the audited reveal.

Both districts hold a real-name bad rating (and a good one) recorded through `evaluation_record`
with a distinctive rater (tests/sweep_data.py). Every page, list, export (.xlsx and .docx are
unzipped and their XML scanned) and API read is fetched as every persona and anonymously, with
the hall filters of both districts; no body may contain any of the three values, nor the phone
written with spaces, dashes, &nbsp; or +86, nor the name JSON-escaped. A GET never logs a
reveal, so no GET may show them at all, to anyone. The object routes are scanned the same way by
test_sweep_objects (see `assert_no_leak`).
"""

from __future__ import annotations

from typing import Any

import pytest

from gaoxin.core.models import AuditEvent
from gaoxin.core.tests.sweep_data import (
    PERSONAS,
    RATERS,
    SIDES,
    SweepData,
    assert_no_leak,
    body_text,
    leaked,
    request,
)
from gaoxin.core.tests.test_sweep import plain_routes

pytestmark = pytest.mark.django_db

NOT_PAGES = ("/accounts/", "/i18n/", "/inbox/read/", "/api/v1/docs", "/api/v1/openapi.json")
EXPORTS = {  # list pages whose export is a query parameter
    "/core/audit/": "export=xlsx",
    "/enterprises/": "export=xlsx",
    "/rectifications/": "export=xlsx",
    "/projects/events/": "export=1",
    "/projects/trips/": "export=1",
}
BY_HALL = (  # pages and exports that take a hall, tried with both districts' halls
    "/evaluations/feed/",
    "/evaluations/export/",
    "/evaluations/staff/",
    "/evaluations/windows/",
    "/evaluations/devices/",
    "/evaluations/cards/",
    "/evalstats/",
    "/evalstats/report/monthly.docx",
    "/api/v1/evaluations/ratings",
)


def privacy_urls(sweep: SweepData) -> list[str]:
    """Every GET-able route without arguments, exports, hall-filtered variants, the ratings' objects."""
    urls = [r for r in plain_routes() if not r.startswith(NOT_PAGES)]
    urls += [f"{path}?{query}" for path, query in EXPORTS.items()]
    for side in SIDES:
        hall = sweep.get(side, "hall")
        urls += [f"{path}?hall={hall.pk}" for path in BY_HALL]
        urls += [
            f"/rectifications/?export=xlsx&department={sweep.get(side, 'order').department_id}",
            f"/rectifications/{sweep.get(side, 'order').pk}/",
            f"/evaluations/cases/{sweep.get(side, 'case').pk}/receipt/",
            f"/api/v1/rectifications/orders/{sweep.get(side, 'order').pk}",
            f"/api/v1/evaluations/exchange/dataset?region={hall.region_id}&from=2020-01-01&to=2030-12-31",
            f"/api/v1/evaluations/exchange/dataset?region={hall.region_id}&from=2020-01-01&to=2030-12-31&format=json",
        ]
    return urls


def test_no_page_list_export_or_api_read_shows_a_rater(sweep, clients):
    problems: list[Any] = []
    urls = privacy_urls(sweep)
    scanned = 0
    for persona in PERSONAS:
        for url in urls:
            result = request(clients[persona], "GET", url)
            if result.code >= 500:
                problems.append((persona, "GET", url, result.code, "5xx"))
            scanned += assert_no_leak(problems, (persona, "GET", url), result, sweep, persona)
    assert problems == [], "\n".join(map(str, problems))
    assert scanned == len(PERSONAS) * len(urls)


def test_the_sweep_would_see_a_leak(sweep, clients):
    """The scanner finds the identity where it is: in the reveal answer, raw and in an .xlsx."""
    import io

    import openpyxl
    from django.http import HttpResponse

    r = RATERS["own"]
    assert leaked(f"<td>{r['phone'][:3]} {r['phone'][3:7]} {r['phone'][7:]}</td>") == {
        "own": ["13571234509", "135 7123 4509", "135-7123-4509", "1357123", "71234509"]
    }
    assert leaked('{"name": "\\u6b27\\u9633\\u79d8\\u5bc6"}') == {"own": ["\\u6b27\\u9633\\u79d8\\u5bc6"]}
    assert leaked("司马** 158****6521 371***********3317") == {}
    assert leaked("1583987****") == {"other": ["1583987"]}  # another mask would give the middle away
    book = openpyxl.Workbook()
    book.active.append(["姓名", r["name"]])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = HttpResponse(buffer.getvalue())
    assert leaked(body_text(xlsx)) == {"own": [r["name"]]}
    assert leaked(body_text(HttpResponse(r["id_number"]))) == {"own": [r["id_number"], r["id_number"][3:-4]]}


@pytest.mark.parametrize(("persona", "side"), [("handler", "own"), ("hall_manager", "own"), ("other_handler", "other")])
def test_the_handler_reveals_through_the_page_and_it_is_logged(sweep, clients, persona, side):
    order = sweep.get(side, "order")
    result = request(clients[persona], "POST", f"/rectifications/{order.pk}/reveal/")
    assert result.code == 200
    r = RATERS[side]
    text = body_text(result.resp)
    # the page gives what a call-back needs (name and phone); the API also gives the ID number
    assert (r["name"] in text, r["phone"] in text, r["id_number"] in text) == (True, True, False)
    assert result.reveals == 1


def test_the_handler_reveals_through_the_api_and_it_is_logged(sweep, clients):
    rating = sweep.get("own", "rating")
    before = AuditEvent.objects.filter(action="rater.reveal").count()
    resp = clients["handler"].post(f"/api/v1/evaluations/ratings/{rating.pk}/reveal")
    assert resp.status_code == 200
    assert resp.json() == {
        "name": RATERS["own"]["name"],
        "phone": RATERS["own"]["phone"],
        "id_number": RATERS["own"]["id_number"],
    }
    event = AuditEvent.objects.filter(action="rater.reveal").order_by("-pk").first()
    assert AuditEvent.objects.filter(action="rater.reveal").count() == before + 1
    assert event is not None
    assert event.actor_id == sweep.world.users["handler"].pk
    assert event.after == {"rating_uuid": str(rating.uuid)}


@pytest.mark.parametrize(
    "persona",
    ["other_handler", "other_hall_manager", "admin", "leader", "officer", "clerk", "operator", "enterprise", "nobody"],
)
def test_nobody_else_reveals_and_nothing_is_logged(sweep, clients, persona):
    rating, order = sweep.get("own", "rating"), sweep.get("own", "order")
    page = request(clients[persona], "POST", f"/rectifications/{order.pk}/reveal/")
    api = request(clients[persona], "POST", f"/api/v1/evaluations/ratings/{rating.pk}/reveal")
    assert (page.code in (403, 404), api.code in (403, 404)) == (True, True)
    assert (page.changed, api.changed) == ([], [])
    assert leaked(body_text(page.resp)) == {}
    assert leaked(body_text(api.resp)) == {}
