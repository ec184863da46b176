"""Writing workbooks: filtered-list exports (audited), import templates and error reports."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import transaction
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.permissions import require

FILTER_SHEET = "筛选条件"
_SHEET_BAD = re.compile(r"[\\/*?:\[\]]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_title(title: str) -> str:
    return _SHEET_BAD.sub(" ", str(title))[:31] or "Sheet1"


def cell_value(value: Any) -> Any:
    """A value openpyxl can store: naive local datetimes, text for enums/lazy strings/lists."""
    if value is None or isinstance(value, bool | int | float | Decimal | str):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(str(cell_value(v)) for v in value)
    return str(value)


def _new_workbook() -> Any:
    from openpyxl import Workbook

    return Workbook(write_only=True)


def _bold_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cells = []
    for v in values:
        cell = WriteOnlyCell(ws, value=cell_value(v))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cells.append(cell)
    return cells


def _response(wb: Any, filename: str) -> FileResponse:
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by FileResponse
    wb.save(out)
    out.seek(0)
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def export_workbook_response(
    *,
    actor: Any,
    action: str,
    filename: str,
    title: str,
    columns: list[tuple[Any, Callable[[Any], Any]]],  # (header text or lazy text, getter)
    rows: Iterable[Any],
    filters: dict[str, str],
) -> HttpResponseBase:
    """An .xlsx of exactly `rows` (data sheet + "筛选条件" sheet); checks `action`; audited as "export"."""
    require(actor, action)
    wb = _new_workbook()
    ws = wb.create_sheet(sheet_title(title))
    ws.freeze_panes = "A2"
    ws.append(_bold_row(ws, [header for header, _fn in columns]))
    getters = [fn for _header, fn in columns]
    count = 0
    iterator = rows.iterator(chunk_size=2000) if hasattr(rows, "iterator") else rows
    for obj in iterator:
        ws.append([cell_value(fn(obj)) for fn in getters])
        count += 1
    meta = wb.create_sheet(FILTER_SHEET)
    meta.append(_bold_row(meta, [_("条件"), _("值")]))
    for key, value in filters.items():
        meta.append([cell_value(key), cell_value(value)])
    if not filters:
        meta.append([_("（无）"), _("全部记录")])
    meta.append([])
    meta.append([_("导出时间"), timezone.localtime().replace(tzinfo=None)])
    meta.append([_("导出人"), str(getattr(actor, "display_name", "") or actor)])
    meta.append([_("记录数"), count])
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="export",
            object_type=action,
            object_repr=filename[:200],
            after={
                "title": str(title),
                "filename": filename,
                "filters": {str(k): str(v) for k, v in filters.items()},
                "rows": count,
            },
        )
    return _response(wb, filename)


def template_response(importer: Any) -> HttpResponseBase:
    """The empty import template: the header row, and a "数据字典" sheet (examples live there)."""
    wb = _new_workbook()
    ws = wb.create_sheet(sheet_title(importer.title))
    ws.append(_bold_row(ws, [f"{c.header}" for c in importer.columns]))
    dictionary = wb.create_sheet("数据字典")
    dictionary.append(_bold_row(dictionary, [_("列名"), _("必填"), _("类型"), _("允许的值"), _("示例"), _("说明")]))
    for c in importer.columns:
        dictionary.append(
            [
                c.header,
                _("是") if c.required else _("否"),
                c.type_label,
                "、".join(c.choice_labels),
                c.example,
                c.help,
            ]
        )
    dictionary.append([])
    keys = "、".join(importer.column(k).header for k in importer.natural_key)
    dictionary.append([_("说明"), _("按“%(k)s”匹配：已存在则更新，不存在则新增。") % {"k": keys}])
    return _response(wb, f"{importer.title}-导入模板.xlsx")


def error_report_response(job: Any) -> HttpResponseBase:
    wb = _new_workbook()
    ws = wb.create_sheet("错误报告")
    ws.append(_bold_row(ws, [_("行号"), _("列"), _("原因")]))
    for err in job.errors:
        ws.append([err.get("row"), err.get("column", ""), err.get("message", "")])
    return _response(wb, f"{job.original_name.rsplit('.', 1)[0]}-错误报告.xlsx")
