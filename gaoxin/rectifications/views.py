"""Pages of the closed loop: the ledger (台账) with Excel export, the work-order page with its
timeline and one form per allowed transition, the topics page."""

from __future__ import annotations

from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.models import Unit, User
from gaoxin.core.permissions import can, require, target_for_unit
from gaoxin.evaluations.selectors import masked_rater
from gaoxin.rectifications import forms, services, workflow
from gaoxin.rectifications.enums import Status
from gaoxin.rectifications.selectors import ledger as ledger_qs
from gaoxin.rectifications.selectors import order_for, overdue_steps, step_durations, top_topics
from gaoxin.rectifications.topics import TOPIC_LABELS


def page_view(view: Any) -> Any:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


EXPORT_COLUMNS = [
    (_("工单编号"), lambda o: o.number),
    (_("状态"), lambda o: o.get_status_display()),
    (_("满意度"), lambda o: o.rating.get_level_display()),
    (_("责任单位"), lambda o: o.department.name),
    (_("大厅"), lambda o: o.hall.name),
    (_("事项"), lambda o: o.item.name if o.item else ""),
    (_("办件编号"), lambda o: o.case.number if o.case else ""),
    (_("问题分类"), lambda o: TOPIC_LABELS.get(o.topic, o.topic)),
    (_("实名"), lambda o: _("是") if o.is_real_name else _("否")),
    (_("生成时间"), lambda o: timezone.localtime(o.opened_at).replace(tzinfo=None)),
    (_("回访核实期限"), lambda o: timezone.localtime(o.callback_due_at).replace(tzinfo=None)),
    (_("整改反馈期限"), lambda o: timezone.localtime(o.fix_due_at).replace(tzinfo=None)),
    (_("期限为暂定"), lambda o: _("是") if o.fix_due_provisional else ""),
    (_("超期"), lambda o: "、".join(overdue_steps(o))),
    (_("核实结论"), lambda o: o.get_finding_display() if o.finding else ""),
    (_("整改方式"), lambda o: o.get_fix_mode_display() if o.fix_mode else ""),
    (_("计划完成日期"), lambda o: o.plan_due_date),
    (_("按时整改"), lambda o: "" if o.answered_on_time is None else (_("是") if o.answered_on_time else _("否"))),
    (_("结果"), lambda o: o.get_outcome_display() if o.outcome else ""),
]


@page_view
def ledger(request: HttpRequest) -> HttpResponseBase:
    require(request.user, "rectifications.order.view")  # type: ignore[arg-type]
    form = forms.LedgerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = ledger_qs(request.user, filters=filters)  # type: ignore[arg-type]
    if request.GET.get("export") == "xlsx":
        from gaoxin.core.excel.export import export_workbook_response

        shown = {str(form.fields[k].label): str(v) for k, v in filters.items() if v not in ("", None, False)}
        return export_workbook_response(
            actor=request.user,
            action="rectifications.order.export",
            filename="差评整改台账.xlsx",
            title=_("差评整改台账"),
            columns=EXPORT_COLUMNS,
            rows=qs,
            filters=shown,
        )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {"o": o, "overdue": overdue_steps(o, now), "topic": TOPIC_LABELS.get(o.topic, o.topic)}
        for o in page.object_list
    ]
    return render(
        request,
        "rectifications/ledger.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "can_export": can(request.user, "rectifications.order.export"),  # type: ignore[arg-type]
            "topic_labels": TOPIC_LABELS,
        },
    )


def _actions(user, order) -> dict[str, bool]:
    dept = target_for_unit(order.department)
    hall = target_for_unit(order.hall.unit)
    handle = can(user, "rectifications.order.handle", dept)
    nxt = set(workflow.next_statuses(order.status))
    return {
        "verify": handle and Status.VERIFIED in nxt,
        "plan": handle and Status.FIXING in nxt and order.status == Status.VERIFIED,
        "answer": handle and Status.ANSWERED in nxt,
        "appeal": handle and Status.APPEALED in nxt and order.appeal_filed_at is None,
        "decide": order.status == Status.APPEALED
        and any(can(user, "rectifications.appeal.decide", t) for t in (dept, hall)),
        "close": Status.CLOSED in nxt and any(can(user, "rectifications.order.close", t) for t in (dept, hall)),
        "reroute": order.status not in workflow.FINAL
        and any(can(user, "rectifications.order.reroute", t) for t in (dept, hall)),
        "topic": can(user, "rectifications.topic.correct", dept),
        "reveal": order.is_real_name and handle,
    }


@page_view
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_for(request.user, pk)  # type: ignore[arg-type]
    actions = _actions(request.user, order)
    return render(
        request,
        "rectifications/order.html",
        {
            "o": order,
            "events": list(order.events.select_related(None).order_by("at", "id")),
            "evidence": list(order.evidence.order_by("pk")),
            "rater": masked_rater(order.rating),
            "overdue": overdue_steps(order),
            "durations": step_durations(order),
            "actions": actions,
            "topic_label": TOPIC_LABELS.get(order.topic, order.topic),
            "forms": {
                "verify": forms.VerifyForm(),
                "plan": forms.PlanForm(),
                "answer": forms.AnswerForm(),
                "appeal": forms.AppealForm(),
                "decide": forms.DecideForm(),
                "close": forms.CloseForm(),
                "topic": forms.TopicForm(initial={"topic": order.topic}),
            },
            "departments": list(
                Unit.objects.filter(
                    region__path__startswith=order.department.region.path,
                    kind__in=["bureau", "section", "town", "hall"],
                )
                .order_by("path")
                .values_list("pk", "name")
            )
            if actions["reroute"]
            else [],
        },
    )


# Who may run each action, checked before the input is validated (a refused user gets 403,
# not a validation message). The services check again inside their transaction.
_GUARDS = {
    "verify": ("handle", "rectifications.order.handle"),
    "plan": ("handle", "rectifications.order.handle"),
    "answer": ("handle", "rectifications.order.handle"),
    "appeal": ("handle", "rectifications.order.handle"),
    "topic": ("handle", "rectifications.topic.correct"),
    "decide": ("supervise", "rectifications.appeal.decide"),
    "close": ("supervise", "rectifications.order.close"),
    "reroute": ("supervise", "rectifications.order.reroute"),
}


def _guard(user: User, order, action: str) -> None:
    from gaoxin.rectifications.services._common import require_handle, require_supervise

    kind, permission = _GUARDS.get(action, ("", ""))
    if kind == "handle":
        require_handle(user, order, permission)
    elif kind == "supervise":
        require_supervise(user, permission, order)
    else:
        raise Http404


def _run(request: HttpRequest, order, action: str) -> None:
    user = cast(User, request.user)
    _guard(user, order, action)
    data = request.POST
    if action == "verify":
        f = forms.VerifyForm(data)
        f.is_valid()
        services.work_order_verify(
            actor=user,
            order=order,
            finding=data.get("finding", ""),
            notes=data.get("notes", ""),
            called_back=bool(f.cleaned_data.get("called_back")),
            callback_notes=data.get("callback_notes", ""),
        )
    elif action == "plan":
        pf = forms.PlanForm(data)
        if not pf.is_valid() and "plan_due_date" in pf.errors:
            raise DomainError(_("计划完成日期格式不正确。"), code="plan_date_invalid")
        services.work_order_plan(
            actor=user,
            order=order,
            mode=data.get("mode", ""),
            plan=data.get("plan", ""),
            plan_due_date=pf.cleaned_data.get("plan_due_date"),
        )
    elif action == "answer":
        services.work_order_answer(actor=user, order=order, answer=data.get("answer", ""))
    elif action == "appeal":
        services.work_order_appeal(
            actor=user, order=order, reasons=data.get("reasons", ""), files=request.FILES.getlist("evidence")
        )
    elif action == "decide":
        if data.get("uphold") not in ("0", "1"):
            raise DomainError(_("请选择复核结论。"), code="decision_required")
        services.work_order_appeal_decide(
            actor=user, order=order, uphold=data["uphold"] == "1", decision=data.get("decision", "")
        )
    elif action == "close":
        services.work_order_close(actor=user, order=order, note=data.get("note", ""))
    elif action == "reroute":
        unit = Unit.objects.select_related("region").filter(pk=data.get("department") or 0).first()
        if unit is None:
            raise DomainError(_("请选择新责任单位。"), code="department_required")
        services.work_order_reroute(actor=user, order=order, department=unit, reason=data.get("reason", ""))
    elif action == "topic":
        services.work_order_topic_correct(actor=user, order=order, topic=data.get("topic", ""))
    else:
        raise Http404


@require_POST
@page_view
def order_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    order = order_for(request.user, pk)  # type: ignore[arg-type]
    try:
        _run(request, order, action)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("rectifications:order", pk=pk)
    messages.success(request, _("已保存。"))
    return redirect("rectifications:order", pk=pk)


@require_POST
@page_view
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_for(request.user, pk)  # type: ignore[arg-type]
    identity = services.work_order_rater_reveal(actor=cast(User, request.user), order=order)
    return render(request, "rectifications/_identity.html", {"identity": identity})


@page_view
def topics_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "rectifications.order.view")  # type: ignore[arg-type]
    from gaoxin.rectifications.topic_report import accuracy_report

    return render(
        request,
        "rectifications/topics.html",
        {
            "by_department": top_topics(request.user, by="department"),  # type: ignore[arg-type]
            "by_item": top_topics(request.user, by="item"),  # type: ignore[arg-type]
            "report": accuracy_report(),
        },
    )
