"""The work-order state machine: one explicit table of allowed transitions.

    opened ──verify──▶ verified ──plan──▶ fixing ──answer──▶ answered ──close──▶ closed
       │                  │                  ▲                  │
       └──appeal──┐       └──appeal──┐       │ reject / reopen  │ (rater 不满意, once)
                  ▼                  ▼       │                  │
                appealed ◀──appeal── fixing  └──────────────────┘
                  │
                  └──uphold──▶ excluded (the rating is kept, out of statistics)

Services call `check(order.status, target)` before writing; an illegal pair raises
InvalidTransition with a Chinese message and nothing is written.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gaoxin.core.errors import InvalidTransition
from gaoxin.rectifications.enums import EventKind
from gaoxin.rectifications.enums import Status as S

# (from, to) -> the event that performs it
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.OPENED, S.VERIFIED): EventKind.VERIFY,
    (S.VERIFIED, S.FIXING): EventKind.PLAN,
    (S.FIXING, S.ANSWERED): EventKind.ANSWER,
    (S.ANSWERED, S.CLOSED): EventKind.CLOSE,
    (S.ANSWERED, S.FIXING): EventKind.REOPEN,
    (S.OPENED, S.APPEALED): EventKind.APPEAL,
    (S.VERIFIED, S.APPEALED): EventKind.APPEAL,
    (S.FIXING, S.APPEALED): EventKind.APPEAL,
    (S.APPEALED, S.EXCLUDED): EventKind.APPEAL_UPHOLD,
    (S.APPEALED, S.FIXING): EventKind.APPEAL_REJECT,
}

FINAL = frozenset({S.CLOSED, S.EXCLUDED})


def allowed(previous: str, current: str) -> bool:
    return (previous, current) in TRANSITIONS


def check(previous: str, current: str) -> str:
    """The event kind of the transition, or InvalidTransition with a clear Chinese message."""
    try:
        return TRANSITIONS[(previous, current)]
    except KeyError:
        raise InvalidTransition(
            _("工单当前状态为“%(a)s”，不能变更为“%(b)s”。") % {"a": S(previous).label, "b": S(current).label},
            details={"from": previous, "to": current},
        ) from None


def next_statuses(previous: str) -> list[str]:
    return [b for (a, b) in TRANSITIONS if a == previous]
