"""manage.py scheduler [--once] [--interval N] [--list]: enqueue due periodic jobs as tasks."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from gaoxin.core.periodic import periodic_enqueue_due, schedule_rows


def _local(value: Any, empty: str) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else empty


class Command(BaseCommand):
    help = "Enqueue due periodic jobs (gaoxin.core.periodic) as tasks for the worker; loops until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes (default 5)")
        parser.add_argument("--list", action="store_true", help="print the registered jobs and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        if options["list"]:
            for row in schedule_rows():
                self.stdout.write(
                    f"{row['name']}\tevery {row['every_seconds']}s\tlast {_local(row['last_enqueued_at'], '-')}"
                    f"\tnext {_local(row['next_due_at'], 'now')}\t{row['last_error'] or ''}"
                )
            return
        if options["once"]:
            self._tick()
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"scheduler: every {options['interval']}s, Ctrl-C to stop")
        while not stop.is_set():
            try:
                self._tick()
            except Exception as exc:  # a database hiccup must not stop the scheduler
                self.stderr.write(f"scheduler: pass failed: {type(exc).__name__}: {exc}")
            finally:
                close_old_connections()
            stop.wait(options["interval"])

    def _tick(self) -> None:
        names = periodic_enqueue_due()
        if names or self.verbosity >= 2:
            self.stdout.write("enqueued: " + (", ".join(names) if names else "-"))
