"""External deliveries: adapters against a local HTTP server, retries with backoff, skipping,
idempotency, and the retry job. No network beyond 127.0.0.1; time frozen."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import threading
import urllib.parse
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from gaoxin.core.errors import DomainError
from gaoxin.core.models import AuditEvent, Delivery, Notification
from gaoxin.core.notify import webhook
from gaoxin.core.notify.delivery import backoff_seconds, deliveries_due, deliveries_retry_due, delivery_attempt
from gaoxin.core.notify.services import notify_user, send_external

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=SH)


class Receiver(ThreadingHTTPServer):
    """Records each POST (path, headers, JSON body) and answers from a queue of (status, body)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.answers: list[tuple[int, object]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:
            self.server.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "raw": raw,
                    "json": json.loads(raw),
                }
            )
            status, body = self.server.answers.pop(0) if self.server.answers else (200, {"errcode": 0})
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def channels(settings, receiver):
    """All HTTP channels pointed at the local receiver; e-mail on (locmem backend in tests)."""
    settings.NOTIFY_SMS_URL = f"{receiver.url}/sms"
    settings.NOTIFY_SMS_TOKEN = "sms-secret"
    settings.NOTIFY_WECOM_WEBHOOK = f"{receiver.url}/cgi-bin/webhook/send?key=abc"
    settings.NOTIFY_DINGTALK_WEBHOOK = f"{receiver.url}/robot/send?access_token=xyz"
    settings.NOTIFY_DINGTALK_SECRET = ""
    settings.NOTIFY_WEBHOOK_URL = f"{receiver.url}/hook"
    settings.NOTIFY_WEBHOOK_SECRET = "hook-secret"
    settings.NOTIFY_EMAIL_ENABLED = True
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    return receiver


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send_external(...) with the on-commit task run (immediate backend), returning the fresh row."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            delivery = send_external(**kwargs)
        delivery.refresh_from_db()
        return delivery

    return run


def test_sms_success_marks_sent_and_posts_the_gateway_shape(db, channels, frozen, send):
    d = send(channel="sms", target="13800001111", body="您有一条差评待处理", idempotency_key="rating:1:sms")

    assert (d.status, d.attempts, d.sent_at, d.next_attempt_at, d.last_error) == ("sent", 1, T0, None, "")
    assert len(channels.requests) == 1
    req = channels.requests[0]
    assert req["path"] == "/sms"
    assert req["headers"]["Authorization"] == "Bearer sms-secret"
    assert req["json"] == {"phone": "13800001111", "content": "您有一条差评待处理", "id": "rating:1:sms"}
    actions = list(AuditEvent.objects.filter(object_id=str(d.pk)).order_by("id").values_list("action", "object_repr"))
    assert actions == [("notify.delivery.queue", "sms → 138****1111"), ("notify.delivery.sent", f"sms #{d.pk}")]


def test_http_500_retries_with_exponential_backoff_then_fails(db, channels, frozen, send):
    channels.answers = [(500, {"error": "gateway down"})] * 3
    d = send(channel="sms", target="13800001111", body="x", idempotency_key="k500")

    assert (d.status, d.attempts) == ("retrying", 1)
    assert d.next_attempt_at == T0 + timedelta(seconds=60)
    assert d.last_error == 'HTTP 500: {"error": "gateway down"}'

    # Not due yet: the retry job leaves it alone.
    frozen.shift(59)
    assert deliveries_due() == []
    assert delivery_attempt(delivery_id=d.pk) == "retrying"
    assert len(channels.requests) == 1

    frozen.shift(1)
    assert deliveries_retry_due() == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.next_attempt_at) == ("retrying", 2, T0 + timedelta(seconds=60 + 120))

    frozen.shift(120)
    assert deliveries_retry_due() == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.next_attempt_at, d.sent_at) == ("failed", 3, None, None)
    assert len(channels.requests) == 3
    assert deliveries_due() == []
    assert AuditEvent.objects.filter(action="notify.delivery.failed", object_id=str(d.pk)).count() == 1


def test_backoff_doubles_and_is_capped(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    settings.NOTIFY_RETRY_MAX_SECONDS = 200
    assert [backoff_seconds(n) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 200, 200]


def test_wecom_errcode_is_retried_and_then_sent(db, channels, frozen, send):
    channels.answers = [
        (200, {"errcode": 93000, "errmsg": "invalid webhook url"}),
        (200, {"errcode": 0, "errmsg": "ok"}),
    ]
    d = send(channel="wecom", target="13800002222", body="工单即将超期", idempotency_key="wo:7:wecom")

    assert (d.status, d.attempts, d.last_error) == ("retrying", 1, "errcode 93000: invalid webhook url")
    req = channels.requests[0]
    assert req["path"] == "/cgi-bin/webhook/send?key=abc"
    assert req["json"] == {
        "msgtype": "text",
        "text": {"content": "工单即将超期", "mentioned_mobile_list": ["13800002222"]},
    }

    frozen.shift(60)
    deliveries_retry_due()
    d.refresh_from_db()
    assert (d.status, d.attempts, d.sent_at, d.last_error) == ("sent", 2, T0 + timedelta(seconds=60), "")


def test_wecom_answer_without_errcode_is_a_failure(db, channels, frozen, send):
    channels.answers = [(200, b"<html>proxy login</html>")]
    d = send(channel="wecom", target="运营群", body="x", idempotency_key="html")
    assert (d.status, d.last_error) == ("retrying", "unexpected answer: None")
    assert channels.requests[0]["json"] == {"msgtype": "text", "text": {"content": "x"}}


def test_dingtalk_signed_url_and_errcode(db, channels, frozen, send, settings):
    settings.NOTIFY_DINGTALK_SECRET = "SEC123"
    channels.answers = [(200, {"errcode": 310000, "errmsg": "sign not match"})]
    d = send(channel="dingtalk", target="13800003333", body="月报已发布", idempotency_key="dd1")

    assert (d.status, d.last_error) == ("retrying", "errcode 310000: sign not match")
    req = channels.requests[0]
    path, _, query = req["path"].partition("?")
    params = urllib.parse.parse_qs(query)
    ts = str(int(T0.timestamp() * 1000))
    expected = base64.b64encode(hmac.new(b"SEC123", f"{ts}\nSEC123".encode(), hashlib.sha256).digest()).decode()
    assert (path, params["access_token"], params["timestamp"], params["sign"]) == (
        "/robot/send",
        ["xyz"],
        [ts],
        [expected],
    )
    assert req["json"] == {
        "msgtype": "text",
        "text": {"content": "月报已发布"},
        "at": {"atMobiles": ["13800003333"], "isAtAll": False},
    }


def test_webhook_is_signed_over_the_raw_body(db, channels, frozen, send):
    d = send(channel="webhook", target="oa-system", subject="标题", body="正文", idempotency_key="wh1")
    assert d.status == "sent"
    req = channels.requests[0]
    assert req["json"] == {
        "id": "wh1",
        "channel": "webhook",
        "target": "oa-system",
        "subject": "标题",
        "body": "正文",
        "notification_id": None,
    }
    expected = "sha256=" + hmac.new(b"hook-secret", req["raw"], hashlib.sha256).hexdigest()
    assert req["headers"]["X-Gaoxin-Signature"] == expected
    assert webhook.signature(req["json"], "hook-secret") == expected


def test_email_goes_through_django_mail(db, channels, frozen, send):
    d = send(
        channel="email", target="li@example.cn", subject="整改通知", body="请于 3 个工作日内整改", idempotency_key="m1"
    )
    assert d.status == "sent"
    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [
        ("整改通知", "请于 3 个工作日内整改", ["li@example.cn"])
    ]


def test_connection_refused_is_retried(db, channels, frozen, send, settings):
    channels.shutdown()
    channels.server_close()
    d = send(channel="sms", target="13800001111", body="x", idempotency_key="down")
    assert (d.status, d.attempts) == ("retrying", 1)
    assert d.last_error.startswith("connection failed:")


def test_unconfigured_channel_is_skipped_without_sending(db, settings, receiver, frozen, send):
    settings.NOTIFY_SMS_URL = ""
    d = send(channel="sms", target="13800001111", body="x", idempotency_key="off")
    assert (d.status, d.attempts, d.last_error, d.next_attempt_at) == ("skipped", 0, "短信渠道未配置", None)
    assert receiver.requests == []
    assert deliveries_due() == []


def test_channel_switched_off_after_queueing_is_skipped_at_send_time(db, channels, frozen, settings):
    d = send_external(channel="sms", target="13800001111", body="x", idempotency_key="later")  # task not run
    settings.NOTIFY_SMS_URL = ""
    assert delivery_attempt(delivery_id=d.pk) == "skipped"
    d.refresh_from_db()
    assert (d.status, d.last_error, channels.requests) == ("skipped", "渠道未配置", [])


def test_same_idempotency_key_returns_the_existing_delivery_and_sends_once(db, channels, frozen, send):
    first = send(channel="sms", target="13800001111", body="一", idempotency_key="same")
    again = send(channel="sms", target="13900000000", body="二", idempotency_key="same")
    assert again.pk == first.pk
    assert (again.target, again.body, again.status) == ("13800001111", "一", "sent")
    assert Delivery.objects.count() == 1
    assert len(channels.requests) == 1


def test_a_sent_delivery_is_not_sent_again_by_a_late_task(db, channels, frozen, send):
    d = send(channel="sms", target="13800001111", body="x", idempotency_key="late")
    assert delivery_attempt(delivery_id=d.pk, force=True) == "sent"
    assert len(channels.requests) == 1


def test_a_concurrently_claimed_attempt_is_not_sent_twice(db, channels, frozen):
    d = send_external(channel="sms", target="13800001111", body="x", idempotency_key="race")
    # Another worker claimed the attempt first (attempts moved on): this one must not send.
    Delivery.objects.filter(pk=d.pk).update(attempts=1)
    from gaoxin.core.notify import delivery as module

    assert module._claim(d, T0) is False
    assert channels.requests == []


def test_lost_pending_task_is_picked_up_after_the_grace_period(db, channels, frozen):
    d = send_external(channel="sms", target="13800001111", body="x", idempotency_key="lost")  # on_commit never ran
    assert deliveries_due() == []
    frozen.shift(120)
    assert deliveries_due() == [d.pk]
    deliveries_retry_due()
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("sent", 1)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"channel": "fax", "target": "1", "body": "x", "idempotency_key": "k"}, "notify_channel"),
        ({"channel": "inbox", "target": "1", "body": "x", "idempotency_key": "k"}, "notify_channel"),
        ({"channel": "sms", "target": "1", "body": "x", "idempotency_key": "  "}, "notify_key"),
        ({"channel": "sms", "target": "1", "body": "x", "idempotency_key": "k" * 101}, "notify_key"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(db, channels, kwargs, code):
    with pytest.raises(DomainError) as exc:
        send_external(**kwargs)
    assert exc.value.code == code
    assert (Delivery.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_notify_user_inbox_plus_sms_and_email(world, channels, frozen, django_capture_on_commit_callbacks):
    user = world.users["handler"]
    user.phone, user.email = "13800004444", "handler@example.cn"
    user.save(update_fields=["phone", "email"])
    with django_capture_on_commit_callbacks(execute=True):
        note, deliveries = notify_user(
            user=user,
            kind="rectification.assigned",
            title="新的整改工单",
            body="请在 5 个工作日内办结",
            url="/rectifications/7/",
            channels=("inbox", "sms", "email"),
            object_type="rectifications.workorder",
            object_id=7,
        )
    assert (note.recipient_id, note.title, note.url) == (user.pk, "新的整改工单", "/rectifications/7/")
    text = "新的整改工单\n请在 5 个工作日内办结\nhttp://127.0.0.1:8000/rectifications/7/"
    rows = list(Delivery.objects.order_by("channel").values_list("channel", "target", "idempotency_key", "status"))
    key = f"rectification.assigned:rectifications.workorder:7:u{user.pk}"
    assert rows == [
        ("email", "handler@example.cn", f"{key}:email", "sent"),
        ("sms", "13800004444", f"{key}:sms", "sent"),
    ]
    assert {d.notification_id for d in deliveries} == {note.pk}
    assert channels.requests[0]["json"]["content"] == text
    assert mail.outbox[0].subject == "新的整改工单"

    # The same event again: a second inbox line, but no second SMS or e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(
            user=user,
            kind="rectification.assigned",
            title="新的整改工单",
            url="/rectifications/7/",
            channels=("inbox", "sms", "email"),
            object_type="rectifications.workorder",
            object_id=7,
        )
    assert (Delivery.objects.count(), len(channels.requests), len(mail.outbox)) == (2, 1, 1)


def test_notify_user_without_phone_records_a_skipped_sms(world, channels, frozen):
    user = world.users["clerk"]
    user.phone = ""
    user.save(update_fields=["phone"])
    note, (sms,) = notify_user(user=user, kind="k", title="t", channels=("inbox", "sms"))
    assert (sms.status, sms.last_error, sms.idempotency_key) == (
        "skipped",
        "没有接收方（未登记手机号或地址）",
        f"n{note.pk}:sms",
    )
    assert channels.requests == []


def test_notify_user_refuses_unknown_channel_and_external_without_key(world):
    user = world.users["clerk"]
    before = Notification.objects.count()
    with pytest.raises(DomainError):
        notify_user(user=user, kind="k", title="t", channels=("inbox", "pigeon"))
    with pytest.raises(DomainError):
        notify_user(user=user, kind="k", title="t", channels=("sms",))
    assert (Notification.objects.count(), Delivery.objects.count()) == (before, 0)


def test_retry_job_runs_through_the_scheduler(
    db, channels, frozen, send, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.management import call_command

    from gaoxin.core import periodic

    # Only the retry job, so that other apps' periodic jobs do not run in this test.
    monkeypatch.setattr(periodic, "REGISTRY", {"core.notify_retry": periodic.discover()["core.notify_retry"]})
    channels.answers = [(503, {"e": 1})]
    d = send(channel="sms", target="13800001111", body="x", idempotency_key="sched")
    assert d.status == "retrying"
    frozen.shift(60)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("scheduler", "--once", stdout=io.StringIO())
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("sent", 2)


def test_notify_user_hashes_keys_longer_than_the_column(world, channels):
    user = world.users["clerk"]
    base = "x" * 120
    _, (sms,) = notify_user(user=user, kind="k", title="t", channels=("sms",), idempotency_key=base)
    digest = hashlib.sha256(base.encode()).hexdigest()[:20]
    assert sms.idempotency_key == f"{'x' * 60}~{digest}:sms"
    assert len(sms.idempotency_key) == 85


def test_send_external_puts_one_deliver_task_on_the_database_queue(
    db, channels, frozen, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    with django_capture_on_commit_callbacks(execute=True):
        d = send_external(channel="sms", target="13800001111", body="x", idempotency_key="q1")
        send_external(channel="sms", target="13800001111", body="x", idempotency_key="q1")
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("gaoxin.core.tasks.deliver", {"args": [d.pk], "kwargs": {}}),
    ]
    assert channels.requests == []  # the worker sends, not the web request
