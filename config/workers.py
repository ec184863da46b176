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

from uvicorn_worker import UvicornWorker

from config.ports import listen_reuseport


class ReusePortWorker(UvicornWorker):
    """UvicornWorker listening on its own SO_REUSEPORT socket when GAOXIN_LISTEN is set."""

    async def _serve(self) -> None:
        address = os.environ.get("GAOXIN_LISTEN", "")
        if address:
            self.sockets = [listen_reuseport(address, self.cfg.backlog)]  # instead of gunicorn's
        await super()._serve()
