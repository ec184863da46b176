"""Importer base class, registry, and the dry-run reading of a workbook (no writes here)."""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, NotFound
from gaoxin.core.excel.columns import Column, RowError, normalize_header

PREVIEW_ROWS = 20
MAX_STORED_ERRORS = 2000


class FileError(DomainError):
    """The whole file is refused (wrong type, empty, corrupt, wrong headers, too many rows)."""

    code = "import_file"


class Importer:
    """One importable list. Subclass, declare columns, then `register(MyImporter())`.

    key: stable identifier (URL-safe); title: Chinese name shown to users; action: the domain
    permission action needed to import (besides core.import.run); natural_key: column keys that
    identify a record (upsert by them).
    """

    key: str = ""
    title: str = ""
    action: str = ""
    natural_key: tuple[str, ...] = ()
    columns: list[Column] = []

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        """Check and convert one parsed row; raise RowError(column_key, message) for a bad cell."""
        return values

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        """Which natural keys already exist (for the create/update counts of the dry run)."""
        return set()

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        """Write all rows through services (inside one transaction); return (created, updated)."""
        raise NotImplementedError

    def row_warnings(self, rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
        """Things worth a look in the cleaned rows ((sheet row number, values)) that do not stop
        the import, shown with the dry run's counts (e.g. a near-duplicate of a stored record)."""
        return []

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row.get(k) for k in self.natural_key)

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


_registry: dict[str, Importer] = {}
_discovered = False


def register(importer: Importer) -> Importer:
    if not importer.key or not importer.action or not importer.columns:
        raise ValueError("an importer needs key, action and columns")
    existing = _registry.get(importer.key)
    if existing is not None and type(existing) is not type(importer):
        raise RuntimeError(f"importer {importer.key!r} registered twice")
    _registry[importer.key] = importer
    return importer


def _discover() -> None:
    """Import `<app>.importers` of every Gaoxin app once, so their register() calls run."""
    global _discovered
    if _discovered:
        return
    for config in apps.get_app_configs():
        if not config.name.startswith("gaoxin."):
            continue
        try:
            importlib.import_module(f"{config.name}.importers")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.importers":
                raise
    _discovered = True


def get_importer(key: str) -> Importer:
    _discover()
    try:
        return _registry[key]
    except KeyError:
        raise NotFound(_("未知的导入类型：%(k)s") % {"k": key}, code="importer_unknown") from None


def all_importers() -> list[Importer]:
    _discover()
    return sorted(_registry.values(), key=lambda i: i.key)


# --- reading a workbook -------------------------------------------------------------------


@dataclass
class OpenedSheet:
    header_map: dict[str, int]  # column key -> 0-based index
    rows: Callable[[], Iterator[tuple[int, tuple[Any, ...]]]]  # (excel row number, cells)
    estimated_rows: int
    warnings: list[str] = field(default_factory=list)


def check_upload(name: str, size: int) -> None:
    if not name.lower().endswith(".xlsx"):
        raise FileError(_("只支持 .xlsx 格式的 Excel 文件（请在 Excel 中“另存为 Excel 工作簿”）。"))
    if size == 0:
        raise FileError(_("文件为空。"))
    limit = getattr(settings, "EXCEL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    if size > limit:
        raise FileError(
            _("文件过大（%(n)s MB），最大 %(m)s MB。") % {"n": round(size / 1048576, 1), "m": limit // 1048576}
        )


def open_sheet(fileobj: IO[bytes], importer: Importer) -> OpenedSheet:
    """Open the first sheet, match its headers and estimate the row count, or raise FileError."""
    from openpyxl import load_workbook

    fileobj.seek(0)
    if not zipfile.is_zipfile(fileobj):
        raise FileError(_("文件已损坏或不是 Excel (.xlsx) 文件。"))
    fileobj.seek(0)
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), None)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise FileError(_("文件已损坏或不是 Excel (.xlsx) 文件。")) from None
    expected = "、".join(f"{c.header}{'（必填）' if c.required else ''}" for c in importer.columns)
    if not first or all(v is None or str(v).strip() == "" for v in first):
        raise FileError(_("文件为空：第一行应为表头：%(h)s。") % {"h": expected})
    by_header = {normalize_header(c.header): c for c in importer.columns}
    by_header.update({normalize_header(c.key): c for c in importer.columns})
    header_map: dict[str, int] = {}
    unknown: list[str] = []
    duplicate: list[str] = []
    for index, cell in enumerate(first):
        norm = normalize_header(cell)
        if not norm:
            continue
        col = by_header.get(norm)
        if col is None:
            unknown.append(str(cell))
        elif col.key in header_map:
            duplicate.append(col.header)
        else:
            header_map[col.key] = index
    missing = [c.header for c in importer.columns if c.required and c.key not in header_map]
    if missing or duplicate:
        parts = []
        if missing:
            parts.append(_("缺少必填列：%(m)s") % {"m": "、".join(missing)})
        if duplicate:
            parts.append(_("重复的列：%(d)s") % {"d": "、".join(duplicate)})
        raise FileError(
            _("表头不正确（%(p)s）。应有的表头为：%(h)s。请下载导入模板。") % {"p": "；".join(parts), "h": expected},
            details={"missing": missing, "duplicate": duplicate, "unknown": unknown},
        )
    warnings = [_("已忽略无法识别的列：%(u)s") % {"u": "、".join(unknown)}] if unknown else []
    max_rows = settings.EXCEL_MAX_ROWS
    estimated = max((ws.max_row or 1) - 1, 0)

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                continue
            yield number, cells

    if estimated > max_rows:
        # the dimension may include blank formatted rows: count for real before refusing
        count = 0
        for _row in rows():
            count += 1
            if count > max_rows:
                raise FileError(_("文件行数超过上限（最多 %(m)s 行数据），请拆分后分批导入。") % {"m": max_rows})
        estimated = count
    return OpenedSheet(header_map=header_map, rows=rows, estimated_rows=estimated, warnings=warnings)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):  # as a cell would read (tags: 新材料、复合材料), not "['新材料', …]"
        return "、".join(str(_jsonable(v)) for v in value)
    return str(value)


@dataclass
class ValidationResult:
    rows: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    preview: list[dict[str, Any]]
    total: int
    to_create: int
    to_update: int
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)  # about the sheet (e.g. unknown columns)
    row_warnings: list[str] = field(default_factory=list)  # about rows (Importer.row_warnings)


def validate_rows(
    sheet: OpenedSheet, importer: Importer, *, actor: Any, progress: Callable[[int], None] | None = None
) -> ValidationResult:
    """Parse and clean every row; collect per-row errors; nothing is written."""
    max_rows = settings.EXCEL_MAX_ROWS
    headers = {c.key: c.header for c in importer.columns}
    cleaned: list[dict[str, Any]] = []
    numbers: list[int] = []
    errors: list[dict[str, Any]] = []
    error_count = 0
    seen: dict[tuple[Any, ...], int] = {}
    total = 0

    def add_error(row: int, column: str, message: str) -> None:
        nonlocal error_count
        error_count += 1
        if len(errors) < MAX_STORED_ERRORS:
            errors.append({"row": row, "column": headers.get(column, column), "message": message})

    for number, cells in sheet.rows():
        total += 1
        if total > max_rows:
            raise FileError(_("文件行数超过上限（最多 %(m)s 行数据），请拆分后分批导入。") % {"m": max_rows})
        if progress is not None and total % 500 == 0:
            progress(total)
        values: dict[str, Any] = {}
        bad = False
        for col in importer.columns:
            index = sheet.header_map.get(col.key)
            raw = cells[index] if index is not None and index < len(cells) else None
            try:
                values[col.key] = col.parse(raw)
            except RowError as exc:
                add_error(number, exc.column, exc.message)
                bad = True
        if bad:
            # still register a readable natural key, so a later duplicate of this row is reported too
            key = importer.key_of(values)
            if importer.natural_key and None not in key and key not in seen:
                seen[key] = number
            continue
        try:
            row = importer.clean_row(values, actor=actor)
        except RowError as exc:
            add_error(number, exc.column, exc.message)
            continue
        except DomainError as exc:
            add_error(number, "", exc.message)
            continue
        key = importer.key_of(row)
        if importer.natural_key and key in seen:
            label = "、".join(headers.get(k, k) for k in importer.natural_key)
            add_error(number, importer.natural_key[0], _("与第 %(r)s 行的%(k)s重复") % {"r": seen[key], "k": label})
            continue
        seen[key] = number
        cleaned.append(row)
        numbers.append(number)
    if total == 0:
        raise FileError(_("文件中没有数据行（表头下方为空）。"))
    existing = importer.existing_keys(list(seen)) if importer.natural_key and not errors else set()
    to_update = sum(1 for row in cleaned if importer.key_of(row) in existing)
    preview = []
    for number, row in zip(numbers[:PREVIEW_ROWS], cleaned[:PREVIEW_ROWS], strict=True):
        action = "update" if importer.key_of(row) in existing else "create"
        preview.append(
            {"row": number, "action": action, "values": [_jsonable(row.get(c.key)) for c in importer.columns]}
        )
    return ValidationResult(
        rows=cleaned,
        errors=errors,
        preview=preview,
        total=total,
        to_create=len(cleaned) - to_update,
        to_update=to_update,
        error_count=error_count,
        warnings=list(sheet.warnings),
        row_warnings=importer.row_warnings(list(zip(numbers, cleaned, strict=True))),
    )
