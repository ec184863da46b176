"""Rating pages for citizens, no login: mobile QR pages (static per staff, dynamic per case)
and the PC web rating (case number + last four digits of the applicant's phone)."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gaoxin.core.middleware import client_ip
from gaoxin.evaluations.enums import Channel
from gaoxin.evaluations.forms import CaseLookupForm, RatingForm
from gaoxin.evaluations.models import Case, Staff
from gaoxin.evaluations.services._common import RatingRefused
from gaoxin.evaluations.services.qr import case_number_from_qr, case_qr_token, staff_from_qr
from gaoxin.evaluations.services.ratings import Rater, evaluation_record
from gaoxin.evaluations.ui_selectors import case_for_rating, case_lookup

MOBILE = "evaluations/public/mobile_rate.html"
PC = "evaluations/public/pc_rate.html"


def _record(request: HttpRequest, form: RatingForm, *, channel: int, case: Case | None, staff: Staff | None) -> None:
    rater = form.rater()
    evaluation_record(
        actor=request.user if request.user.is_authenticated else None,  # type: ignore[arg-type]
        channel=channel,
        level=form.cleaned_data["level"],
        uuid=form.cleaned_data["uuid"],
        case=case,
        staff=staff if case is None else None,
        tags=form.cleaned_data["tags"],
        text=form.cleaned_data["text"],
        rater=Rater(**rater) if rater else None,  # type: ignore[arg-type]
        client_ip=client_ip(request),
    )


def _rate(
    request: HttpRequest,
    *,
    template: str,
    tag_group: str,
    channel: int,
    case: Case | None,
    staff: Staff | None,
    context: dict[str, Any],
) -> HttpResponse:
    form = RatingForm(request.POST or None, tag_group=tag_group)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _record(request, form, channel=channel, case=case, staff=staff)
        except RatingRefused as exc:
            return render(request, template, {**context, "refused": exc.message, "code": exc.code}, status=exc.status)
        return render(request, template, {**context, "done": True})
    if request.method == "POST":
        status = 400
    return render(request, template, {**context, "form": form}, status=status)


def _bad_qr(request: HttpRequest, template: str = MOBILE) -> HttpResponse:
    return render(request, template, {"refused": _("二维码无效或已失效。"), "code": "bad_qr"}, status=404)


@never_cache
def rate_static(request: HttpRequest, token: str) -> HttpResponse:
    """A staff member's static QR code (no case: the rating is marked as such by the back end)."""
    try:
        staff = staff_from_qr(token)
    except RatingRefused:
        return _bad_qr(request)
    context = {"staff_name": staff.display_name, "window": staff.window, "hall": staff.hall, "kind": "static"}
    return _rate(
        request, template=MOBILE, tag_group="onsite", channel=Channel.QR, case=None, staff=staff, context=context
    )


@never_cache
def rate_case(request: HttpRequest, token: str) -> HttpResponse:
    """A case's dynamic QR code from the receipt (bound to the case number)."""
    try:
        number = case_number_from_qr(token)
    except RatingRefused:
        return _bad_qr(request)
    case = case_for_rating(number)
    if case is None:
        return _bad_qr(request)
    context = {
        "case": case,
        "staff_name": case.staff.display_name if case.staff else "",
        "window": case.window,
        "hall": case.hall,
        "kind": "case",
    }
    refusal = _case_refusal(case) if request.method == "GET" else None
    if refusal:
        return render(request, MOBILE, {**context, "refused": refusal}, status=200)
    return _rate(
        request, template=MOBILE, tag_group="onsite", channel=Channel.QR, case=case, staff=None, context=context
    )


def _case_refusal(case: Case) -> str | None:
    from gaoxin.evaluations.enums import CaseStatus

    if case.status != CaseStatus.COMPLETED:
        return _("办件尚未办结，办结后才能评价。")
    if getattr(case, "first_rating_count", 0):
        return _("该办件已评价，感谢您的参与。")
    return None


# ---- PC web -------------------------------------------------------------------------------

LOOKUP_SALT = "gaoxin.evaluations.pc-lookup"


@never_cache
def pc_lookup(request: HttpRequest) -> HttpResponse:
    form = CaseLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = case_lookup(form.cleaned_data["number"], form.cleaned_data["phone_last4"])
        if case is None:
            form.add_error(None, _("未找到匹配的办件，请核对办件编号和手机号后四位。"))
        else:
            token = signing.dumps(case_qr_token(case), salt=LOOKUP_SALT)
            return redirect("evaluations:pc_rate", token=token)
    return render(request, "evaluations/public/pc_lookup.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
def pc_rate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        number = case_number_from_qr(signing.loads(token, salt=LOOKUP_SALT, max_age=3600))
    except (signing.BadSignature, RatingRefused):
        return render(request, PC, {"refused": _("查询已失效，请重新查询办件。"), "code": "bad_lookup"}, status=404)
    case = case_for_rating(number)
    if case is None:
        return render(request, PC, {"refused": _("办件不存在。"), "code": "unknown_case"}, status=404)
    context = {"case": case, "kind": "pc"}
    refusal = _case_refusal(case) if request.method == "GET" else None
    if refusal:
        return render(request, PC, {**context, "refused": refusal})
    return _rate(request, template=PC, tag_group="online", channel=Channel.PC, case=case, staff=None, context=context)
