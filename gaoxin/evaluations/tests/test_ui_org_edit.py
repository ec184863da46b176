"""Edit pages of one organisation record (hall, window, staff member, service item).

GET shows the record's current values; a valid POST saves the changed fields through the
`*_update` service (one AuditEvent); an invalid POST re-renders with the error and writes
nothing; users without the permission or outside the record's scope are refused and nothing
changes; the lists link to the edit page only for users who may edit.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gaoxin.core.models import AuditEvent
from gaoxin.evaluations.models import Hall, ServiceItem, Staff, Window

pytestmark = pytest.mark.django_db


def _diff(event: AuditEvent) -> dict[str, tuple[object, object]]:
    before, after = event.before or {}, event.after or {}
    return {k: (before.get(k), after.get(k)) for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def _state(model, pk):
    return model.objects.filter(pk=pk).values().get()


def _selected(body: str, name: str) -> list[str]:
    """Values of the selected options of the select `name`."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(1))


def _checked(body: str, name: str) -> bool:
    tag = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', body)
    assert tag is not None, name
    return " checked" in tag.group(0)


def _errors(body: str) -> list[str]:
    """The form's error messages as shown: the service's refusal, then the fields'."""
    return re.findall(r'data-testid="(?:form|field)-error">([^<]*)<', body)


def _edit_links(body: str) -> list[str]:
    return re.findall(r'href="(/evaluations/[a-z]+/\d+/edit/)"', body)


# ---- window ---------------------------------------------------------------------------------


def test_window_edit_shows_current_values_with_pinned_queries(ev, client_as, count_queries):
    w = ev.windows["w1"]
    c = client_as("hall_manager")
    with count_queries() as q:
        resp = c.get(reverse("evaluations:window_edit", args=[w.pk]))
    assert resp.status_code == 200
    assert len(q) == 7
    body = resp.content.decode()
    assert "<title>编辑窗口：1 企业开办" in body
    assert 'name="number" value="1"' in body
    assert 'name="name" value="企业开办"' in body
    assert _selected(body, "department") == [str(ev.world.units["market"].pk)]
    assert _checked(body, "is_active") is True
    # departments of the hall's own administration only, never the other district's
    assert ">市场监管局</option>" in body
    assert ">东昌府区行政审批服务局</option>" not in body
    assert ">聊城高新区政务服务大厅</option>" not in body


def test_window_edit_saves_changed_fields_and_audits_once(ev, client_as):
    w, approval = ev.windows["w1"], ev.world.units["approval"]
    c = client_as("hall_manager")
    resp = c.post(
        reverse("evaluations:window_edit", args=[w.pk]),
        {"number": "1", "name": "企业开办综合窗口", "department": approval.pk, "is_active": "on"},
    )
    assert resp.status_code == 302
    assert resp.url == f"/evaluations/windows/?hall={ev.halls['hall'].pk}"
    w.refresh_from_db()
    assert (w.number, w.name, w.department_id, w.is_active) == ("1", "企业开办综合窗口", approval.pk, True)
    event = AuditEvent.objects.get(action="evaluations.window.update")
    assert (event.actor_id, event.object_id) == (ev.world.users["hall_manager"].pk, str(w.pk))
    assert _diff(event) == {
        "department_id": (ev.world.units["market"].pk, approval.pk),
        "name": ("企业开办", "企业开办综合窗口"),
    }
    listing = c.get(resp.url).content.decode()
    assert "窗口已保存：1 企业开办综合窗口" in listing


def test_window_edit_unticking_active_disables_it(ev, client_as):
    w = ev.windows["w2"]
    resp = client_as("hall_manager").post(
        reverse("evaluations:window_edit", args=[w.pk]),
        {"number": "2", "name": "投资项目", "department": ev.world.units["approval"].pk},
    )
    assert resp.status_code == 302
    assert Window.objects.get(pk=w.pk).is_active is False
    assert _diff(AuditEvent.objects.get(action="evaluations.window.update")) == {"is_active": (True, False)}


def test_window_edit_without_changes_writes_nothing(ev, client_as):
    w = ev.windows["w1"]
    before, audits = _state(Window, w.pk), AuditEvent.objects.count()
    resp = client_as("hall_manager").post(
        reverse("evaluations:window_edit", args=[w.pk]),
        {"number": "1", "name": "企业开办", "department": ev.world.units["market"].pk, "is_active": "on"},
        follow=True,
    )
    assert "未做任何修改。" in resp.content.decode()
    assert (_state(Window, w.pk), AuditEvent.objects.count()) == (before, audits)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"number": "1", "name": "  "}, "请填写窗口名称。"),
        ({"number": "", "name": "企业开办"}, "请填写窗口号。"),
        ({"number": "2", "name": "企业开办"}, "本大厅已有 2 号窗口。"),
    ],
)
def test_window_edit_invalid_rerenders_and_writes_nothing(ev, client_as, data, error):
    w = ev.windows["w1"]
    before, audits = _state(Window, w.pk), AuditEvent.objects.count()
    resp = client_as("hall_manager").post(
        reverse("evaluations:window_edit", args=[w.pk]),
        {**data, "department": ev.world.units["market"].pk, "is_active": "on"},
    )
    assert resp.status_code == 400
    assert _errors(resp.content.decode()) == [error]
    assert (_state(Window, w.pk), AuditEvent.objects.count()) == (before, audits)


def test_window_edit_refuses_a_department_of_another_district(ev, client_as):
    w = ev.windows["w1"]
    before, audits = _state(Window, w.pk), AuditEvent.objects.count()
    resp = client_as("hall_manager").post(
        reverse("evaluations:window_edit", args=[w.pk]),
        {"number": "1", "name": "企业开办", "department": ev.world.units["other_approval"].pk},
    )
    assert resp.status_code == 400
    assert _errors(resp.content.decode()) == ["请从列表中选择部门。"]
    assert (_state(Window, w.pk), AuditEvent.objects.count()) == (before, audits)


# ---- refusals, for every record type ----------------------------------------------------------


def _targets(ev):
    u = ev.world.units
    return {
        "hall_edit": (Hall, ev.halls["hall"].pk, {"name": "改名", "code": "GXDT", "kind": "center"}),
        "window_edit": (Window, ev.windows["w1"].pk, {"number": "9", "name": "改名", "department": u["market"].pk}),
        "staff_edit": (Staff, ev.staff["clerk"].pk, {"job_number": "CHANGED"}),
        "item_edit": (
            ServiceItem,
            ev.items["license"].pk,
            {"name": "改名", "department": u["market"].pk, "kind": 2, "time_limit_days": 9},
        ),
    }


REFUSALS = [
    # no role for the action: 403 like the list pages
    ("hall_edit", "clerk", 403),
    ("window_edit", "clerk", 403),
    ("staff_edit", "clerk", 403),
    ("item_edit", "clerk", 403),
    ("window_edit", "officer", 403),
    ("hall_edit", "leader", 403),
    # the role, but the record is another district's (or outside the department subtree): 404
    ("hall_edit", "other_hall_manager", 404),
    ("window_edit", "other_hall_manager", 404),
    ("staff_edit", "other_hall_manager", 404),
    ("item_edit", "other_hall_manager", 404),
    ("item_edit", "officer", 404),
]


@pytest.mark.parametrize(("url_name", "persona", "status"), REFUSALS)
def test_edit_pages_refuse_and_write_nothing(ev, client_as, url_name, persona, status):
    model, pk, data = _targets(ev)[url_name]
    url = reverse(f"evaluations:{url_name}", args=[pk])
    c = client_as(persona)
    assert c.get(url).status_code == status
    before, audits = _state(model, pk), AuditEvent.objects.count()
    assert c.post(url, data).status_code == status
    assert (_state(model, pk), AuditEvent.objects.count()) == (before, audits)


@pytest.mark.parametrize("url_name", ["hall_edit", "window_edit", "staff_edit", "item_edit"])
def test_edit_pages_send_anonymous_to_login(ev, client_as, url_name):
    model, pk, data = _targets(ev)[url_name]
    url = reverse(f"evaluations:{url_name}", args=[pk])
    before = _state(model, pk)
    resp = client_as("anonymous").post(url, data)
    assert resp.status_code == 302
    assert resp.url.startswith("/accounts/login/")
    assert _state(model, pk) == before


@pytest.mark.parametrize("url_name", ["hall_edit", "window_edit", "staff_edit", "item_edit"])
def test_edit_pages_answer_404_for_a_missing_record(ev, client_as, url_name):
    assert client_as("admin").get(reverse(f"evaluations:{url_name}", args=[999999])).status_code == 404


# ---- staff --------------------------------------------------------------------------------------


def test_staff_edit_shows_current_values_with_pinned_queries(ev, client_as, count_queries):
    s = ev.staff["clerk"]
    c = client_as("hall_manager")
    with count_queries() as q:
        resp = c.get(reverse("evaluations:staff_edit", args=[s.pk]))
    assert resp.status_code == 200
    assert len(q) == 7
    body = resp.content.decode()
    assert "<title>编辑窗口人员：clerk" in body
    assert _selected(body, "window") == [str(ev.windows["w1"].pk)]
    assert 'name="job_number" value="GX001"' in body
    assert _checked(body, "is_active") is True
    # only this hall's windows
    assert ">2 投资项目</option>" in body
    assert ">1 综合受理</option>" not in body


def test_staff_edit_saves_changed_fields_and_audits_once(ev, client_as):
    s = ev.staff["clerk"]
    c = client_as("hall_manager")
    resp = c.post(
        reverse("evaluations:staff_edit", args=[s.pk]),
        {"window": ev.windows["w2"].pk, "job_number": "GX009", "is_active": "on"},
    )
    assert resp.status_code == 302
    assert resp.url == f"/evaluations/staff/?hall={ev.halls['hall'].pk}"
    s.refresh_from_db()
    assert (s.window_id, s.job_number, s.is_active, s.qr_version) == (ev.windows["w2"].pk, "GX009", True, 1)
    event = AuditEvent.objects.get(action="evaluations.staff.update")
    assert (event.actor_id, event.object_id) == (ev.world.users["hall_manager"].pk, str(s.pk))
    assert _diff(event) == {"job_number": ("GX001", "GX009"), "window_id": (ev.windows["w1"].pk, ev.windows["w2"].pk)}
    assert "窗口人员已保存：clerk" in c.get(resp.url).content.decode()


def test_staff_edit_can_take_the_staff_off_their_window(ev, client_as):
    s = ev.staff["clerk"]
    resp = client_as("hall_manager").post(reverse("evaluations:staff_edit", args=[s.pk]), {"job_number": "GX001"})
    assert resp.status_code == 302
    s.refresh_from_db()
    assert (s.window_id, s.is_active) == (None, False)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("window", "other", "请选择本大厅的窗口。"),
        ("job_number", "X" * 33, "工号不能超过 32 个字符。"),
    ],
)
def test_staff_edit_invalid_rerenders_and_writes_nothing(ev, client_as, field, value, error):
    s = ev.staff["clerk"]
    data = {"window": ev.windows["w1"].pk, "job_number": "GX001", "is_active": "on"}
    data[field] = ev.windows["other"].pk if value == "other" else value
    before, audits = _state(Staff, s.pk), AuditEvent.objects.count()
    resp = client_as("hall_manager").post(reverse("evaluations:staff_edit", args=[s.pk]), data)
    assert resp.status_code == 400
    body = resp.content.decode()
    assert _errors(body) == [error]
    assert (_state(Staff, s.pk), AuditEvent.objects.count()) == (before, audits)


# ---- service item -------------------------------------------------------------------------------


def test_item_edit_shows_current_values_with_pinned_queries(ev, client_as, count_queries):
    item = ev.items["license"]
    c = client_as("hall_manager")
    with count_queries() as q:
        resp = c.get(reverse("evaluations:item_edit", args=[item.pk]))
    assert resp.status_code == 200
    assert len(q) == 7
    body = resp.content.decode()
    assert "<title>编辑服务事项：企业设立登记" in body
    assert 'name="name" value="企业设立登记"' in body
    assert _selected(body, "department") == [str(ev.world.units["market"].pk)]
    assert _selected(body, "kind") == ["2"]
    assert 'name="time_limit_days" value="3"' in body
    assert (_checked(body, "is_zero_trip"), _checked(body, "is_one_go"), _checked(body, "is_online")) == (
        False,
        True,
        True,
    )
    assert _checked(body, "is_active") is True
    assert 'name="code"' not in body  # the code is the item's identity: not editable


def test_item_edit_saves_changed_fields_and_audits_once(ev, client_as):
    item = ev.items["license"]
    c = client_as("hall_manager")
    resp = c.post(
        reverse("evaluations:item_edit", args=[item.pk]),
        {
            "name": "企业设立登记",
            "department": ev.world.units["market"].pk,
            "kind": "2",
            "time_limit_days": "5",
            "is_zero_trip": "on",
            "is_one_go": "on",
            "is_online": "on",
            "is_active": "on",
        },
    )
    assert resp.status_code == 302
    assert resp.url == "/evaluations/items/"
    item.refresh_from_db()
    assert (item.kind, item.time_limit_days, item.is_zero_trip, item.is_one_go, item.is_online) == (
        2,
        5,
        True,
        True,
        True,
    )
    event = AuditEvent.objects.get(action="evaluations.item.update")
    assert (event.actor_id, event.object_id) == (ev.world.users["hall_manager"].pk, str(item.pk))
    assert _diff(event) == {"is_zero_trip": (False, True), "time_limit_days": (3, 5)}
    assert "服务事项已保存：企业设立登记" in c.get(resp.url).content.decode()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"time_limit_days": "0"}, "承诺件须填写承诺时限（工作日）。"),  # the service's rule
        ({"name": ""}, "请填写事项名称。"),
        ({"time_limit_days": "-1"}, "承诺时限不能为负数。"),
        ({"kind": "7"}, "请选择办件类型。"),
    ],
)
def test_item_edit_invalid_rerenders_and_writes_nothing(ev, client_as, changes, error):
    item = ev.items["license"]
    data = {"name": "企业设立登记", "department": ev.world.units["market"].pk, "kind": "2", "time_limit_days": "3"}
    before, audits = _state(ServiceItem, item.pk), AuditEvent.objects.count()
    resp = client_as("hall_manager").post(reverse("evaluations:item_edit", args=[item.pk]), {**data, **changes})
    assert resp.status_code == 400
    assert _errors(resp.content.decode()) == [error]
    assert (_state(ServiceItem, item.pk), AuditEvent.objects.count()) == (before, audits)


# ---- hall ---------------------------------------------------------------------------------------


def test_hall_edit_shows_current_values_and_saves(ev, client_as):
    hall = ev.halls["hall"]
    c = client_as("hall_manager")
    body = c.get(reverse("evaluations:hall_edit", args=[hall.pk])).content.decode()
    assert 'name="name" value="聊城高新区政务服务大厅"' in body
    assert 'name="code" value="GXDT"' in body
    assert 'name="address" value="聊城高新区黄河路1号"' in body
    assert _selected(body, "kind") == ["center"]
    resp = c.post(
        reverse("evaluations:hall_edit", args=[hall.pk]),
        {"name": "聊城高新区政务服务中心", "code": "GXDT", "kind": "center", "address": "黄河路2号", "is_active": "on"},
    )
    assert resp.status_code == 302
    assert resp.url == f"/evaluations/windows/?hall={hall.pk}"
    hall.refresh_from_db()
    assert (hall.name, hall.code, hall.address, hall.is_active) == ("聊城高新区政务服务中心", "GXDT", "黄河路2号", True)
    event = AuditEvent.objects.get(action="evaluations.hall.update")
    assert _diff(event) == {
        "address": ("聊城高新区黄河路1号", "黄河路2号"),
        "name": ("聊城高新区政务服务大厅", "聊城高新区政务服务中心"),
    }


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"code": "XYZX"}, "大厅编码已被使用：XYZX"),
        ({"name": ""}, "请填写大厅名称。"),
        ({"code": ""}, "请填写大厅编码。"),
    ],
)
def test_hall_edit_invalid_rerenders_and_writes_nothing(ev, client_as, changes, error):
    hall = ev.halls["hall"]
    data = {"name": "聊城高新区政务服务大厅", "code": "GXDT", "kind": "center", "is_active": "on"}
    before, audits = _state(Hall, hall.pk), AuditEvent.objects.count()
    resp = client_as("hall_manager").post(reverse("evaluations:hall_edit", args=[hall.pk]), {**data, **changes})
    assert resp.status_code == 400
    assert _errors(resp.content.decode()) == [error]
    assert (_state(Hall, hall.pk), AuditEvent.objects.count()) == (before, audits)


# ---- links from the lists -----------------------------------------------------------------------


def test_lists_link_to_edit_pages_for_managers(ev, client_as):
    c = client_as("hall_manager")
    hall = ev.halls["hall"]
    windows = c.get(reverse("evaluations:windows")).content.decode()
    assert _edit_links(windows) == [
        f"/evaluations/halls/{hall.pk}/edit/",
        f"/evaluations/windows/{ev.windows['w1'].pk}/edit/",
        f"/evaluations/windows/{ev.windows['w2'].pk}/edit/",
    ]
    staff = c.get(reverse("evaluations:staff")).content.decode()
    assert _edit_links(staff) == [f"/evaluations/staff/{ev.staff['clerk'].pk}/edit/"]
    items = c.get(reverse("evaluations:items")).content.decode()
    assert _edit_links(items) == [
        f"/evaluations/items/{ev.items['license'].pk}/edit/",
        f"/evaluations/items/{ev.items['permit'].pk}/edit/",
    ]


@pytest.mark.parametrize("persona", ["officer", "other_hall_manager"])
def test_items_list_shows_no_edit_link_outside_the_users_scope(ev, client_as, persona):
    resp = client_as(persona).get(reverse("evaluations:items"))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "企业设立登记" in body
    assert _edit_links(body) == []


def test_other_district_manager_sees_only_own_hall_and_its_links(ev, client_as):
    c = client_as("other_hall_manager")
    windows = c.get(reverse("evaluations:windows") + f"?hall={ev.halls['hall'].pk}").content.decode()
    assert _edit_links(windows) == [
        f"/evaluations/halls/{ev.halls['other'].pk}/edit/",
        f"/evaluations/windows/{ev.windows['other'].pk}/edit/",
    ]


@pytest.mark.parametrize("url_name", ["evaluations:windows", "evaluations:staff"])
def test_lists_without_the_role_are_refused_so_no_link_shows(ev, client_as, url_name):
    assert client_as("clerk").get(reverse(url_name)).status_code == 403
