"""Ingest benchmark: ratings/s through `POST /api/v1/evaluations` and `/batch`, served as in
production (`scripts/serve`), next to the raw insert rate of the same rating rows through the
database driver, measured in the same run, on SQLite and on PostgreSQL.

    python benchmarks/ingest_bench.py [--db sqlite|pg|both] [--duration 20] [--workers N]
                                      [--connections 32] [--bad-every 50] [--devices 100]

Per database, on a fresh database: migrate; one hall, window, clerk, `--devices` evaluators
(+ their tokens) and enough completed cases, bulk-created (not timed); then
1. single: wrk (benchmarks/ingest.lua; an asyncio keep-alive client when wrk is missing) posts
   one rating per request with a fresh UUID, each for a case of its own, from the devices in
   turn (as the evaluators of a busy hall would), for `--duration` seconds: ratings/s,
   p50/p99 latency, errors. Every `--bad-every`-th rating is a 差评, which
   opens a work order in the same transaction (as in real traffic).
2. batch: `/batch` with 500 items per request from two client threads per web process, a
   connection per request, 1 in `--bad-every` a 差评 as above: ratings/s.
3. raw: the same rows (a rating stored by the API, with a new UUID and case) inserted straight
   through the driver (psycopg / sqlite3) from `workers` threads: one transaction per row, and
   500 rows per transaction (executemany). The ratios API / raw are the figures that count.
   On PostgreSQL, the 500-row inserts again with the foreign-key constraints of the rating's
   organisation (hall … device) put back: what migration 0004 saved each rating; and the
   500 rows as one COPY per transaction, the way the batch API stores them.
Then the stored ratings are counted: they must equal the 2xx (created) responses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _support import (
    REPO,
    Server,
    bench_hall,
    django_setup,
    machine,
    percentile,
    postgres_url,
    report,
    scratch_dir,
    sqlite_url,
)

PORTS = {"sqlite": 8200, "pg": 8201}
LUA = Path(__file__).resolve().parent / "ingest.lua"
BATCH = 500
SECRET_KEY = "bench-" + "x" * 50  # the key Server gives the server: same encryption here


def wrk_path() -> str | None:
    """wrk, installed from Debian when missing and running as root (like .ci/run does for chromium)."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or os.getenv("BENCH_NO_APT"):
        return found
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)
    return shutil.which("wrk")


# ---------------------------------------------------------------------------- set-up (child)


def setup_world(n_cases: int, history: int = 0, devices: int = 1) -> dict[str, Any]:
    """Org tree, hall, window, clerk, item, `devices` devices; `n_cases` completed cases BN000000000…;
    `history` earlier cases BH… already rated (a node in service has a rating table with history:
    the planner's statistics and the prepared plans then are those of production), ANALYZEd."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gaoxin.core.testing import build_world
    from gaoxin.evaluations.models import Case, Rating
    from gaoxin.evaluations.services import (
        case_complete,
        case_create,
        device_register,
        evaluation_record,
    )

    with transaction.atomic():
        made = bench_hall(build_world())
        hall, (window,), staff, item = made["hall"], made["windows"], made["staff"], made["item"]
        _device, token = device_register(actor=None, hall=hall, window=window, name="1号窗评价器")
        tokens = [token]
        for n in range(2, devices + 1):
            tokens.append(device_register(actor=None, hall=hall, window=window, name=f"评价器{n:03d}")[1])
        now = timezone.now()
        template = case_create(
            actor=None,
            number="TEMPLATE",
            item=item,
            hall=hall,
            window=window,
            staff=staff,
            applicant_name="张三丰",
            applicant_phone="13912345678",
            applicant_id_number="371502199001011234",
            accepted_at=now - timedelta(hours=2),
        )
        case_complete(actor=None, case=template, completed_at=now - timedelta(hours=1))
    fields = {f.attname: getattr(template, f.attname) for f in Case._meta.concrete_fields if f.attname != "id"}
    t0 = time.perf_counter()
    for start in range(0, n_cases, 5000):
        Case.objects.bulk_create(
            [Case(**{**fields, "number": f"BN{i:09d}"}) for i in range(start, min(n_cases, start + 5000))]
        )
    if history:
        rated = evaluation_record(actor=None, channel=1, level=1, uuid=uuid.uuid4(), case=template, device=_device)
        row = {f.attname: getattr(rated.rating, f.attname) for f in Rating._meta.concrete_fields}
        del row["id"]
        for start in range(0, history, 5000):
            with transaction.atomic():
                cases = Case.objects.bulk_create(
                    [Case(**{**fields, "number": f"BH{i:09d}"}) for i in range(start, min(history, start + 5000))]
                )
                Rating.objects.bulk_create([Rating(**{**row, "uuid": uuid.uuid4(), "case_id": c.pk}) for c in cases])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"token": token, "tokens": tokens, "cases_setup_s": round(time.perf_counter() - t0, 1)}


# ---------------------------------------------------------------------------- load generators


def run_wrk(
    wrk: str, base: str, tokens: list[str], *, duration: int, connections: int, bad_every: int, first: int, n: int
):
    """wrk posting ratings for cases first … first+n-1, the devices' tokens in turn; returns its figures."""
    threads = 2
    run = secrets.token_hex(4)
    # the Lua script numbers cases from 0: shift them to this phase's range
    script = LUA.read_text().replace("local i = tid +", f"local i = {first} + tid +")
    path = Path(tempfile.gettempdir()) / f"gaoxin-ingest-{run}.lua"
    path.write_text(script)
    cmd = [
        wrk,
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(path),
        base + "/api/v1/evaluations",
        "--",
        str(threads),
        run,
        ",".join(tokens),
        str(bad_every),
        str(first + n),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    path.unlink()
    m = re.search(r"^WRKJSON (\{.*\})$", out, re.M)
    if m is None:
        raise RuntimeError("wrk gave no figures:\n" + out)
    fig = json.loads(m.group(1))
    return {
        "requests": fig["requests"],
        "seconds": fig["duration_us"] / 1e6,
        "created": fig["created"],
        "duplicate": fig["duplicate"],
        "errors": fig["other"] + fig["err_connect"] + fig["err_read"] + fig["err_write"] + fig["err_timeout"],
        "overflow": fig["overflow"],
        "p50_ms": fig["p50_us"] / 1000,
        "p99_ms": fig["p99_us"] / 1000,
        "max_ms": fig["max_us"] / 1000,
        "client": f"wrk -t{threads} -c{connections}",
    }


async def _asyncio_load(
    host: str, port: int, tokens: list[str], *, duration: int, connections: int, bad_every: int, first: int, n: int
) -> dict[str, Any]:
    """Fallback client: raw HTTP/1.1 keep-alive over asyncio streams, `connections` at once."""
    run = secrets.token_hex(4)
    latencies: list[float] = []
    counts = {"created": 0, "duplicate": 0, "errors": 0}
    next_case = [first]
    stop_at = time.perf_counter() + duration

    async def conn(cid: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        k = 0
        while time.perf_counter() < stop_at and next_case[0] < first + n:
            i = next_case[0]
            next_case[0] += 1
            level = 5 if bad_every and i % bad_every == bad_every - 1 else 1
            body = (
                f'{{"uuid":"{run}-{cid:04x}-4000-8000-{k:012x}","level":{level},"scheme":"gbt39046",'
                f'"case_number":"BN{i:09d}","tags":[]}}'
            ).encode()
            k += 1
            token = tokens[i % len(tokens)]
            head = (
                f"POST /api/v1/evaluations HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            t0 = time.perf_counter()
            writer.write(head + body)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            status = int(status_line.split()[1])
            key = "created" if status == 201 else "duplicate" if status == 200 else "errors"
            counts[key] += 1
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(conn(c) for c in range(connections)))
    seconds = time.perf_counter() - t0
    return {
        "requests": len(latencies),
        "seconds": seconds,
        **counts,
        "overflow": 0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies, default=0) * 1000,
        "client": f"asyncio ×{connections}",
    }


def run_batches(
    base: str, token: str, *, first: int, n: int, threads: int, duration: int, bad_every: int
) -> dict[str, Any]:
    """`threads` clients post pre-built 500-item batches until the cases run out or time is up,
    each batch on a connection of its own (one device's upload of its buffer). Connections held
    for the whole run stuck to the web process that accepted them (SO_REUSEPORT spreads
    connections, not requests): four of them split 3:1 or 4:0 over two processes as often as
    2:2, and the rate swung from 3,999 to 7,329 ratings/s between runs of the same code."""
    import http.client

    run = secrets.token_hex(4)
    bodies = []
    for start in range(first, first + n, BATCH):
        items = [
            {
                "uuid": f"{run}-0000-4000-8000-{i:012x}",
                "level": 5 if bad_every and i % bad_every == bad_every - 1 else 1,  # gbt39046: 5 非常不满意
                "scheme": "gbt39046",
                "case_number": f"BN{i:09d}",
            }
            for i in range(start, min(first + n, start + BATCH))
        ]
        bodies.append(json.dumps({"items": items}).encode())
    lock = threading.Lock()
    totals = {"created": 0, "duplicate": 0, "rejected": 0, "errors": 0, "requests": 0}
    latencies: list[float] = []
    stop_at = time.perf_counter() + duration
    host, port = base.removeprefix("http://").split(":")

    def client() -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Connection": "close"}
        while time.perf_counter() < stop_at:
            with lock:
                if not bodies:
                    return
                body = bodies.pop()
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection(host, int(port), timeout=120)
            try:
                conn.request("POST", "/api/v1/evaluations/batch", body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            finally:
                conn.close()
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                totals["requests"] += 1
                if resp.status != 200:
                    totals["errors"] += 1
                    continue
                out = json.loads(data)
                for k in ("created", "duplicate", "rejected"):
                    totals[k] += out[k]

    t0 = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    seconds = time.perf_counter() - t0
    return {**totals, "seconds": seconds, "p50_ms": percentile(latencies, 50) * 1000}


# ---------------------------------------------------------------------------- raw driver baseline


def raw_rows(first: int, n: int) -> tuple[str, list[list[Any]]]:
    """INSERT statement and `n` rows like the newest rating the API stored, with new UUID and case."""
    from django.db import connection

    from gaoxin.evaluations.models import Case, Rating

    model = Rating.objects.filter(case__isnull=False).order_by("-pk").first()
    assert model is not None
    fields = [f for f in Rating._meta.concrete_fields if f.attname != "id"]
    case_ids = dict(
        Case.objects.filter(number__gte=f"BN{first:09d}", number__lt=f"BN{first + n:09d}").values_list("number", "pk")
    )
    rows = []
    for i in range(first, first + n):
        values = {f.attname: getattr(model, f.attname) for f in fields}
        values.update(uuid=uuid.uuid4(), case_id=case_ids[f"BN{i:09d}"])
        rows.append([f.get_db_prep_save(values[f.attname], connection) for f in fields])
    qn = connection.ops.quote_name
    marks = ", ".join(["%s" if connection.vendor == "postgresql" else "?"] * len(fields))
    sql = f"INSERT INTO {qn(Rating._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES ({marks})"  # noqa: S608
    return sql, rows


@contextmanager
def organisation_constraints() -> Iterator[None]:
    """The rating's foreign-key constraints that migration 0004 dropped (hall … device), added back
    (NOT VALID: checked for new rows only, as they were) for the duration of the block."""
    from django.db import connection

    from gaoxin.evaluations.models import Rating

    qn = connection.ops.quote_name
    table = qn(Rating._meta.db_table)
    fields = [f for f in Rating._meta.concrete_fields if f.is_relation and not f.db_constraint]
    with connection.cursor() as cur:
        for f in fields:
            cur.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {qn('bench_fk_' + f.column)} FOREIGN KEY ({qn(f.column)}) "
                f"REFERENCES {qn(f.related_model._meta.db_table)} (id) DEFERRABLE INITIALLY DEFERRED NOT VALID"
            )
    connection.close()
    try:
        yield
    finally:
        with connection.cursor() as cur:
            for f in fields:
                cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn('bench_fk_' + f.column)}")
        connection.close()


def copy_sql(insert_sql: str) -> str:
    """The COPY … FROM STDIN of raw_rows()' INSERT statement (same table and columns)."""
    head = insert_sql.split(" VALUES ", 1)[0].removeprefix("INSERT INTO ")
    return f"COPY {head} FROM STDIN"


def raw_insert(
    sql: str, rows: list[list[Any]], *, threads: int, per_tx: int, duration: float, copy: bool = False
) -> dict[str, Any]:
    """Insert `rows` from `threads` driver connections, `per_tx` rows per transaction (1: one commit
    each): one INSERT per row (executemany), or with `copy` (PostgreSQL) one COPY per transaction."""
    from django.db import connections

    lock = threading.Lock()
    queue = [rows[i : i + per_tx] for i in range(0, len(rows), per_tx)]
    queue.reverse()
    done = [0]
    stop_at = time.perf_counter() + duration

    def worker() -> None:
        wrapper = connections["default"]  # one Django connection per thread: same settings and PRAGMAs
        wrapper.ensure_connection()
        raw = wrapper.connection  # the driver's connection (psycopg.Connection / sqlite3.Connection)
        if wrapper.vendor == "sqlite":
            raw.isolation_level = None  # explicit BEGIN IMMEDIATE … COMMIT, as Django's transaction_mode does
        else:
            raw.autocommit = True
        cur = raw.cursor()
        try:
            while time.perf_counter() < stop_at:
                with lock:
                    if not queue:
                        return
                    chunk = queue.pop()
                if wrapper.vendor == "sqlite":
                    cur.execute("BEGIN IMMEDIATE")
                    cur.executemany(sql, chunk)
                    cur.execute("COMMIT")
                else:
                    with raw.transaction():
                        if copy:
                            with cur.copy(copy_sql(sql)) as cp:
                                for row in chunk:
                                    cp.write_row(row)
                        elif per_tx == 1:
                            cur.execute(sql, chunk[0])
                        else:
                            cur.executemany(sql, chunk)
                with lock:
                    done[0] += len(chunk)
        finally:
            wrapper.close()

    t0 = time.perf_counter()
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    seconds = time.perf_counter() - t0
    return {"rows": done[0], "seconds": seconds, "per_s": done[0] / seconds}


# ---------------------------------------------------------------------------- where the CPU goes


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def group_pids(pgid: int) -> list[int]:
    """Processes of a process group (the server: gunicorn master and workers)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) == pgid:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return out


class CpuMeter:
    """CPU seconds used by the server's processes and by the PostgreSQL backends of `dbname`
    (sampled: backends come and go with connections), with lock waits seen in pg_stat_activity."""

    def __init__(self, pgid: int, dbname: str | None) -> None:
        self.pgid, self.dbname = pgid, dbname
        self.server0 = {p: _cpu_seconds(p) for p in group_pids(pgid)}
        self.pg: dict[int, tuple[float, float]] = {}
        self.samples = self.lock_waits = self.active = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        if self.dbname is None:
            return
        import psycopg

        with psycopg.connect(postgres_url("postgres", fresh=False), autocommit=True) as conn:
            while not self._stop.wait(0.2):
                rows = conn.execute(
                    "SELECT pid, state, wait_event_type FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.dbname],
                ).fetchall()
                self.samples += 1
                for pid, state, wait in rows:
                    now = _cpu_seconds(pid)
                    first = self.pg.get(pid, (now, now))[0]
                    self.pg[pid] = (first, now)
                    self.active += state == "active"
                    self.lock_waits += wait == "Lock"

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        server = sum(_cpu_seconds(p) - self.server0.get(p, 0.0) for p in group_pids(self.pgid))
        pg = sum(last - first for first, last in self.pg.values())
        per = max(self.samples, 1)
        return {"server_s": server, "pg_s": pg, "active": self.active / per, "lock_waits": self.lock_waits / per}


# ---------------------------------------------------------------------------- one database


def bench_one(db: str, args: argparse.Namespace) -> None:
    var = scratch_dir(f"ingest-{db}")
    url = sqlite_url(var) if db == "sqlite" else postgres_url("gx_ingest_bench")
    os.environ["SECRET_KEY"] = SECRET_KEY
    django_setup(url, var)
    from django.core.management import call_command
    from django.db import connection

    from gaoxin.evaluations.models import Rating

    workers = args.workers or max(2, os.cpu_count() or 1)  # scripts/serve's default
    # case ranges: single (as many as a fast run could use), batch, raw single, raw batch
    n_single = max(10_000, args.duration * 4_000)
    n_batch = args.batch_ratings
    n_raw1, n_rawb = args.raw_rows, args.raw_rows * 3
    ranges = {}
    start = 0
    raw_sets = (("raw1", n_raw1), ("rawb", n_rawb), ("rawfk", n_rawb), ("rawcopy", n_rawb))
    for name, n in (("single", n_single), ("batch", n_batch), *raw_sets):
        ranges[name] = (start, n)
        start += n
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    info = setup_world(start, history=args.history, devices=args.devices)
    setup_s = time.perf_counter() - t0
    connection.close()
    wrk = None if args.client == "asyncio" else wrk_path()
    figures: dict[str, Any] = {"database": db, "setup_s (not timed below)": round(setup_s, 1)}
    # scripts/serve migrates and collects (compresses) static files first: slow on a busy machine
    server = Server(url, port=PORTS[db], var_dir=var, workers=workers).start(timeout=300)
    try:
        first, n = ranges["single"]
        assert server.proc is not None
        meter = CpuMeter(server.proc.pid, "gx_ingest_bench" if db == "pg" else None)
        if wrk:
            single = run_wrk(
                wrk,
                server.base,
                info["tokens"],
                duration=args.duration,
                connections=args.connections,
                bad_every=args.bad_every,
                first=first,
                n=n,
            )
        else:
            single = asyncio.run(
                _asyncio_load(
                    "127.0.0.1",
                    server.port,
                    info["tokens"],
                    duration=args.duration,
                    connections=args.connections,
                    bad_every=args.bad_every,
                    first=first,
                    n=n,
                )
            )
        cpu = meter.stop()
        first, n = ranges["batch"]
        # two client threads per web process: the kernel spreads connections over the processes by
        # a hash, so one per process would often put both on one
        batch = run_batches(
            server.base,
            info["token"],
            first=first,
            n=n,
            threads=2 * workers,
            duration=args.duration,
            bad_every=args.bad_every,
        )
    finally:
        server.stop()
    stored_api = Rating.objects.filter(case__number__startswith="BN").count()  # not the history
    connection.close()
    sql, rows1 = raw_rows(*ranges["raw1"])
    _sql, rowsb = raw_rows(*ranges["rawb"])
    raw1 = raw_insert(sql, rows1, threads=workers, per_tx=1, duration=min(args.duration, 10))
    rawb = raw_insert(sql, rowsb, threads=workers, per_tx=BATCH, duration=min(args.duration, 10))
    rawfk = rawcopy = None
    if db == "pg":  # the same inserts with the constraints migration 0004 dropped, put back for the run
        _sql, rowsfk = raw_rows(*ranges["rawfk"])
        with organisation_constraints():
            rawfk = raw_insert(sql, rowsfk, threads=workers, per_tx=BATCH, duration=min(args.duration, 10))
        # and as the batch API stores them: one COPY per 500 rows
        _sql, rowscopy = raw_rows(*ranges["rawcopy"])
        rawcopy = raw_insert(sql, rowscopy, threads=workers, per_tx=BATCH, duration=min(args.duration, 10), copy=True)
    single_rate = single["created"] / single["seconds"]
    # wrk stops with up to one request per connection in flight: the server stores those too
    created = single["created"] + batch["created"]
    in_flight = stored_api - created
    ok = 0 <= in_flight <= args.connections
    batch_rate = batch["created"] / batch["seconds"]
    figures.update(
        {
            "server": f"scripts/serve, {workers} gunicorn workers",
            "single client": (
                f"{single['client']}, {args.duration} s, {args.devices} devices in turn, 1 in {args.bad_every} a 差评"
            ),
            "single ratings/s": round(single_rate),
            "single p50 / p99 / max ms": f"{single['p50_ms']:.1f} / {single['p99_ms']:.1f} / {single['max_ms']:.0f}",
            "single 2xx created / duplicate / errors": f"{single['created']} / {single['duplicate']} / {single['errors']}",
            "single CPU ms per rating: server (Django+ninja+driver) / PostgreSQL backends": (
                f"{cpu['server_s'] * 1000 / max(single['created'], 1):.2f} / {cpu['pg_s'] * 1000 / max(single['created'], 1):.2f}"
                + (" (SQLite runs inside the server)" if db == "sqlite" else "")
            ),
            "single PostgreSQL backends active / waiting on a lock (mean of samples)": (
                f"{cpu['active']:.1f} / {cpu['lock_waits']:.1f}" if db == "pg" else "-"
            ),
            "batch ratings/s": round(batch_rate),
            "batch client": f"{2 * workers} threads × {BATCH} per request, a connection each, {batch['requests']} requests",
            "batch created / duplicate / rejected / http errors": (
                f"{batch['created']} / {batch['duplicate']} / {batch['rejected']} / {batch['errors']}"
            ),
            "raw insert 1 row/tx, rows/s": f"{raw1['per_s']:.0f} ({workers} driver connections, {raw1['rows']} rows)",
            "raw insert 500 rows/tx, rows/s": f"{rawb['per_s']:.0f} ({workers} driver connections, {rawb['rows']} rows)",
            "raw insert 500 rows/tx with the organisation's FK constraints, rows/s": (
                f"{rawfk['per_s']:.0f} ({rawb['per_s'] / rawfk['per_s']:.2f}× slower than without)" if rawfk else "-"
            ),
            "raw COPY 500 rows/tx, rows/s": (
                f"{rawcopy['per_s']:.0f} ({workers} driver connections, {rawcopy['rows']} rows)" if rawcopy else "-"
            ),
            "ratio single API / raw 1 row/tx": f"{single_rate / raw1['per_s']:.2f}",
            "ratio batch API / raw 500 rows/tx": f"{batch_rate / rawb['per_s']:.2f}",
            "ratio batch API / raw COPY 500 rows/tx": f"{batch_rate / rawcopy['per_s']:.2f}" if rawcopy else "-",
            "stored ratings vs 2xx created": f"{stored_api} stored, {created} created, {in_flight} in flight at stop",
        }
    )
    if single.get("overflow"):
        figures["warning"] = f"{single['overflow']} requests ran past the {n_single} prepared cases"
    report(f"ingest ({db})", figures)
    if not ok:
        raise SystemExit(f"{db}: {stored_api} stored ratings for {created} 2xx responses")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument("--duration", type=int, default=20, help="seconds of single-rating load (and batch cap)")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default: scripts/serve's, one per core, at least 2)"
    )
    parser.add_argument("--connections", type=int, default=32, help="concurrent client connections (single)")
    parser.add_argument(
        "--bad-every", type=int, default=50, help="every n-th rating (single and batch) is a 差评 (0: none)"
    )
    parser.add_argument("--devices", type=int, default=100, help="evaluators posting the single ratings, in turn")
    parser.add_argument(
        "--batch-ratings", type=int, default=150_000, help="cases prepared for the batch phase (about 10 s of it)"
    )
    parser.add_argument("--raw-rows", type=int, default=10_000, help="rows prepared for the raw 1-row/tx baseline")
    parser.add_argument(
        "--history", type=int, default=200_000, help="rated cases already stored before the load (not timed)"
    )
    parser.add_argument("--client", choices=["wrk", "asyncio"], default="wrk")
    args = parser.parse_args()
    if args.db != "both":
        bench_one(args.db, args)
        return
    print("machine:", machine())
    for db in ("sqlite", "pg"):
        cmd = [sys.executable, __file__, *sys.argv[1:], "--db", db]
        if subprocess.run(cmd, cwd=REPO, check=False).returncode != 0:
            raise SystemExit(f"ingest bench failed on {db}")


if __name__ == "__main__":
    main()
