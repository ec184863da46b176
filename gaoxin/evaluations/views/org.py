"""Hall-manager edit pages of one organisation record: a hall, a window, a staff member, a
service item. Forms parse; the `*_update` services check permissions, validate and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import require
from gaoxin.evaluations import ui_selectors as sel
from gaoxin.evaluations.forms import HallForm, ItemForm, RecordForm, StaffForm, WindowForm
from gaoxin.evaluations.services import hall_update, item_update, staff_update, window_update
from gaoxin.evaluations.views._common import staff_page

TEMPLATE = "evaluations/manage/record_form.html"


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _found(obj: Any, message: str) -> Any:
    if obj is None:
        raise NotFound(message)
    return obj


def _edit(
    request: HttpRequest,
    form: RecordForm,
    *,
    save: Callable[..., Any],
    back_url: str,
    title: str,
    saved: Callable[[], str],
) -> HttpResponse:
    """GET: the prefilled form. POST: parse, save the changed fields through the service, go back
    to the list; a refusal re-renders the form with the service's message and writes nothing."""
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("未做任何修改。"))
            return redirect(back_url)
        try:
            save(**changes)
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, saved())
            return redirect(back_url)
    return render(
        request,
        TEMPLATE,
        {"form": form, "title": title, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@staff_page
def hall_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _me(request)
    require(user, "evaluations.hall.manage")
    hall = _found(sel.hall_to_edit(user, pk), _("大厅不存在或无权管理。"))
    return _edit(
        request,
        HallForm(request.POST or None, instance=hall),
        save=lambda **changes: hall_update(actor=user, hall=hall, **changes),
        back_url=f"{reverse('evaluations:windows')}?hall={hall.pk}",
        title=_("编辑大厅：%(n)s") % {"n": hall.name},
        saved=lambda: _("大厅信息已保存。"),
    )


@staff_page
def window_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _me(request)
    require(user, "evaluations.window.manage")
    window = _found(sel.window_to_edit(user, pk), _("窗口不存在或无权管理。"))
    title = _("编辑窗口：%(n)s") % {"n": window}
    return _edit(
        request,
        WindowForm(request.POST or None, instance=window, departments=sel.window_departments(window)),
        save=lambda **changes: window_update(actor=user, window=window, **changes),
        back_url=f"{reverse('evaluations:windows')}?hall={window.hall_id}",
        title=title,
        saved=lambda: _("窗口已保存：%(n)s") % {"n": window},
    )


@staff_page
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _me(request)
    require(user, "evaluations.staff.manage")
    staff = _found(sel.staff_to_edit(user, pk), _("窗口人员不存在或无权管理。"))
    return _edit(
        request,
        StaffForm(request.POST or None, instance=staff, windows=sel.hall_windows(staff.hall)),
        save=lambda **changes: staff_update(actor=user, staff=staff, **changes),
        back_url=f"{reverse('evaluations:staff')}?hall={staff.hall_id}",
        title=_("编辑窗口人员：%(n)s") % {"n": staff.display_name},
        saved=lambda: _("窗口人员已保存：%(n)s") % {"n": staff.display_name},
    )


@staff_page
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _me(request)
    require(user, "evaluations.item.manage")
    item = _found(sel.item_to_edit(user, pk), _("服务事项不存在或无权管理。"))
    return _edit(
        request,
        ItemForm(request.POST or None, instance=item, departments=sel.item_departments(user, item)),
        save=lambda **changes: item_update(actor=user, item=item, **changes),
        back_url=reverse("evaluations:items"),
        title=_("编辑服务事项：%(n)s") % {"n": item.name},
        saved=lambda: _("服务事项已保存：%(n)s") % {"n": item.name},
    )
