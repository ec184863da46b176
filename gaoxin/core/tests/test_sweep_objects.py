"""Permission sweep of every route that takes an object: pages and the JSON API.

Every URL pattern with arguments (resolved from the URL conf) and every API operation (from
the OpenAPI document) is requested as every persona and anonymously, with ids of objects of
the persona's own district and of ANOTHER district (tests/sweep_data.py). Expectations come
from the permission module and the apps' own permission helpers (`can`, `can_on_need`,
`may_reveal`, `orders_visible`), not from a hand-written table of outcomes:

- allowed: a GET answers 200; a POST is not refused (no 401/403/404);
- refused: 403/404 when logged in, the login page (pages) or 401 (API) when anonymous;
- no 5xx anywhere; a refused POST writes nothing (row counts of every table, AuditEvent too);
- no body shows a rater's identity except a logged reveal to that rating's handlers.

Each request runs in a savepoint that is rolled back, so allowed writes cannot change what
the next request sees. A new route that the sweep cannot fill fails `test_every_route_is_swept`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gaoxin.core.permissions import Target, can, target_for_unit
from gaoxin.core.tests.sweep_data import PERSONAS, SIDES, SweepData, assert_no_leak, request, user_of

SKIP_PREFIXES = ("admin/", "media/", "static/")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


# ---------------------------------------------------------------- the route table


def _targets(*units: Any, owner_ids: tuple[int, ...] = ()) -> list[Target]:
    return [target_for_unit(u, owner_ids=owner_ids) for u in units]


def _enterprise(o: Any) -> list[Target]:
    from gaoxin.enterprises.selectors import enterprise_target

    return [enterprise_target(o)]


def _case_complete(user: Any, case: Any) -> bool:
    from dataclasses import replace

    owner = frozenset({case.staff.user_id}) if case.staff_id else frozenset()
    return can(user, "evaluations.case.complete", replace(target_for_unit(case.hall.unit), owner_ids=owner))


def _order_visible(user: Any, order: Any) -> bool:
    from gaoxin.rectifications.selectors import orders_visible

    return user.is_authenticated and orders_visible(user).filter(pk=order.pk).exists()


def _order_may(action: str, *, hall_too: bool) -> Callable[[Any, Any], bool]:
    def check(user: Any, order: Any) -> bool:
        units = [order.department, order.hall.unit] if hall_too else [order.department]
        return _order_visible(user, order) and any(can(user, action, t) for t in _targets(*units))

    return check


def _on_need(action: str) -> Callable[[Any, Any], bool]:
    def check(user: Any, need: Any) -> bool:
        from gaoxin.matching.access import can_on_need

        return user.is_authenticated and can_on_need(user, action, need)

    return check


def _may(action: str, targets: Callable[[Any], list[Target]]) -> Callable[[Any, Any], bool]:
    def check(user: Any, obj: Any) -> bool:
        return any(can(user, action, t) for t in targets(obj)) if user.is_authenticated else False

    return check


def _may_any(action: str) -> Callable[[Any, Any], bool]:
    """The action with no target: the route is not tied to one unit (shared directory, own lists)."""
    return lambda user, _obj: user.is_authenticated and can(user, action)


def _reveal(user: Any, rating: Any) -> bool:
    from gaoxin.evaluations.services.privacy import may_reveal

    return user.is_authenticated and may_reveal(user, rating)


def _import(key: str) -> Callable[[Any, Any], bool]:
    """An importer needs core.import.run and its own domain action."""

    def check(user: Any, _obj: Any) -> bool:
        from gaoxin.core.excel import get_importer

        importer = get_importer(key)
        return user.is_authenticated and can(user, "core.import.run") and can(user, importer.action)

    return check


IMPORTERS = (
    "calendar",
    "enterprises",
    "evaluations-halls",
    "evaluations-windows",
    "evaluations-staff",
    "evaluations-items",
    "projects",
)


def _import_job(user: Any, job: Any) -> bool:
    from gaoxin.core.excel.services import may_see_job

    return user.is_authenticated and can(user, "core.import.run") and may_see_job(user, job)


def _import_job_commit(user: Any, job: Any) -> bool:
    from gaoxin.core.excel import get_importer

    return _import_job(user, job) and can(user, get_importer(job.importer).action)


def _hall(o: Any) -> list[Target]:
    return _targets(o.hall.unit)


def _base(o: Any) -> list[Target]:
    from gaoxin.matching.access import base_target

    return [base_target(o)]


def _unit(o: Any) -> list[Target]:
    return _targets(o.unit)


@dataclass(frozen=True)
class Route:
    kind: str  # key into SweepData.objs[side], or "" for routes not bound to one district's object
    method: str  # "GET" or "POST"
    allowed: Callable[[Any, Any], bool] | None  # None: only "no 5xx, no write on refusal"
    public: bool = False
    values: tuple[tuple[str, str], ...] = ()  # fixed values of non-id arguments


ALWAYS = "always"
ROUTES: dict[str, Route] = {
    # core administration
    **{
        f"core/imports/<slug:key>/{suffix}#{key}": Route("", "GET", _import(key), values=(("key", key),))
        for key in IMPORTERS
        for suffix in ("", "template.xlsx")
    },
    "core/imports/job/<int:pk>/": Route("import_job", "GET", _import_job),
    "core/imports/job/<int:pk>/commit/": Route("import_job", "POST", _import_job_commit),
    "core/imports/job/<int:pk>/errors.xlsx": Route("import_job", "GET", _import_job),
    "core/calendar/<int:year>/": Route("", "GET", _may_any("core.calendar.view"), values=(("year", "2026"),)),
    "core/calendar/<int:year>/edit/": Route("", "GET", _may_any("core.calendar.manage"), values=(("year", "2026"),)),
    "core/tokens/<int:pk>/revoke/": Route("token", "POST", _may_any("core.token.manage")),
    # enterprises
    "enterprises/<int:pk>/": Route("enterprise", "GET", _may("enterprises.enterprise.view", _enterprise)),
    "enterprises/<int:pk>/edit/": Route("enterprise", "GET", _may("enterprises.enterprise.manage", _enterprise)),
    "enterprises/<int:pk>/qualifications/": Route(
        "enterprise", "POST", _may("enterprises.enterprise.manage", _enterprise)
    ),
    "enterprises/<int:pk>/members/": Route("enterprise", "POST", _may("enterprises.enterprise.manage", _enterprise)),
    # 好差评 intake: public rating pages (signed tokens) and the staff pages
    "evaluations/r/s/<str:token>/": Route("staff_qr", "GET", None, public=True),
    "evaluations/r/c/<str:token>/": Route("case_qr", "GET", None, public=True),
    "evaluations/rate/<str:token>/": Route("lookup", "GET", None, public=True),
    "evaluations/cases/<int:pk>/complete/": Route("open_case", "POST", _case_complete),
    "evaluations/cases/<int:pk>/receipt/": Route("case", "GET", _may("evaluations.case.view", _hall)),
    "evaluations/devices/<int:pk>/revoke/": Route("device", "POST", _may("evaluations.device.manage", _hall)),
    "evaluations/halls/<int:pk>/edit/": Route("hall", "GET", _may("evaluations.hall.manage", _unit)),
    "evaluations/windows/<int:pk>/edit/": Route("window", "GET", _may("evaluations.window.manage", _hall)),
    "evaluations/staff/<int:pk>/edit/": Route("staff", "GET", _may("evaluations.staff.manage", _hall)),
    "evaluations/items/<int:pk>/edit/": Route(
        "item", "GET", _may("evaluations.item.manage", lambda i: _targets(i.department))
    ),
    "evaluations/staff/<int:pk>/qr.svg": Route("staff", "GET", _may("evaluations.qr.manage", _hall)),
    "evaluations/staff/<int:pk>/qr/<str:op>/": Route(
        "staff", "POST", _may("evaluations.qr.manage", _hall), values=(("op", "rotate"),)
    ),
    # the closed loop
    "rectifications/<int:pk>/": Route("order", "GET", _order_visible),
    "rectifications/<int:pk>/reveal/": Route(
        "order", "POST", lambda u, o: _order_visible(u, o) and _reveal(u, o.rating)
    ),
    **{
        f"rectifications/<int:pk>/<slug:action>/#{action}": Route(
            "order", "POST", _order_may(permission, hall_too=supervise), values=(("action", action),)
        )
        for action, permission, supervise in [  # plan, answer, appeal share verify's guard
            ("verify", "rectifications.order.handle", False),
            ("topic", "rectifications.topic.correct", False),
            ("decide", "rectifications.appeal.decide", True),
            ("close", "rectifications.order.close", True),
            ("reroute", "rectifications.order.reroute", True),
        ]
    },
    # statistics
    "evalstats/integrity/<int:pk>/decide/": Route("finding", "POST", _may("evalstats.integrity.decide", _hall)),
    # 足迹
    "matching/needs/<int:pk>/": Route("need", "GET", _on_need("matching.need.view")),
    "matching/needs/<int:pk>/transition/": Route("need", "POST", _on_need("matching.need.manage")),
    "matching/needs/<int:pk>/rematch/": Route("need", "POST", _on_need("matching.need.manage")),
    "matching/needs/<int:pk>/matches/<int:match_id>/decide/": Route("need", "POST", _on_need("matching.match.decide")),
    "matching/needs/<int:pk>/refer/": Route("need", "POST", _on_need("matching.referral.create")),
    "matching/needs/<int:pk>/docking/": Route("need", "POST", _on_need("matching.docking.record")),
    "matching/needs/<int:pk>/rate/": Route("need", "POST", _on_need("matching.need.rate")),
    "matching/referrals/<int:pk>/respond/": Route(
        "referral", "POST", _may("matching.referral.receive", lambda r: _base(r.to_base))
    ),
    "matching/bases/<int:pk>/": Route("base", "GET", _may("matching.base.view", _base)),
    "matching/trail/<int:pk>/done/": Route("visit", "POST", _may("matching.visit.log", lambda v: _base(v.base))),
    "matching/enterprises/<int:pk>/timeline/": Route(
        "enterprise",
        "GET",
        lambda u, e: _may_any("matching.figures.view")(u, e) and _may("enterprises.enterprise.view", _enterprise)(u, e),
    ),
    "matching/events/<int:pk>/": Route("mevent", "GET", _may("matching.figures.view", lambda e: _base(e.base))),
    "matching/events/<int:pk>/registrations/": Route(
        "mevent", "POST", _may("matching.event.manage", lambda e: _base(e.base))
    ),
    # projects
    "projects/<int:pk>/": Route("project", "GET", _may("projects.project.view", _unit)),
    "projects/<int:pk>/edit/": Route("project", "GET", _may("projects.project.manage", _unit)),
    "projects/<int:pk>/stage/": Route("project", "POST", _may("projects.stage.move", _unit)),
    "projects/<int:pk>/milestones/": Route("project", "POST", _may("projects.project.manage", _unit)),
    "projects/milestones/<int:pk>/done/": Route(
        "milestone", "POST", _may("projects.project.manage", lambda m: _unit(m.project))
    ),
    "projects/<int:pk>/progress/": Route("project", "POST", _may("projects.progress.report", _unit)),
    "projects/<int:pk>/issues/": Route("project", "POST", _may("projects.issue.manage", _unit)),
    "projects/issues/<int:pk>/resolve/": Route(
        "issue", "POST", _may("projects.issue.resolve", lambda i: _targets(i.assigned_unit))
    ),
    "projects/issues/<int:pk>/escalate/": Route(
        "issue", "POST", _may("projects.issue.manage", lambda i: _unit(i.project))
    ),
    "projects/events/<int:pk>/": Route("pevent", "GET", _may("projects.activity.view", _unit)),
    "projects/trips/<int:pk>/": Route("trip", "GET", _may("projects.activity.view", _unit)),
    "projects/events/<int:pk>/leads/": Route("pevent", "POST", _may("projects.activity.manage", _unit)),
    "projects/trips/<int:pk>/leads/": Route("trip", "POST", _may("projects.activity.manage", _unit)),
    # API routes with arguments are swept from the OpenAPI document (test_api_operations)
}


def _walk(patterns: Any, prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def routes_with_arguments() -> list[str]:
    return sorted(
        r
        for r in set(_walk(get_resolver().url_patterns))
        if ("<" in r or "(?P" in r) and not r.startswith(SKIP_PREFIXES) and not r.startswith("api/")
    )


def fill(route: str, spec: Route, sweep: SweepData, side: str) -> str:
    obj = sweep.get(side, spec.kind) if spec.kind and spec.kind in sweep.objs[side] else None
    fixed = dict(spec.values)

    def value(m: re.Match[str]) -> str:
        name = m.group(2)
        if name in fixed:
            return fixed[name]
        if name == "token":
            return sweep.tokens[f"{spec.kind}_{side}"]
        if name == "match_id":
            return str(sweep.get(side, "match").pk)
        assert obj is not None, (route, name)
        return str(obj.pk)

    return "/" + PARAM.sub(value, route.partition("#")[0])


# ---------------------------------------------------------------- tests


def test_every_route_is_swept():
    """A new route with arguments must be added to ROUTES (and the API ones are read from OpenAPI)."""
    swept = {key.partition("#")[0] for key in ROUTES}
    assert sorted(set(routes_with_arguments()) - swept) == []
    assert sorted(swept - set(routes_with_arguments())) == []


def test_every_importer_is_swept():
    from gaoxin.core.excel import get_importer
    from gaoxin.core.excel.importer import all_importers

    get_importer("calendar")  # discovers the importers
    real = [i.key for i in all_importers() if ".tests." not in type(i).__module__]  # tests register their own
    assert sorted(real) == sorted(IMPORTERS)


def _refused(resp: Any, persona: str, *, api: bool) -> bool:
    if persona == "anonymous":
        if api:
            return resp.status_code == 401
        return resp.status_code == 302 and resp.headers["Location"].startswith("/accounts/login/")
    return resp.status_code in (403, 404)


STATS: dict[str, int] = {"page_requests": 0, "api_requests": 0, "refused_writes_checked": 0}


@pytest.mark.django_db
def test_object_pages(sweep, clients):
    """Every page route with arguments, as every persona, on both districts' objects."""
    problems: list[tuple[Any, ...]] = []
    for route, spec in ROUTES.items():
        for side in SIDES:
            url = fill(route, spec, sweep, side)
            obj = sweep.get(side, spec.kind) if spec.kind in sweep.objs[side] else None
            for persona in PERSONAS:
                client = clients[persona]
                result = request(client, spec.method, url)
                resp, changed = result.resp, result.changed
                STATS["page_requests"] += 1
                code = resp.status_code
                where = (persona, spec.method, url)
                assert_no_leak(problems, where, result, sweep, persona)
                if code >= 500:
                    problems.append((*where, code, "5xx"))
                    continue
                if spec.public:
                    if code != 200:
                        problems.append((*where, code, "public route not 200"))
                    continue
                refused = _refused(resp, persona, api=False)
                if refused and spec.method != "GET":
                    STATS["refused_writes_checked"] += 1
                    if changed:
                        problems.append((*where, code, f"wrote on refusal: {changed}"))
                if spec.allowed is None:
                    if persona == "anonymous" and not refused:
                        problems.append((*where, code, "anonymous not sent to login"))
                    continue
                expected = spec.allowed(user_of(sweep, persona), obj)
                if expected and spec.method == "GET" and code != 200:
                    problems.append((*where, code, "allowed GET not 200"))
                elif expected and code in (401, 403, 404):
                    problems.append((*where, code, "allowed but refused"))
                elif not expected and not refused:
                    problems.append((*where, code, "should be refused"))
    assert problems == [], "\n".join(map(str, problems))
    assert STATS["page_requests"] == len(ROUTES) * len(SIDES) * len(PERSONAS)


# ---------------------------------------------------------------- the JSON API


def openapi_operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.get("/api/v1/openapi.json").json()
    return [(m.upper(), path, op) for path, ops in schema["paths"].items() for m, op in ops.items()]


def _api_allowed(sweep: SweepData, path: str, persona: str, side: str) -> bool | None:
    """Expected outcome of the object-bound operations; None where the operation is not tied to one object."""
    user = user_of(sweep, persona)
    if not user.is_authenticated:
        return False
    o = sweep.objs[side]
    rules: dict[str, Callable[[], bool]] = {
        "/api/v1/enterprises/{enterprise_id}": lambda: _may("enterprises.enterprise.view", _enterprise)(
            user, o["enterprise"]
        ),
        "/api/v1/evaluations/ratings/{rating_id}/reveal": lambda: _reveal(user, o["rating"]),
        "/api/v1/evaluations/cases/{number}/complete": lambda: _case_complete(user, o["open_case"]),
        "/api/v1/rectifications/orders/{order_id}": lambda: _order_visible(user, o["order"]),
        "/api/v1/matching/needs/{need_id}": lambda: _on_need("matching.need.view")(user, o["need"]),
        "/api/v1/matching/needs/{need_id}/matches": lambda: _on_need("matching.match.view")(user, o["need"]),
        "/api/v1/projects/{project_id}": lambda: _may("projects.project.view", _unit)(user, o["project"]),
        "/api/v1/projects/{project_id}/stage": lambda: _may("projects.stage.move", _unit)(user, o["project"]),
    }
    return rules[path]() if path in rules else None


API_PATH_VALUES: dict[str, Callable[[SweepData, str], str]] = {
    "enterprise_id": lambda s, side: str(s.get(side, "enterprise").pk),
    "rating_id": lambda s, side: str(s.get(side, "rating").pk),
    "number": lambda s, side: s.get(side, "open_case").number,
    "order_id": lambda s, side: str(s.get(side, "order").pk),
    "need_id": lambda s, side: str(s.get(side, "need").pk),
    "project_id": lambda s, side: str(s.get(side, "project").pk),
}
API_QUERY = {
    "/api/v1/core/workdays/deadline": {"start": "2026-11-02", "days": "3"},
    "/api/v1/evaluations/exchange/dataset": {"region": "371500", "from": "2026-11-01", "to": "2026-11-30"},
}
API_BODIES: dict[str, dict[str, Any]] = {"/api/v1/projects/{project_id}/stage": {"to_stage": "signed"}}


def test_every_api_operation_is_known(sweep, clients):
    """Every path parameter of the OpenAPI document has a filler (a new one fails here)."""
    params = {
        p["name"]
        for _m, _path, op in openapi_operations(clients["admin"])
        for p in op.get("parameters", [])
        if p["in"] == "path"
    }
    assert sorted(params - set(API_PATH_VALUES)) == []


@pytest.mark.django_db
def test_api_operations(sweep, clients):
    """Every API operation as every persona (session), anonymous, and each district's device token."""
    problems: list[tuple[Any, ...]] = []
    ops = openapi_operations(clients["admin"])
    callers = [*PERSONAS, "device_own", "device_other"]
    for method, path, op in ops:
        has_path = "{" in path
        for side in SIDES if has_path else ("own",):
            url = re.sub(r"\{(\w+)\}", lambda m, side=side: API_PATH_VALUES[m.group(1)](sweep, side), path)
            for caller in callers:
                client = clients["anonymous"] if caller.startswith("device_") else clients[caller]
                extra: dict[str, Any] = {}
                if caller.startswith("device_"):
                    extra["HTTP_AUTHORIZATION"] = f"Bearer {sweep.tokens[caller]}"
                if method == "GET":
                    result = request(client, "GET", url, data=API_QUERY.get(path, {}), **extra)
                else:
                    body = API_BODIES.get(path, {})
                    result = request(client, method, url, data=body, content_type="application/json", **extra)
                resp, changed = result.resp, result.changed
                STATS["api_requests"] += 1
                code = resp.status_code
                where = (caller, method, url)
                assert_no_leak(problems, where, result, sweep, "anonymous" if caller.startswith("device_") else caller)
                if code >= 500:
                    problems.append((*where, code, "5xx"))
                    continue
                public = not op.get("security")
                refused = code in (401, 403, 404) or (caller == "anonymous" and code == 401)
                if refused and method != "GET":
                    STATS["refused_writes_checked"] += 1
                    if changed:
                        problems.append((*where, code, f"wrote on refusal: {changed}"))
                if caller == "anonymous" and not public and code != 401:
                    problems.append((*where, code, "anonymous not 401"))
                if caller.startswith("device_"):
                    continue
                expected = _api_allowed(sweep, path, caller, side) if has_path else None
                if expected is None:
                    continue
                if expected and refused:
                    problems.append((*where, code, "allowed but refused"))
                elif expected and method == "GET" and code != 200:
                    problems.append((*where, code, "allowed GET not 200"))
                elif not expected and not refused:
                    problems.append((*where, code, "should be refused"))
    assert problems == [], "\n".join(map(str, problems))
