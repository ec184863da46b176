"""The pipeline's transition table: which stage may follow which (Dispatch-style, explicit).

Forward one step at a time; 在谈 may fall back to 储备; a project not yet signed may be
dropped (终止) and a dropped one re-enters 储备. After signing there is no way back.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gaoxin.core.errors import InvalidTransition
from gaoxin.projects.enums import Stage

TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.LEAD: frozenset({Stage.RESERVE, Stage.DROPPED}),
    Stage.RESERVE: frozenset({Stage.NEGOTIATING, Stage.DROPPED}),
    Stage.NEGOTIATING: frozenset({Stage.SIGNED, Stage.RESERVE, Stage.DROPPED}),
    Stage.SIGNED: frozenset({Stage.STARTED}),
    Stage.STARTED: frozenset({Stage.COMPLETED}),
    Stage.COMPLETED: frozenset(),
    Stage.DROPPED: frozenset({Stage.RESERVE}),
}

# order of the pipeline, for "how far along" comparisons
ORDER = [Stage.LEAD, Stage.RESERVE, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.COMPLETED]


def allowed_next(stage: str) -> list[Stage]:
    return sorted(TRANSITIONS[Stage(stage)], key=lambda s: (s == Stage.DROPPED, ORDER.index(s) if s in ORDER else 99))


def check_transition(current: str, target: str) -> None:
    """Raise InvalidTransition with a message naming the allowed next stages."""
    try:
        cur, tgt = Stage(current), Stage(target)
    except ValueError:
        raise InvalidTransition(_("未知的项目阶段：%(s)s") % {"s": target}, code="stage_unknown") from None
    if cur == tgt:
        raise InvalidTransition(_("项目已处于“%(s)s”阶段。") % {"s": cur.label}, code="stage_same")
    if tgt not in TRANSITIONS[cur]:
        nexts = "、".join(str(s.label) for s in allowed_next(cur)) or _("无（已是最终阶段）")
        raise InvalidTransition(
            _("不能从“%(a)s”直接变更为“%(b)s”。当前阶段可变更为：%(n)s。")
            % {"a": cur.label, "b": tgt.label, "n": nexts},
            code="stage_jump",
            details={"from": cur.value, "to": tgt.value, "allowed": [s.value for s in allowed_next(cur)]},
        )


def path_to(target: str) -> list[Stage]:
    """The forward stages from 线索 up to `target` (used to enter historical projects)."""
    tgt = Stage(target)
    if tgt == Stage.DROPPED:
        return [Stage.LEAD, Stage.DROPPED]
    return ORDER[: ORDER.index(tgt) + 1]
