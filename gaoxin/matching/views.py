"""足迹 pages about needs: list, submit, detail with ranked matches and reasons, referral,
docking, status and rating. Views parse, check permission and call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, NotFound
from gaoxin.core.permissions import can
from gaoxin.matching import selectors, services
from gaoxin.matching.access import can_on_need, require_on_need
from gaoxin.matching.enums import FINAL_NEED_STATUSES, NeedStatus, NeedType, ReferralStatus
from gaoxin.matching.forms import DockingForm, NeedForm, RatingForm, ReferralForm, ReferralRespondForm
from gaoxin.matching.models import Base, Match, Referral
from gaoxin.matching.services.needs import TRANSITIONS
from gaoxin.matching.viewutils import bases_for_action, enterprises_for_action, error_message, page, set_choices


@page("matching.need.view")
def needs(request: HttpRequest) -> HttpResponse:
    status, type_, q = request.GET.get("status", ""), request.GET.get("type", ""), request.GET.get("q", "")[:100]
    qs = selectors.needs_for(request.user, status=status, type=type_, q=q)  # type: ignore[arg-type]
    return render(request, "matching/needs.html", {
        "page": Paginator(qs, 20).get_page(request.GET.get("page")), "statuses": NeedStatus.choices,
        "types": NeedType.choices, "f": {"status": status, "type": type_, "q": q},
        "can_create": can(request.user, "matching.need.create"),  # type: ignore[arg-type]
    })  # fmt: skip


@page("matching.need.create")
def need_new(request: HttpRequest) -> HttpResponse:
    enterprises = list(enterprises_for_action(request.user, "matching.need.create"))
    form = NeedForm(request.POST or None)
    set_choices(form, "enterprise", [(e.pk, e.name) for e in enterprises])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = d["enterprise"] or (enterprises[0].pk if len(enterprises) == 1 else None)
        enterprise = next((e for e in enterprises if e.pk == chosen), None)
        if enterprise is None:
            messages.error(request, _("请选择企业。"))
        else:
            try:
                need = services.need_create(
                    actor=request.user, enterprise=enterprise, type=d["type"], title=d["title"],  # type: ignore[arg-type]
                    description=d["description"], amount_wan=d["amount_wan"], regions=d["regions"],
                    urgency=d["urgency"], deadline=d["deadline"],
                )  # fmt: skip
            except DomainError as exc:
                error_message(request, exc)
            else:
                messages.success(request, _("需求已提交，系统正在为您匹配资源。"))
                return redirect("matching:need", pk=need.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "matching/need_form.html", {"form": form, "enterprises": enterprises}, status=status)


def _need(request: HttpRequest, pk: int, action: str = "matching.need.view") -> Any:
    need = selectors.need_detail(pk)
    if need is None:
        raise NotFound(_("需求不存在或无权查看。"))
    require_on_need(request.user, action, need)  # type: ignore[arg-type]
    return need


@page()
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    user: Any = request.user
    can_manage = can_on_need(user, "matching.need.manage", need)
    show_matches = can_on_need(user, "matching.match.view", need)
    matches = selectors.matches_of(need) if show_matches else []
    ctx: dict[str, Any] = {
        "need": need, "matches": matches, "show_matches": show_matches, "can_manage": can_manage,
        "can_decide": can_on_need(user, "matching.match.decide", need),
        "can_refer": can_on_need(user, "matching.referral.create", need) and need.status not in FINAL_NEED_STATUSES,
        "can_dock": can_on_need(user, "matching.docking.record", need)
        and need.status in (NeedStatus.MATCHING, NeedStatus.DOCKING),
        "can_rate": can_on_need(user, "matching.need.rate", need) and need.status in FINAL_NEED_STATUSES
        and need.rating is None,
        "dockings": selectors.dockings_of(need), "referrals": list(need.referrals.all()),
        "next_statuses": [NeedStatus(b) for a, b in sorted(TRANSITIONS) if a == need.status and b != a],
    }  # fmt: skip
    if ctx["can_refer"]:
        form = ReferralForm()
        others = Base.objects.select_related("unit").exclude(pk=need.base_id).order_by("unit__path")
        set_choices(form, "to_base", [(b.pk, str(b)) for b in others])
        ctx["referral_form"] = form
    if ctx["can_dock"]:
        dform = DockingForm(initial={"outcome": "pending"})
        set_choices(dform, "base", [(b.pk, str(b)) for b in _docking_bases(user, need)])
        set_choices(dform, "match", [("", "—")] + [(m.pk, f"#{m.rank} {m.resource.title}") for m in matches])
        ctx["docking_form"] = dform
    if ctx["can_rate"]:
        ctx["rating_form"] = RatingForm()
    return render(request, "matching/need_detail.html", ctx)


def _docking_bases(user: Any, need: Any) -> list[Base]:
    bases = list(bases_for_action(user, "matching.docking.record"))
    return bases


def _back(pk: int) -> HttpResponse:
    return redirect("matching:need", pk=pk)


@require_POST
@page()
def need_transition(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk, "matching.need.manage")
    try:
        services.need_transition(actor=request.user, need=need, to=request.POST.get("to", ""),  # type: ignore[arg-type]
                                 note=request.POST.get("note", ""))  # fmt: skip
        messages.success(request, _("需求状态已更新为“%(s)s”。") % {"s": need.get_status_display()})
    except DomainError as exc:
        error_message(request, exc)
    return _back(pk)


@require_POST
@page()
def need_rematch(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk, "matching.need.manage")
    try:
        found = services.matches_refresh(actor=request.user, need=need)  # type: ignore[arg-type]
        messages.success(request, _("已重新匹配，共 %(n)d 条推荐。") % {"n": len(found)})
    except DomainError as exc:
        error_message(request, exc)
    return _back(pk)


@require_POST
@page()
def match_decide(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    need = _need(request, pk, "matching.match.decide")
    match = Match.objects.filter(pk=match_id, need=need).first()
    if match is None:
        raise NotFound(_("匹配结果不存在。"))
    match.need = need
    try:
        services.match_decide(actor=request.user, match=match, status=request.POST.get("status", ""))  # type: ignore[arg-type]
        messages.success(request, _("已记录：%(s)s") % {"s": match.get_status_display()})
    except DomainError as exc:
        error_message(request, exc)
    return _back(pk)


@require_POST
@page()
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk, "matching.referral.create")
    form = ReferralForm(request.POST)
    set_choices(form, "to_base", [(b.pk, str(b)) for b in Base.objects.all()])
    if not form.is_valid():
        messages.error(request, _("请选择接收基地。"))
        return _back(pk)
    d = form.cleaned_data
    to_base = Base.objects.select_related("unit__region").get(pk=d["to_base"])
    match = Match.objects.filter(pk=d["match"], need=need).first() if d.get("match") else None
    try:
        services.referral_create(actor=request.user, need=need, to_base=to_base, note=d["note"], match=match)  # type: ignore[arg-type]
        messages.success(request, _("已转介至%(b)s。") % {"b": to_base})
    except DomainError as exc:
        error_message(request, exc)
    return _back(pk)


@require_POST
@page()
def docking_create(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk, "matching.docking.record")
    form = DockingForm(request.POST)
    set_choices(form, "base", [(b.pk, str(b)) for b in _docking_bases(request.user, need)])
    set_choices(form, "match", [("", "—")] + [(m.pk, str(m.pk)) for m in need.matches.all()])
    if not form.is_valid():
        messages.error(request, _("对接信息不完整：请填写日期并选择组织基地。"))
        return _back(pk)
    d = form.cleaned_data
    base = Base.objects.select_related("unit__region").get(pk=d["base"])
    match = Match.objects.filter(pk=d["match"], need=need).first() if d.get("match") else None
    referral = need.referrals.filter(to_base=base).exclude(status=ReferralStatus.DECLINED).first()
    try:
        services.docking_record(
            actor=request.user, need=need, base=base, held_on=d["held_on"], place=d["place"],  # type: ignore[arg-type]
            participants=d["participants"], notes=d["notes"], outcome=d["outcome"],
            deal_amount_wan=d["deal_amount_wan"], match=match, referral=referral,
        )  # fmt: skip
        messages.success(request, _("对接已记录。"))
    except DomainError as exc:
        error_message(request, exc)
    return _back(pk)


@require_POST
@page()
def need_rate(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk, "matching.need.rate")
    try:
        services.need_rate(actor=request.user, need=need, rating=request.POST.get("rating"),  # type: ignore[arg-type]
                           text=request.POST.get("text", ""))  # fmt: skip
        messages.success(request, _("感谢您的评价。"))
    except DomainError as exc:
        error_message(request, exc)
    return _back(pk)


@page("matching.referral.receive")
def referrals(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    received = selectors.referrals_received(request.user, status=status)  # type: ignore[arg-type]
    sent = selectors.referrals_sent(request.user, status=status)[:50]  # type: ignore[arg-type]
    return render(request, "matching/referrals.html", {
        "page": Paginator(received, 20).get_page(request.GET.get("page")), "sent": sent,
        "statuses": ReferralStatus.choices, "f": {"status": status}, "respond_form": ReferralRespondForm(),
    })  # fmt: skip


@require_POST
@page("matching.referral.receive")
def referral_respond(request: HttpRequest, pk: int) -> HttpResponse:
    referral = Referral.objects.select_related("to_base__unit__region").filter(pk=pk).first()
    if referral is None:
        raise NotFound(_("转介不存在。"))
    try:
        services.referral_respond(actor=request.user, referral=referral, status=request.POST.get("status", ""),  # type: ignore[arg-type]
                                  outcome=request.POST.get("outcome", ""))  # fmt: skip
        messages.success(request, _("转介状态已更新。"))
    except DomainError as exc:
        error_message(request, exc)
    return redirect("matching:referrals")
