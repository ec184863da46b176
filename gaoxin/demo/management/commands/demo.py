"""Load the 聊城高新区 demo scenario: `manage.py demo [--reset] [--scale N]`.

Each domain contributes a module in gaoxin/demo/scenario/, run in the order below;
every record is written through the domain's services, so the dashboards compute the
report's figures from records.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection, transaction

from gaoxin.demo.scenario.context import ScenarioContext

# Reference data that migrations seed; a flush empties it, so --reset seeds it again.
REFERENCE_SEEDS = [
    ("gaoxin.core.migrations.0003_seed_working_day_calendar", "seed"),
    ("gaoxin.enterprises.migrations.0003_load_gbt4754_2017_sections_divisions", "load"),
    ("gaoxin.projects.migrations.0002_seed_industries_modes_milestones", "seed"),
]
STEPS = ["core", "enterprises", "evaluations", "rectifications", "evalstats", "matching", "projects"]


class Command(BaseCommand):
    help = "Load the 聊城高新区 demo scenario (idempotent with --reset)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reset", action="store_true", help="flush the database first")
        parser.add_argument("--scale", type=int, default=1, help="multiply volumes (ratings, cases…) by N")
        parser.add_argument("--seed", type=int, default=20221008)

    def handle(self, *args: Any, reset: bool, scale: int, seed: int, **options: Any) -> None:
        from gaoxin.core.models import Region

        if scale < 1:
            raise CommandError("--scale must be >= 1")
        if reset:
            call_command("flush", "--no-input", verbosity=0)
            from django.apps import apps

            from gaoxin.core.calendar import invalidate_calendar_cache

            with transaction.atomic():
                for module_name, function in REFERENCE_SEEDS:
                    getattr(importlib.import_module(module_name), function)(apps, None)
            invalidate_calendar_cache()
        elif Region.objects.exists():
            raise CommandError("数据库中已有数据；如需重新生成演示数据，请加 --reset")
        ctx = ScenarioContext(scale=scale, seed=seed, stdout=self.stdout)
        # Tens of thousands of writes: do not keep every SQL statement in memory as DEBUG would.
        connection.force_debug_cursor = False
        settings.DEBUG = False
        for step in STEPS:
            try:
                module = importlib.import_module(f"gaoxin.demo.scenario.{step}")
            except ModuleNotFoundError as exc:
                if exc.name != f"gaoxin.demo.scenario.{step}":
                    raise
                continue
            started, cpu = time.monotonic(), time.process_time()
            with transaction.atomic():
                module.load(ctx)
            elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
            self.stdout.write(f"  {step:<15} {elapsed:6.1f}s  (cpu {cpu:5.1f}s)")
        # Fresh planner statistics after a bulk load: without them SQLite sorts every audit row for
        # the audit page (its `at` index goes unused); PostgreSQL's autovacuum would get there later.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
