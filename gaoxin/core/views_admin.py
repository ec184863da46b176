"""Core administration pages: Excel imports, audit trail, working-day calendar, API tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core import selectors_admin
from gaoxin.core.calendar import calendar_year_set
from gaoxin.core.enums import ImportStatus
from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.excel import export_workbook_response, get_importer
from gaoxin.core.excel.export import error_report_response, template_response
from gaoxin.core.excel.services import import_job_commit, import_job_create, import_job_get, require_import
from gaoxin.core.forms import AuditFilterForm, CalendarYearForm, ImportUploadForm, TokenIssueForm
from gaoxin.core.models import ApiToken, User
from gaoxin.core.permissions import can
from gaoxin.core.tokens import api_token_issue, api_token_revoke


def guarded(action: str | None = None) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Login required; `action` required when given; domain refusals become 403/404."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if action and not can(request.user, action):  # type: ignore[arg-type]
                raise HttpForbidden(_("您没有权限执行此操作。"))
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                raise HttpForbidden(exc.message) from exc
            except NotFound as exc:
                raise Http404(exc.message) from exc

        return wrapper

    return decorator


# --- imports -----------------------------------------------------------------------------


def _importer_or_404(key: str) -> Any:
    try:
        return get_importer(key)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@guarded("core.import.run")
def import_start(request: HttpRequest, key: str) -> HttpResponse:
    importer = _importer_or_404(key)
    require_import(request.user, importer)  # type: ignore[arg-type]
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = import_job_create(actor=request.user, importer_key=key, upload=form.cleaned_data["file"])  # type: ignore[arg-type]
            except PermissionDenied:
                raise
            except DomainError as exc:
                form.add_error("file", exc.message)
                status = 400
            else:
                return redirect("core:import_detail", pk=job.pk)
        else:
            status = 400
    jobs = selectors_admin.import_jobs_for(request.user).filter(importer=key)[:10]  # type: ignore[arg-type]
    return render(request, "core/imports_start.html", {"importer": importer, "form": form, "jobs": jobs}, status=status)


@guarded("core.import.run")
def import_template(request: HttpRequest, key: str) -> HttpResponseBase:
    importer = _importer_or_404(key)
    require_import(request.user, importer)  # type: ignore[arg-type]
    return template_response(importer)


@guarded("core.import.run")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get(actor=request.user, job_id=pk)  # type: ignore[arg-type]
    importer = _importer_or_404(job.importer)
    running = job.status in {ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.COMMITTING}
    percent = min(100, round(100 * job.processed_rows / job.total_rows)) if job.total_rows else 0
    context = {
        "job": job,
        "importer": importer,
        "running": running,
        "percent": percent,
        "headers": [c.header for c in importer.columns],
        "errors": job.errors[:200],
    }
    if request.headers.get("HX-Request") and request.GET.get("partial"):
        response = render(request, "core/imports_progress.html", context)
        if not running:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "core/imports_detail.html", context)


@guarded("core.import.run")
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get(actor=request.user, job_id=pk)  # type: ignore[arg-type]
    try:
        job = import_job_commit(actor=request.user, job=job)  # type: ignore[arg-type]
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("core:import_detail", pk=pk)
    if job.status == ImportStatus.DONE:
        messages.success(request, job.message)
    elif job.status == ImportStatus.FAILED:
        messages.error(request, job.message)
    return redirect("core:import_detail", pk=pk)


@guarded("core.import.run")
def import_errors(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = import_job_get(actor=request.user, job_id=pk)  # type: ignore[arg-type]
    return error_report_response(job)


# --- audit -------------------------------------------------------------------------------


@guarded("core.audit.view")
def audit_list(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors_admin.audit_search(request.user, filters)  # type: ignore[arg-type]
    if request.GET.get("export") == "xlsx":
        shown = {str(form.fields[k].label): str(v) for k, v in filters.items() if v not in (None, "")}
        return export_workbook_response(
            actor=request.user,
            action="core.audit.export",
            filename=f"审计日志-{timezone.localdate():%Y%m%d}.xlsx",
            title=_("审计日志"),
            rows=events,
            filters=shown,
            columns=[
                (_("时间"), lambda e: e.at),
                (_("操作人"), lambda e: e.actor_label),
                (_("操作"), lambda e: e.action),
                (_("对象类型"), lambda e: e.object_type),
                (_("对象ID"), lambda e: e.object_id),
                (_("对象"), lambda e: e.object_repr),
                (_("IP 地址"), lambda e: e.ip),
            ],
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {
            "form": form,
            "page": page,
            "can_export": can(request.user, "core.audit.export"),  # type: ignore[arg-type]
        },
    )


# --- calendar ----------------------------------------------------------------------------


@guarded("core.calendar.view")
def calendar_list(request: HttpRequest) -> HttpResponse:
    years = selectors_admin.calendar_years()
    return render(
        request,
        "core/calendar_list.html",
        {
            "years": years,
            "can_manage": can(request.user, "core.calendar.manage"),  # type: ignore[arg-type]
        },
    )


@guarded("core.calendar.view")
def calendar_detail(request: HttpRequest, year: int) -> HttpResponse:
    cal, days = selectors_admin.calendar_year_detail(year)
    if cal is None:
        raise Http404(_("%(y)s 年的日历尚未录入。") % {"y": year})
    return render(
        request,
        "core/calendar_detail.html",
        {
            "cal": cal,
            "days": days,
            "can_manage": can(request.user, "core.calendar.manage"),  # type: ignore[arg-type]
        },
    )


@guarded("core.calendar.manage")
def calendar_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if year is not None and request.method != "POST":
        cal, days = selectors_admin.calendar_year_detail(year)
        initial = {
            "year": year,
            "source": cal.source if cal else "",
            "lines": "\n".join(f"{d.date} {d.get_kind_display()} {d.name}".rstrip() for d in days),
        }
    form = CalendarYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            calendar_year_set(actor=request.user, year=data["year"], days=data["days"], source=data["source"])  # type: ignore[arg-type]
        except DomainError as exc:
            for message in exc.details if isinstance(exc.details, list) else [exc.message]:
                form.add_error(None, message)
        else:
            messages.success(request, _("已保存 %(y)s 年的工作日历。") % {"y": data["year"]})
            return redirect("core:calendar_detail", year=data["year"])
    status = 400 if request.method == "POST" else 200
    return render(request, "core/calendar_edit.html", {"form": form, "year": year}, status=status)


# --- API tokens ----------------------------------------------------------------------------


@guarded("core.token.manage")
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenIssueForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            user = None
            if data["username"]:
                user = User.objects.filter(username=data["username"].strip()).first()
                if user is None:
                    form.add_error("username", _("用户不存在"))
            expires = (
                datetime.combine(data["expires_on"], time.max, tzinfo=timezone.get_current_timezone())
                if data["expires_on"]
                else None
            )
            if not form.errors:
                try:
                    _token, new_key = api_token_issue(
                        actor=request.user,  # type: ignore[arg-type]
                        name=data["name"],
                        scopes=data["scopes"],  # type: ignore[arg-type]
                        user=user,
                        expires_at=expires,
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    form = TokenIssueForm()
        status = 400 if form.errors else 200
    page = Paginator(selectors_admin.tokens_list(), 50).get_page(request.GET.get("page"))
    response = render(
        request,
        "core/tokens_list.html",
        {"form": form, "page": page, "new_key": new_key, "now": timezone.now()},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@guarded("core.token.manage")
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None:
        raise Http404
    api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("已吊销令牌“%(n)s”。") % {"n": token.name})
    return redirect(reverse("core:token_list"))
