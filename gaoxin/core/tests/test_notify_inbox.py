"""The in-app inbox: unread count, listing (own messages only, filtered, paginated, pinned
queries), marking read (own only, audited), and every persona's access."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gaoxin.core.models import AuditEvent, Notification
from gaoxin.core.notify.services import notifications_mark_read, notify
from gaoxin.core.selectors import inbox_for, unread_count

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PERSONAS = ["admin", "leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise"]


@pytest.fixture
def inboxes(world, time_machine):
    time_machine.move_to(T0, tick=False)
    hm, other = world.users["hall_manager"], world.users["handler"]
    notify(recipients=[hm, hm, other], kind="rating.bad", title="收到差评", body="窗口 3 收到一条差评", url="/x/1/")
    notify(recipients=[hm], kind="appeal.submitted", title="新的申诉", body="请复核")
    notify(recipients=[hm], kind="report.ready", title="月报已生成")
    return hm, other


def test_notify_dedupes_recipients_and_counts_unread(world, inboxes):
    hm, other = inboxes
    assert (unread_count(hm), unread_count(other)) == (3, 1)
    assert [n.title for n in inbox_for(hm)] == ["月报已生成", "新的申诉", "收到差评"]


def test_mark_some_read_touches_only_own_messages_and_audits(world, inboxes):
    hm, other = inboxes
    mine = Notification.objects.get(recipient=hm, kind="appeal.submitted")
    theirs = Notification.objects.get(recipient=other)

    assert notifications_mark_read(actor=hm, ids=[mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.read_at, theirs.read_at) == (T0, None)
    assert (unread_count(hm), unread_count(other)) == (2, 1)
    assert [n.title for n in inbox_for(hm, unread_only=True)] == ["月报已生成", "收到差评"]
    event = AuditEvent.objects.get(action="notify.mark_read")
    assert (event.actor_id, event.after) == (hm.pk, {"count": 1, "ids": [mine.pk, theirs.pk]})


def test_mark_all_read_and_nothing_left_writes_no_audit(world, inboxes):
    hm, _ = inboxes
    assert notifications_mark_read(actor=hm) == 3
    assert notifications_mark_read(actor=hm) == 0
    assert unread_count(hm) == 0
    assert AuditEvent.objects.filter(action="notify.mark_read").count() == 1


def test_inbox_page_lists_own_messages_with_badge_and_filter(client_as, inboxes, count_queries):
    client = client_as("hall_manager")
    with count_queries() as q:
        html = client.get("/inbox/").content.decode()
    assert len(q) == 7, [x["sql"][:80] for x in q.captured_queries]
    assert html.count('data-testid="notification"') == 3
    assert re.search(r'data-testid="unread">3<', html)
    assert "窗口 3 收到一条差评" in html

    client.post(
        "/inbox/read/", {"id": [str(Notification.objects.get(kind="report.ready").pk)], "next": "/inbox/?status=unread"}
    )
    html = client.get("/inbox/?status=unread").content.decode()
    assert html.count('data-testid="notification"') == 2
    assert "月报已生成" not in html


def test_inbox_empty_states(client_as, world):
    client = client_as("clerk")
    assert "没有通知。" in client.get("/inbox/").content.decode()
    assert "没有未读通知。" in client.get("/inbox/?status=unread").content.decode()


def test_inbox_paginates_twenty_per_page(client_as, world):
    notify(recipients=[world.users["clerk"]], kind="k", title="t")
    for _ in range(20):
        notify(recipients=[world.users["clerk"]], kind="k", title="t")
    client = client_as("clerk")
    assert client.get("/inbox/").content.decode().count('data-testid="notification"') == 20
    page2 = client.get("/inbox/?page=2").content.decode()
    assert page2.count('data-testid="notification"') == 1
    assert "第 2 / 2 页，共 21 条" in page2


def test_mark_read_with_only_invalid_ids_marks_nothing(client_as, inboxes):
    client = client_as("hall_manager")
    response = client.post("/inbox/read/", {"id": ["abc"], "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/"
    assert unread_count(inboxes[0]) == 3


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_every_persona_reads_and_clears_only_its_own_inbox(client_as, world, persona):
    someone_else = world.users["other_officer"]
    notify(recipients=[someone_else], kind="k", title="别人的通知")
    if persona != "anonymous":
        notify(recipients=[world.users[persona]], kind="k", title="我的通知")
    client = client_as(persona)

    page = client.get("/inbox/")
    posted = client.post("/inbox/read/", {"id": [str(n.pk) for n in Notification.objects.all()]})

    assert Notification.objects.get(recipient=someone_else).read_at is None
    if persona == "anonymous":
        assert (page.status_code, posted.status_code) == (302, 302)
        assert page["Location"] == "/accounts/login/?next=/inbox/"
        assert Notification.objects.filter(read_at__isnull=False).count() == 0
        assert AuditEvent.objects.filter(action="notify.mark_read").count() == 0
    else:
        html = page.content.decode()
        assert page.status_code == 200
        assert ("我的通知" in html, "别人的通知" in html) == (True, False)
        assert Notification.objects.get(recipient=world.users[persona]).read_at is not None
