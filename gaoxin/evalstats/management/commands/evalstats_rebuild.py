"""Rebuild the rollup counters from ratings, cases and work orders (all or nothing)."""

import time

from django.core.management.base import BaseCommand, CommandParser

from gaoxin.evalstats.bulk import rollup_rebuild_sql
from gaoxin.evalstats.services import rollup_rebuild


class Command(BaseCommand):
    help = "Rebuild 好差评 rollup counters from the raw data (set-based SQL; --python for the row-by-row path)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--python", action="store_true", help="sum rating vectors in Python (slow; reference)")

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rollup_rebuild(actor=None) if options["python"] else rollup_rebuild_sql(actor=None)
        self.stdout.write(f"rebuilt {rows} rollup rows in {time.perf_counter() - started:.1f} s")
