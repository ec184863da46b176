"""The device, batch, kiosk, intake, QR and web APIs: exact bodies, idempotency, nothing written on refusal."""

from __future__ import annotations

import json
import uuid

import pytest
import time_machine

from gaoxin.core.calendar import work_calendar
from gaoxin.core.tokens import api_token_issue
from gaoxin.evaluations.enums import Channel, IntegrityFlag, Level
from gaoxin.evaluations.models import Case, Device, Rating
from gaoxin.evaluations.policy import effective_policy
from gaoxin.evaluations.services import case_complete, case_qr_token, device_register, device_revoke, staff_qr_token
from gaoxin.evaluations.tests.conftest import APPLICANT_PHONE, at

URL = "/api/v1/evaluations"
NOW = at(2026, 6, 10, 10, 30)


@pytest.fixture
def device(ev):
    dev, plain = device_register(actor=None, hall=ev.halls["hall"], window=ev.windows["w1"], name="1号窗评价器")
    return dev, {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def post(client, path, body, **headers):
    return client.post(URL + path, data=json.dumps(body), content_type="application/json", **headers)


def item(case, level=1, scheme="gbt39046", **kw):
    return {
        "uuid": str(kw.pop("uuid", uuid.uuid4())),
        "level": level,
        "scheme": scheme,
        "case_number": case.number if case else None,
        **kw,
    }


def test_device_posts_one_rating_then_the_retry_is_a_duplicate(ev, device, client, frozen):
    _dev, auth = device
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    body = item(case, level=1, scheme="gbt39046", tags=["A"])
    first = post(client, "", body, **auth)
    again = post(client, "", body, **auth)
    rating = Rating.objects.get()
    assert first.status_code == 201
    assert first.json() == {"uuid": body["uuid"], "status": "created", "id": rating.pk, "is_bad": False}
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert (rating.level, rating.channel, rating.device_id) == (Level.VERY_SATISFIED, Channel.DEVICE, _dev.pk)


def test_device_hot_path_query_count(ev, device, client, frozen, count_queries, monkeypatch):
    """Intake's own queries (the rollup and work-order hooks are measured by their apps)."""
    monkeypatch.setattr("gaoxin.evaluations.hooks.after_rating_recorded", lambda rating: None)
    _dev, auth = device
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    post(client, "/device/heartbeat", {}, **auth)  # token last_used_at touched: not part of the count
    work_calendar(), effective_policy(ev.halls["hall"].region)  # per-process caches, warm in production
    with count_queries() as q:
        response = post(client, "", item(case, level=2, scheme="provincial"), **auth)
    assert response.status_code == 201
    # token, device, case (one statement each), savepoint, insert, release; no uuid or
    # ratings-of-the-case read: the unique constraints answer duplicates and "already rated"
    assert len(q) == 6, [x["sql"][:80] for x in q.captured_queries]


def test_the_scheme_is_required_and_levels_convert(ev, device, client, frozen):
    _dev, auth = device
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    body = item(case, level=2)
    del body["scheme"]
    r = post(client, "", body, **auth)
    assert r.status_code == 422
    assert r.json()["code"] == "invalid"
    r = post(client, "", item(case, level=2, scheme="provincial"), **auth)
    assert r.status_code == 201
    assert Rating.objects.get().level == Level.DISSATISFIED


def test_refused_rating_gives_code_and_chinese_message(ev, device, client, frozen):
    _dev, auth = device
    r = post(client, "", {**item(None), "case_number": "NOPE"}, **auth)
    assert (r.status_code, r.json()) == (400, {"code": "unknown_case", "message": "办件不存在。", "details": None})
    r = post(client, "", {**item(None), "level": 9}, **auth)
    assert r.json()["code"] == "invalid_level"
    assert Rating.objects.count() == 0


def test_malformed_json_and_missing_credentials(ev, device, client, frozen, world):
    _dev, auth = device
    r = client.post(URL, data="{not json", content_type="application/json", **auth)
    assert r.status_code in (400, 422)
    assert r.json()["code"] in ("invalid", "http_400")
    assert post(client, "", item(None)).status_code == 401
    client.force_login(world.hall_manager)
    r = post(client, "", item(None))
    assert (r.status_code, r.json()["code"]) == (403, "device_required")
    assert Rating.objects.count() == 0


def test_revoked_device_is_refused(ev, device, client, frozen):
    dev, auth = device
    device_revoke(actor=None, device=dev)
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    assert post(client, "", item(case), **auth).status_code == 401
    assert Rating.objects.count() == 0


def test_x_device_token_header_works_too(ev, client, frozen):
    _dev, plain = device_register(actor=None, hall=ev.halls["hall"], name="大厅终端")
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    r = post(client, "", item(case, channel=Channel.TERMINAL), HTTP_X_DEVICE_TOKEN=plain)
    assert r.status_code == 201
    assert Rating.objects.get().channel == Channel.TERMINAL


def test_batch_mixed_items_and_replay(ev, device, client, frozen):
    _dev, auth = device
    c1, c2, open_case = (
        ev.case(completed_at=at(2026, 6, 10, 10, 0)),
        ev.case(completed_at=at(2026, 6, 10, 10, 0)),
        ev.case(),
    )
    good1, good2 = item(c1, level=5), item(c2, level=3)
    items = [
        good1,
        {**item(c1), "level": 7},  # bad level
        item(None, case_number="GX-NONE"),  # unknown case
        {"level": 1, "scheme": "gbt39046", "case_number": c2.number},  # no uuid
        good2,
        good1,  # same uuid twice in one batch
        item(open_case),  # not completed
        "not an object",
    ]
    r = post(client, "/batch", {"items": items}, **auth)
    assert r.status_code == 200
    body = r.json()
    assert (body["created"], body["duplicate"], body["rejected"]) == (2, 1, 5)
    assert [(x["status"], x["code"]) for x in body["results"]] == [
        ("created", ""),
        ("rejected", "invalid_level"),
        ("rejected", "unknown_case"),
        ("rejected", "invalid"),
        ("created", ""),
        ("duplicate", ""),
        ("rejected", "case_not_completed"),
        ("rejected", "invalid"),
    ]
    assert body["results"][2]["message"] == "办件不存在。"
    replay = post(client, "/batch", {"items": [good1, good2]}, **auth).json()
    assert (replay["created"], replay["duplicate"], replay["rejected"]) == (0, 2, 0)
    assert sorted(Rating.objects.values_list("level", flat=True)) == [Level.VERY_DISSATISFIED, Level.BASIC]  # A.8 5, 3


def test_batch_over_500_is_refused_whole(ev, device, client, frozen):
    _dev, auth = device
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    r = post(client, "/batch", {"items": [item(case) for _ in range(501)]}, **auth)
    assert r.status_code == 422
    assert r.json()["code"] == "batch_too_large"
    assert r.json()["message"] == "一次最多提交 500 条评价，本次 501 条，请分批提交。"
    assert Rating.objects.count() == 0


def test_kiosk_prompt_follows_case_completion(ev, device, client, count_queries, world):
    dev, auth = device
    with time_machine.travel(at(2026, 6, 10, 10, 0), tick=False):
        case = ev.case()
        r = client.get(URL + "/kiosk/prompt", **auth)
        assert (r.status_code, r.json(), r["ETag"]) == (200, {"case": None}, '"none"')
        case_complete(actor=world.clerk, case=case)
        with count_queries() as q:
            r = client.get(URL + "/kiosk/prompt", **auth)
        assert len(q) == 3  # token, device (+window), case
        assert r.json() == {
            "case": {
                "number": case.number,
                "item": "企业设立登记",
                "staff": "clerk",
                "window": "1",
                "hall": "聊城高新区政务服务大厅",
            }
        }
        etag = r["ETag"]
        assert client.get(URL + "/kiosk/prompt", HTTP_IF_NONE_MATCH=etag, **auth).status_code == 304
    with time_machine.travel(at(2026, 6, 10, 10, 1), tick=False):
        assert post(client, "", item(case), **auth).status_code == 201
        assert client.get(URL + "/kiosk/prompt", **auth).json() == {"case": None}
    Device.objects.filter(pk=dev.pk).update(last_seen_at=None)


def test_kiosk_prompt_expires_after_ten_minutes(ev, device, client, world):
    _dev, auth = device
    with time_machine.travel(at(2026, 6, 10, 10, 0), tick=False):
        case_complete(actor=world.clerk, case=ev.case())
    with time_machine.travel(at(2026, 6, 10, 10, 10, 1), tick=False):
        assert client.get(URL + "/kiosk/prompt", **auth).json() == {"case": None}


def test_heartbeat_and_online_state(ev, device, client):
    dev, auth = device
    with time_machine.travel(at(2026, 6, 10, 10, 0), tick=False):
        r = post(client, "/device/heartbeat", {}, **auth)
        assert r.status_code == 200
        dev.refresh_from_db()
        assert dev.last_seen_at == at(2026, 6, 10, 10, 0)
        assert dev.is_online is True
    with time_machine.travel(at(2026, 6, 10, 10, 2, 1), tick=False):
        assert dev.is_online is False


def test_hotline_intake_records_the_operator(ev, client, frozen, world):
    _token, plain = api_token_issue(
        actor=world.admin, name="12345 热线", scopes=["evaluations.intake"], user=world.hall_manager
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    case = ev.case(completed_at=at(2026, 6, 10, 9, 0))
    r = post(client, "/intake", item(case, level=4, channel=Channel.HOTLINE), **auth)
    assert r.status_code == 201
    rating = Rating.objects.get()
    assert (rating.operator_id, rating.channel, rating.integrity_flags) == (
        world.hall_manager.pk,
        Channel.HOTLINE,
        [IntegrityFlag.OPERATOR_ENTERED],
    )
    r = post(client, "/intake", item(case, channel=Channel.DEVICE), **auth)
    assert (r.status_code, r.json()["code"]) == (400, "invalid_channel")


def test_intake_refuses_tokens_without_scope_and_unauthorised_sessions(ev, device, client, frozen, world):
    _dev, auth = device
    case = ev.case(completed_at=at(2026, 6, 10, 9, 0))
    assert post(client, "/intake", item(case, channel=Channel.SMS), **auth).status_code == 403
    client.force_login(world.clerk)
    assert post(client, "/intake", item(case, channel=Channel.SMS)).status_code == 403
    assert Rating.objects.count() == 0


def test_public_qr_ratings(ev, client, frozen):
    case = ev.case(completed_at=at(2026, 6, 10, 9, 0))
    r = post(client, "/qr", item(None, case_qr=case_qr_token(case), level=2))
    assert r.status_code == 201
    assert Rating.objects.get(case=case).channel == Channel.QR
    r = post(client, "/qr", item(None, staff_qr=staff_qr_token(ev.staff["clerk"]), level=1))
    assert r.status_code == 201
    static = Rating.objects.get(case__isnull=True)
    assert (static.staff_id, static.client_ip) == (ev.staff["clerk"].pk, "127.0.0.1")
    for bad in ({"staff_qr": "1.1:forged"}, {"case_qr": "GX:forged"}, {}):
        r = post(client, "/qr", item(None, **bad))
        assert (r.status_code, r.json()["code"], r.json()["message"]) == (400, "bad_qr", "二维码无效或已失效。")
    assert Rating.objects.count() == 2


def test_web_lookup_is_generic_and_rating_needs_the_phone(ev, client, frozen):
    case = ev.case(completed_at=at(2026, 6, 10, 9, 0))
    wrong_phone = post(client, "/lookup", {"number": case.number, "phone_last4": "0000"})
    no_case = post(client, "/lookup", {"number": "GX-NONE", "phone_last4": APPLICANT_PHONE[-4:]})
    assert wrong_phone.status_code == no_case.status_code == 400
    assert (
        wrong_phone.json()
        == no_case.json()
        == {"code": "lookup_failed", "message": "办件编号或手机号后四位不正确，请核对后重试。", "details": None}
    )
    ok = post(client, "/lookup", {"number": case.number, "phone_last4": "5678"})
    assert ok.json()["item"] == "企业设立登记"
    assert APPLICANT_PHONE not in ok.content.decode()
    r = post(client, "/web", {**item(case, level=3), "phone_last4": "0000"})
    assert r.json()["code"] == "lookup_failed"
    r = post(client, "/web", {**item(case, level=3), "phone_last4": "5678"})
    assert r.status_code == 201
    assert Rating.objects.get().channel == Channel.PC


def test_case_accept_and_complete_through_the_api(ev, client, world):
    client.force_login(world.clerk)
    with time_machine.travel(at(2026, 6, 10, 9, 0), tick=False):
        r = post(
            client,
            "/cases",
            {
                "number": "GX-API-1",
                "item_code": ev.items["license"].code,
                "hall_code": "GXDT",
                "window_number": "1",
                "staff_username": "clerk",
                "applicant_phone": "13900001111",
            },
        )
        assert (r.status_code, r.json()) == (201, {"number": "GX-API-1", "status": "accepted"})
        client.force_login(world.other_clerk)
        r = post(client, "/cases/GX-API-1/complete", {})
        assert r.status_code == 403
        client.force_login(world.clerk)
        r = post(client, "/cases/GX-API-1/complete", {})
        assert r.json()["status"] == "completed"
    assert Case.objects.get(number="GX-API-1").applicant_phone_last4 == "1111"


def test_hostile_input_is_refused_cleanly(ev, device, client, frozen, world):
    """NUL characters, naive client times and negative offsets give 4xx or a stored rating, never a 500."""
    _dev, auth = device
    case = ev.case(completed_at=at(2026, 6, 10, 10, 0))
    r = post(client, "", {**item(case), "text": "a\x00b"}, **auth)
    assert (r.status_code, r.json()["code"]) == (422, "invalid")
    r = post(client, "/lookup", {"number": "GX\x00", "phone_last4": "5678"})
    assert r.status_code == 422
    r = post(client, "", {**item(case), "created_at": "2026-06-10T10:29:00"}, **auth)
    assert r.status_code == 201
    assert Rating.objects.get().created_at == at(2026, 6, 10, 10, 29)
    client.force_login(world.admin)
    assert client.get(URL + "/ratings?offset=-5&limit=-1").status_code == 200
