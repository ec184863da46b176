"""Pages of 好差评 intake: kiosk shell, device registration, clerk desk, rating pages
(mobile QR static/dynamic, PC web), my ratings, hall manager feed, QR cards."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from gaoxin.core.models import ApiToken, AuditEvent
from gaoxin.evaluations.enums import Channel, IntegrityFlag, Level
from gaoxin.evaluations.models import Case, Device, Rating, Staff, Window
from gaoxin.evaluations.services import case_complete
from gaoxin.evaluations.services.qr import case_qr_token, staff_qr_token
from gaoxin.evaluations.services.ratings import Rater, evaluation_record
from gaoxin.evaluations.tests.conftest import APPLICANT_PHONE, RATER_NAME, RATER_PHONE, at

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 27, 10, 0)


def _rate(case=None, staff=None, level=Level.SATISFIED, rater=None, channel=Channel.DEVICE):
    return evaluation_record(
        actor=None, channel=channel, level=level, uuid=uuid.uuid4(), case=case, staff=staff, rater=rater
    ).rating


def test_kiosk_shell_lists_five_levels_in_order(client):
    body = client.get(reverse("evaluations:kiosk")).content.decode()
    labels = re.findall(r'class="kiosk-level kiosk-level-\d" data-level="(\d)">([^<]+)<', body)
    assert labels == [("5", "非常满意"), ("4", "满意"), ("3", "基本满意"), ("2", "不满意"), ("1", "非常不满意")]
    assert "服务效率" in body
    assert "服务水平" in body
    assert "服务态度" in body
    assert "evaluations/kiosk.js" in body


def test_kiosk_messages_stay_json_whatever_the_translation_holds(client, monkeypatch):
    """The kiosk script reads its messages from a json_script block: a translation with quotes,
    a backslash or a closing tag cannot break it (it was JSON written by hand around
    {% translate %} output)."""
    from gaoxin.evaluations.views import kiosk as kiosk_views

    body = client.get(reverse("evaluations:kiosk")).content.decode()
    data = re.search(r'<script id="kiosk-i18n" type="application/json">(.*?)</script>', body, re.S)
    assert data is not None
    assert json.loads(data.group(1)) == {
        "online": "在线",
        "offline": "网络中断，评价已保存在本机，恢复后自动上传",
        "queued": "待上传",
        "revoked": "设备令牌无效或已停用，请重新配对",
        "window": "窗口",
    }
    odd = 'Offline: "saved" \\ </script><b>'
    monkeypatch.setattr(kiosk_views, "_", lambda text: odd if text == "在线" else text)
    body = client.get(reverse("evaluations:kiosk")).content.decode()
    data = re.search(r'<script id="kiosk-i18n" type="application/json">(.*?)</script>', body, re.S)
    assert data is not None
    assert json.loads(data.group(1))["online"] == odd


@time_machine.travel(NOW, tick=False)
def test_device_register_shows_token_once_and_revoke(ev, client_as):
    c = client_as("hall_manager")
    hall = ev.halls["hall"]
    resp = c.post(
        f"{reverse('evaluations:device_register')}?hall={hall.pk}",
        {"name": "1号窗口评价器", "window": ev.windows["w1"].pk},
    )
    assert resp.status_code == 200
    token = re.search(r'data-testid="device-token" data-gx-select', resp.content.decode())
    assert token is not None
    plain = re.search(r'value="(gx_[^"]+)" data-testid="device-token"', resp.content.decode()).group(1)
    device = Device.objects.get()
    assert (device.name, device.window_id, device.hall_id) == ("1号窗口评价器", ev.windows["w1"].pk, hall.pk)
    assert f"/evaluations/kiosk/pair/#{plain}" in resp.content.decode()
    # the list shows it offline (never seen) and never shows the token again
    listing = c.get(f"{reverse('evaluations:devices')}?hall={hall.pk}").content.decode()
    assert "1号窗口评价器" in listing
    assert 'data-testid="offline"' in listing
    assert plain not in listing
    # a heartbeat through the API makes it online with its last-seen time
    assert (
        client_as("anonymous").post("/api/v1/evaluations/device/heartbeat", HTTP_X_DEVICE_TOKEN=plain).status_code
        == 200
    )
    c = client_as("hall_manager")
    listing = c.get(f"{reverse('evaluations:devices')}?hall={hall.pk}&state=online").content.decode()
    assert 'data-testid="online"' in listing
    assert "2026-11-27 10:00:00" in listing
    resp = c.post(reverse("evaluations:device_revoke", args=[device.pk]))
    assert resp.status_code == 302
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert ApiToken.objects.get(pk=device.token_id).revoked_at is not None
    assert client_as("anonymous").post(
        "/api/v1/evaluations/device/heartbeat", HTTP_X_DEVICE_TOKEN=plain
    ).status_code in (401, 403)


def test_clerk_accepts_and_completes_case_which_prompts_the_window(ev, client_as):
    c = client_as("clerk")
    resp = c.post(
        reverse("evaluations:case_accept"),
        {
            "item": ev.items["license"].pk,
            "number": "GX-DESK-1",
            "applicant_type": 1,
            "applicant_name": "王五",
            "applicant_phone": "13900001111",
        },
    )
    assert resp.status_code == 302
    case = Case.objects.get(number="GX-DESK-1")
    assert (case.window_id, case.staff_id, case.status, case.applicant_phone_last4) == (
        ev.windows["w1"].pk,
        ev.staff["clerk"].pk,
        "accepted",
        "1111",
    )
    desk = c.get(reverse("evaluations:desk")).content.decode()
    assert "GX-DESK-1" in desk
    assert 'data-testid="complete"' in desk
    resp = c.post(reverse("evaluations:case_complete", args=[case.pk]))
    assert resp.status_code == 302
    window = Window.objects.get(pk=ev.windows["w1"].pk)
    assert window.pending_case_id == case.pk
    assert AuditEvent.objects.filter(action="evaluations.case.complete", object_id=str(case.pk)).count() == 1


def test_desk_lists_are_filtered_and_query_count_is_pinned(ev, client_as, count_queries):
    for _ in range(25):
        ev.case()
    ev.case(completed_at=at(2026, 11, 20, 10, 0), number="GX-DONE")
    c = client_as("clerk")
    with count_queries() as q:
        resp = c.get(reverse("evaluations:desk") + "?status=completed")
    body = resp.content.decode()
    assert body.count('data-case="') == 1
    assert "GX-DONE" in body
    assert len(q) == 9
    with count_queries() as q:
        body = c.get(reverse("evaluations:desk")).content.decode()
    assert body.count('data-case="') == 20
    assert "第 1 / 2 页，共 26 条" in body
    assert len(q) == 9
    assert "暂无办件" in c.get(reverse("evaluations:desk") + "?q=nothing-matches").content.decode()


# ---- mobile QR pages ------------------------------------------------------------------------


def test_static_qr_page_is_small_and_has_no_bootstrap_js(ev, client):
    token = staff_qr_token(ev.staff["clerk"])
    resp = client.get(reverse("evaluations:rate_static", args=[token]))
    body = resp.content
    assert resp.status_code == 200
    assert len(body) < 30 * 1024
    assert b"bootstrap" not in body
    # one small script of its own (the CSP allows no inline one): real-name fields, tags' title
    assert re.findall(rb'<script src="([^"]+)"', body) == [b"/static/evaluations/mobile_rate.js"]
    assert (Path(__file__).parents[1] / "static/evaluations/mobile_rate.js").stat().st_size < 1024
    text = body.decode()
    assert [m for m in re.findall(r"<span>([^<]+)</span>", text)][:5] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert "1 企业开办" in text
    assert "clerk" in text


@time_machine.travel(NOW, tick=False)
def test_static_qr_anonymous_rating_is_stored_once_and_marked_without_case(ev, client):
    url = reverse("evaluations:rate_static", args=[staff_qr_token(ev.staff["clerk"])])
    key = str(uuid.uuid4())
    data = {"uuid": key, "level": "1", "tags": ["A"], "text": "态度生硬", "real_name": ""}
    resp = client.post(url, data)
    assert resp.status_code == 200
    assert 'data-testid="thanks"' in resp.content.decode()
    assert client.post(url, data).status_code == 200  # a double submit is the same rating
    rating = Rating.objects.get()
    assert (
        str(rating.uuid),
        rating.level,
        rating.channel,
        rating.case_id,
        rating.staff_id,
        rating.tags,
        rating.is_real_name,
        rating.integrity_flags,
    ) == (
        key,
        Level.VERY_DISSATISFIED,
        Channel.QR,
        None,
        ev.staff["clerk"].pk,
        ["A"],
        False,
        [IntegrityFlag.STATIC_NO_CASE],
    )


def test_static_qr_real_name_needs_consent_and_writes_nothing_without(ev, client):
    url = reverse("evaluations:rate_static", args=[staff_qr_token(ev.staff["clerk"])])
    resp = client.post(
        url, {"uuid": str(uuid.uuid4()), "level": "5", "real_name": "on", "name": RATER_NAME, "phone": RATER_PHONE}
    )
    assert resp.status_code == 400
    assert "实名评价须勾选同意提供个人信息。" in resp.content.decode()
    assert Rating.objects.count() == 0
    resp = client.post(
        url,
        {
            "uuid": str(uuid.uuid4()),
            "level": "5",
            "real_name": "on",
            "name": RATER_NAME,
            "phone": RATER_PHONE,
            "consent": "on",
        },
    )
    assert resp.status_code == 200
    assert Rating.objects.get().is_real_name is True


def test_static_qr_rate_limit_and_bad_qr_messages(ev, client):
    url = reverse("evaluations:rate_static", args=[staff_qr_token(ev.staff["clerk"])])
    for _ in range(5):
        assert client.post(url, {"uuid": str(uuid.uuid4()), "level": "4"}).status_code == 200
    resp = client.post(url, {"uuid": str(uuid.uuid4()), "level": "4"})
    assert resp.status_code == 429
    assert "评价过于频繁，请稍后再试。" in resp.content.decode()
    assert Rating.objects.count() == 5
    forged = client.get(reverse("evaluations:rate_static", args=["1.2:forged"]))
    assert forged.status_code == 404
    assert "二维码无效或已失效。" in forged.content.decode()
    Staff.objects.filter(pk=ev.staff["clerk"].pk).update(qr_version=2)  # a rotated code
    assert client.get(url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_dynamic_qr_rates_its_case_once(ev, client):
    case = ev.case(completed_at=at(2026, 11, 27, 9, 30))
    url = reverse("evaluations:rate_case", args=[case_qr_token(case)])
    assert case.number in client.get(url).content.decode()
    assert client.post(url, {"uuid": str(uuid.uuid4()), "level": "3", "tags": ["E", "L"]}).status_code == 200
    rating = Rating.objects.get()
    assert (rating.case_id, rating.channel, rating.level, rating.tags) == (case.pk, Channel.QR, Level.BASIC, ["E", "L"])
    again = client.get(url)
    assert "该办件已评价，感谢您的参与。" in again.content.decode()
    resp = client.post(url, {"uuid": str(uuid.uuid4()), "level": "5"})
    assert resp.status_code == 400
    assert "该办件已评价。" in resp.content.decode()
    assert Rating.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_dynamic_qr_refuses_open_case_and_closed_window(ev, client):
    open_case = ev.case()
    body = client.get(reverse("evaluations:rate_case", args=[case_qr_token(open_case)])).content.decode()
    assert "办件尚未办结，办结后才能评价。" in body
    old = ev.case(completed_at=at(2026, 10, 9, 10, 0))
    resp = client.post(
        reverse("evaluations:rate_case", args=[case_qr_token(old)]), {"uuid": str(uuid.uuid4()), "level": "5"}
    )
    assert resp.status_code == 400
    assert "评价期已过" in resp.content.decode()
    assert Rating.objects.count() == 0


# ---- PC web ---------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_pc_lookup_then_rate_with_online_tags(ev, client):
    case = ev.case(completed_at=at(2026, 11, 27, 9, 0))
    miss = client.post(reverse("evaluations:pc_lookup"), {"number": case.number, "phone_last4": "0000"})
    assert miss.status_code == 400
    assert "未找到匹配的办件，请核对办件编号和手机号后四位。" in miss.content.decode()
    unknown = client.post(reverse("evaluations:pc_lookup"), {"number": "NOPE", "phone_last4": "5678"})
    assert "未找到匹配的办件，请核对办件编号和手机号后四位。" in unknown.content.decode()
    hit = client.post(reverse("evaluations:pc_lookup"), {"number": case.number, "phone_last4": APPLICANT_PHONE[-4:]})
    assert hit.status_code == 302
    page = client.get(hit.url).content.decode()
    for label in ("办事效率", "办事指南精确度", "办事便捷度", "平台操作性"):
        assert label in page
    assert client.post(hit.url, {"uuid": str(uuid.uuid4()), "level": "2", "tags": ["OG"]}).status_code == 200
    rating = Rating.objects.get()
    assert (rating.channel, rating.level, rating.tags, rating.case_id) == (
        Channel.PC,
        Level.DISSATISFIED,
        ["OG"],
        case.pk,
    )
    assert client.get(reverse("evaluations:pc_rate", args=["forged"])).status_code == 404


# ---- staff and hall manager pages -------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_my_ratings_counts_and_never_shows_the_rater(ev, client_as, count_queries):
    with time_machine.travel(at(2026, 11, 3, 10, 0), tick=False):
        _rate(case=ev.case(completed_at=at(2026, 11, 3, 9, 0)), level=Level.VERY_SATISFIED)
    _rate(
        case=ev.case(completed_at=at(2026, 11, 27, 9, 0)),
        level=Level.DISSATISFIED,
        rater=Rater(name=RATER_NAME, phone=RATER_PHONE, consent=True),
    )
    _rate(case=ev.case(completed_at=at(2026, 11, 27, 9, 5)), level=Level.SATISFIED)
    c = client_as("clerk")
    with count_queries() as q:
        body = c.get(reverse("evaluations:mine")).content.decode()
    assert len(q) == 8
    assert re.search(r'data-testid="today">2<', body)
    assert re.search(r'data-testid="month">3<', body)
    assert re.search(r'data-testid="day-2">1<', body)
    assert re.search(r'data-testid="month-5">1<', body)
    for secret in (RATER_NAME, RATER_PHONE, RATER_PHONE[-4:], "李*", "136****"):
        assert secret not in body


@time_machine.travel(NOW, tick=False)
def test_feed_masks_identity_filters_and_pins_queries(ev, client_as, count_queries):
    for i in range(5):
        _rate(case=ev.case(completed_at=at(2026, 11, 27, 9, i)), level=Level.SATISFIED)
    _rate(
        case=ev.case(completed_at=at(2026, 11, 27, 9, 30)),
        level=Level.VERY_DISSATISFIED,
        rater=Rater(name=RATER_NAME, phone=RATER_PHONE, consent=True),
    )
    c = client_as("hall_manager")
    url = reverse("evaluations:feed")
    with count_queries() as q:
        body = c.get(url).content.decode()
    assert len(q) == 7
    assert body.count('data-rating="') == 6
    assert "李** 136****5432" in body
    assert RATER_NAME not in body
    assert RATER_PHONE not in body
    assert 'hx-trigger="every 3s"' in body
    partial = c.get(url + "?level=1", HTTP_HX_REQUEST="true").content.decode()
    assert partial.count('data-rating="') == 1
    assert "<html" not in partial
    assert "暂无评价" in c.get(url + "?channel=7").content.decode()


def test_staff_qr_rotate_and_revoke_and_cards(ev, client_as):
    c = client_as("hall_manager")
    staff = ev.staff["clerk"]
    old = staff_qr_token(staff)
    assert c.post(reverse("evaluations:staff_qr_change", args=[staff.pk, "rotate"])).status_code == 302
    staff.refresh_from_db()
    assert staff.qr_version == 2
    assert staff_qr_token(staff) != old
    cards = c.get(reverse("evaluations:cards")).content.decode()
    assert cards.count('data-testid="card"') == 1
    assert "@page { size: A4 portrait" in cards
    assert "<svg" in cards
    svg = c.get(reverse("evaluations:staff_qr", args=[staff.pk]))
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert c.post(reverse("evaluations:staff_qr_change", args=[staff.pk, "revoke"])).status_code == 302
    staff.refresh_from_db()
    assert staff.qr_revoked_at is not None
    assert c.get(reverse("evaluations:cards")).content.decode().count('data-testid="card"') == 0
    assert AuditEvent.objects.filter(action__in=["evaluations.qr.rotate", "evaluations.qr.revoke"]).count() == 2


@time_machine.travel(NOW, tick=False)
def test_receipt_has_dynamic_qr_bound_to_case(ev, client_as):
    case = ev.case(completed_at=at(2026, 11, 27, 9, 0))
    body = client_as("clerk").get(reverse("evaluations:case_receipt", args=[case.pk])).content.decode()
    assert case.number in body
    assert f"/evaluations/r/c/{case_qr_token(case)}/" in body
    assert "<svg" in body


def test_windows_staff_items_lists(ev, client_as):
    c = client_as("hall_manager")
    body = c.get(reverse("evaluations:windows") + "?q=企业").content.decode()
    assert "企业开办" in body
    assert "投资项目" not in body
    body = c.get(reverse("evaluations:staff") + "?q=GX001").content.decode()
    assert 'data-staff="' in body
    assert "暂无窗口人员" in c.get(reverse("evaluations:staff") + "?q=nobody").content.decode()
    body = c.get(reverse("evaluations:items") + "?flag=is_one_go").content.decode()
    assert "企业设立登记" in body
    assert "建设工程规划许可" not in body


def test_complete_case_through_service_matches_page_prompt(ev):
    case = ev.case()
    case_complete(actor=None, case=case)
    assert Window.objects.get(pk=ev.windows["w1"].pk).pending_case_id == case.pk


# page -> queries (session, user, grants, halls, the list, its count, menu…), the same for 1 or 5 rows
MANAGER_PAGES = {
    "evaluations:devices": 8,
    "evaluations:windows": 8,
    "evaluations:staff": 9,
    "evaluations:items": 8,
    "evaluations:cards": 5,
    "evaluations:feed": 7,
}


def _grow(ev, n):
    from gaoxin.core.enums import Role
    from gaoxin.core.services import user_create
    from gaoxin.evaluations.services import device_register, staff_create, window_create

    hall = ev.halls["hall"]
    for i in range(n):
        w = window_create(
            actor=None, hall=hall, number=f"{10 + i}", name=f"窗口{i}", department=ev.world.units["approval"]
        )
        user = user_create(
            actor=None,
            username=f"extra{i}",
            password="extra-pass-2026",
            display_name=f"人员{i}",
            unit=hall.unit,
            roles=[Role.WINDOW_STAFF],
        )
        staff_create(actor=None, user=user, hall=hall, window=w, job_number=f"X{i:03d}")
        device_register(actor=None, hall=hall, name=f"评价器{i}", window=w)
        if i < 3:
            _rate(staff=ev.staff["clerk"], channel=Channel.QR)


@pytest.mark.parametrize("url_name", sorted(MANAGER_PAGES))
def test_manager_pages_query_count_does_not_grow_with_rows(ev, client_as, count_queries, url_name):
    c = client_as("hall_manager")
    with count_queries() as few:
        assert c.get(reverse(url_name)).status_code == 200
    _grow(ev, 4)
    with count_queries() as many:
        assert c.get(reverse(url_name)).status_code == 200
    assert len(few) == MANAGER_PAGES[url_name]
    assert len(many) == MANAGER_PAGES[url_name]
