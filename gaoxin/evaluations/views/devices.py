"""Evaluator devices for the hall manager: list with online state, register (token shown once), revoke."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError
from gaoxin.core.models import User
from gaoxin.core.permissions import require, target_for_unit
from gaoxin.evaluations.forms import DeviceRegisterForm
from gaoxin.evaluations.models import Device, Window
from gaoxin.evaluations.services.devices import device_register, device_revoke
from gaoxin.evaluations.ui_selectors import hall_devices
from gaoxin.evaluations.views._common import managed_hall, paginate, staff_page

ACTION = "evaluations.device.manage"


def _window_choices(hall) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(w.pk, str(w)) for w in Window.objects.filter(hall=hall, is_active=True).order_by("number")]


@staff_page
def device_list(request: HttpRequest) -> HttpResponse:
    hall, halls = managed_hall(request, ACTION)
    state = request.GET.get("state", "")
    devices = hall_devices(hall, state=state)
    form = DeviceRegisterForm(windows=_window_choices(hall))
    return render(
        request,
        "evaluations/manage/devices.html",
        {
            "hall": hall,
            "halls": halls,
            "page": paginate(request, devices),
            "state": state,
            "form": form,
            "now": timezone.now(),
        },
    )


@staff_page
def device_register_view(request: HttpRequest) -> HttpResponse:
    hall, halls = managed_hall(request, ACTION)
    form = DeviceRegisterForm(request.POST or None, windows=_window_choices(hall))
    if request.method == "POST" and form.is_valid():
        window = None
        if form.cleaned_data["window"]:
            window = get_object_or_404(Window, pk=form.cleaned_data["window"], hall=hall)
        try:
            device, plain = device_register(
                actor=cast(User, request.user),
                hall=hall,
                name=form.cleaned_data["name"],  # type: ignore[arg-type]
                window=window,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            pair_url = request.build_absolute_uri(reverse("evaluations:kiosk_pair")) + "#" + plain
            return render(
                request,
                "evaluations/manage/device_token.html",
                {"hall": hall, "device": device, "token": plain, "pair_url": pair_url},
            )
    return render(
        request,
        "evaluations/manage/device_form.html",
        {"hall": hall, "halls": halls, "form": form},
        status=400 if form.errors else 200,
    )


@staff_page
@require_POST
def device_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(Device.objects.select_related("hall__unit__region"), pk=pk)
    require(request.user, ACTION, target_for_unit(device.hall.unit))  # type: ignore[arg-type]
    try:
        device_revoke(actor=request.user, device=device)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("评价器“%(n)s”已停用，其令牌立即失效。") % {"n": device.name})
    return redirect(f"{reverse('evaluations:devices')}?hall={device.hall_id}")
