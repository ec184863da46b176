"""QR codes: static per staff member (rotate/revoke), the hall's printable A4 window cards."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.permissions import require, target_for_unit
from gaoxin.evaluations.models import Staff
from gaoxin.evaluations.services.qr import staff_qr_revoke, staff_qr_rotate, staff_qr_token
from gaoxin.evaluations.ui_selectors import hall_staff_cards
from gaoxin.evaluations.views._common import managed_hall, staff_page

ACTION = "evaluations.qr.manage"


def qr_svg(url: str, scale: int = 4) -> SafeString:
    """An inline SVG QR code (segno output is markup we generate: safe)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, omitsize=True))


def staff_qr_url(staff: Staff) -> str:
    return settings.PUBLIC_BASE_URL + reverse("evaluations:rate_static", args=[staff_qr_token(staff)])


@staff_page
def staff_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """One staff member's static code as an SVG file."""
    staff = get_object_or_404(Staff.objects.select_related("hall__unit__region"), pk=pk)
    require(request.user, ACTION, target_for_unit(staff.hall.unit))  # type: ignore[arg-type]
    if staff.qr_revoked_at is not None:
        return HttpResponse(_("该二维码已停用。"), status=410, content_type="text/plain; charset=utf-8")
    body = segno.make(staff_qr_url(staff), error="m")
    response = HttpResponse(content_type="image/svg+xml")
    body.save(response, kind="svg", scale=8)  # type: ignore[arg-type]  # HttpResponse is file-like
    response["Content-Disposition"] = f'inline; filename="qr-staff-{staff.pk}-v{staff.qr_version}.svg"'
    return response


@staff_page
@require_POST
def staff_qr_change(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    staff = get_object_or_404(Staff.objects.select_related("hall__unit__region", "user"), pk=pk)
    require(request.user, ACTION, target_for_unit(staff.hall.unit))  # type: ignore[arg-type]
    try:
        if op == "rotate":
            staff_qr_rotate(actor=request.user, staff=staff)  # type: ignore[arg-type]
            messages.success(request, _("已为 %(n)s 生成新二维码，旧码立即失效。") % {"n": staff.display_name})
        else:
            staff_qr_revoke(actor=request.user, staff=staff)  # type: ignore[arg-type]
            messages.success(request, _("已停用 %(n)s 的二维码。") % {"n": staff.display_name})
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('evaluations:staff')}?hall={staff.hall_id}")


@staff_page
def window_cards(request: HttpRequest) -> HttpResponse:
    """All the hall's window cards in one A4 print page (2×2 cards per sheet)."""
    hall, _halls = managed_hall(request, ACTION)
    cards = [{"staff": s, "url": (url := staff_qr_url(s)), "svg": qr_svg(url, scale=5)} for s in hall_staff_cards(hall)]
    sheets = [cards[i : i + 4] for i in range(0, len(cards), 4)]
    return render(request, "evaluations/manage/cards.html", {"hall": hall, "sheets": sheets, "count": len(cards)})
