"""Load a realistic 好差评 dataset (COPY on PostgreSQL) and rebuild its rollups, for benchmarks."""

from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from gaoxin.evalstats.generate import generate


class Command(BaseCommand):
    help = "Generate N realistic ratings (org, cases, work orders) into an EMPTY database, then rebuild rollups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ratings", type=int, default=10_000_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--end", type=date.fromisoformat, default=None, help="last day (default: yesterday)")
        parser.add_argument("--days", type=int, default=730)

    def handle(self, *args, **options):
        result = generate(
            ratings=options["ratings"],
            seed=options["seed"],
            end=options["end"],
            days=options["days"],
            log=self.stdout.write,
        )
        self.stdout.write(
            f"generated {result['rating']:,} ratings in {result['load_s']:.0f} s; "
            f"rollup rebuild {result['rebuild_s']:.1f} s ({result['rollup_rows']:,} rows)"
        )
