"""Core pages: login (throttled and audited), home, inbox, password change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core import selectors
from gaoxin.core.audit import audit_log
from gaoxin.core.middleware import client_ip
from gaoxin.core.models import LoginFailure
from gaoxin.core.notify.services import notifications_mark_read


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = (request.POST.get("username") or "").strip().lower()
        if selectors.login_is_throttled(username=username, ip=client_ip(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("登录失败次数过多，请 15 分钟后再试。"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(actor=form.get_user(), action="auth.login", obj=form.get_user())
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        username = (self.request.POST.get("username") or "").strip().lower()
        with transaction.atomic():
            LoginFailure.objects.create(username=username, ip=client_ip(self.request), at=timezone.now())
            audit_log(actor=None, action="auth.login_failed", object_type="core.user", object_repr=username[:150])
        return super().form_invalid(form)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from gaoxin.dashboards.selectors import home_panels

    return render(request, "core/home.html", {"panels": home_panels(request.user)})  # type: ignore[arg-type]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("status") == "unread"
    notes = selectors.inbox_for(request.user, unread_only=unread_only)  # type: ignore[arg-type]
    page = Paginator(notes, 20).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def inbox_mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.getlist("id")
    ids = [int(i) for i in raw if i.isdigit()]
    count = notifications_mark_read(actor=request.user, ids=ids if raw else None)  # type: ignore[arg-type]
    messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/inbox/") else "inbox")
