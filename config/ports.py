"""The listening sockets of `scripts/serve` (SO_REUSEPORT, one per worker: config/workers.py),
and the check that nothing listens on the port yet: `python -m config.ports free HOST:PORT`.

Kept apart from the worker class so that the check, which scripts/serve runs before every
start, imports neither gunicorn nor uvicorn.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path


def split_address(address: str) -> tuple[str, int]:
    """("host", port) of "host:port", "[v6]:port" or ":port" (every interface, as gunicorn reads it)."""
    host, _sep, port = address.rpartition(":")
    return host.strip("[]") or "0.0.0.0", int(port)  # noqa: S104


def listen_reuseport(address: str, backlog: int) -> socket.socket:
    """A listening TCP socket on `address` ("host:port", "[v6]:port") that other processes
    may bind too (SO_REUSEPORT): the kernel balances new connections between them."""
    host, port = split_address(address)
    family, kind, proto, _name, sockaddr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
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


def main(argv: list[str]) -> int:
    """`python -m config.ports free HOST:PORT`: exit 1, saying why, if something listens there.

    scripts/serve runs it before gunicorn: with SO_REUSEPORT a second server binds the same port
    without an error and the kernel silently hands it part of the connections (an old server
    left running would answer with old code, against whatever database it was started on)."""
    if len(argv) != 2 or argv[0] != "free":
        print("usage: python -m config.ports free HOST:PORT", file=sys.stderr)
        return 2
    _host, port = split_address(argv[1])
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
