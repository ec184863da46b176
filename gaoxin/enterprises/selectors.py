"""Enterprise reads."""

from __future__ import annotations

from gaoxin.core.models import User
from gaoxin.enterprises.models import EnterpriseMember


def enterprise_ids_for_user(user: User) -> list[int]:
    return list(EnterpriseMember.objects.filter(user=user).values_list("enterprise_id", flat=True))
