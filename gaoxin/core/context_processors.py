from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gaoxin.core.enums import Role
from gaoxin.core.nav import menu_for
from gaoxin.core.permissions import grants_of


def shell(request: HttpRequest) -> dict[str, object]:
    """Menu, role labels and unread count for the page shell (lazy: pages that skip the shell pay nothing)."""
    user = request.user

    def roles() -> list[str]:
        return sorted({str(Role(g.role).label) for g in grants_of(user)})  # type: ignore[arg-type]

    def unread() -> int:
        from gaoxin.core.selectors import unread_count

        return unread_count(user)  # type: ignore[arg-type]

    if not user.is_authenticated:
        return {}
    return {
        "nav_menu": SimpleLazyObject(lambda: menu_for(user)),
        "user_roles": SimpleLazyObject(roles),
        "unread_count": SimpleLazyObject(unread),
    }
