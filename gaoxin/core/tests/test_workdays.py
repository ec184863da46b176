"""Working days on the Chinese calendar: pinned to the State Council schedules (standards.md)."""

from datetime import date, datetime

import pytest

from gaoxin.core.calendar import deadline_after, work_calendar, working_days_since
from gaoxin.core.workdays import SHANGHAI, WorkCalendar, add_working_days, working_days_between, working_days_in_year

pytestmark = pytest.mark.django_db


def test_seeded_years_cover_2004_to_2026():
    cal = work_calendar()
    assert min(cal.years) == 2004
    assert max(cal.years) == 2026
    assert len(cal.years) == 23


@pytest.mark.parametrize(
    ("year", "makeups"),
    [
        (2026, ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]),
        (2025, ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]),
        (
            2024,
            [
                "2024-02-04",
                "2024-02-18",
                "2024-04-07",
                "2024-04-28",
                "2024-05-11",
                "2024-09-14",
                "2024-09-29",
                "2024-10-12",
            ],
        ),
    ],
)
def test_makeup_working_days_are_pinned(year, makeups):
    cal = work_calendar()
    found = sorted(d.isoformat() for d in cal.makeup_workdays if d.year == year)
    assert found == makeups
    assert all(cal.is_working_day(date.fromisoformat(d)) for d in makeups)


@pytest.mark.parametrize(("year", "count"), [(2024, 251), (2025, 248), (2026, 248)])
def test_working_days_per_year(year, count):
    assert working_days_in_year(work_calendar(), year) == count


def test_2026_holidays_are_not_working_days():
    cal = work_calendar()
    for day in [
        "2026-01-01",
        "2026-02-16",
        "2026-02-23",
        "2026-04-06",
        "2026-05-05",
        "2026-06-19",
        "2026-09-25",
        "2026-10-07",
    ]:
        assert not cal.is_working_day(date.fromisoformat(day)), day


def test_deadline_across_national_day_2026():
    # A bad rating on Wednesday 2026-09-30: holidays 10/1–10/7, make-up Saturday 10/10.
    start = datetime(2026, 9, 30, 16, 20, tzinfo=SHANGHAI)
    one = deadline_after(start, 1)
    five = deadline_after(start, 5)
    assert one.due_date == date(2026, 10, 8)
    assert five.due_date == date(2026, 10, 13)  # 10/8, 10/9, 10/10 (Sat, make-up), 10/12, 10/13
    assert five.due_at == datetime(2026, 10, 13, 23, 59, 59, tzinfo=SHANGHAI)
    assert not five.is_provisional
    assert working_days_since(start, five.due_at) == 5


def test_year_without_calendar_is_provisional_on_weekdays():
    deadline = deadline_after(date(2026, 12, 30), 3)
    # 12/31 Thu (2026), then 2027 has no calendar: 1/1 Fri counted as a weekday, 1/4 Mon.
    assert deadline.due_date == date(2027, 1, 4)
    assert deadline.is_provisional is True


def test_pure_arithmetic_inverse_and_zero():
    cal = WorkCalendar(frozenset({date(2030, 1, 1)}), frozenset({date(2030, 1, 5)}), frozenset({2030}))
    assert add_working_days(cal, date(2029, 12, 31), 1).due_date == date(2030, 1, 2)
    assert add_working_days(cal, date(2030, 1, 4), 1).due_date == date(2030, 1, 5)  # make-up Saturday
    assert add_working_days(cal, date(2030, 1, 4), 0).due_date == date(2030, 1, 4)
    assert working_days_between(cal, date(2030, 1, 10), date(2030, 1, 3)) == -working_days_between(
        cal, date(2030, 1, 3), date(2030, 1, 10)
    )
    with pytest.raises(ValueError, match="days must be"):
        add_working_days(cal, date(2030, 1, 1), -1)


def test_deadline_api(client_as):
    client = client_as("clerk")
    resp = client.get("/api/v1/core/workdays/deadline", {"start": "2026-09-30", "days": 5})
    assert resp.status_code == 200
    assert resp.json() == {"start": "2026-09-30", "working_days": 5, "due_date": "2026-10-13", "is_provisional": False}
    resp = client.get("/api/v1/core/workdays/deadline", {"start": "2026-09-30", "days": 999})
    assert resp.status_code == 400
    assert resp.json()["code"] == "days_range"


def test_deadlines_are_remembered_per_calendar_and_bounded(monkeypatch):
    import gaoxin.core.workdays as workdays

    plain = WorkCalendar(frozenset(), frozenset(), frozenset({2030}))
    holiday = WorkCalendar(frozenset({date(2030, 1, 2)}), frozenset(), frozenset({2030}))
    morning = add_working_days(plain, datetime(2030, 1, 1, 9, 0, tzinfo=SHANGHAI), 1)
    # the same day later on (and as a date) is the same answer, from the memo
    assert add_working_days(plain, datetime(2030, 1, 1, 17, 30, tzinfo=SHANGHAI), 1) is morning
    assert add_working_days(plain, date(2030, 1, 1), 1) is morning
    assert morning.due_date == date(2030, 1, 2)
    # another calendar (a holiday added on reload) does not see this one's answers
    assert add_working_days(holiday, date(2030, 1, 1), 1).due_date == date(2030, 1, 3)
    assert plain._deadlines.keys() == {(date(2030, 1, 1), 1)}
    # the memo is no part of a calendar's value
    assert plain == WorkCalendar(frozenset(), frozenset(), frozenset({2030}))
    assert hash(plain) == hash(WorkCalendar(frozenset(), frozenset(), frozenset({2030})))
    monkeypatch.setattr(workdays, "_MEMO_SIZE", 3)
    for day in (2, 3, 4):
        add_working_days(plain, date(2030, 1, day), 1)
    assert len(plain._deadlines) == 1  # full at 3: emptied before the fourth answer went in
    assert add_working_days(plain, date(2030, 1, 4), 1).due_date == date(2030, 1, 7)
