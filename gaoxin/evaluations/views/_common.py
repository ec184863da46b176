"""Helpers shared by the evaluations views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from gaoxin.core.errors import DomainError, NotFound
from gaoxin.core.models import User
from gaoxin.core.permissions import require, target_for_unit
from gaoxin.evaluations.models import Hall
from gaoxin.evaluations.ui_selectors import halls_for

PAGE_SIZE = 20


def paginate(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def managed_hall(request: HttpRequest, action: str) -> tuple[Hall, list[Hall]]:
    """The hall chosen with ?hall= among those the user may `action`; raises when none."""
    user: User = request.user  # type: ignore[assignment]
    require(user, action)
    halls = list(halls_for(user, action))
    if not halls:
        raise NotFound("没有可管理的大厅。")
    wanted = request.GET.get("hall") or request.POST.get("hall")
    hall = next((h for h in halls if str(h.pk) == str(wanted)), halls[0])
    require(user, action, target_for_unit(hall.unit))
    return hall, halls


def flash_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


def staff_page(view: Any) -> Any:
    """login_required, and domain refusals become 403/404 pages."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
    from django.http import Http404

    from gaoxin.core.errors import PermissionDenied

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
