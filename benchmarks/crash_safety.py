"""Crash safety: SIGKILL the server in the middle of the load, restart it, retry; check the database.

    python benchmarks/crash_safety.py [--rounds 5] [--clients 6] [--databases sqlite,postgres]
                                      [--kiosk-rounds 4] [--cases 40000] [--seed N]

For SQLite and PostgreSQL (fresh databases each), the script loads a device, its token and
plenty of completed cases (bulk, not through HTTP), starts `scripts/serve` (as `make serve`),
and runs several client threads, each posting single ratings (and now and then a batch) with
fresh UUIDs. A client remembers every UUID whose request got a 2xx; a request that fails
(connection refused or reset, 5xx, time-out) is retried later with the same UUID and body,
as an evaluator does. At a random moment of each round the whole server (gunicorn master and
workers) gets SIGKILL; it is restarted and the clients carry on. After the last round the
clients stop taking new ratings, drain their retries, and the database is checked:

- every acknowledged UUID is stored exactly once (lost = acknowledged but not stored);
- no UUID and no case is stored twice (duplicated: UUID rows beyond one, cases with two first
  ratings), and nothing is stored that no client sent;
- every bad first rating has its work order (opened in the rating's transaction);
- the rollup counters kept on write equal a rebuild from the raw ratings (`rollup_rebuild`,
  run inside a transaction that is rolled back), row by row and counter by counter.

Then the kiosk page (Chromium, its offline buffer in localStorage) is run against the same
server: the rating screen is up, the server is SIGKILLed (before the tap, or just after it),
the rating is taken, the server comes back, and the page must flush its buffer by itself; each
kiosk rating is checked to be stored exactly once.

Reading the figures: "retries answered duplicate" are ratings the server had stored although
the client never saw the answer (the worker died after the commit, or a request timed out in
the backlog while the restarted workers booted and was served later); the retry got the stored
rating back (200 "duplicate") and nothing was written twice. "last failure -> retry answer"
splits the retried ratings by how the attempt before the 2xx failed.

Exits non-zero if anything is lost, duplicated, refused, unexplained or mismatched.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._support import PY, Server, bench_hall, django_setup, postgres_url, report, scratch_dir, sqlite_url

SECRET_KEY = "bench-" + "x" * 50  # the key Server gives scripts/serve: the same Fernet key here
PORTS = {"sqlite": 8210, "postgres": 8211}
PG_DB = "gx_crash_bench"
BATCH_SHARE = 0.08  # of requests that are batches (a device catching up after an outage)
BATCH_SIZES = (5, 40)
REQUEST_TIMEOUT = 15.0


# ---- the load ---------------------------------------------------------------------------------


@dataclass
class Request:
    """One HTTP request and the UUIDs it carries; retried as is (same UUIDs, same body)."""

    path: str
    body: bytes
    uuids: list[str]
    attempts: int = 0
    failed_with: str = ""  # how the last attempt before this one failed ("" if none did)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: set[str] = field(default_factory=set)  # every UUID put on the wire
    acked: dict[str, str] = field(default_factory=dict)  # UUID -> case number, after a 2xx
    refused: list[str] = field(default_factory=list)  # "code uuid" of definitive 4xx / rejected
    requests: int = 0
    retries: int = 0  # requests sent again after a failure
    retried_uuids: set[str] = field(default_factory=set)
    duplicate_answers: int = 0  # retried ratings answered "duplicate": stored, but the answer was lost
    failures: Counter[str] = field(default_factory=Counter)  # why requests failed
    resolved: Counter[str] = field(default_factory=Counter)  # last failure -> created / duplicate
    cut: list[tuple[float, list[str]]] = field(default_factory=list)  # (when, UUIDs) of requests a kill cut off


class Load:
    def __init__(self, *, port: int, token: str, cases: list[str], clients: int, seed: int) -> None:
        self.port = port
        self.token = token
        self.cases = cases
        self.next_case = 0
        self.case_lock = threading.Lock()
        self.tally = Tally()
        self.stop_new = threading.Event()  # no new ratings: drain retries only
        self.done = threading.Event()
        self.pending: list[list[Request]] = [[] for _ in range(clients)]
        self.threads = [
            threading.Thread(target=self._client, args=(i, random.Random(seed * 1000 + i)), daemon=True)
            for i in range(clients)
        ]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def pending_count(self) -> int:
        return sum(len(p) for p in self.pending)

    def drain(self, timeout: float) -> bool:
        """Stop new ratings and wait until every failed request has been retried to a 2xx."""
        self.stop_new.set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pending_count() == 0:
                break
            time.sleep(0.2)
        self.done.set()
        for t in self.threads:
            t.join(timeout=REQUEST_TIMEOUT + 5)
        return self.pending_count() == 0

    def _take_cases(self, n: int) -> list[str]:
        with self.case_lock:
            taken = self.cases[self.next_case : self.next_case + n]
            self.next_case += len(taken)
        if len(taken) < n:
            self.stop_new.set()  # out of cases: end the load cleanly
        return taken

    @staticmethod
    def _item(rng: random.Random, number: str) -> dict[str, Any]:
        level = rng.choices([5, 4, 3, 2, 1], weights=[70, 18, 6, 3, 3])[0]
        tags = rng.sample(["E", "L", "A"], rng.randint(0, 2))
        return {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "case_number": number,
            "level": level,
            "scheme": "provincial",
            "channel": 4,
            "tags": tags,
            "created_at": datetime.now(UTC).isoformat(),
        }

    def _new_request(self, rng: random.Random) -> Request | None:
        if rng.random() < BATCH_SHARE:
            numbers = self._take_cases(rng.randint(*BATCH_SIZES))
            if not numbers:
                return None
            items = [self._item(rng, n) for n in numbers]
            body = json.dumps({"items": items}).encode()
            return Request("/api/v1/evaluations/batch", body, [i["uuid"] for i in items])
        numbers = self._take_cases(1)
        if not numbers:
            return None
        item = self._item(rng, numbers[0])
        return Request("/api/v1/evaluations", json.dumps(item).encode(), [item["uuid"]])

    def _post(self, req: Request) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(
                "POST",
                req.path,
                body=req.body,
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            )
            resp = conn.getresponse()
            raw = resp.read()
        finally:
            conn.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        return resp.status, data

    def _client(self, i: int, rng: random.Random) -> None:
        pending = self.pending[i]
        t = self.tally
        cases = dict[str, str]()
        while not self.done.is_set():
            if pending:
                req = pending[0]
            elif self.stop_new.is_set():
                time.sleep(0.05)
                continue
            else:
                new = self._new_request(rng)
                if new is None:
                    continue
                req = new
                for u, item in zip(req.uuids, _items_of(req), strict=True):
                    cases[u] = item["case_number"]
            with t.lock:
                t.requests += 1
                t.sent.update(req.uuids)
                if req.attempts:
                    t.retries += 1
                    t.retried_uuids.update(req.uuids)
            req.attempts += 1
            try:
                status, data = self._post(req)
            except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out: retry
                with t.lock:
                    t.failures[type(exc).__name__] += 1
                    if isinstance(exc, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)):
                        t.cut.append((time.time(), list(req.uuids)))  # the server died with it in hand
                req.failed_with = type(exc).__name__
                if not pending or pending[0] is not req:
                    pending.append(req)
                time.sleep(0.1 + 0.2 * rng.random())
                continue
            if status >= 500 or status in (408, 429):
                with t.lock:
                    t.failures[f"HTTP {status}"] += 1
                req.failed_with = f"HTTP {status}"
                if not pending or pending[0] is not req:
                    pending.append(req)
                time.sleep(0.1 + 0.2 * rng.random())
                continue
            if pending and pending[0] is req:
                pending.pop(0)
            with t.lock:
                if 200 <= status < 300 and req.path.endswith("/batch"):
                    for r in data["results"]:
                        if r["status"] in ("created", "duplicate"):
                            t.acked[r["uuid"]] = cases[r["uuid"]]
                            t.duplicate_answers += r["status"] == "duplicate" and req.attempts > 1
                            if req.failed_with:
                                t.resolved[f"{req.failed_with} -> {r['status']}"] += 1
                        else:
                            t.refused.append(f"{r['code']} {r['uuid']}")
                elif 200 <= status < 300:
                    t.acked[data["uuid"]] = cases[data["uuid"]]
                    t.duplicate_answers += data["status"] == "duplicate" and req.attempts > 1
                    if req.failed_with:
                        t.resolved[f"{req.failed_with} -> {data['status']}"] += 1
                else:
                    code = data.get("code", status) if isinstance(data, dict) else status
                    t.refused.extend(f"{code} {u}" for u in req.uuids)


def _items_of(req: Request) -> list[dict[str, Any]]:
    data = json.loads(req.body)
    return data.get("items", [data])


# ---- setup and checks (Django in this process) ----------------------------------------------


def setup(n_cases: int) -> dict[str, Any]:
    """The persona world, a hall with two windows, a load device and a kiosk device, and
    `n_cases` completed cases (bulk); the rollups rebuilt so that they start consistent."""
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", "--no-input", verbosity=0)
    from gaoxin.core.testing import build_world
    from gaoxin.evalstats.services import rollup_rebuild
    from gaoxin.evaluations.enums import CaseStatus
    from gaoxin.evaluations.models import Case
    from gaoxin.evaluations.services import device_register

    made = bench_hall(build_world(), windows=2)
    hall, (w1, w2), staff1, item = made["hall"], made["windows"], made["staff"], made["item"]
    _d, load_token = device_register(actor=None, hall=hall, name="压测评价器", window=w1)
    _k, kiosk_token = device_register(actor=None, hall=hall, name="2号窗口评价器", window=w2)
    now = datetime.now(UTC)
    numbers = [f"CR{i:07d}" for i in range(n_cases)]
    Case.objects.bulk_create(
        [
            Case(
                number=n,
                item=item,
                hall=hall,
                window=w1,
                staff=staff1,
                department_id=w1.department_id,
                region_id=hall.region_id,
                status=CaseStatus.COMPLETED,
                accepted_at=now - timedelta(hours=2),
                completed_at=now - timedelta(hours=1),
            )
            for n in numbers
        ],
        batch_size=2000,
    )
    kiosk_cases = [f"KI{i:05d}" for i in range(50)]
    Case.objects.bulk_create(
        [
            Case(
                number=n,
                item=item,
                hall=hall,
                window=w2,
                department_id=w2.department_id,
                region_id=hall.region_id,
                status=CaseStatus.ACCEPTED,
                accepted_at=now - timedelta(hours=2),
            )
            for n in kiosk_cases
        ]
    )
    rollup_rebuild(actor=None)
    connections.close_all()
    return {"load_token": load_token, "kiosk_token": kiosk_token, "cases": numbers, "kiosk_cases": kiosk_cases}


def complete_case(number: str) -> None:
    from django.db import connections

    from gaoxin.evaluations.models import Case
    from gaoxin.evaluations.services import case_complete

    for attempt in range(50):  # SQLite may be busy with the server's writes
        try:
            case_complete(actor=None, case=Case.objects.select_related("hall").get(number=number))
            break
        except Exception as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.1)
    connections.close_all()


def rollup_snapshot() -> dict[tuple[Any, ...], tuple[int, ...]]:
    from gaoxin.evalstats.models import COUNTERS, RollupCounter

    keys = ("dimension", "key_id", "region_id", "grain", "period_start")
    out = {}
    for row in RollupCounter.objects.values_list(*keys, *COUNTERS):
        counters = tuple(row[len(keys) :])
        if any(counters):
            out[tuple(row[: len(keys)])] = counters
    return out


def check(acked: dict[str, str], sent: set[str]) -> dict[str, int]:
    """Compare what the clients were told with what the database holds."""
    from django.db import connections, transaction
    from django.db.models import Count

    from gaoxin.core.models import Region
    from gaoxin.evalstats.services import rollup_rebuild
    from gaoxin.evaluations.enums import BAD_LEVELS
    from gaoxin.evaluations.models import Rating
    from gaoxin.rectifications.models import WorkOrder

    rows = list(Rating.objects.values_list("uuid", "case__number"))
    stored = Counter(str(u) for u, _n in rows)
    by_case = {str(u): n for u, n in rows}
    lost = [u for u in acked if u not in stored]
    wrong_case = [u for u, n in acked.items() if u in by_case and by_case[u] != n]
    dup_uuid = sum(n - 1 for n in stored.values() if n > 1)
    dup_case = (
        Rating.objects.filter(case__isnull=False, rating_no=1)
        .values("case")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    unexplained = [u for u in stored if u not in sent]
    bad_first = Rating.objects.filter(rating_no=1, level__in=BAD_LEVELS, is_default=False)
    without_order = bad_first.exclude(pk__in=WorkOrder.objects.values("rating_id")).count()
    incremental = rollup_snapshot()
    with transaction.atomic():
        rollup_rebuild(actor=None)
        rebuilt = rollup_snapshot()
        transaction.set_rollback(True)
    mismatched = sum(1 for k in incremental.keys() | rebuilt.keys() if incremental.get(k) != rebuilt.get(k))
    # `valid` over the month rows of the top regions counts each valid first rating once
    roots = {pk for pk, path in Region.objects.values_list("id", "path") if "/" not in path.strip("/")}
    valid_rollup = sum(c[0] for k, c in incremental.items() if k[0] == "region" and k[3] == "month" and k[1] in roots)
    valid_ratings = Rating.objects.active().filter(rating_no=1).count()
    connections.close_all()
    return {
        "stored": len(stored),
        "lost": len(lost),
        "duplicated": dup_uuid + dup_case,
        "on wrong case": len(wrong_case),
        "stored, never sent": len(unexplained),
        "bad without work order": without_order,
        "counter rows mismatched": mismatched,
        "valid ratings / rollup valid": f"{valid_ratings} / {valid_rollup}",
        "_valid_diff": valid_ratings - valid_rollup,
        "_lost_sample": lost[:5],  # type: ignore[dict-item]
    }


def cut_off_fates(cut: list[tuple[float, list[str]]]) -> tuple[int, int]:
    """Of the ratings in requests cut off by a kill: how many the server had stored before the
    client saw the connection die (committed, answer lost), and how many it had not."""
    from django.db import connections

    from gaoxin.evaluations.models import Rating

    uuids = [u for _at, us in cut for u in us]
    received = {str(u): at for u, at in Rating.objects.filter(uuid__in=uuids).values_list("uuid", "received_at")}
    connections.close_all()
    before = sum(1 for at, us in cut for u in us if u in received and received[u] <= datetime.fromtimestamp(at, UTC))
    return before, len(uuids) - before


# ---- the kiosk ----------------------------------------------------------------------------------


def kiosk_rounds(server: Server, token: str, cases: list[str], rounds: int, rng: random.Random) -> dict[str, Any]:
    """The kiosk page stays loaded while its server is SIGKILLed; it must keep and then flush."""
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        return {"kiosk": "skipped (no /usr/bin/chromium)"}
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    posted: list[str] = []
    outcomes: Counter[str] = Counter()
    expected: dict[str, str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(20_000)

        def on_request(req) -> None:
            if req.method == "POST" and req.url.rstrip("/").endswith("/api/v1/evaluations"):
                posted.append(json.loads(req.post_data or "{}").get("uuid", ""))

        page.on("request", on_request)
        page.goto(f"{server.base}/evaluations/kiosk/pair/#{token}")
        page.wait_for_url(f"{server.base}/evaluations/kiosk/")
        page.locator("[data-testid=idle]").wait_for(state="visible")
        for r in range(rounds):
            number = cases[r]
            complete_case(number)
            page.locator("[data-testid=rate]").wait_for(state="visible")
            assert page.locator("[data-testid=case-number]").inner_text() == number
            kill_after_tap = r % 2 == 1
            if not kill_after_tap:
                server.kill()
            page.get_by_role("button", name="满意", exact=True).click()
            n_before = len(posted)
            if kill_after_tap:  # kill while the server works on the kiosk's request
                with page.expect_request(lambda req: req.method == "POST" and req.url.endswith("/api/v1/evaluations")):
                    page.click("#rate-submit")
                page.wait_for_timeout(rng.uniform(0, 50))
                server.kill()
            else:
                page.click("#rate-submit")
            page.locator("[data-testid=thanks]").wait_for(state="visible")
            page.wait_for_timeout(300)
            queue = json.loads(page.evaluate("localStorage.getItem('gx.kiosk.queue') || '{}'"))
            outcomes["buffered while down" if queue else "sent before the kill"] += 1
            new = {u for u in posted[n_before:] if u} | set(queue)
            if len(new) != 1:
                raise RuntimeError(f"kiosk round {r}: expected one rating UUID, saw {sorted(new)}")
            expected[new.pop()] = number
            server.start(timeout=180, setup=False)
            page.wait_for_function("() => (localStorage.getItem('gx.kiosk.queue') || '{}') === '{}'", timeout=90_000)
        context.close()
        browser.close()
    from django.db import connections

    from gaoxin.evaluations.models import Rating

    rows = list(Rating.objects.filter(uuid__in=list(expected)).values_list("uuid", "case__number"))
    stored = Counter(str(u) for u, _n in rows)
    per_case = Counter(Rating.objects.filter(case__number__in=cases[:rounds]).values_list("case__number", flat=True))
    connections.close_all()
    return {
        "kiosk rounds": rounds,
        "kiosk outcomes": dict(outcomes),
        "kiosk requests posted": len(posted),
        "kiosk stored": len(stored),
        "kiosk lost": sum(1 for u in expected if u not in stored),
        "kiosk duplicated": sum(n - 1 for n in per_case.values() if n > 1),
        "kiosk on wrong case": sum(1 for u, n in rows if expected[str(u)] != n),
        "_kiosk_uuids": list(expected),
    }


# ---- one database -------------------------------------------------------------------------------


def run_database(db: str, args: argparse.Namespace) -> int:
    seed = args.seed * 10 + sorted(PORTS).index(db)  # other kill moments for the other database
    rng = random.Random(seed)
    var = scratch_dir(f"crash-{db}")
    url = sqlite_url(var) if db == "sqlite" else postgres_url(PG_DB)
    os.environ.update(SECRET_KEY=SECRET_KEY, DEBUG="false", GAOXIN_ENV="production")
    django_setup(url, var)
    t0 = time.monotonic()
    data = setup(args.cases)
    print(f"[{db}] set up {args.cases} completed cases in {time.monotonic() - t0:.1f}s", flush=True)
    server = Server(url, port=PORTS[db], var_dir=var)
    server.start(timeout=300)
    # stopped whatever happens: a server left running on the port would answer the next run's
    # clients through its kills (and scripts/serve now refuses the port instead)
    try:
        load = Load(port=server.port, token=data["load_token"], cases=data["cases"], clients=args.clients, seed=seed)
        load.start()
        downtime = []
        for r in range(args.rounds):
            wait = rng.uniform(args.min_up, args.max_up)
            time.sleep(wait)
            before = len(load.tally.acked)
            server.kill()
            down_at = time.monotonic()
            print(f"[{db}] round {r + 1}: SIGKILL after {wait:.1f}s of load ({before} acknowledged so far)", flush=True)
            time.sleep(rng.uniform(0.2, 1.5))  # the clients meet a dead server
            server.start(timeout=180, setup=False)
            downtime.append(time.monotonic() - down_at)
        time.sleep(1.0)  # the restarted server takes new ratings as well
        drained = load.drain(timeout=120)
        t = load.tally
        kiosk: dict[str, Any] = {}
        if args.kiosk_rounds:
            kiosk = kiosk_rounds(server, data["kiosk_token"], data["kiosk_cases"], args.kiosk_rounds, rng)
    finally:
        server.stop()
    sent = set(t.sent) | set(kiosk.get("_kiosk_uuids", []))
    acked = dict(t.acked)
    found = check(acked, sent)
    before, after = cut_off_fates(t.cut)
    figures: dict[str, object] = {
        "rounds (SIGKILL)": args.rounds,
        "clients": args.clients,
        "requests sent": t.requests,
        "ratings sent": len(t.sent),
        "acknowledged": len(acked),
        "retried requests": t.retries,
        "retried ratings": len(t.retried_uuids),
        "retries answered duplicate": t.duplicate_answers,  # stored earlier; the answer was lost
        "failed attempts": dict(t.failures),
        # how the attempt before the 2xx failed, and whether the server had stored it meanwhile
        "last failure -> retry answer (ratings)": dict(t.resolved),
        "cut off by a kill: stored before it / not": f"{before} / {after}",
        "refused (4xx)": len(t.refused),
        "never acknowledged": len(t.sent - acked.keys()),
        "downtime per round (s)": f"{min(downtime):.1f}–{max(downtime):.1f}",
        **{k: v for k, v in found.items() if not k.startswith("_")},
        **{k: v for k, v in kiosk.items() if not k.startswith("_")},
    }
    report(f"crash_safety {db}", figures)
    problems = [
        name
        for name, bad in [
            ("lost", found["lost"]),
            ("duplicated", found["duplicated"]),
            ("on wrong case", found["on wrong case"]),
            ("stored, never sent", found["stored, never sent"]),
            ("bad without work order", found["bad without work order"]),
            ("counter rows mismatched", found["counter rows mismatched"]),
            ("valid ratings != rollup valid", found["_valid_diff"]),
            ("refused", len(t.refused)),
            ("never acknowledged", len(t.sent - acked.keys())),
            ("retries not drained", not drained),
            ("kiosk lost", kiosk.get("kiosk lost", 0)),
            ("kiosk duplicated", kiosk.get("kiosk duplicated", 0)),
            ("kiosk on wrong case", kiosk.get("kiosk on wrong case", 0)),
        ]
        if bad
    ]
    if problems:
        print(
            f"[{db}] FAILED: {', '.join(problems)}; refused sample {t.refused[:5]}; lost sample {found['_lost_sample']}"
        )
        print(f"[{db}] server log: {server.log}")
        return 1
    print(f"[{db}] OK: 0 lost, 0 duplicated, counters equal the rebuild")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="SIGKILLs per database (default 5)")
    ap.add_argument("--clients", type=int, default=6, help="concurrent client threads (default 6)")
    ap.add_argument("--databases", default="sqlite,postgres")
    ap.add_argument("--kiosk-rounds", type=int, default=4, help="kiosk SIGKILL rounds per database (0: none)")
    ap.add_argument("--cases", type=int, default=40000, help="completed cases to rate")
    ap.add_argument("--min-up", type=float, default=1.5, help="least seconds of load before a kill")
    ap.add_argument("--max-up", type=float, default=5.0, help="most seconds of load before a kill")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # run one database in this process
    args = ap.parse_args()
    if args.one:
        return run_database(args.one, args)
    print(
        f"crash_safety: seed {args.seed} (pass --seed {args.seed} to repeat the kill moments and ratings)", flush=True
    )
    worst = 0
    for db in [d.strip() for d in args.databases.split(",") if d.strip()]:
        # one process per database: Django is configured once per process
        cmd = [str(PY), __file__, *sys.argv[1:], "--seed", str(args.seed), "--one", db]
        worst = max(worst, subprocess.run(cmd, check=False).returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
