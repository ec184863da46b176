"""Load the 聊城高新区 demo scenario: `manage.py demo [--reset] [--scale N]`.

Each domain contributes a module in gaoxin/demo/scenario/, run in the order below;
every record is written through the domain's services, so the dashboards compute the
report's figures from records.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from gaoxin.demo.scenario.context import ScenarioContext

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
            from gaoxin.core.calendar import seed_from_chinesecalendar

            seed_from_chinesecalendar()
        elif Region.objects.exists():
            raise CommandError("数据库中已有数据；如需重新生成演示数据，请加 --reset")
        ctx = ScenarioContext(scale=scale, seed=seed, stdout=self.stdout)
        for step in STEPS:
            try:
                module = importlib.import_module(f"gaoxin.demo.scenario.{step}")
            except ModuleNotFoundError as exc:
                if exc.name != f"gaoxin.demo.scenario.{step}":
                    raise
                continue
            started = time.monotonic()
            with transaction.atomic():
                module.load(ctx)
            self.stdout.write(f"  {step:<15} {time.monotonic() - started:6.1f}s")
        self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
