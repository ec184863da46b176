"""Matching: rank resources for a need with the engine, store the explanation, record
what operators decide, and learn the factor weights from those outcomes."""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.errors import DomainError, InvalidTransition
from gaoxin.core.models import User
from gaoxin.matching import selectors
from gaoxin.matching.engine import FACTOR_LABELS, Outcome, learn_weights
from gaoxin.matching.engine.weights import OutcomeResult
from gaoxin.matching.enums import OPEN_NEED_STATUSES, MatchStatus, NeedStatus
from gaoxin.matching.models import LearnedWeights, Match, Need, Resource

TOP_K = 10
DECISIONS = {
    MatchStatus.PROPOSED: {MatchStatus.ACCEPTED, MatchStatus.REJECTED},
    MatchStatus.ACCEPTED: {MatchStatus.DEAL, MatchStatus.REJECTED},
    MatchStatus.REJECTED: {MatchStatus.ACCEPTED},
    MatchStatus.DEAL: set(),
}


def _factors_json(match: Any) -> list[dict[str, Any]]:
    return [
        {"name": f.name, "label": FACTOR_LABELS.get(f.name, f.name), "value": round(f.value, 4),
         "weight": round(f.weight, 4), "contribution": round(f.contribution, 4), "reason": f.reason_zh}
        for f in match.factors
    ]  # fmt: skip


def matches_refresh(*, actor: User | None, need: Need, k: int = TOP_K, now: Any = None) -> list[Match]:
    """Re-rank resources for an open need. Decided matches are kept as they are; proposals
    are replaced by the engine's current top k. A submitted need moves to 匹配中."""
    if actor is not None:
        from gaoxin.matching.access import require_on_need

        require_on_need(actor, "matching.need.manage", need)
    if need.status not in OPEN_NEED_STATUSES:
        return list(need.matches.order_by("rank"))
    from gaoxin.matching.engine_state import current_engine

    ranked = current_engine().top_k(selectors.need_doc(need), k)
    moment = now or timezone.now()
    with transaction.atomic():
        decided = {m.resource_id: m for m in need.matches.exclude(status=MatchStatus.PROPOSED)}
        need.matches.filter(status=MatchStatus.PROPOSED).delete()
        existing = set(
            Resource.objects.filter(pk__in=[int(m.resource_id) for m in ranked]).values_list("pk", flat=True)
        )
        rows = []
        for rank, m in enumerate(ranked, start=1):
            rid = int(m.resource_id)
            if rid not in existing:
                continue
            if rid in decided:
                kept = decided[rid]
                kept.rank, kept.score = rank, m.score
                kept.save(update_fields=["rank", "score"])
                continue
            rows.append(Match(need=need, resource_id=rid, score=round(m.score, 6), rank=rank, factors=_factors_json(m),
                              summary=m.summary_zh[:300], created_at=moment))  # fmt: skip
        Match.objects.bulk_create(rows)
        audit_log(
            actor=actor, action="matching.match.refresh", obj=need,
            after={"resources": [int(m.resource_id) for m in ranked], "scores": [round(m.score, 4) for m in ranked]},
        )  # fmt: skip
        if need.status == NeedStatus.SUBMITTED:
            from gaoxin.matching.services.needs import _transition

            _transition(actor=actor, need=need, to=NeedStatus.MATCHING, note=_("自动匹配"), now=moment)
    return list(need.matches.select_related("resource").order_by("rank", "pk"))


def match_decide(*, actor: User | None, match: Match, status: str, now: Any = None) -> Match:
    """An operator accepts or rejects a recommendation, or records a deal on it."""
    if status not in MatchStatus.values or status == MatchStatus.PROPOSED:
        raise DomainError(_("未知的匹配处理结果：%(s)s") % {"s": str(status)[:30]}, code="unknown_choice")
    if actor is not None:
        from gaoxin.matching.access import require_on_need

        require_on_need(actor, "matching.match.decide", match.need)
    with transaction.atomic():
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if status not in DECISIONS[MatchStatus(locked.status)]:
            raise InvalidTransition(
                _("匹配结果不能从“%(a)s”变为“%(b)s”。")
                % {"a": MatchStatus(locked.status).label, "b": MatchStatus(status).label}
            )
        before = {"status": locked.status}
        locked.status, locked.decided_by, locked.decided_at = status, actor, now or timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        audit_log(actor=actor, action="matching.match.decide", obj=locked, before=before, after={"status": status},
                  unit_id=match.need.unit_id)  # fmt: skip
        transaction.on_commit(_enqueue_learn)
    match.status, match.decided_by, match.decided_at = locked.status, locked.decided_by, locked.decided_at
    return match


def _enqueue_learn() -> None:
    from gaoxin.matching.tasks import learn_match_weights

    learn_match_weights.enqueue()


def outcomes() -> list[Outcome]:
    rows = Match.objects.exclude(status=MatchStatus.PROPOSED).order_by("pk").values_list("factors", "status")
    return [Outcome({f["name"]: f["value"] for f in factors}, cast(OutcomeResult, status)) for factors, status in rows]


def weights_learn(*, actor: User | None = None, now: Any = None) -> LearnedWeights | None:
    """Fit weights on every decided match and store them when they differ from the current ones."""
    data = outcomes()
    weights = learn_weights(data)
    _current_id, current = selectors.current_weights()
    if all(abs(weights[k] - current.get(k, -1)) < 1e-9 for k in weights):
        return None
    with transaction.atomic():
        row = LearnedWeights.objects.create(weights=weights, outcomes=len(data), created_at=now or timezone.now())
        audit_log(actor=actor, action="matching.weights.learn", obj=row, before=current, after=weights)
    return row
