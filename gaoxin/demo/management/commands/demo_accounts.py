from __future__ import annotations

from typing import Any

from django.core.management import BaseCommand

from gaoxin.demo.personas import DEMO_PASSWORD, PERSONAS


class Command(BaseCommand):
    help = "Print the demo URL and one account per persona."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Gaoxin 演示环境: {url}"))
        self.stdout.write(f"所有演示账号的密码 / password for every demo account: {DEMO_PASSWORD}")
        for p in PERSONAS:
            self.stdout.write(f"  {p.username:<10} {p.display_name:<6} {p.description}")
        self.stdout.write("")
