"""Pipeline board and funnel, events and trips, rankings, manufacturing view, exports, bulletin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.excel import export_workbook_response
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.projects import selectors
from gaoxin.projects.enums import EventKind, PeerMetric, Stage
from gaoxin.projects.forms import EventForm, LeadForm, PeerForm, TripForm
from gaoxin.projects.models import Event, Trip
from gaoxin.projects.services import event_create, lead_create, peer_figure_set, trip_create
from gaoxin.projects.views import (
    PAGE_SIZE,
    filter_context,
    filters_from,
    guarded,
    int_param,
    me,
    year_param,
    zone_units,
)


def _pipeline_filters(params: Any) -> selectors.PipelineFilters:
    return selectors.PipelineFilters(
        industry=int_param(params, "industry"), mode=int_param(params, "mode"), unit=int_param(params, "unit")
    )


@guarded("projects.project.view")
def pipeline(request: HttpRequest) -> HttpResponse:
    f = _pipeline_filters(request.GET)
    return render(
        request,
        "projects/pipeline.html",
        {
            "columns": selectors.kanban(me(request), f),
            "f": f,
            **filter_context(),
            "can_move": can(me(request), "projects.stage.move"),
        },
    )


@guarded("projects.project.view")
def funnel(request: HttpRequest) -> HttpResponse:
    f = _pipeline_filters(request.GET)
    summary = selectors.pipeline_summary(me(request), f)
    chart = [{"name": str(g["label"]), "value": g["count"], "amount": str(g["amount"])} for g in summary["groups"]]
    return render(request, "projects/funnel.html", {"summary": summary, "chart": chart, "f": f, **filter_context()})


# --- events and trips -----------------------------------------------------------------------


@guarded("projects.activity.view")
@require_GET
def events(request: HttpRequest) -> HttpResponseBase:
    year = int_param(request.GET, "year")
    kind = request.GET.get("kind", "") if request.GET.get("kind", "") in EventKind.values else ""
    q = (request.GET.get("q") or "").strip()[:100]
    qs = selectors.event_list(me(request), year=year, kind=kind, q=q)
    if request.GET.get("export") == "1":
        return export_workbook_response(
            actor=me(request),
            action="projects.export",
            filename="招商活动.xlsx",
            title=_("招商活动"),
            columns=[
                (_("名称"), lambda e: e.title),
                (_("类型"), lambda e: e.get_kind_display()),
                (_("日期"), lambda e: e.held_on),
                (_("地点/平台"), lambda e: e.place),
                (_("组织单位"), lambda e: e.unit.name),
                (_("线索数"), lambda e: e.lead_count),
                (_("签约项目数"), lambda e: e.signed_count),
                (_("签约金额（万元）"), lambda e: e.signed_amount or 0),
            ],
            rows=qs,
            filters={str(k): str(v) for k, v in {_("年度"): year, _("类型"): kind, _("关键词"): q}.items() if v},
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/events.html",
        {
            "page": page,
            "year": year,
            "kind": kind,
            "q": q,
            "kinds": EventKind.choices,
            "can_manage": can(me(request), "projects.activity.manage"),
            "can_export": can(me(request), "projects.export"),
        },
    )


@guarded("projects.activity.view")
@require_GET
def trips(request: HttpRequest) -> HttpResponseBase:
    year = int_param(request.GET, "year")
    city = (request.GET.get("city") or "").strip()[:50]
    q = (request.GET.get("q") or "").strip()[:100]
    qs = selectors.trip_list(me(request), year=year, city=city, q=q)
    if request.GET.get("export") == "1":
        return export_workbook_response(
            actor=me(request),
            action="projects.export",
            filename="外出招商.xlsx",
            title=_("外出招商"),
            columns=[
                (_("目的地"), lambda t: t.destination),
                (_("出发日期"), lambda t: t.start_on),
                (_("返回日期"), lambda t: t.end_on),
                (_("团组成员"), lambda t: t.delegation),
                (_("拜访企业"), lambda t: "、".join(t.companies)),
                (_("组织单位"), lambda t: t.unit.name),
                (_("线索数"), lambda t: t.lead_count),
                (_("签约项目数"), lambda t: t.signed_count),
                (_("签约金额（万元）"), lambda t: t.signed_amount or 0),
            ],
            rows=qs,
            filters={str(k): str(v) for k, v in {_("年度"): year, _("城市"): city, _("关键词"): q}.items() if v},
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cities = (
        selectors.visible_trips(me(request)).order_by("destination").values_list("destination", flat=True).distinct()
    )
    return render(
        request,
        "projects/trips.html",
        {
            "page": page,
            "year": year,
            "city": city,
            "q": q,
            "cities": list(cities),
            "can_manage": can(me(request), "projects.activity.manage"),
            "can_export": can(me(request), "projects.export"),
        },
    )


def _activity_form(request: HttpRequest, form_class: Any, create: Any, title: str, detail: str) -> HttpResponse:
    units = selectors.manageable_units(me(request))
    form = form_class(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            obj = create(actor=me(request), **form.cleaned_data)
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect(detail, obj.pk)
    return render(request, "projects/form.html", {"form": form, "title": title}, status=400 if form.errors else 200)


@guarded("projects.activity.manage")
def event_new(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, EventForm, event_create, _("登记招商活动"), "projects:event_detail")


@guarded("projects.activity.manage")
def trip_new(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, TripForm, trip_create, _("登记外出招商"), "projects:trip_detail")


def _activity_detail(request: HttpRequest, obj: Any, kind: str) -> HttpResponse:
    leads = list(obj.leads.select_related("unit", "industry").order_by("code"))
    signed = [p for p in leads if p.stage in (Stage.SIGNED, Stage.STARTED, Stage.COMPLETED)]
    may_add = can(me(request), "projects.activity.manage", target_for_unit(obj.unit))
    return render(
        request,
        "projects/activity_detail.html",
        {
            "obj": obj,
            "kind": kind,
            "leads": leads,
            "signed": signed,
            "signed_amount": sum((p.total_investment for p in signed), start=selectors.ZERO),
            "lead_amount": sum((p.total_investment for p in leads), start=selectors.ZERO),
            "can_add": may_add,
            "form": LeadForm(units=zone_units(obj.unit)) if may_add else None,
        },
    )


@guarded("projects.activity.view")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.visible_events(me(request)).select_related("unit__region").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return _activity_detail(request, obj, "event")


@guarded("projects.activity.view")
def trip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.visible_trips(me(request)).select_related("unit__region").filter(pk=pk).first()
    if obj is None:
        raise Http404
    return _activity_detail(request, obj, "trip")


@guarded("projects.activity.manage")
@require_POST
def lead_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    qs = selectors.visible_events(me(request)) if kind == "event" else selectors.visible_trips(me(request))
    obj = qs.select_related("unit__region").filter(pk=pk).first()
    if obj is None:
        raise Http404
    detail = "projects:event_detail" if kind == "event" else "projects:trip_detail"
    form = LeadForm(request.POST, units=zone_units(obj.unit))
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(detail, obj.pk)
    try:
        project = lead_create(
            actor=me(request),
            data=form.project_data(),
            event=obj if isinstance(obj, Event) else None,
            trip=obj if isinstance(obj, Trip) else None,
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(detail, obj.pk)
    messages.success(request, _("线索已登记：%(n)s") % {"n": project.name})
    return redirect(detail, obj.pk)


# --- rankings ------------------------------------------------------------------------------


@guarded("projects.project.view")
def rankings(request: HttpRequest) -> HttpResponse:
    year = year_param(request.GET)
    region = selectors.home_region(me(request))
    months = selectors.peer_months(region, year) if region else []
    default_month = months[-1] if months else (selectors.latest_report_month(year) or 12)
    month = min(max(int_param(request.GET, "month") or default_month, 1), 12)
    form = PeerForm(request.POST or None, initial={"year": year, "month": month})
    may_peer = region is not None and can(me(request), "projects.peer.manage")
    if request.method == "POST":
        if not may_peer or region is None:
            raise HttpForbidden(_("您没有权限执行此操作。"))
        if form.is_valid():
            try:
                peer_figure_set(actor=me(request), region=region, **form.cleaned_data)
            except PermissionDenied:
                raise
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{request.path}?year={year}&month={form.cleaned_data['month']}")
    comparison = selectors.peer_comparison(me(request), region, year, month) if region else []
    return render(
        request,
        "projects/rankings.html",
        {
            "year": year,
            "month": month,
            "months": range(1, 13),
            "region": region,
            "units": selectors.unit_ranking(me(request), year, month),
            "comparison": comparison,
            "form": form if may_peer else None,
            "metrics": PeerMetric,
        },
        status=400 if form.errors else 200,
    )


@guarded("projects.project.view")
def manufacturing(request: HttpRequest) -> HttpResponse:
    year = year_param(request.GET)
    figures = selectors.zone_figures(me(request), year)
    base = selectors.project_list(me(request), selectors.ProjectFilters(signed_year=year, amount_class="above_1"))
    return render(
        request,
        "projects/manufacturing.html",
        {
            "year": year,
            "figures": figures,
            "mfg_signed": list(base.filter(is_manufacturing=True).order_by("-total_investment")),
            "chain_signed": list(base.exclude(chain_tag="").order_by("chain_tag", "-total_investment")),
            "mfg_planned": list(
                selectors.project_list(
                    me(request), selectors.ProjectFilters(key_year=year, manufacturing="1")
                ).order_by("-total_investment")
            ),
        },
    )


# --- exports and the bulletin --------------------------------------------------------------

PROJECT_COLUMNS = [
    (_("项目编码"), lambda p: p.code),
    (_("项目名称"), lambda p: p.name),
    (_("项目级别"), lambda p: p.get_level_display()),
    (_("所属产业"), lambda p: p.industry.name if p.industry else ""),
    (_("是否制造业"), lambda p: "是" if p.is_manufacturing else "否"),
    (_("总投资（万元）"), lambda p: p.total_investment),
    (_("投资规模"), lambda p: p.amount_class.label),
    (_("责任单位"), lambda p: p.unit.name),
    (_("责任人"), lambda p: p.person),
    (_("招商方式"), lambda p: p.mode.name if p.mode else ""),
    (_("投资主体"), lambda p: p.investor_name),
    (_("投资主体统一社会信用代码"), lambda p: p.investor_uscc),
    (_("建设地点"), lambda p: p.site),
    (_("链条"), lambda p: p.get_chain_tag_display()),
    (_("阶段"), lambda p: p.get_stage_display()),
    (_("签约日期"), lambda p: p.signed_on),
    (_("开工日期"), lambda p: p.started_on),
]


@guarded("projects.export")
@require_GET
def project_export(request: HttpRequest) -> HttpResponseBase:
    f = filters_from(request.GET)
    qs = selectors.project_list(me(request), f)
    return export_workbook_response(
        actor=me(request),
        action="projects.export",
        filename="项目库.xlsx",
        title=_("项目库"),
        columns=PROJECT_COLUMNS,
        rows=qs,
        filters=f.labels(),
    )


@guarded("projects.export")
@require_GET
def progress_export(request: HttpRequest) -> HttpResponseBase:
    year = year_param(request.GET)
    month = min(max(int_param(request.GET, "month") or 12, 1), 12)
    rows = selectors.progress_board(me(request), year, month, unit_id=int_param(request.GET, "unit"))
    return export_workbook_response(
        actor=me(request),
        action="projects.export",
        filename=f"月度调度-{year}年{month}月.xlsx",
        title=_("月度调度"),
        columns=[
            (_("项目编码"), lambda r: r.project.code),
            (_("项目名称"), lambda r: r.project.name),
            (_("责任单位"), lambda r: r.project.unit.name),
            (_("年度计划（万元）"), lambda r: r.plan),
            (_("当月完成（万元）"), lambda r: r.month_amount if r.month_amount is not None else _("未填报")),
            (_("累计完成（万元）"), lambda r: r.done),
            (_("完成率（%）"), lambda r: r.ratio),
            (_("状态"), lambda r: r.status.label),
        ],
        rows=rows,
        filters={_("年度"): str(year), _("月份"): str(month)},
    )


@guarded("projects.export")
@require_GET
def issue_export(request: HttpRequest) -> HttpResponseBase:
    qs = selectors.issue_list(me(request))
    return export_workbook_response(
        actor=me(request),
        action="projects.export",
        filename="协调问题.xlsx",
        title=_("协调问题"),
        columns=[
            (_("项目"), lambda i: i.project.name),
            (_("问题"), lambda i: i.title),
            (_("责任单位"), lambda i: i.assigned_unit.name),
            (_("提出时间"), lambda i: i.raised_at),
            (_("办理期限"), lambda i: i.due_at),
            (_("状态"), lambda i: i.get_status_display()),
            (_("升级督办"), lambda i: i.escalated_at),
            (_("办理结果"), lambda i: i.resolution),
        ],
        rows=qs,
        filters={},
    )


@guarded("projects.bulletin.download")
@require_GET
def bulletin(request: HttpRequest) -> HttpResponseBase:
    from gaoxin.projects.bulletin import bulletin_response

    year = year_param(request.GET)
    month = min(
        max(int_param(request.GET, "month") or selectors.latest_report_month(year) or timezone.localdate().month, 1), 12
    )
    return bulletin_response(actor=me(request), year=year, month=month)
