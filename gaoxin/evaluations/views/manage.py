"""Hall-manager pages: live rating feed (htmx polling, masked identity), windows, staff,
service items, ratings export."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gaoxin.core.models import User
from gaoxin.core.permissions import can, require, target_for_unit
from gaoxin.evaluations.forms import RatingFilterForm
from gaoxin.evaluations.ui_selectors import (
    flag_labels,
    hall_feed,
    hall_staff,
    hall_windows,
    item_flag_counts,
    ratings_for_export,
    service_items,
    tag_labels,
)
from gaoxin.evaluations.views._common import managed_hall, paginate, staff_page
from gaoxin.evaluations.views.qr import staff_qr_url

FEED_SECONDS = 3


@staff_page
def feed(request: HttpRequest) -> HttpResponse:
    hall, halls = managed_hall(request, "evaluations.hall.manage")
    level, channel = request.GET.get("level", ""), request.GET.get("channel", "")
    rows = hall_feed([hall], level=level, channel=channel)
    context = {
        "hall": hall,
        "halls": halls,
        "rows": rows,
        "level": level,
        "channel": channel,
        "filters": RatingFilterForm(request.GET or None),
        "poll_seconds": FEED_SECONDS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "evaluations/manage/_feed_rows.html", context)
    return render(request, "evaluations/manage/feed.html", context)


@staff_page
def windows(request: HttpRequest) -> HttpResponse:
    hall, halls = managed_hall(request, "evaluations.window.manage")
    q = request.GET.get("q", "").strip()
    user, target = cast(User, request.user), target_for_unit(hall.unit)
    return render(
        request,
        "evaluations/manage/windows.html",
        {
            "hall": hall,
            "halls": halls,
            "q": q,
            "page": paginate(request, hall_windows(hall, q=q)),
            "can_edit": can(user, "evaluations.window.manage", target),
            "can_edit_hall": can(user, "evaluations.hall.manage", target),
        },
    )


@staff_page
def staff_list(request: HttpRequest) -> HttpResponse:
    hall, halls = managed_hall(request, "evaluations.staff.manage")
    q, window = request.GET.get("q", "").strip(), request.GET.get("window", "")
    page = paginate(request, hall_staff(hall, q=q, window=window))
    rows = [{"staff": s, "qr_url": staff_qr_url(s) if s.qr_revoked_at is None else ""} for s in page]
    return render(
        request,
        "evaluations/manage/staff.html",
        {
            "hall": hall,
            "halls": halls,
            "q": q,
            "window": window,
            "page": page,
            "rows": rows,
            "windows": list(hall.windows.order_by("number").values_list("pk", "number", "name")),
            "can_edit": can(cast(User, request.user), "evaluations.staff.manage", target_for_unit(hall.unit)),
        },
    )


@staff_page
def items(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    require(user, "evaluations.item.manage")
    q, flag = request.GET.get("q", "").strip(), request.GET.get("flag", "")
    page = paginate(request, service_items(user, q=q, flag=flag))
    editable = {i.pk for i in page if can(user, "evaluations.item.manage", target_for_unit(i.department))}
    return render(
        request,
        "evaluations/manage/items.html",
        {"q": q, "flag": flag, "page": page, "counts": item_flag_counts(), "editable": editable},
    )


EXPORT_COLUMNS = [
    ("评价时间", lambda r: r.received_at),
    ("办件编号", lambda r: r.case.number if r.case_id else ""),
    ("大厅", lambda r: r.hall.name),
    ("窗口", lambda r: str(r.window) if r.window_id else ""),
    ("窗口人员", lambda r: r.staff.display_name if r.staff_id else ""),
    ("事项", lambda r: r.item.name if r.item_id else ""),
    ("责任部门", lambda r: r.department.name),
    ("渠道", lambda r: r.get_channel_display() if r.channel else ""),
    ("满意度", lambda r: r.get_level_display()),
    ("评价内容", lambda r: "、".join(tag_labels(r.tags))),
    ("文字评价", lambda r: r.text),
    ("实名", lambda r: "是" if r.is_real_name else "否"),
    ("默认评价", lambda r: "是" if r.is_default else "否"),
    ("异常标记", lambda r: "、".join(flag_labels(r.integrity_flags))),
]


@staff_page
@require_GET
def ratings_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered ratings as an Excel workbook (own permission, audited by the engine)."""
    from gaoxin.core.excel import export_workbook_response

    hall, _halls = managed_hall(request, "evaluations.rating.export")
    form = RatingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = ratings_for_export(
        cast(User, request.user),
        hall=hall,
        level=data.get("level") or "",
        channel=data.get("channel") or "",  # type: ignore[arg-type]
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    return export_workbook_response(
        actor=request.user,
        action="evaluations.rating.export",
        filename="ratings",
        title="评价明细",
        columns=EXPORT_COLUMNS,
        rows=qs,
        filters={"大厅": hall.name, **{str(form.fields[k].label): str(v) for k, v in data.items() if v}},
    )
