"""`manage.py matching_eval DIR`: nDCG@10, P@5 and MRR of the engine and the BM25 baseline
on a labelled set (needs.jsonl, resources.jsonl, qrels.tsv, optional meta.json)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand

from gaoxin.matching.engine.evaluation import EvalFormatError, format_report, run_evaluation

REQUIRED = ("needs.jsonl", "resources.jsonl", "qrels.tsv")


class Command(BaseCommand):
    help = "Evaluate the matching engine against the BM25 baseline on a labelled set."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", help="folder with needs.jsonl, resources.jsonl, qrels.tsv")

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args: Any, directory: str, **options: Any) -> None:
        d = Path(directory)
        if not d.is_dir():
            self._fail(f"error: {directory}: not a directory")
        missing = [name for name in REQUIRED if not (d / name).is_file()]
        if missing:
            self._fail(f"error: {directory}: missing {', '.join(missing)}")
        try:
            result = run_evaluation(d)
        except EvalFormatError as exc:
            self._fail(f"error: {exc.file}, line {exc.line}: {exc.message}")
        except (ValueError, UnicodeDecodeError) as exc:
            self._fail(f"error: {exc}")
        self.stdout.write(format_report(result))
