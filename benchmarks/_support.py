"""Shared plumbing for the benchmarks: databases, the production server, percentiles.

Every benchmark measures Gaoxin as `make serve` runs it (gunicorn workers, WhiteNoise) and
prints its figures next to a baseline measured in the same run. PostgreSQL is the local
cluster (`pg_ctlcluster 15 main start`, as in `.ci/run`); each benchmark uses databases of
its own, dropped and re-created, so nothing it does touches the demo's data.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # config.workers, gaoxin: the repository's packages
    sys.path.insert(0, str(REPO))
PY = REPO / ".venv" / "bin" / "python"
# The SECRET_KEY of every benchmark server; load data with it too (it derives the field-encryption key).
BENCH_SECRET_KEY = "bench-" + "x" * 50
PG_ADMIN_URL = os.getenv("BENCH_PG_ADMIN", "postgres://gaoxin:gaoxin@127.0.0.1:5432/postgres")


def _psql_as_postgres(sql: str) -> None:
    cmd = ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
    if os.geteuid() == 0:
        cmd = ["su", "postgres", "-c", " ".join(_sh_quote(c) for c in cmd)]
    subprocess.run(cmd, check=True, cwd="/")


def _sh_quote(s: str) -> str:
    return "'" + s.replace("'", "'\"'\"'") + "'"


def postgres_up() -> None:
    """Start the local PostgreSQL 15 cluster if it is down and make the `gaoxin` role."""
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode != 0:
        subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=False)
        for _ in range(60):
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0:
                break
            time.sleep(0.5)
        else:
            raise SystemExit("PostgreSQL did not start (pg_ctlcluster 15 main start)")
    _psql_as_postgres(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='gaoxin') THEN "
        "CREATE ROLE gaoxin LOGIN SUPERUSER PASSWORD 'gaoxin'; END IF; END $$;"
    )


def postgres_url(name: str, *, fresh: bool = True) -> str:
    """URL of database `name` on the local cluster, re-created empty when `fresh`."""
    postgres_up()
    if fresh:
        _psql_as_postgres(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _psql_as_postgres(f"CREATE DATABASE {name} OWNER gaoxin")
    return f"postgres://gaoxin:gaoxin@127.0.0.1:5432/{name}"


def scratch_dir(name: str) -> Path:
    """An empty directory for a benchmark's SQLite files and logs (var/bench/<name>)."""
    path = REPO / "var" / "bench" / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'gaoxin.sqlite3'}"


def django_env(database_url: str, var_dir: Path | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if var_dir is not None:
        env["GAOXIN_VAR_DIR"] = str(var_dir)
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], capture: bool = False) -> str:
    """Run `manage.py args…` in a subprocess with `env`; return stdout when `capture`."""
    out = subprocess.run(
        [str(PY), "manage.py", *args], cwd=REPO, env=env, check=True, text=True, capture_output=capture
    )
    return out.stdout if capture else ""


def django_setup(database_url: str, var_dir: Path | None = None) -> None:
    """Configure Django in this process against `database_url` (for generators and baselines)."""
    os.environ.update(django_env(database_url, var_dir))
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


class Server:
    """`scripts/serve` (gunicorn + WhiteNoise) on `port` in its own process group."""

    def __init__(
        self,
        database_url: str,
        *,
        port: int,
        var_dir: Path,
        workers: int | None = None,
        task_worker: bool = False,
        **env: str,
    ) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.var_dir = var_dir
        self.env = django_env(
            database_url,
            var_dir,
            BIND=f"127.0.0.1:{port}",
            GUNICORN_ACCESS_LOG="/dev/null",
            SERVE_NO_WORKER="0" if task_worker else "1",
            SECRET_KEY=BENCH_SECRET_KEY,
            **env,
        )
        if workers:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = var_dir / f"server-{port}.log"

    def start(self, timeout: float = 60, *, setup: bool = True) -> Server:
        """Start and wait until the API answers; `setup=False` skips migrate and collectstatic
        (SERVE_SKIP_SETUP=1), as for a restart of the code that ran before."""
        env = self.env if setup else {**self.env, "SERVE_SKIP_SETUP": "1"}
        self._port_released()  # the previous server's workers (a restart): scripts/serve checks it
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(REPO / "scripts" / "serve")],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.base + "/api/v1/openapi.json", timeout=2) as r:  # noqa: S310 (http on loopback)
                    if r.status == 200 and self._all_listening():
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer within {timeout}s; see {self.log}")

    def _all_listening(self) -> bool:
        """Every worker listens (scripts/serve's default workers each bind the port with a socket
        of their own): a load started before the last one listens would hand it no connection."""
        if self.env.get("GUNICORN_WORKER_CLASS", "config.workers.ReusePortWorker") != "config.workers.ReusePortWorker":
            return True
        workers = int(self.env.get("WEB_CONCURRENCY") or max(2, os.cpu_count() or 1))
        from config.ports import listening_sockets

        return listening_sockets(self.port) >= workers

    def kill(self) -> None:
        """SIGKILL the whole process group: master, workers, task worker. No goodbyes."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def _port_released(self, timeout: float = 30) -> None:
        """Wait until nothing listens on the port: the shell of scripts/serve exits before its
        gunicorn workers are gone, and scripts/serve refuses a port something still listens on
        (a next server would otherwise share it with the old one)."""
        from config.ports import listening_sockets

        deadline = time.monotonic() + timeout
        while listening_sockets(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def temp_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="gaoxin-bench-") as d:
        yield Path(d)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": f"{mem_gib:.0f} GiB",
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def report(name: str, figures: dict[str, object]) -> None:
    """Print figures as a table and append them as one JSON line to var/bench/results.jsonl."""
    width = max(len(k) for k in figures) if figures else 0
    print(f"--- {name}")
    for k, v in figures.items():
        print(f"  {k:<{width}}  {v}")
    out = REPO / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"bench": name, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), **figures}, default=str) + "\n")


def bench_hall(world: Any, *, windows: int = 1) -> dict[str, Any]:
    """The hall the rating benchmarks load: 聊城高新区's hall with `windows` windows (企业开办 in
    market supervision, then 投资项目 in approval), the world's clerk at window 1 and one
    promised service item. Call after django_setup() and build_world()."""
    from gaoxin.evaluations.enums import ItemKind
    from gaoxin.evaluations.services import hall_create, item_create, staff_create, window_create

    u = world.units
    hall = hall_create(actor=None, unit=u["hall"], code="GXDT", address="聊城高新区黄河路1号")
    made = [
        window_create(actor=None, hall=hall, number=str(n), name=name, department=u[dept])
        for n, (name, dept) in enumerate([("企业开办", "market"), ("投资项目", "approval")][:windows], start=1)
    ]
    staff = staff_create(actor=None, user=world.clerk, hall=hall, window=made[0], job_number="GX001")
    item = item_create(
        actor=None,
        code="11371500MB28XXXX-001",
        name="企业设立登记",
        department=u["market"],
        kind=ItemKind.PROMISED,
        time_limit_days=3,
    )
    return {"hall": hall, "windows": made, "staff": staff, "item": item}
