"""Working-day calendar pages: year list with counts, missing-year warning, detail, edit by form and by Excel."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gaoxin.core.calendar import deadline_after
from gaoxin.core.enums import ImportStatus
from gaoxin.core.excel.testing import xlsx_upload
from gaoxin.core.forms import parse_calendar_lines
from gaoxin.core.models import AuditEvent, CalendarDay, CalendarYear, ImportJob

FROZEN = "2026-06-01 10:00:00+08:00"
LINES_2027 = "2027-01-01 节假日 元旦\n2027-02-06~2027-02-12 节假日 春节\n2027-02-14 调休上班 春节\n# 注释行\n"


@time_machine.travel(FROZEN, tick=False)
def test_year_list_counts_and_missing_next_year(client_as, count_queries):
    client = client_as("clerk")
    with count_queries() as queries:
        response = client.get("/core/calendar/")
    assert response.status_code == 200
    years = {y.year: y for y in response.context["years"]}
    assert (years[2026].holidays, years[2026].makeup_days, years[2026].working_days) == (33, 6, 248)
    assert years[2027].is_missing
    assert years[2027].working_days == 261
    assert next(iter(years)) == 2027
    body = response.content.decode()
    assert "尚未录入，截止日期按周一至周五计算并标注为暂定" in body
    assert "录入年度日历" not in body  # clerks may look, not manage
    assert len(queries) == 7  # session, user, grants, unread, years, days + nav


@time_machine.travel(FROZEN, tick=False)
def test_year_detail(client_as):
    client = client_as("admin")
    response = client.get("/core/calendar/2026/")
    assert [str(d.date) for d in response.context["days"]][:4] == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
        "2026-01-04",
    ]
    assert client.get("/core/calendar/2027/").status_code == 404


def test_parse_calendar_lines():
    days, errors = parse_calendar_lines(LINES_2027 + "2027-13-01 节假日 x\n2027-03-01 放风 x\nhello\n")
    assert [(str(d.date), d.kind, d.name) for d in days][:2] == [
        ("2027-01-01", "holiday", "元旦"),
        ("2027-02-06", "holiday", "春节"),
    ]
    assert len(days) == 9
    assert errors == [
        "第 5 行的日期无效",
        "第 6 行的类型“放风”无法识别（应为 节假日 或 调休上班）",
        "第 7 行格式不正确：“hello”（应为“2027-01-01 节假日 元旦”）",
    ]


@time_machine.travel(FROZEN, tick=False)
def test_add_a_year_by_form_changes_deadlines(client_as, django_capture_on_commit_callbacks):
    assert deadline_after(date(2027, 2, 5), 1).is_provisional is True
    with django_capture_on_commit_callbacks(execute=True):  # the calendar cache is reset on commit
        response = client_as("admin").post(
            "/core/calendar/new/", {"year": 2027, "source": "国办发明电〔2026〕7号", "lines": LINES_2027}
        )
    assert response["Location"] == "/core/calendar/2027/"
    assert CalendarYear.objects.get(year=2027).days.count() == 9
    deadline = deadline_after(date(2027, 2, 5), 1)  # Fri; 6–12 off; Sun 14 is a make-up day
    assert (deadline.due_date, deadline.is_provisional) == (date(2027, 2, 14), False)
    assert AuditEvent.objects.filter(action="calendar.year_set", object_id="2027").count() == 1


def test_form_errors_write_nothing(client_as):
    response = client_as("admin").post(
        "/core/calendar/new/",
        {"year": 2027, "source": "x", "lines": "2027-01-01 节假日 元旦\n2028-01-01 节假日 元旦\n2027-03-01 调休上班 x"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "2028-01-01 不属于 2027 年",
        "2027-03-01 是周一至周五，不需要登记为调休上班日",
    ]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_replace_a_year_by_form(client_as):
    client = client_as("admin")
    page = client.get("/core/calendar/2026/edit/")
    assert page.context["form"].initial["lines"].splitlines()[0] == "2026-01-01 法定节假日 元旦"
    client.post("/core/calendar/2026/edit/", {"year": 2026, "source": "更正", "lines": "2026-01-01 节假日 元旦"})
    assert list(CalendarDay.objects.filter(year_id=2026).values_list("name", flat=True)) == ["元旦"]


@pytest.mark.parametrize("persona", ["leader", "officer", "hall_manager", "clerk", "handler", "operator", "enterprise"])
def test_only_admins_manage_the_calendar(persona, client_as):
    client = client_as(persona)
    response = client.post("/core/calendar/new/", {"year": 2027, "source": "x", "lines": LINES_2027})
    assert response.status_code == 403
    assert client.get("/core/imports/calendar/").status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_calendar_view_matrix(client_as):
    expected = {
        "admin": 200,
        "leader": 200,
        "officer": 200,
        "hall_manager": 200,
        "clerk": 200,
        "handler": 200,
        "operator": 200,
        "enterprise": 403,
        "anonymous": 302,
    }
    assert {p: client_as(p).get("/core/calendar/").status_code for p in expected} == expected


def test_calendar_by_excel(client_as):
    client = client_as("admin")
    rows = [
        ["日期", "类型", "名称"],
        ["2027-01-01", "节假日", "元旦"],
        ["2027-02-14", "调休上班", "春节"],
        ["2027-03-01", "调休上班", "x"],
        ["2027-01-01", "节假日", "重复"],
    ]
    client.post("/core/imports/calendar/", {"file": xlsx_upload(rows)})
    job = ImportJob.objects.get()
    assert job.errors == [
        {"row": 4, "column": "类型", "message": "2027-03-01 是周一至周五，不需要登记为调休上班日"},
        {"row": 5, "column": "日期", "message": "与第 2 行的日期重复"},
    ]
    client.post("/core/imports/calendar/", {"file": xlsx_upload(rows[:3])})
    job = ImportJob.objects.order_by("-pk").first()
    assert (job.status, job.created_count) == (ImportStatus.READY, 2)
    client.post(f"/core/imports/job/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, list(year.days.values_list("kind", flat=True))) == ("Excel 导入", ["holiday", "workday"])
