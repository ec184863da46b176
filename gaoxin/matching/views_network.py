"""足迹 pages about the network: bases, resources, the trail, events and figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gaoxin.core.errors import DomainError, NotFound
from gaoxin.core.permissions import can, require
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.selectors import enterprise_target
from gaoxin.matching import figures, selectors, services
from gaoxin.matching.access import base_target
from gaoxin.matching.enums import EventKind, ResourceType, TrailKind
from gaoxin.matching.forms import EventForm, ResourceForm, TrailForm
from gaoxin.matching.models import Base, Event
from gaoxin.matching.viewutils import (
    bases_for_action,
    enterprises_for_action,
    error_message,
    int_param,
    page,
    set_choices,
)


@page("matching.base.view")
def bases(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:50]
    qs = selectors.bases_for(request.user, q=q)  # type: ignore[arg-type]
    return render(
        request, "matching/bases.html", {"page": Paginator(qs, 30).get_page(request.GET.get("page")), "f": {"q": q}}
    )


@page("matching.base.view")
def base_detail(request: HttpRequest, pk: int) -> HttpResponse:
    base = selectors.base_detail(pk)
    if base is None:
        raise NotFound(_("基地不存在。"))
    require(request.user, "matching.base.view", base_target(base))  # type: ignore[arg-type]
    user: Any = request.user
    show = can(user, "matching.figures.view", base_target(base))
    return render(request, "matching/base_detail.html", {
        "base": base, "show_figures": show, "operators": selectors.base_operators(base),
        "fig": figures.compute([base])["bases"][0] if show else None,
        "timeline": selectors.timeline(user, base_id=base.pk, limit=30) if show else [],
        "incubations": base.incubations.select_related("enterprise", "industry").order_by("-signed_on")[:100] if show else [],
    })  # fmt: skip


@page("matching.resource.view")
def resources(request: HttpRequest) -> HttpResponse:
    type_, q = request.GET.get("type", ""), request.GET.get("q", "")[:100]
    qs = selectors.resources_for(request.user, type=type_, q=q)  # type: ignore[arg-type]
    return render(request, "matching/resources.html", {
        "page": Paginator(qs, 20).get_page(request.GET.get("page")), "types": ResourceType.choices,
        "f": {"type": type_, "q": q}, "can_manage": can(request.user, "matching.resource.manage"),  # type: ignore[arg-type]
    })  # fmt: skip


@page("matching.resource.manage")
def resource_new(request: HttpRequest) -> HttpResponse:
    form = ResourceForm(request.POST or None)
    base_choices = list(bases_for_action(request.user, "matching.resource.manage"))
    set_choices(form, "base", [(b.pk, str(b)) for b in base_choices])
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        base_id = d.pop("base")
        base = next(b for b in base_choices if b.pk == base_id)
        try:
            services.resource_create(actor=request.user, base=base, **d)  # type: ignore[arg-type]
        except DomainError as exc:
            error_message(request, exc)
        else:
            messages.success(request, _("资源已登记，相关需求将重新匹配。"))
            return redirect("matching:resources")
    return render(request, "matching/form.html", {"form": form, "title": _("登记资源")},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@page("matching.figures.view")
def trail(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    kind, enterprise_id, base_id = (
        request.GET.get("kind", ""),
        int_param(request, "enterprise"),
        int_param(request, "base"),
    )
    qs = selectors.trail_for(user, enterprise_id=enterprise_id, base_id=base_id, kind=kind)
    return render(request, "matching/trail.html", {
        "page": Paginator(qs, 20).get_page(request.GET.get("page")), "kinds": TrailKind.choices,
        "f": {"kind": kind, "enterprise": enterprise_id or "", "base": base_id or ""},
        "follow_ups": selectors.open_follow_ups(user)[:10], "can_log": can(user, "matching.visit.log"),
    })  # fmt: skip


@page("matching.visit.log")
def trail_new(request: HttpRequest) -> HttpResponse:
    form = TrailForm(request.POST or None)
    base_choices = list(bases_for_action(request.user, "matching.visit.log"))
    enterprises = list(enterprises_for_action(request.user, "matching.visit.log"))
    set_choices(form, "base", [(b.pk, str(b)) for b in base_choices])
    set_choices(form, "enterprise", [(e.pk, e.name) for e in enterprises])
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        base_id, enterprise_id = d.pop("base"), d.pop("enterprise")
        base = next(b for b in base_choices if b.pk == base_id)
        enterprise = next(e for e in enterprises if e.pk == enterprise_id)
        try:
            services.trail_log(actor=request.user, base=base, enterprise=enterprise, **d)  # type: ignore[arg-type]
        except DomainError as exc:
            error_message(request, exc)
        else:
            messages.success(request, _("足迹已记录。"))
            return redirect("matching:trail")
    return render(request, "matching/form.html", {"form": form, "title": _("记录走访/服务")},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@page("matching.figures.view")
def enterprise_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = Enterprise.objects.select_related("unit", "region").filter(pk=pk).first()
    if enterprise is None or not can(request.user, "enterprises.enterprise.view", enterprise_target(enterprise)):  # type: ignore[arg-type]
        raise NotFound(_("企业不存在。"))  # an enterprise out of the user's scope is not named
    items = selectors.timeline(request.user, enterprise_id=pk)  # type: ignore[arg-type]
    return render(request, "matching/timeline.html", {"enterprise": enterprise, "timeline": items})


@page("matching.figures.view")
def events(request: HttpRequest) -> HttpResponse:
    kind, q = request.GET.get("kind", ""), request.GET.get("q", "")[:100]
    qs = selectors.events_for(request.user, kind=kind, q=q)  # type: ignore[arg-type]
    return render(request, "matching/events.html", {
        "page": Paginator(qs, 20).get_page(request.GET.get("page")), "kinds": EventKind.choices,
        "f": {"kind": kind, "q": q}, "can_manage": can(request.user, "matching.event.manage"),  # type: ignore[arg-type]
    })  # fmt: skip


@page("matching.event.manage")
def event_new(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    base_choices = list(bases_for_action(request.user, "matching.event.manage"))
    set_choices(form, "base", [(b.pk, str(b)) for b in base_choices])
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        base_id = d.pop("base")
        base = next(b for b in base_choices if b.pk == base_id)
        try:
            event = services.event_create(actor=request.user, base=base, **d)  # type: ignore[arg-type]
        except DomainError as exc:
            error_message(request, exc)
        else:
            messages.success(request, _("活动已创建。"))
            return redirect("matching:event", pk=event.pk)
    return render(request, "matching/form.html", {"form": form, "title": _("新建创业活动")},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _event(request: HttpRequest, pk: int) -> Event:
    event = Event.objects.select_related("base__unit__region").filter(pk=pk).first()
    if event is None or not can(request.user, "matching.figures.view", base_target(event.base)):  # type: ignore[arg-type]
        raise NotFound(_("活动不存在。"))
    return event


CANDIDATES_SHOWN = 200


@page("matching.figures.view")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    user: Any = request.user
    manage = can(user, "matching.event.manage", base_target(event.base))
    regs = event.registrations.select_related("enterprise").order_by("enterprise__name")
    registered = {r.enterprise_id for r in regs}
    # the enterprises to sign up: the first CANDIDATES_SHOWN by name (a zone has thousands), narrowed by ?q=
    q = request.GET.get("q", "").strip()[:50]
    candidates: list[Any] = []
    if manage:
        found = enterprises_for_action(user, "matching.event.manage").exclude(pk__in=registered)
        if q:
            found = found.filter(name__icontains=q)
        candidates = list(found.values("pk", "name")[: CANDIDATES_SHOWN + 1])
    return render(request, "matching/event_detail.html", {
        "event": event, "registrations": regs, "can_manage": manage, "q": q,
        "candidates": candidates[:CANDIDATES_SHOWN], "more_candidates": len(candidates) > CANDIDATES_SHOWN,
        "needs": event.needs.select_related("enterprise").order_by("-created_at"),
    })  # fmt: skip


@require_POST
@page("matching.event.manage")
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    ids = [int(i) for i in request.POST.getlist("enterprise") if i.isdigit()]
    allowed = {e.pk: e for e in enterprises_for_action(request.user, "matching.event.manage")}
    chosen = [allowed[i] for i in ids if i in allowed]
    try:
        if request.POST.get("attendance"):
            services.event_mark_attendance(actor=request.user, event=event, enterprise_ids=ids)  # type: ignore[arg-type]
        else:
            services.event_register(actor=request.user, event=event, enterprises=chosen)  # type: ignore[arg-type]
        messages.success(request, _("已保存。"))
    except DomainError as exc:
        error_message(request, exc)
    return redirect("matching:event", pk=pk)


def _chart(fig: dict[str, Any]) -> dict[str, Any]:
    bases = fig["bases"]
    data = {
        "bases": [str(r["base"]) for r in bases],
        "needs": [r["needs"] for r in bases], "resolved": [r["resolved"] for r in bases],
        "deals": [r["deals"] for r in bases], "referrals_in": [r["referrals_in"] for r in bases],
        "referrals_out": [r["referrals_out"] for r in bases],
        "groups": [{"name": label, "value": n} for label, n in fig["total"]["group_list"]],
    }  # fmt: skip
    return data


@page("matching.figures.view")
def figures_page(request: HttpRequest) -> HttpResponse:
    base_id = int_param(request, "base")
    fig = figures.figures_for(request.user, base_id=base_id)  # type: ignore[arg-type]
    return render(request, "matching/figures.html", {
        "fig": fig, "chart": _chart(fig), "f": {"base": base_id or ""},
        "all_bases": figures.bases_in_scope(request.user).order_by("unit__path"),  # type: ignore[arg-type]
        "can_export": can(request.user, "matching.figures.export"),  # type: ignore[arg-type]
    })  # fmt: skip


@require_GET
@page("matching.figures.export")
def figures_export(request: HttpRequest) -> HttpResponseBase:
    from gaoxin.core.excel.export import export_workbook_response

    base_id = int_param(request, "base")
    fig = figures.figures_for(request.user, base_id=base_id)  # type: ignore[arg-type]
    rows = [*fig["bases"], fig["total"]]
    columns: list[tuple[str, Any]] = [(_("基地"), lambda r: str(r["base"]) if r["base"] else _("合计"))]
    for i, (label, _n) in enumerate(fig["total"]["group_list"]):
        columns.append((_("签约企业·%(g)s") % {"g": label}, lambda r, i=i: r["group_list"][i][1]))
    for key, label in [
        ("signed", _("签约企业")), ("tech_sme", _("科技型中小企业")), ("high_tech", _("高新技术企业")),
        ("events", _("活动")), ("visits", _("走访")), ("needs", _("收到需求")), ("resolved", _("已解决需求")),
        ("avg_hours_to_match", _("平均首次匹配用时（小时）")), ("avg_days_to_resolve", _("平均解决用时（天）")),
        ("deals", _("成交")), ("deal_amount", _("成交金额（万元）")), ("referrals_out", _("转出")),
        ("referrals_in", _("转入")),
    ]:  # fmt: skip
        columns.append((label, lambda r, key=key: r[key]))
    filters = {_("基地"): str(Base.objects.filter(pk=base_id).first() or "")} if base_id else {}
    return export_workbook_response(
        actor=request.user, action="matching.figures.export", filename="足迹统计.xlsx", title=_("基地统计"),
        columns=columns, rows=rows, filters=filters,
    )  # fmt: skip


@require_POST
@page("matching.visit.log")
def trail_done(request: HttpRequest, pk: int) -> HttpResponse:
    from gaoxin.matching.models import TrailEntry

    entry = TrailEntry.objects.select_related("base__unit__region").filter(pk=pk).first()
    if entry is None:
        raise NotFound(_("足迹不存在。"))
    try:
        services.trail_follow_up_done(actor=request.user, entry=entry)  # type: ignore[arg-type]
        messages.success(request, _("跟进已完成。"))
    except DomainError as exc:
        error_message(request, exc)
    return redirect("matching:trail")
