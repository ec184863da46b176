"""The hot path: `evaluation_record()` (every channel), and the default-rating job.

Ratings are immutable rows that carry their own provenance (device, operator, submitter),
so no AuditEvent is written per citizen rating. A refused rating raises `RatingRefused`
with a stable code and a Chinese message, and writes nothing.
"""

from __future__ import annotations

import uuid as uuid_lib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.calendar import deadline_after
from gaoxin.core.crypto import blind_index, encrypt
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Region, User
from gaoxin.core.rawfetch import insert_one, insert_rows, new_instance
from gaoxin.core.workdays import SHANGHAI
from gaoxin.evalstats.rollup import RatingFacts, subject_of
from gaoxin.evaluations import hooks, hotpath
from gaoxin.evaluations.enums import BAD_LEVELS, ApplicantType, CaseStatus, Channel, IntegrityFlag, Level, RaterType
from gaoxin.evaluations.models import Case, Device, RateLimitHit, Rating, RatingPolicy, Staff
from gaoxin.evaluations.policy import TAG_SET_VERSION, EffectivePolicy, effective_policy, policy_for_path, tag_codes
from gaoxin.evaluations.services._common import RateLimited, RatingRefused

MAX_TEXT = 500
MAX_TAGS = 10
CLOCK_SKEW = timedelta(minutes=10)


@dataclass(frozen=True)
class Rater:
    """Who rated, when they chose to give it (real name needs `consent`)."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    consent: bool = False
    is_legal_person: bool | None = None  # None: from the case's applicant type


@dataclass(frozen=True)
class RecordResult:
    rating: Rating
    created: bool


def _refuse(code: str, message: str, cls: type[RatingRefused] = RatingRefused) -> RatingRefused:
    return cls(message, code=code)


_LEVELS = frozenset(Level.values)  # (an enum's .values builds its list on every call)
_CHANNELS = frozenset(Channel.values)


def _clean_scalars(channel: object, level: object, rating_no: object, tags, text: str) -> tuple[int, int, list]:
    try:
        level_v = int(level)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        level_v = 0
    if level_v not in _LEVELS or isinstance(level, bool):
        raise _refuse("invalid_level", _("满意度无效：应为五个等级之一。"))
    try:
        channel_v = int(channel)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        channel_v = 0
    if channel_v not in _CHANNELS:
        raise _refuse("invalid_channel", _("评价渠道无效。"))
    if rating_no not in (1, 2):
        raise _refuse("invalid_rating_no", _("评价次数无效：1 为首次评价，2 为追评。"))
    tag_list = sorted(set(tags or ()))
    if len(tag_list) > MAX_TAGS or not set(tag_list) <= tag_codes():
        raise _refuse("invalid_tags", _("评价内容代码无效。"))
    if "\x00" in (text or ""):
        raise _refuse("invalid_text", _("文字评价含有无效字符。"))
    if len(text or "") > MAX_TEXT:
        raise _refuse("text_too_long", _("文字评价不能超过 %(n)s 个字。") % {"n": MAX_TEXT})
    return channel_v, level_v, tag_list


def _parse_uuid(value: object) -> uuid_lib.UUID:
    if isinstance(value, uuid_lib.UUID):
        return value
    try:
        return uuid_lib.UUID(str(value))
    except (TypeError, ValueError):
        raise _refuse("invalid_uuid", _("评价编号（UUID）无效。")) from None


def _load_case(case: Case | None, case_number: str | None) -> Case | None:
    if case is not None or not case_number:
        return case
    if "\x00" in case_number:
        raise _refuse("unknown_case", _("办件不存在。"))
    found = hotpath.case_for_rating(case_number.strip())
    if found is None:
        raise _refuse("unknown_case", _("办件不存在。"))
    return found


class _StoredMeanwhile(Exception):
    pass


def _check_case_rules(case: Case, rating_no: int, policy: EffectivePolicy, now: datetime, key: uuid_lib.UUID) -> None:
    if case.status != CaseStatus.COMPLETED or case.completed_at is None:
        raise _refuse("case_not_completed", _("办件尚未办结，办结后才能评价。"))
    if rating_no == 1:
        # "Already rated" needs no read here: the unique (case, rating_no) constraint refuses the
        # insert and evaluation_record() answers already_rated (or duplicate, for the same uuid).
        if now > deadline_after(case.completed_at, policy.supplementary_days).due_at:
            if Rating.objects.filter(case=case, rating_no=1).exists():
                raise _refuse("already_rated", _("该办件已评价。"))
            raise _refuse(
                "window_closed", _("评价期已过（办结后 %(n)s 个工作日内可评价）。") % {"n": policy.supplementary_days}
            )
        return
    by_no = dict(Rating.objects.filter(case=case).values_list("rating_no", "uuid"))
    if by_no.get(rating_no) == key:
        raise _StoredMeanwhile
    existing = set(by_no)
    if 2 in existing:
        raise _refuse("already_rated", _("该办件已追评。"))
    from gaoxin.rectifications.selectors import followup_allowed

    if 1 not in existing or not followup_allowed(case):
        raise _refuse("followup_not_allowed", _("差评整改完成后才能追评。"))


def _check_rate_limit(
    staff: Staff, device: Device | None, client_ip: str | None, policy: EffectivePolicy, now: datetime
) -> str:
    address = f"d{device.pk}" if device is not None else (client_ip or "-")
    key = f"qr:{staff.pk}:{address}"
    since = now - timedelta(minutes=policy.static_qr_window_minutes)
    if RateLimitHit.objects.filter(key=key, at__gt=since).count() >= policy.static_qr_limit:
        raise _refuse("rate_limited", _("评价过于频繁，请稍后再试。"), RateLimited)
    return key


def evaluation_record(
    *,
    actor: User | None,
    channel: int,
    level: int,
    uuid: uuid_lib.UUID | str,
    case: Case | None = None,
    case_number: str | None = None,
    staff: Staff | None = None,
    device: Device | None = None,
    tags: tuple[str, ...] | list[str] = (),
    text: str = "",
    rating_no: int = 1,
    rater: Rater | None = None,
    created_at: datetime | None = None,
    operator: User | None = None,
    client_ip: str | None = None,
) -> RecordResult:
    """Record one rating (idempotent on the client-made `uuid`).

    Bound to a case (by object or number; dynamic QR, evaluator, web, hotline, SMS) or, for a
    static QR code, to a staff member only. The same uuid again returns the stored rating
    with created=False and writes nothing, also under concurrent retries.
    """
    channel_v, level_v, tag_list = _clean_scalars(channel, level, rating_no, tags, text)
    key = _parse_uuid(uuid)
    if created_at is not None and timezone.is_naive(created_at):
        created_at = created_at.replace(tzinfo=SHANGHAI)  # a device clock without zone is local time
    try:
        prepared = _prepare(
            actor=actor,
            channel_v=channel_v,
            level_v=level_v,
            tag_list=tag_list,
            key=key,
            case=case,
            case_number=case_number,
            staff=staff,
            device=device,
            text=text,
            rating_no=rating_no,
            rater=rater,
            created_at=created_at,
            operator=operator,
            client_ip=client_ip,
        )
        if isinstance(prepared, RecordResult):
            return prepared  # a retry that found its stored rating
        return _store(prepared)
    except RatingRefused:
        # A uuid already stored is a retry: it gets the stored rating whatever the rules would
        # say now (case rated meanwhile, window closed, device revoked). Looked up only here
        # and after a failed insert, so a new rating pays no read for it.
        stored = Rating.objects.filter(uuid=key).first()
        if stored is not None:
            return RecordResult(stored, False)
        raise


@dataclass(frozen=True)
class Recorded:
    """What the batch path answers for a rating it stored or found stored (no model instance:
    a batch answers 500 of them)."""

    uuid: uuid_lib.UUID
    pk: int
    is_bad: bool
    created: bool

    @classmethod
    def of(cls, result: RecordResult) -> Recorded:
        return cls(result.rating.uuid, result.rating.pk, result.rating.is_bad, result.created)


def evaluation_record_batch(*, requests: list[dict[str, Any]]) -> list[Recorded | DomainError]:
    """Record many ratings (the /batch API, the ingest lane's groups): for each request (the
    keyword arguments of `evaluation_record`), exactly what calling it on each in order would
    give — the stored rating (created or duplicate) or the refusal — with all the rules.

    A batch of first ratings of distinct cases with distinct uuids (what an evaluator replays
    from its offline buffer) is stored in ONE transaction by `_record_bulk`, first optimistically:
    without reading which uuids are stored or which cases rated, since the unique constraints
    on uuid and (case, rating_no) check exactly that while the rows go in. When they refuse
    (a replayed batch, a rated case: nothing was written), the batch is tried again reading
    both, which answers those items; and when that still meets a concurrent writer, or for
    anything else (follow-ups, static QR, repeats inside the batch), the ratings go through
    `evaluation_record` one by one.
    """
    if _bulk_eligible(requests):
        try:
            for careful in (False, True):
                try:
                    return _record_bulk(requests, careful=careful)
                except IntegrityError:
                    continue
        except _NotBulk:
            pass
    # one by one, each gets its exact answer
    return [_record_or_error(r) for r in requests]


class _Row(NamedTuple):
    """A rating row the batch path inserts: every concrete field of Rating but the id, by attname."""

    uuid: uuid_lib.UUID
    case_id: int
    hall_id: int
    window_id: int | None
    staff_id: int | None
    department_id: int
    item_id: int
    region_id: int
    channel: int
    level: int
    tags: list
    tag_set_version: str
    text: str
    rating_no: int
    is_real_name: bool
    rater_type: str
    rater_name_enc: str
    rater_phone_enc: str
    rater_id_enc: str
    rater_phone_index: str
    is_default: bool
    device_id: int | None
    operator_id: int | None
    submitted_by_id: int | None
    client_ip: str | None
    created_at: datetime
    received_at: datetime
    integrity_flags: list


_ANONYMOUS = ("", "", "", "")  # rater_identity_fields(Rater()): name, phone, ID number, phone index


def _lookup(numbers: list[str], keys: list[uuid_lib.UUID]) -> tuple[dict[str, hotpath.CaseRow], dict]:
    """The batch's cases (with whether each is rated) and its uuids already stored: two statements."""
    return hotpath.case_rows_for_ratings(numbers), hotpath.stored_ratings(keys)


def _lookup_optimistic(numbers: list[str], keys: list[uuid_lib.UUID]) -> tuple[dict[str, hotpath.CaseRow], dict]:
    """The batch's cases, taken as not rated, and no uuid taken as stored: one statement."""
    return hotpath.case_rows_for_ratings(numbers, with_rated=False), {}


def _record_bulk(requests: list[dict[str, Any]], *, careful: bool) -> list[Recorded | DomainError]:
    """The rules of `_prepare` for first ratings of cases, on plain rows: the cases read in one
    statement (columns, not model instances), stored uuids in one, each new rating a row of
    column values; the rows inserted in one statement (COPY on PostgreSQL), the work orders of
    the 差评 opened, and the counters of the whole batch added in one upsert (from the rows,
    tallied per subject and day). Raises IntegrityError (nothing written) when a uuid is
    stored or a case rated already: `careful` reads both first (see evaluation_record_batch)."""
    now = timezone.now()
    out: list[Recorded | DomainError | None] = [None] * len(requests)
    checked: list[tuple[int, dict[str, Any], int, int, list, uuid_lib.UUID]] = []
    for n, r in enumerate(requests):
        try:
            channel_v, level_v, tag_list = _clean_scalars(
                r["channel"], r["level"], r.get("rating_no", 1), r.get("tags", ()), r.get("text", "")
            )
            key = _parse_uuid(r["uuid"])
        except DomainError as exc:
            out[n] = exc
            continue
        checked.append((n, r, channel_v, level_v, tag_list, key))
    numbers = {str(r["case_number"]).strip() for _n, r, *_rest in checked}
    lookup = _lookup if careful else _lookup_optimistic
    cases, stored = lookup(sorted(x for x in numbers if "\x00" not in x), [c[5] for c in checked])
    policies: dict[str, EffectivePolicy] = {}
    new: list[tuple[int, _Row, hotpath.CaseRow]] = []
    for n, r, channel_v, level_v, tag_list, key in checked:
        if key in stored:
            pk, level = stored[key]
            out[n] = Recorded(key, pk, level in BAD_LEVELS, False)
            continue
        case = cases.get(str(r["case_number"]).strip())
        try:
            device = r.get("device")
            if case is None:
                raise _refuse("unknown_case", _("办件不存在。"))
            if case.rated:
                if case.status != CaseStatus.COMPLETED or case.completed_at is None:
                    raise _refuse("case_not_completed", _("办件尚未办结，办结后才能评价。"))
                raise _refuse("already_rated", _("该办件已评价。"))
            if device is not None and device.revoked_at is not None:
                raise _refuse("device_revoked", _("评价器已停用。"))
            policy = policies.get(case.hall_region_path)
            if policy is None:
                policy = policies[case.hall_region_path] = policy_for_path(case.hall_region_path, case.hall_region_id)
            if case.status != CaseStatus.COMPLETED or case.completed_at is None:
                raise _refuse("case_not_completed", _("办件尚未办结，办结后才能评价。"))
            if now > deadline_after(case.completed_at, policy.supplementary_days).due_at:
                raise _refuse(
                    "window_closed",
                    _("评价期已过（办结后 %(n)s 个工作日内可评价）。") % {"n": policy.supplementary_days},
                )
        except DomainError as exc:
            out[n] = exc
            continue
        if policy.upstream_url:
            raise _NotBulk  # queued upstream per rating: the one-by-one path
        created_at = r.get("created_at")
        if created_at is not None and timezone.is_naive(created_at):
            created_at = created_at.replace(tzinfo=SHANGHAI)
        flags = []
        if (created_at or now) - case.completed_at < timedelta(seconds=policy.fast_rating_seconds):
            flags.append(IntegrityFlag.FAST_AFTER_COMPLETION)
        if created_at is None:
            created_at = now
        elif created_at > now + CLOCK_SKEW:
            flags.append(IntegrityFlag.LATE_CLIENT_TIME)
        rater = r.get("rater")
        actor = r.get("actor")
        if rater is not None:
            who = rater_identity_fields(rater)
            real_name, identity = (
                who["is_real_name"],
                (
                    who["rater_name_enc"],
                    who["rater_phone_enc"],
                    who["rater_id_enc"],
                    who["rater_phone_index"],
                ),
            )
        else:
            real_name, identity = False, _ANONYMOUS
        row = _Row(
            key,
            case.id,
            case.hall_id,
            case.window_id,
            case.staff_id,
            case.department_id,
            case.item_id,
            case.hall_region_id,  # a rating is filed under its hall's region
            channel_v,
            level_v,
            tag_list,
            TAG_SET_VERSION if tag_list else "",
            (r.get("text") or "").strip(),
            1,
            real_name,
            _rater_type(rater, case.applicant_type),
            *identity,
            False,
            device.pk if device is not None else None,
            None,
            actor.pk if actor is not None and actor.is_authenticated else None,
            r.get("client_ip") or None,
            created_at,
            now,
            flags,
        )
        new.append((n, row, case))
    if new:
        with transaction.atomic():
            ids = insert_rows(Rating, _Row._fields, [row for _n, row, _case in new])
            opening = [
                _rating_instance(row, pk, case)
                for (_n, row, case), pk in zip(new, ids, strict=True)
                if row.level in BAD_LEVELS
            ]
            hooks.after_batch_recorded(opening=opening, facts=[_facts(row, case) for _n, row, case in new])
        for (n, row, _case), pk in zip(new, ids, strict=True):
            out[n] = Recorded(row.uuid, pk, row.level in BAD_LEVELS, True)
    return [x for x in out if x is not None]


class _NotBulk(Exception):
    """The batch needs what only the one-by-one path does (an upstream queue entry per rating)."""


def _rater_type(rater: Rater | None, applicant_type: int | None) -> str:
    """Who rated: as the rater said, else from the case's applicant (a person unless told otherwise)."""
    if rater is not None and rater.is_legal_person is not None:
        return RaterType.LEGAL if rater.is_legal_person else RaterType.PERSON
    if applicant_type is not None and applicant_type != ApplicantType.PERSON:
        return RaterType.LEGAL
    return RaterType.PERSON


def _rating_instance(row: _Row, pk: int, case: hotpath.CaseRow) -> Rating:
    """The stored row as a Rating (for the work order of a 差评): its region attached as a
    partial instance (id and path; any other field loads on access)."""
    region = Region.from_db(connection.alias, ["id", "path"], [case.hall_region_id, case.hall_region_path])
    rating = new_instance(Rating, {**row._asdict(), "id": pk}, {})
    rating._state.adding = False
    rating._state.db = connection.alias
    rating._state.fields_cache["region"] = region
    return rating


def _facts(row: _Row, case: hotpath.CaseRow) -> RatingFacts:
    """The counters' facts of a row the batch path stores (a first rating of a completed case)."""
    return RatingFacts(
        subject_of(row, with_channel=True),
        case.hall_region_path,
        row.created_at,
        1,
        row.level,
        False,
        row.is_real_name,
        subject_of(case, with_channel=False),
        case.region_path,
        case.completed_at,
    )


def _bulk_eligible(requests: list[dict[str, Any]]) -> bool:
    if len(requests) < 2:
        return False
    uuids, numbers = set(), set()
    for r in requests:
        if r.get("rating_no", 1) != 1 or r.get("case") is not None or r.get("operator") is not None:
            return False
        if r.get("staff") is not None or not r.get("case_number"):
            return False
        key = r["uuid"]
        uuids.add(key if isinstance(key, uuid_lib.UUID) else str(key).strip().lower())
        numbers.add(str(r["case_number"]).strip())
    return len(uuids) == len(numbers) == len(requests)


def _record_or_error(request: dict[str, Any]) -> Recorded | DomainError:
    try:
        return Recorded.of(evaluation_record(**request))
    except DomainError as exc:
        return exc


def _store(prepared: _Prepared) -> RecordResult:
    """Write a checked rating with its counters, work order and exchange entry in one transaction."""
    rating, policy, rate_key = prepared.rating, prepared.policy, prepared.rate_key
    try:
        with transaction.atomic():
            insert_one(rating)  # = rating.save(force_insert=True), without compiling the INSERT again
            if rate_key:
                RateLimitHit.objects.create(key=rate_key, at=rating.received_at)
            hooks.after_rating_recorded(rating)
            if policy.upstream_url:
                from gaoxin.evaluations.services.exchange import exchange_enqueue

                exchange_enqueue(rating=rating, url=policy.upstream_url)
    except IntegrityError:
        stored = Rating.objects.filter(uuid=rating.uuid).first()
        if stored is not None:
            return RecordResult(stored, False)
        if (
            rating.case_id is not None
            and Rating.objects.filter(case_id=rating.case_id, rating_no=rating.rating_no).exists()
        ):
            raise _refuse("already_rated", _("该办件已评价。")) from None
        raise
    return RecordResult(rating, True)


def rater_identity_fields(rater: Rater) -> dict[str, Any]:
    """A rating's rater columns: real-name only with consent and a name or phone; name, phone
    and ID number encrypted at rest; the phone's blind index for lookups."""
    phone = "".join(ch for ch in rater.phone if ch.isdigit())
    is_real_name = bool(rater.consent and (rater.name.strip() or phone))
    return {
        "is_real_name": is_real_name,
        "rater_name_enc": encrypt(rater.name.strip()) if is_real_name else "",
        "rater_phone_enc": encrypt(phone) if is_real_name else "",
        "rater_id_enc": encrypt(rater.id_number.strip().upper()) if is_real_name else "",
        "rater_phone_index": blind_index(phone) if phone else "",
    }


@dataclass(frozen=True)
class _Prepared:
    rating: Rating  # checked, not yet saved
    policy: EffectivePolicy
    rate_key: str


def _prepare(
    *,
    actor: User | None,
    channel_v: int,
    level_v: int,
    tag_list: list,
    key: uuid_lib.UUID,
    case: Case | None,
    case_number: str | None,
    staff: Staff | None,
    device: Device | None,
    text: str,
    rating_no: int,
    rater: Rater | None,
    created_at: datetime | None,
    operator: User | None,
    client_ip: str | None,
) -> _Prepared | RecordResult:
    """Every rule of a new rating; the unsaved row, or the stored one for a retry seen by the rules."""
    if device is not None and device.revoked_at is not None:
        raise _refuse("device_revoked", _("评价器已停用。"))
    now = timezone.now()
    case = _load_case(case, case_number)
    flags: list[str] = []
    rate_key = ""
    if case is not None:
        hall, window, item = case.hall, case.window, case.item
        staff = case.staff if case.staff_id else staff
        department_id = case.department_id
    elif staff is not None:
        if rating_no != 1:
            raise _refuse("followup_not_allowed", _("追评须针对具体办件。"))
        hall, window, item = staff.hall, staff.window, None
        department_id = window.department_id if window is not None else hall.unit_id
        flags.append(IntegrityFlag.STATIC_NO_CASE)
    elif device is not None:
        if rating_no != 1:
            raise _refuse("followup_not_allowed", _("追评须针对具体办件。"))
        hall, window, item = device.hall, device.window, None
        department_id = window.department_id if window is not None else hall.unit_id
        flags.append(IntegrityFlag.STATIC_NO_CASE)
    else:
        raise _refuse("unknown_case", _("办件不存在。"))
    policy = effective_policy(hall.region)
    if case is not None:
        try:
            _check_case_rules(case, rating_no, policy, now, key)
        except _StoredMeanwhile:
            return RecordResult(Rating.objects.get(uuid=key), False)
        if case.completed_at is not None and (created_at or now) - case.completed_at < timedelta(
            seconds=policy.fast_rating_seconds
        ):
            flags.append(IntegrityFlag.FAST_AFTER_COMPLETION)
    elif staff is not None:
        rate_key = _check_rate_limit(staff, device, client_ip, policy, now)
    if operator is not None:
        flags.append(IntegrityFlag.OPERATOR_ENTERED)
    if created_at is None:
        created_at = now
    elif created_at > now + CLOCK_SKEW:
        flags.append(IntegrityFlag.LATE_CLIENT_TIME)
    rater = rater or Rater()
    rater_type = _rater_type(rater, case.applicant_type if case is not None else None)
    rating = new_instance(  # = Rating(**fields), a fifth of the cost
        Rating,
        {
            "uuid": key,
            "department_id": department_id,
            "channel": channel_v,
            "level": level_v,
            "tags": tag_list,
            "tag_set_version": TAG_SET_VERSION if tag_list else "",
            "text": (text or "").strip(),
            "rating_no": rating_no,
            "rater_type": rater_type,
            **rater_identity_fields(rater),
            "client_ip": client_ip or None,
            "created_at": created_at,
            "received_at": now,
            "integrity_flags": flags,
        },
        {
            "case": case,
            "hall": hall,
            "window": window,
            "staff": staff,
            "item": item,
            "region": hall.region,
            "device": device,
            "operator": operator,
            "submitted_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )
    return _Prepared(rating, policy, rate_key)


def default_ratings_create(*, now: datetime | None = None) -> int:
    """Create flagged default ratings for completed, unrated cases in regions that turned them on.

    A default rating is made once the region's calendar days have passed AND the supplementary
    window has closed, so it never pre-empts a genuine rating. Returns how many were made.
    """
    now = now or timezone.now()
    enabled_paths = list(
        RatingPolicy.objects.filter(default_rating_enabled=True).values_list("region__path", flat=True)
    )
    if not enabled_paths:
        return 0  # off everywhere (the default): one query
    under_enabled = Q(pk__in=[])
    for path in enabled_paths:
        under_enabled |= Q(region__path__startswith=path)
    candidates = (
        Case.objects.select_related("hall__region", "window", "item", "staff")
        .filter(under_enabled, status=CaseStatus.COMPLETED, completed_at__lte=now - timedelta(days=1))
        .exclude(ratings__rating_no=1)
        .order_by("completed_at", "pk")
    )
    made = 0
    for case in candidates.iterator(chunk_size=500):
        policy = effective_policy(case.hall.region)
        if not policy.default_rating_enabled:
            continue
        if case.completed_at is None or now < case.completed_at + timedelta(days=policy.default_rating_after_days):
            continue
        if now <= deadline_after(case.completed_at, policy.supplementary_days).due_at:
            continue
        rating = Rating(
            uuid=uuid_lib.uuid5(uuid_lib.NAMESPACE_URL, f"gaoxin:default-rating:{case.number}"),
            case=case,
            hall=case.hall,
            window=case.window,
            staff=case.staff,
            department_id=case.department_id,
            item=case.item,
            region_id=case.region_id,
            channel=None,
            level=policy.default_rating_level,
            rating_no=1,
            is_default=True,
            rater_type=RaterType.PERSON if case.applicant_type == ApplicantType.PERSON else RaterType.LEGAL,
            created_at=now,
            received_at=now,
        )
        try:
            with transaction.atomic():
                rating.save(force_insert=True)
                hooks.after_rating_recorded(rating)
                if policy.upstream_url:
                    from gaoxin.evaluations.services.exchange import exchange_enqueue

                    exchange_enqueue(rating=rating, url=policy.upstream_url)
        except IntegrityError:
            continue  # rated meanwhile
        made += 1
    return made
