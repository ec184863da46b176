"""The evaluations JSON API at /api/v1/evaluations.

Devices (评价器) authenticate with a device token (Bearer or X-Device-Token, scope
evaluations.device); hotline/SMS systems with a token of scope evaluations.intake acting for
an operator; citizens' QR and web ratings are public (signed token or case number + phone
last 4, rate-limited); staff and managers use the session. A level always names its scheme.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from gaoxin.core.apiutils import MAX_ID, actor_of, api_token_of, check_ids
from gaoxin.core.errors import DomainError, NotFound, PermissionDenied
from gaoxin.core.models import Region, User
from gaoxin.core.permissions import can
from gaoxin.evaluations import hotpath, selectors
from gaoxin.evaluations.enums import Channel
from gaoxin.evaluations.exchange.dataset import exchange_dataset_export
from gaoxin.evaluations.models import Case, Device, Hall, Rating, ServiceItem, Staff, Window
from gaoxin.evaluations.schemas import (
    BatchIn,
    BatchOut,
    CaseIn,
    IdentityOut,
    IntakeIn,
    LookupIn,
    PromptOut,
    QrRatingIn,
    RatingIn,
    RatingInPlain,
    RecordOut,
    WebRatingIn,
)
from gaoxin.evaluations.schemes import from_scheme
from gaoxin.evaluations.services import (
    Rater,
    Recorded,
    RecordResult,
    case_complete,
    case_create,
    case_number_from_qr,
    device_heartbeat,
    evaluation_record,
    evaluation_record_batch,
    rater_identity_reveal,
    staff_from_qr,
)
from gaoxin.evaluations.services.devices import DEVICE_SCOPE

ROUTER_PREFIX = "/evaluations"
INTAKE_SCOPE = "evaluations.intake"
CASES_SCOPE = "evaluations.cases"
BATCH_MAX = 500
HEARTBEAT_EVERY_SECONDS = 30

router = Router(tags=["好差评"])

OPTIONAL_DATE = Query(None)
DATE_FROM = Query(..., alias="from")
DATE_TO = Query(..., alias="to")


class BatchTooLarge(DomainError):
    code = "batch_too_large"
    status = 422


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _device(request: HttpRequest) -> Device:
    token = api_token_of(request)
    if token is None or DEVICE_SCOPE not in token.scopes:
        raise PermissionDenied(_("需要评价器令牌。"), code="device_required")
    device = hotpath.live_device_for_token(token.pk)
    if device is None:
        raise PermissionDenied(_("评价器未登记或已停用。"), code="device_revoked")
    return device


def _rater(data: RatingIn) -> Rater | None:
    if data.rater is None:
        return None
    return Rater(**data.rater.dict())


def _case_number(data: RatingIn) -> str | None:
    if data.case_qr:
        return case_number_from_qr(data.case_qr)
    return data.case_number


def _record_kwargs(
    data: RatingIn, *, actor: User | None, channel: int, request: HttpRequest | None, **extra: Any
) -> dict[str, Any]:
    """The keyword arguments of evaluation_record() for one parsed rating (raises DomainError)."""
    level = from_scheme(data.level, scheme=data.scheme)
    return {
        "actor": actor,
        "channel": channel,
        "level": level,
        "uuid": data.uuid,
        "case_number": extra.pop("case_number", None) or _case_number(data),
        "tags": data.tags,
        "text": data.text,
        "rating_no": data.rating_no,
        "rater": _rater(data),
        "created_at": data.created_at,
        "client_ip": _client_ip(request) if request is not None else None,
        **extra,
    }


def _record(data: RatingIn, *, actor: User | None, channel: int, request: HttpRequest, **extra: Any) -> RecordResult:
    return evaluation_record(**_record_kwargs(data, actor=actor, channel=channel, request=request, **extra))


def record_out(result: Recorded) -> dict[str, Any]:
    return {
        "uuid": str(result.uuid),
        "status": "created" if result.created else "duplicate",
        "id": result.pk,
        "is_bad": result.is_bad,
    }


def record_kwargs_for_device(data: RatingIn, *, device: Device, client_ip: str | None) -> dict[str, Any]:
    """A device's rating as keyword arguments of evaluation_record() (raises DomainError).
    Also used by the ingest lane (gaoxin.evaluations.lane), which records them in groups."""
    kwargs = _record_kwargs(data, actor=None, channel=data.channel or Channel.DEVICE, request=None, device=device)
    kwargs["client_ip"] = client_ip
    return kwargs


@router.post("", response={200: RecordOut, 201: RecordOut}, summary="评价器提交一条评价")
def rating_create(request: HttpRequest, data: RatingIn):
    # Under `make serve` a device's well-formed rating is recorded by the ingest lane in front of
    # Django (gaoxin/evaluations/lane.py) and answered there; this view answers everything else
    # and is the reference the lane's answers are tested against.
    device = _device(request)
    result = evaluation_record(**record_kwargs_for_device(data, device=device, client_ip=_client_ip(request)))
    return Status(201 if result.created else 200, record_out(Recorded.of(result)))


_BATCH_ITEMS = TypeAdapter(list[RatingInPlain])  # type: ignore[valid-type]


@router.post("/batch", response=BatchOut, summary="评价器批量补传评价（最多 500 条）")
def rating_batch(request: HttpRequest, data: BatchIn):
    device = _device(request)
    if len(data.items) > BATCH_MAX:
        raise BatchTooLarge(
            _("一次最多提交 %(n)s 条评价，本次 %(m)s 条，请分批提交。") % {"n": BATCH_MAX, "m": len(data.items)}
        )
    # parse every item, then record the valid ones together (one transaction when they allow it)
    results: list[dict[str, Any] | None] = []
    requests: list[dict[str, Any]] = []
    try:  # all items at once, in pydantic's own loop; when one is invalid, each on its own below
        parsed: list[Any] | None = _BATCH_ITEMS.validate_python(data.items)
    except PydanticError:
        parsed = None
    client_ip = _client_ip(request)
    for n, raw in enumerate(data.items):
        uuid = str(raw.get("uuid", "")) if isinstance(raw, dict) else ""
        try:
            # RatingIn's fields and rules, without ninja's wrapping
            item = cast(RatingIn, parsed[n] if parsed is not None else RatingInPlain.model_validate(raw))
            requests.append(record_kwargs_for_device(item, device=device, client_ip=client_ip))
        except PydanticError as exc:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
            results.append(
                {
                    "uuid": uuid,
                    "status": "rejected",
                    "code": "invalid",
                    "message": _("数据格式无效：%(f)s") % {"f": fields},
                }
            )
            continue
        except DomainError as exc:
            results.append({"uuid": uuid, "status": "rejected", "code": exc.code, "message": exc.message})
            continue
        results.append(None)
    recorded = iter(evaluation_record_batch(requests=requests))
    counts = {"created": 0, "duplicate": 0, "rejected": 0}
    for n, (raw, row) in enumerate(zip(data.items, results, strict=True)):
        if row is None:
            outcome = next(recorded)
            if isinstance(outcome, DomainError):
                uuid = str(raw.get("uuid", "")) if isinstance(raw, dict) else ""
                row = {"uuid": uuid, "status": "rejected", "code": outcome.code, "message": outcome.message}
            else:
                status = "created" if outcome.created else "duplicate"
                row = {"uuid": str(outcome.uuid), "status": status, "code": "", "message": ""}
            results[n] = row
        counts[row["status"]] += 1
    return {"results": results, **counts}


@router.post("/device/heartbeat", summary="评价器心跳")
def device_beat(request: HttpRequest):
    device = device_heartbeat(device=_device(request))
    return {"device": device.name, "last_seen_at": device.last_seen_at}


@router.get("/kiosk/prompt", response={200: PromptOut, 304: None}, summary="评价器轮询：待评价的办件")
def kiosk_prompt(request: HttpRequest, response: HttpResponse):
    device = _device(request)
    now = timezone.now()
    if device.last_seen_at is None or (now - device.last_seen_at).total_seconds() > HEARTBEAT_EVERY_SECONDS:
        device_heartbeat(device=device)
    case = selectors.kiosk_prompt_for_device(device, now=now)
    etag = f'"case-{case.pk}"' if case is not None else '"none"'
    if request.headers.get("If-None-Match") == etag:
        return Status(304, None)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    if case is None:
        return Status(200, {"case": None})
    return Status(
        200,
        {
            "case": {
                "number": case.number,
                "item": case.item.name,
                "staff": case.staff.display_name if case.staff is not None else "",
                "window": case.window.number if case.window is not None else "",
                "hall": device.hall.name,
            }
        },
    )


@router.post("/intake", response={200: RecordOut, 201: RecordOut}, summary="12345 热线/短信评价代录")
def rating_intake(request: HttpRequest, data: IntakeIn):
    token = api_token_of(request)
    operator = actor_of(request)
    if token is not None and INTAKE_SCOPE not in token.scopes:
        raise PermissionDenied(_("该令牌没有“%(s)s”权限。") % {"s": INTAKE_SCOPE}, code="token_scope")
    if operator is None:
        raise PermissionDenied(_("代录评价须关联代录人员账号。"), code="operator_required")
    if token is None and not can(operator, "evaluations.rating.intake"):
        raise PermissionDenied(_("您没有权限代录评价。"))
    if data.channel not in (Channel.HOTLINE, Channel.SMS):
        raise DomainError(_("代录评价的渠道应为 6（12345 热线）或 7（短信）。"), code="invalid_channel")
    if not (data.case_number or data.case_qr):
        raise DomainError(_("代录评价须填写办件编号。"), code="unknown_case")
    result = _record(data, actor=operator, channel=data.channel, request=request, operator=operator)
    return Status(201 if result.created else 200, record_out(Recorded.of(result)))


@router.post("/qr", auth=None, response={200: RecordOut, 201: RecordOut}, summary="扫码评价（公开）")
def rating_by_qr(request: HttpRequest, data: QrRatingIn):
    if data.case_qr:
        number = case_number_from_qr(data.case_qr)
        result = _record(
            data, actor=actor_of(request), channel=data.channel or Channel.QR, request=request, case_number=number
        )
    elif data.staff_qr:
        staff = staff_from_qr(data.staff_qr)
        result = _record(
            data.model_copy(update={"case_number": None}),
            actor=actor_of(request),
            channel=data.channel or Channel.QR,
            request=request,
            staff=staff,
        )
    else:
        raise DomainError(_("二维码无效或已失效。"), code="bad_qr")
    return Status(201 if result.created else 200, record_out(Recorded.of(result)))


@router.post("/lookup", auth=None, summary="按办件编号和手机号后四位查询待评价办件（公开）")
def case_lookup(request: HttpRequest, data: LookupIn):
    case = selectors.case_lookup_for_rating(data.number, data.phone_last4)
    return {
        "number": case.number,
        "item": case.item.name,
        "hall": case.hall.name,
        "status": case.status,
        "completed_at": case.completed_at,
    }


@router.post("/web", auth=None, response={200: RecordOut, 201: RecordOut}, summary="PC 端评价（公开）")
def rating_by_web(request: HttpRequest, data: WebRatingIn):
    case = selectors.case_lookup_for_rating(data.case_number or "", data.phone_last4)
    result = _record(
        data, actor=actor_of(request), channel=data.channel or Channel.PC, request=request, case_number=case.number
    )
    return Status(201 if result.created else 200, record_out(Recorded.of(result)))


@router.get("/ratings", summary="评价列表（按权限；评价人信息脱敏，窗口人员看不到评价人）")
def ratings(
    request: HttpRequest,
    hall: int | None = None,
    window: int | None = None,
    staff: int | None = None,
    level: int | None = None,
    channel: int | None = None,
    bad: bool = False,
    date_from: date | None = OPTIONAL_DATE,
    date_to: date | None = OPTIONAL_DATE,
    limit: int = 50,
    offset: int = 0,
):
    user = actor_of(request)
    if user is None or not can(user, "evaluations.rating.view"):
        raise PermissionDenied(_("您没有权限查看评价。"))
    check_ids(hall=hall, window=window, staff=staff, level=level, channel=channel)
    limit, offset = max(1, min(limit, 200)), max(0, min(offset, MAX_ID))
    qs = selectors.ratings_list(
        user,
        filters={
            "hall": hall,
            "window": window,
            "staff": staff,
            "level": level,
            "channel": channel,
            "bad": bad,
            "date_from": date_from,
            "date_to": date_to,
        },
    )
    with_rater = not selectors.is_staff_only(user)
    rows = [selectors.rating_row(r, with_rater=with_rater) for r in qs[offset : offset + limit]]
    return {"items": rows, "limit": limit, "offset": offset}


@router.post("/ratings/{rating_id}/reveal", response=IdentityOut, summary="查看差评评价人信息（留痕）")
def rating_reveal(request: HttpRequest, rating_id: int):
    user = actor_of(request)
    if user is None:
        raise PermissionDenied(_("只有负责处理该差评的人员可以查看评价人信息。"), code="reveal_forbidden")
    check_ids(rating_id=rating_id)
    rating = Rating.objects.select_related("hall__unit__region", "department__region").filter(pk=rating_id).first()
    if rating is None:
        raise NotFound(_("评价不存在。"))
    identity = rater_identity_reveal(actor=user, rating=rating)
    return {"name": identity.name, "phone": identity.phone, "id_number": identity.id_number}


@router.get("/exchange/dataset", summary="评价数据集导出（GB/T 39046 表9）")
def exchange_dataset(
    request: HttpRequest,
    region: int,
    date_from: date = DATE_FROM,
    date_to: date = DATE_TO,
    format: str = "csv",
):
    user = actor_of(request)
    if user is None:
        raise PermissionDenied(_("您没有权限执行此操作。"))
    check_ids(region=region)
    region_obj = Region.objects.filter(pk=region).first()
    if region_obj is None:
        raise NotFound(_("区域不存在。"))
    content, content_type, name = exchange_dataset_export(
        actor=user, region=region_obj, date_from=date_from, date_to=date_to, fmt=format
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _case_actor(request: HttpRequest) -> User | None:
    token = api_token_of(request)
    if token is not None and CASES_SCOPE not in token.scopes:
        raise PermissionDenied(_("该令牌没有“%(s)s”权限。") % {"s": CASES_SCOPE}, code="token_scope")
    user = actor_of(request)
    if user is None:
        raise PermissionDenied(_("受理/办结办件须关联工作人员账号。"), code="operator_required")
    return user


@router.post("/cases", response={201: dict}, summary="受理办件（窗口受理系统对接）")
def case_accept(request: HttpRequest, data: CaseIn):
    user = _case_actor(request)
    hall = Hall.objects.select_related("unit__region").filter(code=data.hall_code).first()
    item = ServiceItem.objects.filter(code=data.item_code).first()
    if hall is None or item is None:
        raise DomainError(_("大厅编码或事项编码不存在。"), code="case_invalid")
    window = None
    if data.window_number:
        window = Window.objects.filter(hall=hall, number=data.window_number).first()
        if window is None:
            raise DomainError(_("窗口不存在：%(n)s") % {"n": data.window_number}, code="case_invalid")
    staff = None
    if data.staff_username:
        staff = Staff.objects.select_related("window").filter(user__username=data.staff_username).first()
        if staff is None:
            raise DomainError(_("窗口人员不存在：%(n)s") % {"n": data.staff_username}, code="case_invalid")
    case = case_create(
        actor=user,
        number=data.number,
        item=item,
        hall=hall,
        window=window,
        staff=staff,
        applicant_type=data.applicant_type,
        applicant_name=data.applicant_name,
        applicant_phone=data.applicant_phone,
        applicant_id_number=data.applicant_id_number,
    )
    return Status(201, {"number": case.number, "status": case.status})


@router.post("/cases/{number}/complete", summary="办结办件（评价器随即弹出评价）")
def case_finish(request: HttpRequest, number: str):
    user = _case_actor(request)
    case = get_object_or_404(Case.objects.select_related("hall__unit__region", "staff"), number=number)
    with transaction.atomic():
        case = case_complete(actor=user, case=case)
    return {"number": case.number, "status": case.status, "completed_at": case.completed_at}
