"""Window staff pages: 我的评价 (own ratings, never who gave them) and the clerk's case desk
(accept a case, complete it — which makes the window's evaluator ask for a rating), receipt."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import require, target_for_unit
from gaoxin.evaluations.forms import CaseAcceptForm
from gaoxin.evaluations.models import Case, ServiceItem
from gaoxin.evaluations.services.cases import case_complete, case_create
from gaoxin.evaluations.services.qr import case_qr_token
from gaoxin.evaluations.ui_selectors import items_for_window, my_ratings, staff_of, window_cases
from gaoxin.evaluations.views._common import paginate, staff_page
from gaoxin.evaluations.views.qr import qr_svg


@staff_page
def my_ratings_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "evaluations.rating.view")  # type: ignore[arg-type]
    staff = staff_of(request.user)  # type: ignore[arg-type]
    summary = my_ratings(staff) if staff is not None else None
    return render(request, "evaluations/desk/my_ratings.html", {"staff": staff, "summary": summary})


def _desk_staff(request: HttpRequest):  # type: ignore[no-untyped-def]
    require(request.user, "evaluations.case.manage")  # type: ignore[arg-type]
    staff = staff_of(request.user)  # type: ignore[arg-type]
    if staff is None or staff.window is None:
        raise NotFound(_("您尚未登记到窗口，请联系大厅管理员。"))
    return staff


def _new_number(staff) -> str:  # type: ignore[no-untyped-def]
    now = timezone.localtime()
    return f"{staff.hall.code}{now:%Y%m%d%H%M%S}{now.microsecond // 1000:03d}{staff.pk % 100:02d}"


@staff_page
def case_desk(request: HttpRequest) -> HttpResponse:
    try:
        staff = _desk_staff(request)
    except NotFound as exc:
        return render(request, "evaluations/desk/case_desk.html", {"not_staff": exc.message})
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    items = [(i.pk, f"{i.code} {i.name}") for i in items_for_window(staff.window)[:300]]
    form = CaseAcceptForm(items=items)
    return render(
        request,
        "evaluations/desk/case_desk.html",
        {
            "staff": staff,
            "window": staff.window,
            "form": form,
            "status": status,
            "q": q,
            "page": paginate(request, window_cases(staff.window, status=status, q=q)),
        },
    )


@staff_page
@require_POST
def case_accept(request: HttpRequest) -> HttpResponse:
    staff = _desk_staff(request)
    items = [(i.pk, f"{i.code} {i.name}") for i in items_for_window(staff.window)[:300]]
    form = CaseAcceptForm(request.POST, items=items)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)  # type: ignore[arg-type]  # ErrorList yields messages
        return redirect("evaluations:desk")
    item = get_object_or_404(ServiceItem, pk=form.cleaned_data["item"])
    try:
        case = case_create(
            actor=cast(User, request.user),
            number=form.cleaned_data["number"] or _new_number(staff),
            item=item,  # type: ignore[arg-type]
            hall=staff.hall,
            window=staff.window,
            staff=staff,
            applicant_type=form.cleaned_data["applicant_type"],
            applicant_name=form.cleaned_data["applicant_name"],
            applicant_phone=form.cleaned_data["applicant_phone"],
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已受理办件 %(n)s。") % {"n": case.number})
    return redirect("evaluations:desk")


@staff_page
@require_POST
def case_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("hall__unit__region", "staff"), pk=pk)
    try:
        case_complete(actor=request.user, case=case)  # type: ignore[arg-type]
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("办件 %(n)s 已办结，评价器已提示办事人评价。") % {"n": case.number})
    return redirect(request.POST.get("next") or reverse("evaluations:desk"))


@staff_page
def case_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable receipt with the case's dynamic QR code (bound to the case number)."""
    case = get_object_or_404(Case.objects.select_related("hall__unit__region", "item", "window", "staff__user"), pk=pk)
    require(request.user, "evaluations.case.view", target_for_unit(case.hall.unit))  # type: ignore[arg-type]
    url = settings.PUBLIC_BASE_URL + reverse("evaluations:rate_case", args=[case_qr_token(case)])
    return render(request, "evaluations/desk/receipt.html", {"case": case, "url": url, "svg": qr_svg(url)})
