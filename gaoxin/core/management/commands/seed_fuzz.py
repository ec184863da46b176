"""Seed an empty database for API fuzzing: the test world plus an admin token (printed)."""

from __future__ import annotations

from typing import Any

from django.core.management import BaseCommand, CommandError

from gaoxin.core.models import Region, User
from gaoxin.core.testing import build_world
from gaoxin.core.tokens import api_token_issue


class Command(BaseCommand):
    help = "Seed the persona world and print an API token acting as the system admin (for schemathesis)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Region.objects.exists():
            raise CommandError("database is not empty")
        build_world()
        admin = User.objects.get(username="admin")
        _token, plain = api_token_issue(actor=admin, name="fuzz", scopes=["*"], user=admin)
        self.stdout.write(plain)
