"""Shared helpers of the 足迹 pages: domain errors become 403/404 or a message."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.permissions import require, scope_q
from gaoxin.enterprises.models import Enterprise
from gaoxin.matching.models import Base


def page(action: str | None = None) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """login_required + an optional global permission + domain errors mapped to HTTP."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            try:
                if action:
                    require(request.user, action)  # type: ignore[arg-type]
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from exc

        return wrapper

    return decorate


def error_message(request: HttpRequest, exc: DomainError) -> None:
    if isinstance(exc, PermissionDenied | NotFound):
        raise exc
    messages.error(request, exc.message)


def bases_for_action(user: Any, action: str) -> QuerySet[Base]:
    return Base.objects.filter(scope_q(user, action, unit="unit")).select_related("unit").order_by("unit__path")


def enterprises_for_action(user: Any, action: str) -> QuerySet[Enterprise]:
    """Enterprises the user may act for: own (enterprise users) or incubated at bases in scope."""
    q = scope_q(user, action, unit="incubations__base__unit", enterprise="id")
    return Enterprise.objects.filter(q).distinct().order_by("name")


def set_choices(form: Any, name: str, choices: Any) -> None:
    """Fill a choice field's options (forms declare the field, views know the user's scope)."""
    form.fields[name].choices = list(choices)


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None
