"""`manage.py import_industries FILE`: load GB/T 4754-2017 中类/小类 from the official table (CSV/XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from gaoxin.core.errors import DomainError
from gaoxin.enterprises.industries import industries_import, parse_industry_file


class Command(BaseCommand):
    help = "Load finer GB/T 4754-2017 levels (中类/小类) from a CSV/XLSX with code + name columns (all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.exists():
            raise CommandError(f"文件不存在：{file}")
        try:
            rows, errors = parse_industry_file(file)
            if errors:
                raise DomainError("；".join(errors[:20]), details=errors)
            created, updated = industries_import(actor=None, rows=rows)
        except DomainError as exc:
            details = exc.details if isinstance(exc.details, list) else [exc.message]
            raise CommandError("未导入任何数据：\n" + "\n".join(details)) from None
        self.stdout.write(self.style.SUCCESS(f"已导入：新增 {created} 条，更新 {updated} 条。"))
