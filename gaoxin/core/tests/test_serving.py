"""scripts/serve's gunicorn worker (config/workers.py): each process listens on the port with a
socket of its own, so the kernel spreads connections over the processes."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from config.ports import listen_reuseport, listening_sockets

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_sockets_share_a_port_and_the_kernel_spreads_connections_over_them():
    port = free_port()
    first, second = listen_reuseport(f"127.0.0.1:{port}", 64), listen_reuseport(f"127.0.0.1:{port}", 64)
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(64)]
    try:
        time.sleep(0.1)
        accepted = []
        for sock in (first, second):
            n = 0
            while True:
                try:
                    conn, _addr = sock.accept()
                except BlockingIOError:
                    break
                conn.close()
                n += 1
            accepted.append(n)
    finally:
        for c in clients:
            c.close()
        first.close()
        second.close()
    assert sum(accepted) == 64
    assert min(accepted) > 0  # all 64 on one socket has a chance of 2**-63


def test_gunicorn_workers_each_take_connections_of_a_burst(tmp_path):
    """Two workers of config.workers.ReusePortWorker, 32 keep-alive connections opened at once:
    both processes answer some (with gunicorn's one shared socket, one process often took all)."""
    port = free_port()
    env = {**os.environ, "GAOXIN_LISTEN": f"127.0.0.1:{port}", "PYTHONPATH": str(REPO)}
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "gaoxin.core.tests.pid_app:app",
        "--bind",
        f"unix:{tmp_path / 'g.sock'}",
        "--workers",
        "2",
        "--worker-class",
        "config.workers.ReusePortWorker",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, start_new_session=True)  # noqa: S603 (fixed arguments)
    try:
        deadline = time.monotonic() + 30
        while listening_sockets(port) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert listening_sockets(port) == 2  # one socket per worker, none of gunicorn's
        conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=5) for _ in range(32)]
        for c in conns:
            c.connect()  # the burst: all 32 connect before any request
        for c in conns:
            c.request("GET", "/")
        pids = [c.getresponse().read().decode() for c in conns]
        for c in conns:
            c.close()
        assert len(set(pids)) == 2  # all 32 on one process: a chance of 2**-31
        assert all(pid.isdigit() and int(pid) != proc.pid for pid in pids)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_serve_refuses_a_port_another_server_listens_on():
    port = free_port()
    cmd = [sys.executable, "-m", "config.ports", "free", f"127.0.0.1:{port}"]
    assert subprocess.run(cmd, cwd=REPO, capture_output=True, check=False).returncode == 0  # noqa: S603
    other = listen_reuseport(f"127.0.0.1:{port}", 8)  # an old server still running
    try:
        out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)  # noqa: S603
    finally:
        other.close()
    assert out.returncode == 1
    assert out.stderr.strip() == (
        f"serve: port {port} already has 1 listening socket(s): another server is running there "
        "(stop it first; with SO_REUSEPORT both would share the connections)"
    )
