"""GB/T 4754 finer levels (中类/小类) from the official table layout: parse, then load all-or-nothing."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.errors import DomainError
from gaoxin.core.excel.columns import normalize_header
from gaoxin.core.models import User
from gaoxin.enterprises.enums import IndustryLevel
from gaoxin.enterprises.models import Industry

VERSION = "GB/T 4754-2017"
CODE_HEADERS = {"code", "代码", "行业代码", "类别代码"}
NAME_HEADERS = {"name", "名称", "类别名称", "行业名称"}
LEVEL_HEADERS = {"门类": 1, "大类": 2, "中类": 3, "小类": 4}
_CODE = re.compile(r"^([A-T]|\d{2}|\d{3}|\d{4})$")


def _rows_of(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception:
            raise DomainError(_("文件已损坏或不是 Excel (.xlsx) 文件。")) from None
        return [
            ["" if v is None else str(v).strip() for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)
        ]
    if path.suffix.lower() == ".csv":
        text = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                decoded = text.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DomainError(_("无法识别文件编码（应为 UTF-8 或 GB18030）。"))
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(decoded))]
    raise DomainError(_("只支持 .csv 或 .xlsx 文件。"))


def parse_industry_file(path: Path) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(line, code, name) rows and line errors. Layouts: code+name columns, or 门类/大类/中类/小类 + 类别名称."""
    rows = _rows_of(path)
    if not rows:
        raise DomainError(_("文件为空。"))
    header = [normalize_header(h) for h in rows[0]]
    code_cols = [i for i, h in enumerate(header) if h in CODE_HEADERS]
    level_cols = [i for i, h in enumerate(header) if h in LEVEL_HEADERS]
    name_cols = [i for i, h in enumerate(header) if h in NAME_HEADERS]
    if not name_cols or not (code_cols or level_cols):
        raise DomainError(_("表头不正确：应有“代码”和“名称”两列，或“门类、大类、中类、小类、类别名称”五列。"))
    result: list[tuple[int, str, str]] = []
    errors: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        cells = [row[i] if i < len(row) else "" for i in (code_cols or level_cols)]
        codes = [c for c in cells if c]
        name = row[name_cols[0]] if name_cols[0] < len(row) else ""
        if not codes and not name:
            continue
        if len(codes) != 1:
            errors.append(_("第 %(l)s 行：应有且只有一个代码") % {"l": line})
            continue
        code = codes[0].upper()
        if not _CODE.match(code):
            errors.append(_("第 %(l)s 行：代码“%(c)s”格式不正确") % {"l": line, "c": code})
            continue
        if not name:
            errors.append(_("第 %(l)s 行：缺少名称") % {"l": line})
            continue
        result.append((line, code, name[:100]))
    return result, errors


def _level(code: str) -> int:
    return IndustryLevel.SECTION if code.isalpha() else len(code)


def industries_import(*, actor: User | None, rows: list[tuple[int, str, str]]) -> tuple[int, int]:
    """Create or rename industry nodes; parents must exist (in the DB or earlier in the file). All or nothing."""
    existing = {i.code: i for i in Industry.objects.filter(version=VERSION)}
    errors: list[str] = []
    seen: dict[str, int] = {}
    last_section: str | None = None
    plan: list[tuple[str, str, int, str | None]] = []
    for line, code, name in rows:
        if code in seen:
            errors.append(_("第 %(l)s 行：代码 %(c)s 与第 %(p)s 行重复") % {"l": line, "c": code, "p": seen[code]})
            continue
        seen[code] = line
        level = _level(code)
        if level == IndustryLevel.SECTION:
            parent = None
            last_section = code
        elif level == IndustryLevel.DIVISION:
            known = existing[code].parent if code in existing else None
            parent = known.code if known is not None else last_section
            if parent is None:
                errors.append(_("第 %(l)s 行：大类 %(c)s 之前没有门类") % {"l": line, "c": code})
                continue
        else:
            parent = code[:-1]
            if parent not in existing and parent not in seen:
                errors.append(_("第 %(l)s 行：上级代码 %(p)s 不存在") % {"l": line, "p": parent})
                continue
        plan.append((code, name, level, parent))
    if errors:
        raise DomainError("；".join(errors[:20]), code="industries_invalid", details=errors)
    created = updated = 0
    with transaction.atomic():
        nodes = dict(existing)
        for code, name, level, parent in plan:
            node = nodes.get(code)
            if node is None:
                node = Industry.objects.create(
                    code=code, name=name, level=level, parent=nodes.get(parent) if parent else None, version=VERSION
                )
                nodes[code] = node
                created += 1
            elif node.name != name:
                node.name = name
                node.save(update_fields=["name"])
                updated += 1
        audit_log(
            actor=actor,
            action="industry.import",
            object_type="enterprises.industry",
            object_repr=VERSION,
            after={"created": created, "updated": updated, "rows": len(plan)},
        )
    return created, updated
