"""Seed an empty database for API fuzzing: the test world, an admin token and an evaluator
device's token (printed on two lines), so the device operations are fuzzed past their token check."""

from __future__ import annotations

from typing import Any

from django.core.management import BaseCommand, CommandError

from gaoxin.core.models import Region, User
from gaoxin.core.testing import build_world
from gaoxin.core.tokens import api_token_issue


class Command(BaseCommand):
    help = "Seed the persona world; print an API token acting as the system admin, then a device's token (for schemathesis)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Region.objects.exists():
            raise CommandError("database is not empty")
        from gaoxin.evaluations.api import CASES_SCOPE, INTAKE_SCOPE
        from gaoxin.evaluations.services import device_register, hall_create, window_create

        world = build_world()
        admin = User.objects.get(username="admin")
        # the intake and case-system scopes too, so those operations get past their scope check
        scopes = ["*", INTAKE_SCOPE, CASES_SCOPE]
        _token, plain = api_token_issue(actor=admin, name="fuzz", scopes=scopes, user=admin)
        self.stdout.write(plain)
        hall = hall_create(actor=None, unit=world.units["hall"], code="GXDT")
        window = window_create(actor=None, hall=hall, number="1", name="企业开办", department=world.units["market"])
        _device, device_token = device_register(actor=None, hall=hall, window=window, name="fuzz 评价器")
        self.stdout.write(device_token)
