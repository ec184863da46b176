"""Enterprise pages: list (filters, export), detail, create/edit, qualifications, members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError
from gaoxin.core.excel import export_workbook_response
from gaoxin.core.models import User
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.enterprises import selectors
from gaoxin.enterprises.enums import QualificationKind
from gaoxin.enterprises.forms import EnterpriseFilterForm, EnterpriseForm, MemberForm, QualificationForm
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.services import (
    enterprise_create,
    enterprise_member_add,
    enterprise_update,
    qualification_add,
    similar_name_warnings,
)

VIEW, MANAGE, EXPORT = "enterprises.enterprise.view", "enterprises.enterprise.manage", "enterprises.enterprise.export"


def _require(user: Any, action: str, target: Any = None) -> None:
    if not can(user, action, target):
        raise HttpForbidden(_("您没有权限执行此操作。"))


def _enterprise_or_404(user: User, pk: int) -> Enterprise:
    enterprise = selectors.enterprise_detail(user, pk)
    if enterprise is None:
        raise Http404(_("企业不存在或无权查看。"))
    return enterprise


EXPORT_COLUMNS = [
    (_l("企业名称"), lambda e: e.name),
    (_l("统一社会信用代码"), lambda e: e.uscc or ""),
    (_l("行业代码"), lambda e: e.industry.code if e.industry_id else ""),
    (_l("所属行业"), lambda e: e.industry.name if e.industry_id else ""),
    (_l("属地单位"), lambda e: e.unit.name if e.unit_id else ""),
    (_l("所在区域"), lambda e: e.region.name if e.region_id else ""),
    (_l("地址"), lambda e: e.address),
    (_l("成立日期"), lambda e: e.registered_on),
    (_l("企业规模"), lambda e: e.get_size_display() if e.size else ""),
    (_l("标签"), lambda e: e.tags),
]


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponseBase:
    _require(request.user, VIEW)
    form = EnterpriseFilterForm(request.GET or None, units=selectors.units_for_choice(request.user))  # type: ignore[arg-type]
    filters = form.cleaned_data if form.is_valid() else {}
    if request.GET.get("export") == "xlsx":
        rows = selectors.enterprise_search(request.user, filters, action=EXPORT)  # type: ignore[arg-type]
        shown = {
            str(form.fields[k].label): str(QualificationKind(v).label) if k == "qualification" else str(v)
            for k, v in filters.items()
            if v
        }
        try:
            return export_workbook_response(
                actor=request.user,
                action=EXPORT,
                filename=f"企业名录-{timezone.localdate():%Y%m%d}.xlsx",
                title=_("企业名录"),
                columns=EXPORT_COLUMNS,
                rows=rows,
                filters=shown,
            )
        except DomainError as exc:
            raise HttpForbidden(exc.message) from exc
    page = Paginator(selectors.enterprise_search(request.user, filters), 20).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    quals = selectors.current_qualification_labels(list(page))
    table = [(e, quals.get(e.pk, [])) for e in page]
    return render(
        request,
        "enterprises/list.html",
        {
            "form": form,
            "page": page,
            "rows": table,
            "can_manage": can(request.user, MANAGE),  # type: ignore[arg-type]
            "can_export": can(request.user, EXPORT),  # type: ignore[arg-type]
            "can_import": can(request.user, MANAGE) and can(request.user, "core.import.run"),  # type: ignore[arg-type]
        },
    )


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, VIEW)
    enterprise = _enterprise_or_404(request.user, pk)  # type: ignore[arg-type]
    return _detail(request, enterprise)


def _detail(
    request: HttpRequest, enterprise: Enterprise, *, qform: Any = None, mform: Any = None, status: int = 200
) -> HttpResponse:
    may_manage = selectors.enterprise_can(request.user, MANAGE, enterprise)  # type: ignore[arg-type]
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "qualifications": selectors.qualifications_of(enterprise),
            "members": selectors.members_of(enterprise),
            "can_manage": may_manage,
            "qform": qform or QualificationForm(),
            "mform": mform or MemberForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def enterprise_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request.user, MANAGE)
    user: User = request.user  # type: ignore[assignment]
    enterprise = _enterprise_or_404(user, pk) if pk is not None else None
    if enterprise is not None:
        _require(user, MANAGE, selectors.enterprise_target(enterprise))
    initial: dict[str, Any] = {}
    if enterprise is not None:
        initial = {
            "name": enterprise.name,
            "uscc": enterprise.uscc or "",
            "industry": enterprise.industry_id,
            "unit": enterprise.unit_id,
            "address": enterprise.address,
            "registered_on": enterprise.registered_on,
            "size": enterprise.size,
            "tags": "、".join(enterprise.tags),
            "description": enterprise.description,
        }
    form = EnterpriseForm(request.POST or None, initial=initial, units=selectors.units_for_choice(user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["unit"] = data["unit"] or (user.unit if enterprise is None else enterprise.unit)
            target = target_for_unit(data["unit"]) if data["unit"] is not None else None
            if not can(user, MANAGE, target):
                raise HttpForbidden(_("您没有权限在该单位登记企业。"))
            data["region"] = data["unit"].region if data["unit"] else None
            try:
                if enterprise is None:
                    warnings = similar_name_warnings(data["name"])
                    enterprise = enterprise_create(actor=user, **data)
                else:
                    warnings = similar_name_warnings(data["name"], exclude_pk=enterprise.pk)
                    enterprise = enterprise_update(actor=user, enterprise=enterprise, **data)
            except DomainError as exc:
                for message in exc.details if isinstance(exc.details, list) else [exc.message]:
                    form.add_error(None, message)
            else:
                for w in warnings:
                    messages.warning(request, w)
                messages.success(request, _("已保存企业“%(n)s”。") % {"n": enterprise.name})
                return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise}, status=status)


@login_required
@require_POST
def qualification_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, MANAGE)
    enterprise = _enterprise_or_404(request.user, pk)  # type: ignore[arg-type]
    _require(request.user, MANAGE, selectors.enterprise_target(enterprise))
    form = QualificationForm(request.POST)
    if form.is_valid():
        try:
            qualification_add(actor=request.user, enterprise=enterprise, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已添加资质。"))
            return redirect("enterprises:detail", pk=pk)
    return _detail(request, enterprise, qform=form, status=400)


@login_required
@require_POST
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, MANAGE)
    enterprise = _enterprise_or_404(request.user, pk)  # type: ignore[arg-type]
    _require(request.user, MANAGE, selectors.enterprise_target(enterprise))
    form = MemberForm(request.POST)
    if form.is_valid():
        member_user = User.objects.filter(username=form.cleaned_data["username"].strip()).first()
        if member_user is None:
            form.add_error("username", _("用户不存在"))
        else:
            try:
                enterprise_member_add(actor=request.user, enterprise=enterprise, user=member_user)  # type: ignore[arg-type]
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已添加企业用户。"))
                return redirect("enterprises:detail", pk=pk)
    return _detail(request, enterprise, mform=form, status=400)
