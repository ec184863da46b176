"""Statistics at scale: 10 million ratings on PostgreSQL, every statistics API and page.

    python benchmarks/stats_bench.py [--ratings 10000000] [--fresh] [--requests 50] [--naive-runs 5]
                                     [--db gx_stats_bench] [--only SUBSTRING ...]

1. Generates N realistic ratings into the database gx_stats_bench (`manage.py evalstats_generate`:
   COPY, then the set-based rollup rebuild) and prints generation and rebuild time. With --reuse
   an existing gx_stats_bench holding N ratings is used as it is (--fresh regenerates; --reuse is
   the default, kept for old command lines).
2. Serves it with `scripts/serve` (benchmarks/_support.Server) and, logged in as a zone leader,
   a city leader and the provincial admin, measures p50/p95 of each statistics endpoint and
   page in several variants (dimension, period, region level), sequential requests.
3. In the same run, the naive equivalent of each figures request: the GROUP BY over raw
   ratings (and cases) that the figures would need without rollups, straight on the database,
   and the ratio naive p95 / served p95.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (
    REPO,
    Server,
    django_env,
    django_setup,
    machine,
    manage,
    percentile,
    postgres_url,
    report,
    scratch_dir,
)

DB = "gx_stats_bench"
PORT = 8220
END = date(2026, 11, 28)  # last generated day; the figures are asked "on" this day
PASSWORD = "bench-Stats-2026"  # noqa: S105 (a local benchmark account)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class Variant:
    name: str
    persona: str  # zone | city | province | public
    path: str
    naive: tuple[str, str, str] | None = None  # (dimension, period, region level) for the naive GROUP BY


def ensure_dataset(args: argparse.Namespace) -> tuple[str, dict[str, object]]:
    gen_file = REPO / "var" / "bench" / f"{args.db}_generate.json"
    if not args.fresh:
        url = postgres_url(args.db, fresh=False)
        import psycopg

        try:
            with psycopg.connect(url) as conn:
                row = conn.execute("SELECT COUNT(*) FROM evaluations_rating").fetchone()
                have = row[0] if row else 0
        except psycopg.Error:
            have = -1
        if have == args.ratings:
            print(f"reusing {args.db}: {have:,} ratings")
            return url, json.loads(gen_file.read_text()) if gen_file.exists() else {}
        print(f"{args.db} holds {have:,} ratings, not {args.ratings:,}: regenerating")
    url = postgres_url(args.db, fresh=True)
    env = django_env(url)
    manage("migrate", "--no-input", "-v0", env=env)
    started = time.perf_counter()
    out = manage(
        "evalstats_generate",
        "--ratings",
        str(args.ratings),
        "--seed",
        "7",
        "--end",
        END.isoformat(),
        env=env,
        capture=True,
    )
    total = time.perf_counter() - started
    print(out, end="")
    m = re.search(r"generated ([\d,]+) ratings in (\d+) s; rollup rebuild ([\d.]+) s \(([\d,]+) rows\)", out)
    figures: dict[str, object] = {"generate_total_s": round(total)}
    if m:
        figures |= {
            "ratings": m.group(1),
            "load_s": int(m.group(2)),
            "rollup_rebuild_s": float(m.group(3)),
            "rollup_rows": m.group(4),
        }
    gen_file.parent.mkdir(parents=True, exist_ok=True)
    gen_file.write_text(json.dumps(figures))
    return url, figures


def personas() -> dict[str, dict[str, object]]:
    """Three leaders with known passwords; returns their region ids and paths."""
    from gaoxin.core.enums import RegionLevel, Role, UnitKind
    from gaoxin.core.models import Region, RoleGrant, Unit, User

    zone = Region.objects.filter(level=RegionLevel.ZONE).order_by("pk").first()
    assert zone is not None
    assert zone.parent is not None
    city, province = zone.parent, Region.objects.get(level=RegionLevel.PROVINCE)
    out = {}
    for name, region, role in (
        ("zone", zone, Role.ZONE_LEADER),
        ("city", city, Role.ZONE_LEADER),
        ("province", province, Role.SYSTEM_ADMIN),
    ):
        unit = Unit.objects.get(region=region, kind=UnitKind.COMMITTEE)
        user, _created = User.objects.get_or_create(username=f"bench-{name}", defaults={"unit": unit})
        user.set_password(PASSWORD)
        user.unit = unit
        user.must_change_password = False
        user.save()
        RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        out[name] = {"region_id": region.pk, "path": region.path, "name": region.name}
    return out


def public_snapshot(people: dict[str, dict[str, object]]) -> None:
    """The public page reads the zone's snapshot, which the periodic job refreshes every 6 hours
    (`evalstats.public_snapshot`); do that job's work for the measured zone first, timed."""
    from gaoxin.core.models import Region
    from gaoxin.evalstats.public import public_snapshot_refresh

    region_id = people["zone"]["region_id"]
    assert isinstance(region_id, int)
    started = time.perf_counter()
    public_snapshot_refresh(region=Region.objects.get(pk=region_id), ref=END)
    print(f"public snapshot of the zone refreshed in {(time.perf_counter() - started) * 1000:.0f} ms")


def login(base: str, username: str) -> urllib.request.OpenerDirector:
    """A session through the login form. TLS ends at the proxy in production: say so
    (X-Forwarded-Proto) and send the Secure cookies over loopback HTTP too."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("X-Forwarded-Proto", "https")]

    def insecure() -> None:
        for c in jar:
            c.secure = False

    opener.open(base + "/accounts/login/").read()
    insecure()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    referer = base.replace("http://", "https://") + "/accounts/login/"
    req = urllib.request.Request(base + "/accounts/login/", data=data.encode(), headers={"Referer": referer})  # noqa: S310 (http on loopback)
    with opener.open(req) as r:
        r.read()
    insecure()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit(f"login as {username} failed")
    return opener


def variants(people: dict[str, dict[str, object]]) -> list[Variant]:
    on = END.isoformat()
    out = []
    for dim in ("department", "hall", "window", "staff", "item", "channel", "region"):
        out.append(
            Variant(
                f"api figures {dim} month (zone)",
                "zone",
                f"/api/v1/evalstats/figures?dimension={dim}&period=month&on={on}",
                (dim, "month", "zone"),
            )
        )
    for period in ("day", "week", "quarter", "year"):
        out.append(
            Variant(
                f"api figures department {period} (zone)",
                "zone",
                f"/api/v1/evalstats/figures?dimension=department&period={period}&on={on}",
                ("department", period, "zone"),
            )
        )
    for persona in ("city", "province"):
        for dim, period in (("department", "month"), ("hall", "year"), ("item", "month"), ("staff", "quarter")):
            out.append(
                Variant(
                    f"api figures {dim} {period} ({persona})",
                    persona,
                    f"/api/v1/evalstats/figures?dimension={dim}&period={period}&on={on}",
                    (dim, period, persona),
                )
            )
    for persona, dim, period in (
        ("zone", "department", "month"),
        ("zone", "window", "year"),
        ("city", "hall", "quarter"),
        ("province", "department", "month"),
    ):
        out.append(
            Variant(
                f"page overview {dim} {period} ({persona})",
                persona,
                f"/evalstats/?dimension={dim}&period={period}&date={on}",
                (dim, period, persona),
            )
        )
    zone_id = people["zone"]["region_id"]
    out += [
        Variant("page home panels (zone)", "zone", "/"),
        Variant("report monthly.docx (zone)", "zone", f"/evalstats/report/monthly.docx?date={on}"),
        Variant("page public (anonymous)", "public", f"/evalstats/public/?region={zone_id}"),
        Variant(
            "public quarterly.xlsx (anonymous)",
            "public",
            f"/evalstats/public/quarterly.xlsx?region={zone_id}&date={on}",
        ),
    ]
    return out


def period_range(period: str, ref: date) -> tuple[datetime, datetime]:
    if period == "day":
        first, last = ref, ref
    elif period == "week":
        first = ref - timedelta(days=ref.weekday())
        last = first + timedelta(days=6)
    elif period == "month":
        first = ref.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif period == "quarter":
        first = date(ref.year, 3 * ((ref.month - 1) // 3) + 1, 1)
        last = (first + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    else:
        first, last = date(ref.year, 1, 1), date(ref.year, 12, 31)
    lo = datetime(first.year, first.month, first.day, tzinfo=SHANGHAI)
    hi = datetime(last.year, last.month, last.day, tzinfo=SHANGHAI) + timedelta(days=1)
    return lo, hi


def naive_sql(dimension: str) -> str:
    """The figures of one dimension straight from raw ratings and cases (what rollups replace)."""
    from gaoxin.evalstats.bulk import _rating_counters
    from gaoxin.evalstats.models import COUNTERS

    col = {"department": "department_id", "hall": "hall_id", "window": "window_id", "staff": "staff_id"}.get(
        dimension, {"item": "item_id", "channel": "channel", "region": "region_id"}.get(dimension, "hall_id")
    )
    sums = ", ".join(f"SUM({e}) AS {n}" for e, n in zip(_rating_counters(), COUNTERS, strict=True) if e != "0")
    case_col = "NULL" if col == "channel" else f"c.{col}"
    return (
        f"SELECT r.{col} AS key, {sums} FROM evaluations_rating r "  # noqa: S608 (identifiers only)
        "JOIN core_region g ON g.id = r.region_id LEFT JOIN rectifications_workorder wo ON wo.rating_id = r.id "
        f"WHERE g.path LIKE %(path)s AND r.created_at >= %(lo)s AND r.created_at < %(hi)s GROUP BY r.{col};"
        f"SELECT {case_col} AS key, COUNT(*) FROM evaluations_case c JOIN core_region g ON g.id = c.region_id "
        "WHERE g.path LIKE %(path)s AND c.completed_at >= %(lo)s AND c.completed_at < %(hi)s GROUP BY 1"
    )


def measure_naive(url: str, v: Variant, people: dict[str, dict[str, object]], runs: int) -> list[float]:
    import psycopg

    assert v.naive is not None
    dim, period, persona = v.naive
    lo, hi = period_range(period, END)
    params = {"path": f"{people[persona]['path']}%", "lo": lo, "hi": hi}
    times: list[float] = []
    if runs <= 0:
        return times
    with psycopg.connect(url, autocommit=True) as conn:
        if runs > 1:
            for sql in naive_sql(dim).split(";"):
                conn.execute(sql, params).fetchall()  # warm
        for _ in range(runs):
            t = time.perf_counter()
            for sql in naive_sql(dim).split(";"):
                conn.execute(sql, params).fetchall()
            times.append((time.perf_counter() - t) * 1000)
    return times


def db_size(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), "
            "pg_size_pretty(pg_total_relation_size('evaluations_rating')), "
            # the rollup table and its partitions (evalstats 0003: one per grain)
            "pg_size_pretty((SELECT SUM(pg_total_relation_size(relid)) FROM pg_partition_tree('evalstats_rollupcounter'))), "
            "(SELECT COUNT(*) FROM evalstats_rollupcounter)"
        ).fetchone()
    assert row is not None
    return f"database {row[0]}; ratings table {row[1]}; rollups {row[2]} ({row[3]:,} rows)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ratings", type=int, default=10_000_000)
    ap.add_argument(
        "--fresh", action="store_true", help="regenerate even when gx_stats_bench already holds --ratings ratings"
    )
    ap.add_argument(
        "--reuse", action="store_true", help="(the default) use gx_stats_bench as it is if it holds the set"
    )
    ap.add_argument("--requests", type=int, default=50, help="requests per endpoint variant")
    ap.add_argument(
        "--naive-runs", type=int, default=5, help="runs of each naive GROUP BY (seconds each at 10M; 0 skips them)"
    )
    ap.add_argument("--port", type=int, default=PORT)
    ap.add_argument("--db", default=DB, help="database name on the local cluster (gx_stats_bench)")
    ap.add_argument(
        "--only", action="append", default=[], help="measure only the variants whose name contains this (repeatable)"
    )
    args = ap.parse_args()

    url, gen = ensure_dataset(args)
    django_setup(url)
    people = personas()
    public_snapshot(people)
    size = db_size(url)
    var_dir = scratch_dir(f"stats-{args.port}")
    results: dict[str, object] = {"machine": machine()["cpu"], **gen, "size": size}
    rows = []
    naive_cache: dict[tuple[str, str, str], list[float]] = {}
    server = Server(url, port=args.port, var_dir=var_dir).start(timeout=600)  # migrate + collectstatic first
    try:
        openers = {p: login(server.base, f"bench-{p}") for p in ("zone", "city", "province")}
        openers["public"] = urllib.request.build_opener()
        openers["public"].addheaders = [("X-Forwarded-Proto", "https")]
        chosen = [v for v in variants(people) if not args.only or any(o in v.name for o in args.only)]
        for v in chosen:
            opener = openers[v.persona]
            for _ in range(3):  # warm the worker processes
                opener.open(server.base + v.path).read()
            lat = []
            for _ in range(args.requests):
                t = time.perf_counter()
                with opener.open(server.base + v.path) as r:
                    r.read()
                    assert r.status == 200, (v.path, r.status)
                lat.append((time.perf_counter() - t) * 1000)
            p50, p95 = percentile(lat, 50), percentile(lat, 95)
            if v.naive and v.naive not in naive_cache:  # pages and the API share their naive query
                naive_cache[v.naive] = measure_naive(url, v, people, args.naive_runs)
            naive = naive_cache.get(v.naive, []) if v.naive else []
            n95 = percentile(naive, 95) if naive else None
            rows.append((v.name, p50, p95, n95))
            ratio = f"{n95 / p95:9.0f}×" if n95 else ""
            naive_s = f"{n95:10.0f}" if n95 is not None else f"{'':>10}"
            print(f"{v.name:<44}{p50:8.1f}{p95:8.1f}{naive_s}{ratio}  {'ok' if p95 < 50 else 'OVER 50 ms'}", flush=True)
    finally:
        server.stop()
    print(f"\n{'(ms)':<44}{'p50':>8}{'p95':>8}{'naive95':>10}{'naive/p95':>10}")
    for name, p50, p95, n95 in rows:
        ratio = f"{n95 / p95:9.0f}×" if n95 else ""
        naive_s = f"{n95:10.0f}" if n95 is not None else f"{'':>10}"
        print(f"{name:<44}{p50:8.1f}{p95:8.1f}{naive_s}{ratio}")
        results[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "naive_p95_ms": n95 and round(n95)}
    over = [name for name, _p50, p95, _n in rows if p95 >= 50]
    results["goal_p95_under_50ms"] = "all" if not over else f"over: {', '.join(over)}"
    print(f"\nsize: {size}")
    report("stats", results)


if __name__ == "__main__":
    main()
