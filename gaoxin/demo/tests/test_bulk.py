"""The demo's bulk rating writer stores the very rows the services would (case, rating, audit, limits)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
import time_machine

from gaoxin.core.crypto import decrypt
from gaoxin.core.models import AuditEvent
from gaoxin.core.workdays import SHANGHAI
from gaoxin.demo.scenario.bulk import RatingWriter
from gaoxin.evaluations.enums import ApplicantType, Channel, Level
from gaoxin.evaluations.models import Case, RateLimitHit, Rating, Window
from gaoxin.evaluations.services import Rater, case_complete, case_create, evaluation_record

pytestmark = pytest.mark.django_db

MOMENT = datetime(2022, 5, 10, 10, 0, tzinfo=SHANGHAI)
ACCEPTED, COMPLETED = MOMENT - timedelta(minutes=30), MOMENT - timedelta(minutes=3)
RATER = Rater(name=" 王小明 ", phone="137-1234-9876", consent=True)
CASE_ENC = ("applicant_name_enc", "applicant_phone_enc", "applicant_id_enc")
RATING_ENC = ("rater_name_enc", "rater_phone_enc", "rater_id_enc")


@pytest.fixture
def loop(world):
    from gaoxin.rectifications.tests.factory import build

    return build(world)


def _row(obj, skip: tuple[str, ...]) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {
        f.attname: (decrypt(getattr(obj, f.attname)) if f.attname.endswith("_enc") else getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.attname not in skip
    }


def _by_services(loop, number: str, key: uuid.UUID) -> Rating:  # type: ignore[no-untyped-def]
    with time_machine.travel(ACCEPTED, tick=False):
        case = case_create(
            actor=None,
            number=number,
            item=loop.items["approval"],
            hall=loop.hall,
            window=loop.windows["approval"],
            staff=loop.staff,
            applicant_type=ApplicantType.ENTERPRISE,
            applicant_name="赵大海",
            applicant_phone="13611112222",
            accepted_at=ACCEPTED,
        )
    with time_machine.travel(COMPLETED, tick=False):
        case_complete(actor=None, case=case, completed_at=COMPLETED)
    with time_machine.travel(MOMENT, tick=False):
        return evaluation_record(
            actor=None,
            channel=Channel.DEVICE,
            level=Level.SATISFIED,
            uuid=key,
            case=case,
            tags=["L", "E"],
            text=" 很耐心 ",
            rater=RATER,
            created_at=MOMENT,
            client_ip="10.1.2.3",
        ).rating


def test_case_rating_and_audit_rows_match_the_services(loop):
    by_services = _by_services(loop, "GX-A", uuid.uuid4())
    writer = RatingWriter()
    case = writer.case(
        number="GX-B",
        item=loop.items["approval"],
        window=loop.windows["approval"],
        staff=loop.staff,
        applicant_type=ApplicantType.ENTERPRISE,
        applicant_name="赵大海",
        applicant_phone="13611112222",
        accepted_at=ACCEPTED,
        completed_at=COMPLETED,
    )
    key = uuid.uuid4()
    writer.rating(
        channel=Channel.DEVICE,
        level=Level.SATISFIED,
        uuid=key,
        case=case,
        staff=loop.staff,
        tags=["L", "E"],
        text=" 很耐心 ",
        rater=RATER,
        created_at=MOMENT,
        client_ip="10.1.2.3",
    )
    writer.flush()

    a, b = Case.objects.get(number="GX-A"), Case.objects.get(number="GX-B")
    assert _row(b, ("id", "number")) == _row(a, ("id", "number"))
    bulk = Rating.objects.get(uuid=key)
    skip = ("id", "uuid", "case_id")
    assert _row(bulk, skip) == _row(by_services, skip)
    assert bulk.case_id == b.pk
    assert decrypt(bulk.rater_phone_enc) == "13712349876"
    events_a = AuditEvent.objects.filter(object_type="evaluations.case", object_id=str(a.pk)).order_by("id")
    events_b = AuditEvent.objects.filter(object_type="evaluations.case", object_id=str(b.pk)).order_by("id")
    fields = ("id", "object_id", "object_repr")
    rows_a = [_row(e, fields) for e in events_a]
    rows_b = [_row(e, fields) for e in events_b]
    rows_a[0]["after"]["number"] = "GX-B"
    assert rows_b == rows_a
    assert [e.action for e in events_b] == ["evaluations.case.create", "evaluations.case.complete"]
    window = Window.objects.get(pk=loop.windows["approval"].pk)
    assert (window.pending_case_id, window.pending_since) == (b.pk, COMPLETED)


def test_static_qr_rating_and_its_rate_limit_hit_match_the_services(loop):
    with time_machine.travel(MOMENT, tick=False):
        by_services = evaluation_record(
            actor=None, channel=Channel.QR, level=Level.VERY_SATISFIED, uuid=uuid.uuid4(), staff=loop.staff,
            client_ip="10.9.8.7", created_at=MOMENT,
        ).rating  # fmt: skip
    writer = RatingWriter()
    key = uuid.uuid4()
    writer.rating(
        channel=Channel.QR, level=Level.VERY_SATISFIED, uuid=key, case=None, staff=loop.staff, tags=[], text="",
        rater=None, created_at=MOMENT, client_ip="10.9.8.7",
    )  # fmt: skip
    writer.flush()
    skip = ("id", "uuid")
    assert _row(Rating.objects.get(uuid=key), skip) == _row(by_services, skip)
    assert by_services.integrity_flags == ["static_no_case"]
    hits = list(RateLimitHit.objects.order_by("id").values_list("key", "at"))
    assert hits == [(f"qr:{loop.staff.pk}:10.9.8.7", MOMENT)] * 2


def test_ids_continue_after_the_bulk_rows(loop):
    """Rows written by the services after a flush get the next ids (sequences follow on PostgreSQL)."""
    writer = RatingWriter()
    writer.rating(
        channel=Channel.QR, level=Level.VERY_SATISFIED, uuid=uuid.uuid4(), case=None, staff=loop.staff, tags=[],
        text="", rater=None, created_at=MOMENT, client_ip="10.9.8.7",
    )  # fmt: skip
    writer.flush()
    later = _by_services(loop, "GX-C", uuid.uuid4())
    assert later.pk == Rating.objects.order_by("pk").first().pk + 1  # type: ignore[union-attr]
