"""The rating dataset of GB/T 39046-2020 表9 (plus the fields provincial pushes carry).

One record per rating; the level goes out in the A.8 scheme (1 = 非常满意 … 5 = 非常不满意)
beside its label; the rater is masked. CSV (UTF-8 with BOM, for Excel) or JSON.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Region, User
from gaoxin.core.permissions import Target, require
from gaoxin.core.workdays import SHANGHAI
from gaoxin.evaluations.enums import Level
from gaoxin.evaluations.models import Rating
from gaoxin.evaluations.schemes import GBT39046, to_scheme
from gaoxin.evaluations.selectors import masked_rater

# (key in a record, column header in the CSV)
FIELDS: list[tuple[str, str]] = [
    ("rating_id", "评价编号"),
    ("case_number", "办件编号"),
    ("channel", "评价渠道"),
    ("rater", "评价人"),
    ("rated_at", "评价时间"),
    ("rating_no", "评价次数"),
    ("satisfaction", "满意度"),
    ("satisfaction_code", "满意度代码"),
    ("text", "文字评价"),
    ("division_code", "行政区划"),
    ("item_code", "事项编码"),
    ("department_uscc", "部门"),
    ("case_status", "办件状态"),
    ("content_codes", "评价内容代码"),
    ("rater_type", "评价人类型"),
    ("is_default", "默认评价"),
]
CASE_STATUS_CODES = {"accepted": "1", "completed": "2"}
MAX_DAYS = 366


def stamp(moment: datetime) -> str:
    """评价时间 as YYYYMMDDThhmmss in Asia/Shanghai."""
    return moment.astimezone(SHANGHAI).strftime("%Y%m%dT%H%M%S")


def division_codes() -> dict[int, str]:
    """Region id → the nearest code on its path (a zone without a code of its own uses its parent's)."""
    rows = list(Region.objects.values_list("pk", "code", "path"))
    own = {pk: code for pk, code, _path in rows}
    result = {}
    for pk, _code, path in rows:
        ids = [int(p) for p in path.strip("/").split("/") if p] or [pk]
        result[pk] = next((own[i] for i in reversed(ids) if own.get(i)), "")
    return result


def record_for(rating: Rating, codes: dict[int, str]) -> dict[str, Any]:
    rater = masked_rater(rating)
    return {
        "rating_id": str(rating.uuid),
        "case_number": rating.case.number if rating.case is not None else "",
        "channel": str(rating.channel or ""),
        "rater": rater["name"] or rater["phone"] or _("匿名"),
        "rated_at": stamp(rating.created_at),
        "rating_no": rating.rating_no,
        "satisfaction": str(Level(rating.level).label),
        "satisfaction_code": str(to_scheme(rating.level, scheme=GBT39046)),
        "text": rating.text,
        "division_code": codes.get(rating.region_id, ""),
        "item_code": rating.item.code if rating.item is not None else "",
        "department_uscc": rating.department.code,
        "case_status": CASE_STATUS_CODES.get(rating.case.status, "") if rating.case is not None else "",
        "content_codes": ",".join(rating.tags),
        "rater_type": str(_("法人")) if rating.rater_type == "legal" else str(_("个人")),
        "is_default": rating.is_default,
    }


def dataset_records(region: Region, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """Ratings of `region` and below made in [date_from, date_to] (Shanghai days), two queries."""
    start = datetime.combine(date_from, time.min, tzinfo=SHANGHAI)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=SHANGHAI)
    qs = (
        Rating.objects.select_related("case", "item", "department")
        .filter(region__path__startswith=region.path, created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "id")
    )
    codes = division_codes()
    return [record_for(r, codes) for r in qs]


def exchange_dataset_export(
    *, actor: User, region: Region, date_from: date, date_to: date, fmt: str = "csv"
) -> tuple[bytes, str, str]:
    """The dataset as (content, content type, file name); permission evaluations.exchange.export; audited."""
    require(actor, "evaluations.exchange.export", Target(region_path=region.path))
    if fmt not in ("csv", "json"):
        raise DomainError(_("格式应为 csv 或 json。"), code="bad_format")
    if date_to < date_from:
        raise DomainError(_("结束日期不能早于开始日期。"), code="bad_period")
    if (date_to - date_from).days >= MAX_DAYS:
        raise DomainError(_("一次最多导出一年的数据。"), code="bad_period")
    records = dataset_records(region, date_from, date_to)
    name = f"ratings_{region.code or region.pk}_{date_from:%Y%m%d}_{date_to:%Y%m%d}.{fmt}"
    if fmt == "json":
        content = json.dumps({"records": records}, ensure_ascii=False).encode()
        content_type = "application/json"
    else:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([header for _key, header in FIELDS])
        for rec in records:
            writer.writerow([rec[key] for key, _header in FIELDS])
        content = ("\ufeff" + buf.getvalue()).encode()
        content_type = "text/csv; charset=utf-8"
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="evaluations.exchange.export",
            obj=region,
            after={"from": date_from, "to": date_to, "format": fmt, "rows": len(records)},
        )
    return content, content_type, name
