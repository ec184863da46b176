"""Rebuild the rollup counters from ratings, cases and work orders (all or nothing)."""

from django.core.management.base import BaseCommand

from gaoxin.evalstats.services import rollup_rebuild


class Command(BaseCommand):
    help = "Rebuild 好差评 rollup counters from the raw data."

    def handle(self, *args, **options):
        rows = rollup_rebuild(actor=None)
        self.stdout.write(f"rebuilt {rows} rollup rows")
