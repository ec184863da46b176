"""The gunicorn worker of `scripts/serve`: uvicorn's, each process on a listening socket of its own.

With gunicorn's one listening socket shared by every worker, the worker that wakes first
accepts every connection waiting at that moment: a burst of connections (a client pool
opening, a proxy's upstream keep-alive pool, devices reconnecting after a network cut) lands
on one process, and its keep-alive connections stay there. Measured with `ingest_bench.py`
(docs/performance.md): the same 20 s of load gave 1,546 ratings/s when wrk's 32 connections
were spread over both processes and 918/s when one process held them all, its one core busy
and the other idle.

With `GAOXIN_LISTEN=host:port` each worker binds its own socket to that address with
SO_REUSEPORT, and the kernel spreads new connections over the workers' sockets (a hash of
the connection's addresses); gunicorn's own socket (`--bind`) is then left to a Unix socket
nobody connects to. Without it the worker is uvicorn's as it comes.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from uvicorn_worker import UvicornWorker


def listen_reuseport(address: str, backlog: int) -> socket.socket:
    """A listening TCP socket on `address` ("host:port", "[v6]:port") that other processes
    may bind too (SO_REUSEPORT): the kernel balances new connections between them."""
    host, _sep, port = address.rpartition(":")
    host = host.strip("[]") or "0.0.0.0"  # noqa: S104 (":8000" means every interface, as gunicorn reads it)
    family, kind, proto, _name, sockaddr = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(sockaddr)
    sock.listen(backlog)
    sock.setblocking(False)
    return sock


def listening_sockets(port: int) -> int:
    """How many TCP sockets listen on `port` (Linux /proc/net/tcp and tcp6; state 0A = LISTEN)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


class ReusePortWorker(UvicornWorker):
    """UvicornWorker listening on its own SO_REUSEPORT socket when GAOXIN_LISTEN is set."""

    async def _serve(self) -> None:
        address = os.environ.get("GAOXIN_LISTEN", "")
        if address:
            self.sockets = [listen_reuseport(address, self.cfg.backlog)]  # instead of gunicorn's
        await super()._serve()


def main(argv: list[str]) -> int:
    """`python -m config.workers free HOST:PORT`: exit 1, saying why, if something listens there.

    scripts/serve runs it before gunicorn: with SO_REUSEPORT a second server binds the same port
    without an error and the kernel silently hands it part of the connections (an old server
    left running would answer with old code, against whatever database it was started on)."""
    if len(argv) != 2 or argv[0] != "free":
        print("usage: python -m config.workers free HOST:PORT", file=sys.stderr)
        return 2
    port = int(argv[1].rpartition(":")[2])
    taken = listening_sockets(port)
    if taken:
        print(
            f"serve: port {port} already has {taken} listening socket(s): another server is running there "
            "(stop it first; with SO_REUSEPORT both would share the connections)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
