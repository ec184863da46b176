"""Integrity checks for the hall manager. Flags show evidence; they never block, change or
delete a rating. Run by the periodic job (not on page views), over a bounded time span."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.models import User
from gaoxin.core.permissions import can, target_for_unit
from gaoxin.evalstats.chisq import goodness_of_fit
from gaoxin.evalstats.models import FindingKind, FindingStatus, IntegrityFinding
from gaoxin.evaluations.enums import Channel
from gaoxin.evaluations.models import Case, Hall, Rating

# thresholds (stated on the page)
PERFECT_MIN_RATINGS = 10
LOW_COVERAGE = 0.5  # 主动评价率 below 50 %
BURST_COUNT = 5  # ≥5 ratings from one device …
BURST_SECONDS = 120  # … within 2 minutes
FAST_SECONDS = 10  # rating within 10 s of completion on a staff-operated terminal
FAST_MIN = 3  # … at least 3 times for one staff member
PHONE_MIN_CASES = 5  # one phone rating ≥5 cases
DEFAULT_SHARE = 0.3  # default ratings above 30 % …
DEFAULT_MIN = 20  # … of at least 20 ratings
CHI_ALPHA = 0.01  # window distribution vs hall: chi-square goodness of fit, p < 0.01
CHI_MIN = 30  # only windows with ≥30 valid ratings


@dataclass(frozen=True)
class Flag:
    kind: str
    subject: str
    key: str
    evidence: dict


def _fmt(dt: datetime) -> str:
    return f"{timezone.localtime(dt):%Y-%m-%d %H:%M:%S}"


def detect(hall: Hall, since: datetime, until: datetime) -> list[Flag]:
    ratings = list(
        Rating.objects.filter(hall=hall, created_at__gte=since, created_at__lt=until, rating_no=1)
        .select_related("window", "staff__user", "case")
        .order_by("created_at", "pk")
    )
    cases = Case.objects.filter(hall=hall, completed_at__gte=since, completed_at__lt=until)
    completed: dict[tuple[str, int], int] = defaultdict(int)
    for window_id, staff_id in cases.values_list("window_id", "staff_id"):
        if window_id:
            completed[("window", window_id)] += 1
        if staff_id:
            completed[("staff", staff_id)] += 1
    flags: list[Flag] = []
    span = f"{since:%Y-%m-%d}~{until:%Y-%m-%d}"
    valid = [r for r in ratings if not r.is_default]
    # 1. 100 % good but low coverage
    groups: dict[tuple[str, int], list[Rating]] = defaultdict(list)
    names: dict[tuple[str, int], str] = {}
    for r in valid:
        if r.window_id:
            groups[("window", r.window_id)].append(r)
            names[("window", r.window_id)] = _("%(n)s号窗口") % {"n": r.window.number}  # type: ignore[union-attr]
        if r.staff_id:
            groups[("staff", r.staff_id)].append(r)
            names[("staff", r.staff_id)] = r.staff.display_name  # type: ignore[union-attr]
    for key, rs in groups.items():
        rated_cases = len({r.case_id for r in rs if r.case_id})
        done = completed.get(key, 0)
        if (
            len(rs) >= PERFECT_MIN_RATINGS
            and all(r.level >= 3 for r in rs)
            and done
            and rated_cases / done < LOW_COVERAGE
        ):
            flags.append(
                Flag(
                    FindingKind.PERFECT_LOW_COVERAGE,
                    names[key],
                    f"{key[0]}{key[1]}-{span}",
                    {
                        "ratings": len(rs),
                        "good_rate": "100%",
                        "completed_cases": done,
                        "rated_cases": rated_cases,
                        "active_rate": f"{100 * rated_cases / done:.1f}%",
                        "threshold": f"<{LOW_COVERAGE:.0%}",
                    },
                )
            )
    # 2. device bursts
    by_device: dict[int, list[Rating]] = defaultdict(list)
    for r in ratings:
        if r.device_id:
            by_device[r.device_id].append(r)
    for device_id, rs in by_device.items():
        start = 0
        for end in range(len(rs)):
            while rs[end].created_at - rs[start].created_at > timedelta(seconds=BURST_SECONDS):
                start += 1
            if end - start + 1 >= BURST_COUNT:
                burst = rs[start : end + 1]
                flags.append(
                    Flag(
                        FindingKind.DEVICE_BURST,
                        _("评价器 #%(d)s") % {"d": device_id},
                        f"dev{device_id}-{burst[0].pk}",
                        {
                            "ratings": len(burst),
                            "from": _fmt(burst[0].created_at),
                            "to": _fmt(burst[-1].created_at),
                            "threshold": f"≥{BURST_COUNT} / {BURST_SECONDS}s",
                        },
                    )
                )
                break
    # 3. fast ratings after completion on staff-operated terminals
    fast: dict[int, list[float]] = defaultdict(list)
    for r in valid:
        if (
            r.case
            and r.case.completed_at
            and r.staff_id
            and (r.channel in (Channel.DEVICE, Channel.TERMINAL) or r.operator_id)
        ):
            seconds = (r.created_at - r.case.completed_at).total_seconds()
            if 0 <= seconds < FAST_SECONDS:
                fast[r.staff_id].append(round(seconds, 1))
    for staff_id, secs in fast.items():
        if len(secs) >= FAST_MIN:
            flags.append(
                Flag(
                    FindingKind.FAST_STAFF_TERMINAL,
                    names.get(("staff", staff_id), str(staff_id)),
                    f"fast{staff_id}-{span}",
                    {"ratings": len(secs), "seconds": secs[:20], "threshold": f"<{FAST_SECONDS}s ×{FAST_MIN}"},
                )
            )
    # 4. one phone rating many cases (blind index only: never the number)
    phones: dict[str, set[int]] = defaultdict(set)
    for r in valid:
        if r.rater_phone_index and r.case_id:
            phones[r.rater_phone_index].add(r.case_id)
    for index, case_ids in phones.items():
        if len(case_ids) >= PHONE_MIN_CASES:
            flags.append(
                Flag(
                    FindingKind.PHONE_MANY_CASES,
                    _("同一手机号（已脱敏）"),
                    f"ph{index[:16]}-{span}",
                    {"cases": len(case_ids), "phone_ref": index[:8], "threshold": f"≥{PHONE_MIN_CASES}"},
                )
            )
    # 5. share of default ratings
    n_default = sum(1 for r in ratings if r.is_default)
    if len(ratings) >= DEFAULT_MIN and n_default / len(ratings) > DEFAULT_SHARE:
        flags.append(
            Flag(
                FindingKind.DEFAULT_SHARE,
                hall.name,
                f"def{hall.pk}-{span}",
                {
                    "ratings": len(ratings),
                    "defaults": n_default,
                    "share": f"{100 * n_default / len(ratings):.1f}%",
                    "threshold": f">{DEFAULT_SHARE:.0%}",
                },
            )
        )
    # 6. window distribution vs the hall's (chi-square goodness of fit)
    hall_counts = [sum(1 for r in valid if r.level == lv) for lv in (5, 4, 3, 2, 1)]
    for key, rs in groups.items():
        if key[0] != "window" or len(rs) < CHI_MIN:
            continue
        observed = [sum(1 for r in rs if r.level == lv) for lv in (5, 4, 3, 2, 1)]
        reference = [h - o for h, o in zip(hall_counts, observed, strict=True)]  # the rest of the hall
        statistic, df, p = goodness_of_fit(observed, reference)
        if df and p < CHI_ALPHA:
            flags.append(
                Flag(
                    FindingKind.DISTRIBUTION,
                    names[key],
                    f"chi{key[1]}-{span}",
                    {
                        "observed": observed,
                        "hall_rest": reference,
                        "chi2": round(statistic, 2),
                        "df": df,
                        "p": f"{p:.2e}",
                        "threshold": f"p<{CHI_ALPHA}",
                    },
                )
            )
    return flags


def integrity_scan(*, hall: Hall, since: datetime, until: datetime, actor: User | None = None) -> int:
    """Store new findings (idempotent on their fingerprint); decided findings are left alone."""
    flags = detect(hall, since, until)
    now = timezone.now()
    created = 0
    with transaction.atomic():
        existing = set(
            IntegrityFinding.objects.filter(fingerprint__in=[f.key for f in flags]).values_list(
                "fingerprint", flat=True
            )
        )
        for f in flags:
            if f.key in existing:
                continue
            IntegrityFinding.objects.create(
                hall=hall,
                region_id=hall.region_id,
                kind=f.kind,
                subject=f.subject[:200],
                fingerprint=f.key[:120],
                evidence=f.evidence,
                detected_at=now,
            )
            created += 1
        if created:
            audit_log(
                actor=actor,
                action="evalstats.integrity.scan",
                obj=hall,
                unit_id=hall.unit_id,
                after={"created": created},
            )
    return created


def integrity_decide(*, actor: User, finding: IntegrityFinding, status: str, note: str) -> IntegrityFinding:
    """The hall manager confirms or dismisses a finding (audited). The ratings are untouched.

    Permission first: someone who may not decide learns nothing from the validation messages.
    """
    hall = Hall.objects.select_related("unit__region").get(pk=finding.hall_id)
    if not can(actor, "evalstats.integrity.decide", target_for_unit(hall.unit)):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    if status not in (FindingStatus.CONFIRMED, FindingStatus.DISMISSED):
        raise DomainError(_("请选择“确认异常”或“排除”。"), code="invalid_status")
    if not (note or "").strip():
        raise DomainError(_("请填写核查意见。"), code="note_required")
    with transaction.atomic():
        before = finding.status
        finding.status, finding.decision_note = status, note.strip()
        finding.decided_by, finding.decided_at = actor, timezone.now()
        finding.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
        audit_log(
            actor=actor,
            action="evalstats.integrity.decide",
            obj=finding,
            unit_id=hall.unit_id,
            before={"status": before},
            after={"status": status, "note": finding.decision_note},
        )
    return finding
