"""Project library pages: list, create/edit, detail with timeline, stage moves, milestones,
monthly progress, coordination issues. Views parse and check; services write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.models import Unit, User
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.projects import selectors, workflow
from gaoxin.projects.enums import AmountClass, ChainTag, IssueStatus, ProjectLevel, Stage
from gaoxin.projects.forms import IssueForm, MilestoneForm, ProgressForm, ProjectForm, ResolveForm, StageForm
from gaoxin.projects.models import Issue, Milestone, Project
from gaoxin.projects.services import (
    issue_escalate,
    issue_raise,
    issue_resolve,
    milestone_complete,
    milestone_plan,
    progress_report,
    project_create,
    project_stage_move,
    project_update,
)

PAGE_SIZE = 30


def me(request: HttpRequest) -> User:
    """The logged-in user (views are behind login_required)."""
    return cast(User, request.user)


def guarded(action: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Login required; `action` (on anything) required; domain refusals become 403/404."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if action and not can(me(request), action):
                raise HttpForbidden(_("您没有权限执行此操作。"))
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                raise HttpForbidden(exc.message) from exc
            except NotFound as exc:
                raise Http404(exc.message) from exc

        return wrapper

    return decorator


def int_param(params: Any, name: str) -> int | None:
    value = (params.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def year_param(params: Any, default: int | None = None) -> int:
    value = int_param(params, "year")
    return value if value and 2000 <= value <= 2100 else (default or selectors.report_year())


def project_or_404(request: HttpRequest, pk: int) -> Project:
    project = selectors.project_detail(me(request), pk)
    if project is None:
        raise Http404(_("项目不存在或无权查看。"))
    return project


def filters_from(params: Any) -> selectors.ProjectFilters:
    return selectors.ProjectFilters(
        q=(params.get("q") or "").strip()[:100],
        level=params.get("level", "") if params.get("level", "") in ("key", "none", *ProjectLevel.values) else "",
        industry=int_param(params, "industry"),
        stage=params.get("stage", "") if params.get("stage", "") in Stage.values else "",
        unit=int_param(params, "unit"),
        mode=int_param(params, "mode"),
        manufacturing=params.get("manufacturing", "") if params.get("manufacturing") in ("0", "1") else "",
        chain=params.get("chain", "") if params.get("chain", "") in ("any", *ChainTag.values) else "",
        amount_class=params.get("amount_class", "") if params.get("amount_class", "") in AmountClass.values else "",
        key_year=int_param(params, "key_year"),
        signed_year=int_param(params, "signed_year"),
        started_year=int_param(params, "started_year"),
        event=int_param(params, "event"),
        trip=int_param(params, "trip"),
    )


def zone_units(unit: Unit) -> Any:
    """The active units under the same committee as `unit`."""
    root = unit.path.split("/")[1]
    return Unit.objects.filter(is_active=True, path__startswith=f"/{root}/").order_by("path")


def filter_context() -> dict[str, Any]:
    return {
        **selectors.choices_for_filters(),
        "levels": ProjectLevel.choices,
        "stages": Stage.choices,
        "chains": ChainTag.choices,
        "amount_classes": AmountClass.choices,
        "units": Unit.objects.filter(is_active=True, kind__in=["bureau", "section", "town", "park", "committee"]),
    }


@guarded("projects.project.view")
def project_list(request: HttpRequest) -> HttpResponse:
    f = filters_from(request.GET)
    year = selectors.report_year()
    qs = selectors.project_list(me(request), f)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = selectors.year_figures([p.pk for p in page.object_list], year)
    for p in page.object_list:
        p.plan_amount, p.done_amount = figures[p.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "projects/list.html",
        {
            "page": page,
            "f": f,
            "year": year,
            **filter_context(),
            "can_manage": can(me(request), "projects.project.manage"),
            "can_export": can(me(request), "projects.export"),
        },
    )


@guarded("projects.project.manage")
def project_new(request: HttpRequest) -> HttpResponse:
    units = selectors.manageable_units(me(request))
    form = ProjectForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        year = timezone.localdate().year
        plan = form.cleaned_data["year_plan"]
        try:
            project = project_create(
                actor=me(request),
                data=form.project_data(),
                code=form.cleaned_data["code"],
                year_plans={year: plan} if plan is not None else None,
                stage=Stage.RESERVE,
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("项目已登记：%(n)s") % {"n": project.name})
            return redirect("projects:detail", project.pk)
    return render(
        request, "projects/form.html", {"form": form, "title": _("登记项目")}, status=400 if form.errors else 200
    )


@guarded("projects.project.manage")
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    if not can(me(request), "projects.project.manage", target_for_unit(project.unit)):
        raise HttpForbidden(_("只有责任单位可以修改该项目。"))
    year = selectors.report_year()
    plan = project.year_plans.filter(year=year).first()
    initial = {
        "name": project.name,
        "code": project.code,
        "level": project.level,
        "industry": project.industry,
        "is_manufacturing": project.is_manufacturing,
        "total_investment": project.total_investment,
        "year_plan": plan.amount if plan else None,
        "unit": project.unit,
        "person": project.person,
        "phone": project.phone,
        "mode": project.mode,
        "investor_name": project.investor_name,
        "investor_uscc": project.investor_uscc,
        "site": project.site,
        "chain_tag": project.chain_tag,
        "description": project.description,
    }
    form = ProjectForm(request.POST or None, initial=initial, units=selectors.manageable_units(me(request)))
    form.fields["code"].disabled = True
    form.fields["year_plan"].label = _("%(y)s 年计划投资（万元）") % {"y": year}
    if request.method == "POST" and form.is_valid():
        new_plan = form.cleaned_data["year_plan"]
        try:
            project_update(
                actor=me(request),
                project=project,
                data=form.project_data(),
                year_plans={year: new_plan} if new_plan is not None else None,
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("项目已保存。"))
            return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/form.html",
        {"form": form, "title": _("修改项目：%(n)s") % {"n": project.name}},
        status=400 if form.errors else 200,
    )


@guarded("projects.project.view")
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    user = me(request)
    target = target_for_unit(project.unit)
    year = selectors.report_year()
    today = timezone.localdate()
    month = today.month if today.year == year else (selectors.latest_report_month(year) or 12)
    plan, done = selectors.year_figures([project.pk], year, month)[project.pk]
    ratio = selectors.completion_ratio(done, plan)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "timeline": selectors.project_timeline(project),
            "plans": list(project.year_plans.all()),
            "milestones": list(project.milestones.all()),
            "issues": list(project.issues.select_related("assigned_unit")),
            "reports": list(project.progress_reports.order_by("-year", "-month")[:24]),
            "total_done": sum((r.amount for r in project.progress_reports.all()), start=selectors.ZERO),
            "year": year,
            "month": month,
            "plan": plan,
            "done": done,
            "ratio": ratio,
            "status": selectors.progress_status(done, plan, month),
            "next_stages": workflow.allowed_next(project.stage),
            "today": today,
            "can_manage": can(user, "projects.project.manage", target),
            "can_move": can(user, "projects.stage.move", target),
            "can_report": can(user, "projects.progress.report", target),
            "can_raise": can(user, "projects.issue.manage", target),
            "stage_form": StageForm(initial={"on": today}),
            "milestone_form": MilestoneForm(),
            "progress_form": ProgressForm(initial={"year": today.year, "month": today.month}),
            "issue_form": IssueForm(units=zone_units(project.unit)),
            "resolve_form": ResolveForm(),
        },
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "") or bool(request.headers.get("HX-Request"))


@guarded("projects.stage.move")
@require_POST
def stage_move(request: HttpRequest, pk: int) -> HttpResponse:
    """The one endpoint of the detail page's form and the kanban's drops (JSON when asked)."""
    project = project_or_404(request, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        message = "；".join(str(e) for errs in form.errors.values() for e in errs)
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message, "stage": project.stage}, status=400)
        messages.error(request, message)
        return redirect("projects:detail", project.pk)
    try:
        moved = project_stage_move(
            actor=me(request),
            project=project,
            to_stage=form.cleaned_data["to_stage"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": exc.message, "stage": project.stage}, status=exc.status)
        if isinstance(exc, PermissionDenied):
            raise
        messages.error(request, exc.message)
        return redirect("projects:detail", project.pk)
    message = _("“%(n)s”已变更为“%(s)s”。") % {"n": moved.name, "s": moved.get_stage_display()}
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": message, "stage": moved.stage})
    messages.success(request, message)
    return redirect("projects:detail", project.pk)


def _post_and_back(
    request: HttpRequest, project: Project, anchor: str, call: Callable[[], Any], ok: str
) -> HttpResponse:
    try:
        call()
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(reverse("projects:detail", args=[project.pk]) + anchor)


def _form_errors(form: Any) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}：{e}" if k != "__all__" else str(e)
        for k, errs in form.errors.items()
        for e in errs
    )


@guarded("projects.project.manage")
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(reverse("projects:detail", args=[project.pk]) + "#milestones")
    return _post_and_back(
        request,
        project,
        "#milestones",
        lambda: milestone_plan(actor=me(request), project=project, **form.cleaned_data),
        _("节点计划已保存。"),
    )


@guarded("projects.project.manage")
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = Milestone.objects.select_related("project").filter(pk=pk).first()
    if milestone is None:
        raise Http404
    project = project_or_404(request, milestone.project_id)
    raw = request.POST.get("actual_on") or ""
    try:
        actual = date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, _("日期格式无效。"))
        return redirect(reverse("projects:detail", args=[project.pk]) + "#milestones")
    return _post_and_back(
        request,
        project,
        "#milestones",
        lambda: milestone_complete(actor=me(request), milestone=milestone, actual_on=actual),
        _("节点已完成：%(n)s") % {"n": milestone.name},
    )


@guarded("projects.progress.report")
@require_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(reverse("projects:detail", args=[project.pk]) + "#progress")
    d = form.cleaned_data
    return _post_and_back(
        request,
        project,
        "#progress",
        lambda: progress_report(
            actor=me(request),
            project=project,
            year=d["year"],
            month=d["month"],
            amount=d["amount"],
            progress=d["progress"],
            photos=request.FILES.getlist("photos"),
        ),
        _("%(y)s年%(m)s月调度已填报。") % {"y": d["year"], "m": d["month"]},
    )


@guarded("projects.issue.manage")
@require_POST
def issue_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_or_404(request, pk)
    form = IssueForm(request.POST, units=Unit.objects.filter(is_active=True))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(reverse("projects:detail", args=[project.pk]) + "#issues")
    d = form.cleaned_data
    return _post_and_back(
        request,
        project,
        "#issues",
        lambda: issue_raise(
            actor=me(request),
            project=project,
            title=d["title"],
            description=d["description"],
            assigned_unit=d["assigned_unit"],
            working_days=d["working_days"],
        ),
        _("协调问题已交办。"),
    )


def _issue_or_404(request: HttpRequest, pk: int) -> Issue:
    issue = (
        selectors.issue_list(me(request))
        .filter(pk=pk)
        .select_related("assigned_unit__region", "project__unit__region")
        .first()
    )
    if issue is None:
        raise Http404(_("问题不存在或无权查看。"))
    return issue


@guarded("projects.issue.resolve")
@require_POST
def issue_close(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(reverse("projects:detail", args=[issue.project_id]) + "#issues")
    return _post_and_back(
        request,
        issue.project,
        "#issues",
        lambda: issue_resolve(actor=me(request), issue=issue, resolution=form.cleaned_data["resolution"]),
        _("问题已办结。"),
    )


@guarded("projects.issue.manage")
@require_POST
def issue_escalate_view(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    return _post_and_back(
        request,
        issue.project,
        "#issues",
        lambda: issue_escalate(actor=me(request), issue=issue),
        _("已升级督办。"),
    )


@guarded("projects.project.view")
def issues(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "") if request.GET.get("status", "") in IssueStatus.values else ""
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.issue_list(me(request), status=status, unit=int_param(request.GET, "unit"), overdue=overdue)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/issues.html",
        {
            "page": page,
            "status": status,
            "overdue": overdue,
            "unit": int_param(request.GET, "unit"),
            "statuses": IssueStatus.choices,
            "units": filter_context()["units"],
            "now": timezone.now(),
            "can_export": can(me(request), "projects.export"),
        },
    )


@guarded("projects.project.view")
def progress_board(request: HttpRequest) -> HttpResponse:
    year = year_param(request.GET)
    default_month = selectors.latest_report_month(year) or (
        timezone.localdate().month if year == timezone.localdate().year else 12
    )
    month = int_param(request.GET, "month") or default_month
    month = min(max(month, 1), 12)
    unit = int_param(request.GET, "unit")
    rows = selectors.progress_board(me(request), year, month, unit_id=unit)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("green", "yellow", "red")}
    plan = sum((r.plan for r in rows), start=selectors.ZERO)
    done = sum((r.done for r in rows), start=selectors.ZERO)
    from gaoxin.projects import conf
    from gaoxin.projects.services import report_due

    return render(
        request,
        "projects/progress_board.html",
        {
            "rows": rows,
            "year": year,
            "month": month,
            "unit": unit,
            "units": filter_context()["units"],
            "counts": counts,
            "plan": plan,
            "done": done,
            "ratio": selectors.completion_ratio(done, plan),
            "time_progress": selectors.time_progress(month),
            "yellow_gap": conf.YELLOW_GAP,
            "missing": sum(1 for r in rows if not r.reported),
            "due": report_due(year, month),
            "months": range(1, 13),
            "ranking": selectors.unit_ranking(me(request), year, month),
            "overdue_milestones": selectors.overdue_milestones(me(request)),
            "can_export": can(me(request), "projects.export"),
            "can_bulletin": can(me(request), "projects.bulletin.download"),
        },
    )
