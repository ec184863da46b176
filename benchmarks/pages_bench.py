"""Pages at ten times the demo: p50/p95 of every main page, per persona, at scale 10 next to scale 1.

Loads `manage.py demo` (scale 1, the baseline) and `manage.py demo --scale 10` into fresh
SQLite databases (once: later runs measure them again unless --fresh) (with --postgres, PostgreSQL databases gx_pages_x1 / gx_pages_x10 too),
serves each with `scripts/serve` (gunicorn, as in production), logs in as every demo persona
through the login form (CSRF token, session cookie) and GETs every page of that persona's
menu plus the home page and the main detail pages (a project, an enterprise, a work order,
a need, a base, an event, a trip…), `--repeat` times after a warm-up, one request at a time.

Prints p50/p95 per page at scale 10 and at scale 1 and the ratio of the p95s: a ratio near 1
means the page does not grow with the data. Goal: p95 < 200 ms at scale 10.

    .venv/bin/python benchmarks/pages_bench.py                  # load both demos once, measure (SQLite)
    .venv/bin/python benchmarks/pages_bench.py --fresh          # reload them even if loaded before
    .venv/bin/python benchmarks/pages_bench.py --postgres       # SQLite and PostgreSQL
    .venv/bin/python benchmarks/pages_bench.py --personas hall,clerk --repeat 10
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import (
    BENCH_SECRET_KEY,
    REPO,
    Server,
    django_env,
    machine,
    manage,
    percentile,
    postgres_url,
    report,
    sqlite_url,
)

PASSWORD = "gaoxin-demo-2022"  # noqa: S105 - the published demo credential
PERSONAS = ["admin", "leader", "econ", "invest", "hall", "clerk", "handler", "operator", "siwei"]
GOAL_MS = 200.0
# Objects of the main detail pages, chosen by the same rule in every database (printed as JSON).
DISCOVER = """
import json
from django.db.models import Count
from gaoxin.core.models import User
from gaoxin.enterprises.models import Enterprise
from gaoxin.matching.models import Base, Event as MEvent, Need
from gaoxin.projects.models import Event as PEvent, Project, Trip
from gaoxin.rectifications.models import WorkOrder
handler = User.objects.get(username="handler")
operator = User.objects.get(username="operator")
ids = {
    "project": Project.objects.exclude(level="").order_by("pk").values_list("pk", flat=True).first(),
    "enterprise": Enterprise.objects.filter(name__contains="四维").values_list("pk", flat=True).first(),
    "order": WorkOrder.objects.filter(department_id=handler.unit_id).annotate(n=Count("events"))
        .order_by("-n", "pk").values_list("pk", flat=True).first(),
    "need": Need.objects.annotate(n=Count("matches")).order_by("-n", "pk").values_list("pk", flat=True).first(),
    "base": Base.objects.filter(unit_id=operator.unit_id).values_list("pk", flat=True).first(),
    "mevent": MEvent.objects.order_by("pk").values_list("pk", flat=True).first(),
    "pevent": PEvent.objects.order_by("pk").values_list("pk", flat=True).first(),
    "trip": Trip.objects.order_by("pk").values_list("pk", flat=True).first(),
}
print("IDS=" + json.dumps(ids))
"""
DETAILS = [
    ("project", "/projects/{}/"),
    ("enterprise", "/enterprises/{}/"),
    ("enterprise", "/matching/enterprises/{}/timeline/"),
    ("order", "/rectifications/{}/"),
    ("need", "/matching/needs/{}/"),
    ("base", "/matching/bases/{}/"),
    ("mevent", "/matching/events/{}/"),
    ("pevent", "/projects/events/{}/"),
    ("trip", "/projects/trips/{}/"),
]
NAV_LINK = re.compile(r'<a class="gx-nav-link[^"]*" href="(/[^"#?]*)"')
FORWARDED = {"X-Forwarded-Proto": "https"}  # TLS ends at the proxy in production (secure cookies)


def load(database_url: str, var_dir: Path, scale: int) -> dict[str, Any]:
    env = django_env(database_url, var_dir, SECRET_KEY=BENCH_SECRET_KEY)
    manage("migrate", "--no-input", env=env, capture=True)
    started = time.monotonic()
    manage("demo", "--scale", str(scale), env=env, capture=True)
    seconds = time.monotonic() - started
    counts = manage("shell", "-c", COUNTS, env=env, capture=True)
    info = {"demo_seconds": round(seconds, 1), **json.loads(counts.split("COUNTS=", 1)[1])}
    (var_dir / "load.json").write_text(json.dumps(info))
    return info


COUNTS = """
import json
from gaoxin.evaluations.models import Case, Rating
from gaoxin.rectifications.models import WorkOrder
from gaoxin.matching.models import Need, TrailEntry, Event
from gaoxin.projects.models import Project
from gaoxin.enterprises.models import Enterprise
from gaoxin.core.models import AuditEvent
print("COUNTS=" + json.dumps({
    "ratings": Rating.objects.count(), "cases": Case.objects.count(), "work_orders": WorkOrder.objects.count(),
    "needs": Need.objects.count(), "trail": TrailEntry.objects.count(), "events": Event.objects.count(),
    "projects": Project.objects.count(), "enterprises": Enterprise.objects.count(),
    "audit_events": AuditEvent.objects.count(),
}))
"""


def discover(database_url: str, var_dir: Path) -> dict[str, int | None]:
    env = django_env(database_url, var_dir, SECRET_KEY=BENCH_SECRET_KEY)
    out = manage("shell", "-c", DISCOVER, env=env, capture=True)
    return json.loads(out.split("IDS=", 1)[1])  # type: ignore[no-any-return]


def login(base: str, username: str) -> requests.Session:
    s = requests.Session()
    s.headers.update(FORWARDED)
    form = s.get(base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if token is None:
        raise RuntimeError("no CSRF token on the login form")
    _insecure(s)
    resp = s.post(
        base + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": base.replace("http://", "https://") + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if resp.status_code != 302:
        raise RuntimeError(f"login as {username} failed: HTTP {resp.status_code}")
    _insecure(s)
    return s


def _insecure(s: requests.Session) -> None:
    """Send the Secure cookies over loopback HTTP too (the proxy would speak HTTPS)."""
    for cookie in s.cookies:
        cookie.secure = False


def pages_of(s: requests.Session, base: str, ids: dict[str, int | None]) -> list[str]:
    home = s.get(base + "/", timeout=30)
    home.raise_for_status()
    pages = ["/"]
    for href in NAV_LINK.findall(home.text):
        if href not in pages and not href.startswith(("/accounts/", "/admin/", "/static/")):
            pages.append(href)
    for key, pattern in DETAILS:
        if ids.get(key) is not None:
            pages.append(pattern.format(ids[key]))
    return pages


def measure(base: str, ids: dict[str, int | None], personas: list[str], repeat: int, warmup: int) -> dict[str, Any]:
    """{(persona, page): [ms…]} for the pages each persona may open (others are listed as refused)."""
    results: dict[tuple[str, str], list[float]] = {}
    refused: dict[str, list[str]] = {}
    for persona in personas:
        s = login(base, persona)
        for page in pages_of(s, base, ids):
            first = s.get(base + page, timeout=60, allow_redirects=False)
            if first.status_code >= 500:
                raise RuntimeError(f"{persona} {page}: HTTP {first.status_code} (see the server log)")
            if first.status_code != 200:
                refused.setdefault(persona, []).append(f"{page} {first.status_code}")
                continue
            for _ in range(warmup - 1):
                s.get(base + page, timeout=60)
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                r = s.get(base + page, timeout=60, allow_redirects=False)
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{persona} {page}: HTTP {r.status_code}")
            results[(persona, page)] = times
            print(f"  {persona:<9} {page:<40} p50 {percentile(times, 50):6.1f}  p95 {percentile(times, 95):6.1f} ms")
    return {"times": results, "refused": refused}


def run(args: argparse.Namespace, engine: str) -> None:
    scales = [1, args.scale]
    reuse = not args.fresh
    runs: dict[int, dict[str, Any]] = {}
    loads: dict[int, dict[str, Any]] = {}
    for scale in scales:
        var_dir = REPO / "var" / "bench" / f"pages-{engine}-x{scale}"
        var_dir.mkdir(parents=True, exist_ok=True)
        if engine == "sqlite":
            url = sqlite_url(var_dir)
            loaded = (var_dir / "gaoxin.sqlite3").exists() and (var_dir / "load.json").exists()
            if not (reuse and loaded):
                for f in var_dir.glob("gaoxin.sqlite3*"):
                    f.unlink()
        else:
            loaded = (var_dir / "load.json").exists()
            url = postgres_url(f"gx_pages_x{scale}", fresh=not (reuse and loaded))
        if reuse and loaded:
            loads[scale] = json.loads((var_dir / "load.json").read_text())
            print(f"== {engine} scale {scale}: reusing {loads[scale]}")
        else:
            print(f"== {engine} scale {scale}: loading the demo …", flush=True)
            loads[scale] = load(url, var_dir, scale)
            print(f"   {loads[scale]}")
        ids = discover(url, var_dir)
        server = Server(url, port=args.port, var_dir=var_dir, workers=args.workers).start(timeout=300)
        try:
            runs[scale] = measure(server.base, ids, args.personas, args.repeat, args.warmup)
        finally:
            server.stop()
    big, small = runs[args.scale]["times"], runs[1]["times"]
    print()
    print(
        f"{'persona':<9} {'page':<40} {'x1 p50':>7} {'x1 p95':>7} {f'x{args.scale} p50':>8} {f'x{args.scale} p95':>8} {'ratio':>6}"
    )
    figures: dict[str, object] = {"engine": engine, "repeat": args.repeat, **machine()}
    figures.update({f"load x{s}": loads[s] for s in scales})
    misses = []
    worst = 0.0
    for key in big:
        persona, page = key
        b50, b95 = percentile(big[key], 50), percentile(big[key], 95)
        if key in small:
            s50, s95 = percentile(small[key], 50), percentile(small[key], 95)
            ratio = b95 / s95
            line = f"{s50:7.1f} {s95:7.1f} {b50:8.1f} {b95:8.1f} {ratio:6.2f}"
        else:
            s50 = s95 = ratio = float("nan")
            line = f"{'-':>7} {'-':>7} {b50:8.1f} {b95:8.1f} {'-':>6}"
        mark = "  MISS" if b95 >= GOAL_MS else ""
        print(f"{persona:<9} {_generic(page):<40} {line}{mark}")
        figures[f"{persona} {_generic(page)}"] = {
            "x1_p50": round(s50, 1),
            "x1_p95": round(s95, 1),
            f"x{args.scale}_p50": round(b50, 1),
            f"x{args.scale}_p95": round(b95, 1),
            "ratio": round(ratio, 2),
        }
        worst = max(worst, b95)
        if b95 >= GOAL_MS:
            misses.append(f"{persona} {page}")
    figures["pages"] = len(big)
    figures[f"worst p95 at x{args.scale} (ms)"] = round(worst, 1)
    figures[f"pages missing p95 < {GOAL_MS:.0f} ms"] = misses or "none"
    figures["refused (not in the persona's scope)"] = runs[args.scale]["refused"]
    report(f"pages_bench {engine}", figures)


def _generic(page: str) -> str:
    return re.sub(r"/\d+/", "/<id>/", page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="reload the demos even when an earlier run loaded them")
    parser.add_argument("--reuse", action="store_true", help="(the default) measure the databases loaded before")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL as well as SQLite")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--personas", default=",".join(PERSONAS))
    parser.add_argument("--port", type=int, default=8230)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.personas = [p for p in args.personas.split(",") if p]
    engines = ["postgres"] if args.postgres_only else (["sqlite", "postgres"] if args.postgres else ["sqlite"])
    for engine in engines:
        run(args, engine)


if __name__ == "__main__":
    main()
