"""GB/T 39046 表9 dataset export and the upstream push queue against a local fake upstream."""

from __future__ import annotations

import csv
import io
import json
import threading
import uuid
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from gaoxin.core.errors import DomainError
from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.enums import Channel, Level, PushStatus
from gaoxin.evaluations.exchange.dataset import exchange_dataset_export
from gaoxin.evaluations.exchange.push import upstream_push_due
from gaoxin.evaluations.models import UpstreamPush
from gaoxin.evaluations.services import Rater, evaluation_record, exchange_backfill, policy_set
from gaoxin.evaluations.tests.conftest import RATER_NAME, RATER_PHONE, at


def rate(case, level, **kw):
    return evaluation_record(
        actor=None, channel=kw.pop("channel", Channel.DEVICE), level=level, uuid=uuid.uuid4(), case=case, **kw
    ).rating


@pytest.fixture
def two_ratings(ev):
    with time_machine.travel(at(2026, 6, 10, 10, 30, 5), tick=False):
        c1 = ev.case(completed_at=at(2026, 6, 10, 10, 0), number="GX-EX-1")
        r1 = rate(
            c1,
            Level.VERY_DISSATISFIED,
            text="太慢",
            tags=["E"],
            rater=Rater(name=RATER_NAME, phone=RATER_PHONE, consent=True),
        )
    with time_machine.travel(at(2026, 6, 11, 9, 0), tick=False):
        c2 = ev.case(completed_at=at(2026, 6, 11, 8, 30), number="GX-EX-2", applicant_type=2)
        r2 = rate(c2, Level.SATISFIED, channel=Channel.QR)
    with time_machine.travel(at(2026, 7, 1, 9, 0), tick=False):  # outside the period
        rate(ev.case(completed_at=at(2026, 7, 1, 8, 0)), Level.BASIC)
    return r1, r2


def test_dataset_json_has_the_table_9_fields(ev, world, two_ratings):
    r1, r2 = two_ratings
    content, ctype, name = exchange_dataset_export(
        actor=world.hall_manager,
        region=world.regions["zone"],
        date_from=date(2026, 6, 1),
        date_to=date(2026, 6, 30),
        fmt="json",
    )
    assert (ctype, name) == (
        "application/json",
        "ratings_5_20260601_20260630.json".replace("5", str(world.regions["zone"].pk), 1),
    )
    records = json.loads(content)["records"]
    market_uscc = world.units["market"].code
    assert records == [
        {
            "rating_id": str(r1.uuid),
            "case_number": "GX-EX-1",
            "channel": "4",
            "rater": "李**",
            "rated_at": "20260610T103005",
            "rating_no": 1,
            "satisfaction": "非常不满意",
            "satisfaction_code": "5",
            "text": "太慢",
            "division_code": "371500",
            "item_code": "11371500MB28XXXX-001",
            "department_uscc": market_uscc,
            "case_status": "2",
            "content_codes": "E",
            "rater_type": "个人",
            "is_default": False,
        },
        {
            "rating_id": str(r2.uuid),
            "case_number": "GX-EX-2",
            "channel": "3",
            "rater": "匿名",
            "rated_at": "20260611T090000",
            "rating_no": 1,
            "satisfaction": "满意",
            "satisfaction_code": "2",
            "text": "",
            "division_code": "371500",
            "item_code": "11371500MB28XXXX-001",
            "department_uscc": market_uscc,
            "case_status": "2",
            "content_codes": "",
            "rater_type": "法人",
            "is_default": False,
        },
    ]
    assert RATER_PHONE not in content.decode()
    event = AuditEvent.objects.get(action="evaluations.exchange.export")
    assert event.after == {"from": "2026-06-01", "to": "2026-06-30", "format": "json", "rows": 2}


def test_dataset_csv_via_api(ev, client_as, world, two_ratings):
    zone = world.regions["zone"]
    r = client_as("admin").get(f"/api/v1/evaluations/exchange/dataset?region={zone.pk}&from=2026-06-01&to=2026-06-30")
    assert r.status_code == 200
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    text = r.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "评价编号",
        "办件编号",
        "评价渠道",
        "评价人",
        "评价时间",
        "评价次数",
        "满意度",
        "满意度代码",
        "文字评价",
        "行政区划",
        "事项编码",
        "部门",
        "办件状态",
        "评价内容代码",
        "评价人类型",
        "默认评价",
    ]
    assert [row[1:10] for row in rows[1:]] == [
        ["GX-EX-1", "4", "李**", "20260610T103005", "1", "非常不满意", "5", "太慢", "371500"],
        ["GX-EX-2", "3", "匿名", "20260611T090000", "1", "满意", "2", "", "371500"],
    ]
    refused = client_as("clerk").get(
        f"/api/v1/evaluations/exchange/dataset?region={zone.pk}&from=2026-06-01&to=2026-06-30"
    )
    assert refused.status_code == 403
    bad = client_as("admin").get(f"/api/v1/evaluations/exchange/dataset?region={zone.pk}&from=2026-06-30&to=2026-06-01")
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_period")
    assert AuditEvent.objects.filter(action="evaluations.exchange.export").count() == 1


def test_bad_format_is_refused(world, ev):
    with pytest.raises(DomainError) as info:
        exchange_dataset_export(
            actor=world.admin,
            region=world.regions["zone"],
            date_from=date(2026, 6, 1),
            date_to=date(2026, 6, 2),
            fmt="xml",
        )
    assert info.value.code == "bad_format"


class FakeUpstream:
    """A provincial platform on 127.0.0.1 that can be taken down and brought back."""

    def __init__(self):
        self.up = False
        self.accepted: list[str] = []
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                outer.requests += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if not outer.up:
                    self.send_response(503)
                    self.end_headers()
                    return
                ids = [r["rating_id"] for r in json.loads(body)["records"]]
                outer.accepted.extend(ids)
                reply = json.dumps({"acked": ids}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ratings"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def upstream():
    fake = FakeUpstream()
    yield fake
    fake.close()


def test_push_retries_through_downtime_and_acknowledges_each_rating_once(ev, world, upstream):
    T = at(2026, 6, 10, 11, 0)
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        early = rate(ev.case(completed_at=at(2026, 6, 10, 10, 0)), Level.SATISFIED)  # before the URL was set
        policy_set(actor=world.admin, region=world.regions["liaocheng"], upstream_url=upstream.url)
        ratings = [rate(ev.case(completed_at=at(2026, 6, 10, 10, 0)), level) for level in (1, 3, 5)]
        assert UpstreamPush.objects.count() == 3
        assert exchange_backfill(actor=world.admin, region=world.regions["zone"]) == 1  # 补报 the early one
        assert exchange_backfill(actor=world.admin, region=world.regions["zone"]) == 0

    down = upstream_push_due(now=T)
    assert (down.batches, down.acked, down.failed) == (1, 0, 4)
    entry = UpstreamPush.objects.get(rating=ratings[0])
    assert (entry.status, entry.attempts, entry.next_attempt_at, entry.last_error) == (
        PushStatus.RETRYING,
        1,
        T + timedelta(seconds=60),
        "HTTP 503",
    )
    assert upstream_push_due(now=T + timedelta(seconds=30)).batches == 0  # backing off
    again = upstream_push_due(now=T + timedelta(seconds=60))
    assert (again.acked, again.failed) == (0, 4)
    assert UpstreamPush.objects.get(rating=ratings[0]).next_attempt_at == T + timedelta(seconds=180)

    upstream.up = True
    back = upstream_push_due(now=T + timedelta(seconds=180))
    assert (back.batches, back.acked, back.failed) == (1, 4, 0)
    assert upstream_push_due(now=T + timedelta(days=1)).batches == 0
    assert sorted(upstream.accepted) == sorted(str(r.uuid) for r in [early, *ratings])
    assert upstream.requests == 3
    assert set(UpstreamPush.objects.values_list("status", "attempts", "acked_at")) == {
        (PushStatus.ACKED, 3, T + timedelta(seconds=180))
    }


def test_partial_acknowledgement_and_refused_connection(ev, world, upstream):
    policy_set(actor=world.admin, region=world.regions["zone"], upstream_url=upstream.url)
    with time_machine.travel(at(2026, 6, 10, 10, 30), tick=False):
        a = rate(ev.case(completed_at=at(2026, 6, 10, 10, 0)), Level.BASIC)
        b = rate(ev.case(completed_at=at(2026, 6, 10, 10, 0)), Level.BASIC)
    T = at(2026, 6, 10, 11, 0)
    upstream.close()  # nobody listening: connection refused
    report = upstream_push_due(now=T)
    assert (report.acked, report.failed) == (0, 2)
    assert UpstreamPush.objects.get(rating=a).last_error.startswith("URLError")

    partial = FakeUpstream()
    partial.up = True
    try:
        UpstreamPush.objects.update(url=partial.url)
        original = partial.server.RequestHandlerClass.do_POST

        def ack_first_only(handler):
            body = handler.rfile.read(int(handler.headers["Content-Length"]))
            first = json.loads(body)["records"][0]["rating_id"]
            partial.accepted.append(first)
            reply = json.dumps({"acked": [first]}).encode()
            handler.send_response(200)
            handler.send_header("Content-Length", str(len(reply)))
            handler.end_headers()
            handler.wfile.write(reply)

        partial.server.RequestHandlerClass.do_POST = ack_first_only
        report = upstream_push_due(now=T + timedelta(seconds=60))
        assert (report.acked, report.failed) == (1, 1)
        partial.server.RequestHandlerClass.do_POST = original
        report = upstream_push_due(now=T + timedelta(seconds=180))
        assert (report.acked, report.failed) == (1, 0)
        assert sorted(partial.accepted) == sorted([str(a.uuid), str(b.uuid)])
    finally:
        partial.close()
