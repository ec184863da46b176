"""Statistics pages (rollups only), integrity findings, the public disclosure and reports."""

from __future__ import annotations

from datetime import date
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gaoxin.core.audit import audit_log
from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.models import Region, User
from gaoxin.core.permissions import require, scope_q
from gaoxin.evalstats import integrity
from gaoxin.evalstats.models import Dimension, FindingStatus, IntegrityFinding
from gaoxin.evalstats.public import build_payload, latest_snapshot
from gaoxin.evalstats.reports import monthly_docx, quarterly_xlsx
from gaoxin.evalstats.selectors import (
    PERIODS,
    default_region,
    figures_by,
    good_rate_formula,
    period_bounds,
    period_label,
    ranking_top,
    region_total_and_trend,
)

PUBLIC_TABLES_SECONDS = 24 * 3600  # a snapshot's rendered tables (it never changes; a new one has a new id)
RANKING_ROWS = 100  # rows of the overview ranking (a province has thousands of departments)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_view(view: Any) -> Any:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


def _ref(request: HttpRequest) -> date:
    raw = request.GET.get("date", "")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()


def _region(request: HttpRequest) -> Region:
    wanted = request.GET.get("region")
    region = Region.objects.filter(pk=wanted).first() if wanted and wanted.isdigit() else None
    region = region or default_region(request.user)  # type: ignore[arg-type]
    if region is None:
        raise NotFound(_("没有可统计的区域。"))
    return region


@page_view
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, "evalstats.stats.view")  # type: ignore[arg-type]
    period = request.GET["period"] if request.GET.get("period") in PERIODS else "month"
    dimension = request.GET["dimension"] if request.GET.get("dimension") in Dimension.values else "department"
    rank_by = "bad_rate" if request.GET.get("rank") == "bad_rate" else "good_rate"
    ref, region = _ref(request), _region(request)
    formula = good_rate_formula(region)
    total, series = region_total_and_trend(user, region=region, period=period, ref=ref, formula=formula)  # type: ignore[arg-type]
    rows_total, rows = ranking_top(
        user,  # type: ignore[arg-type]
        dimension=dimension,
        period=period,
        ref=ref,
        region=region,
        formula=formula,
        by=rank_by,
        top=RANKING_ROWS,
    )
    chart = {
        "months": [m for m, _f in series],
        "valid": [f.valid for _m, f in series],
        "good_rate": [f.good_rate for _m, f in series],
        "bad_rate": [f.bad_rate for _m, f in series],
    }
    return render(
        request,
        "evalstats/overview.html",
        {
            "total": total,
            "rows": rows,
            "rows_total": rows_total,
            "period": period,
            "periods": PERIODS,
            "dimension": dimension,
            "dimensions": Dimension.choices,
            "ref": ref,
            "region": region,
            "label": period_label(period, ref),
            "rank_by": rank_by,
            "chart": chart,
            "formula": formula,
        },
    )


@page_view
def integrity_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "evalstats.integrity.view")  # type: ignore[arg-type]
    qs = IntegrityFinding.objects.filter(
        scope_q(
            cast(User, request.user),
            "evalstats.integrity.view",
            unit=None,  # type: ignore[arg-type]
            region="region",
        )
    ).select_related("hall", "decided_by")
    status = request.GET.get("status", "open")
    if status in FindingStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("-detected_at", "-id"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "evalstats/integrity.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": FindingStatus.choices,
            "kinds": integrity.FindingKind.choices,
            "t": integrity,
        },
    )


@require_POST
@page_view
def integrity_decide(request: HttpRequest, pk: int) -> HttpResponse:
    finding = IntegrityFinding.objects.filter(pk=pk).first()
    if finding is None:
        raise Http404
    try:
        integrity.integrity_decide(
            actor=cast(User, request.user),
            finding=finding,
            status=request.POST.get("status", ""),  # type: ignore[arg-type]
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("已保存核查意见。"))
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("evalstats:integrity")


@require_GET
@page_view
def monthly_report(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, "evalstats.report.download")  # type: ignore[arg-type]
    ref, region = _ref(request), _region(request)
    hall = request.GET.get("hall")
    content = monthly_docx(user, region=region, ref=ref, hall_id=int(hall) if hall and hall.isdigit() else None)
    audit_log(
        actor=cast(User, user),
        action="evalstats.report.download",
        object_type="evalstats.monthly",  # type: ignore[arg-type]
        object_repr=f"{region.name} {ref:%Y-%m}",
        after={"region": region.pk, "month": f"{ref:%Y-%m}"},
    )
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="haochaping-{ref:%Y-%m}.docx"'
    return response


def _public_region(request: HttpRequest) -> Region:
    wanted = request.GET.get("region", "")
    region = Region.objects.filter(pk=wanted).first() if wanted.isdigit() else None
    region = region or Region.objects.filter(level="zone").order_by("pk").first()
    if region is None:
        raise Http404
    return region


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """No login. Reads the latest snapshot (refreshed every 6 hours by the periodic job); builds
    the figures live only for a region that has none yet."""
    region = _public_region(request)
    snap = latest_snapshot(region)
    payload = snap.payload if snap else build_payload(region, timezone.localdate())
    return render(
        request,
        "evalstats/public.html",
        {
            "p": payload,
            "generated_at": snap.generated_at if snap else None,
            "region": region,
            "snapshot_key": f"{snap.pk}@{snap.generated_at.timestamp()}" if snap else "",
            "cache_seconds": PUBLIC_TABLES_SECONDS if snap else 0,  # 0: a live build is never cached
        },
    )


@require_GET
def public_quarterly(request: HttpRequest) -> HttpResponse:
    region = _public_region(request)
    ref = _ref(request)
    _grain, first, _last = period_bounds("quarter", ref)
    formula = good_rate_formula(region)

    def rows(dim: str) -> list[dict]:
        return [
            f.as_dict()
            for f in figures_by(None, dimension=dim, period="quarter", ref=ref, region=region, formula=formula)
        ]

    content = quarterly_xlsx({"departments": rows("department"), "items": rows("item")})
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="haochaping-{first:%Y}Q{(first.month - 1) // 3 + 1}.xlsx"'
    return response
