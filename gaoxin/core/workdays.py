"""Working-day arithmetic on the Chinese calendar with make-up working days (调休).

Pure functions on a WorkCalendar value, tested in milliseconds. A year that has no
calendar is computed on Monday–Friday and the result is flagged provisional, never
guessed silently. Loading the calendar from the database: core/calendar.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)
_MEMO_SIZE = 4096  # deadlines remembered per calendar (core.calendar reloads it every few minutes)


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    years: frozenset[int]
    # add_working_days' answers by (day, days): every rating asks for its case's deadline
    _deadlines: dict[tuple[date, int], Deadline] = field(default_factory=dict, compare=False, repr=False)

    def is_known(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


@dataclass(frozen=True)
class Deadline:
    due_date: date
    due_at: datetime  # end of the due day, Asia/Shanghai
    is_provisional: bool  # a year in the span has no calendar: weekdays were assumed


def _local_date(moment: date | datetime) -> date:
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(SHANGHAI)
        return moment.date()
    return moment


def add_working_days(calendar: WorkCalendar, start: date | datetime, days: int) -> Deadline:
    """The end of the `days`-th working day after the day of `start`.

    Counting starts the day after `start` (a rating on a Wednesday with one working day
    allowed is due Thursday 23:59:59). `days` = 0 gives the end of the start day itself.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    day = _local_date(start)
    known = calendar._deadlines.get((day, days))
    if known is not None:
        return known
    if len(calendar._deadlines) >= _MEMO_SIZE:
        calendar._deadlines.clear()
    first = day
    provisional = not calendar.is_known(day.year)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        provisional = provisional or not calendar.is_known(day.year)
        if calendar.is_working_day(day):
            remaining -= 1
    deadline = Deadline(day, datetime.combine(day, END_OF_DAY, tzinfo=SHANGHAI), provisional)
    calendar._deadlines[(first, days)] = deadline
    return deadline


def working_days_between(calendar: WorkCalendar, start: date | datetime, end: date | datetime) -> int:
    """Working days after the day of `start` up to and including the day of `end`.

    The inverse of add_working_days: working_days_between(c, s, add_working_days(c, s, n).due_at) == n.
    Negative when `end` is before `start`.
    """
    first, last = _local_date(start), _local_date(end)
    if last < first:
        return -working_days_between(calendar, end, start)
    count = 0
    day = first
    while day < last:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def span_is_provisional(calendar: WorkCalendar, start: date | datetime, end: date | datetime) -> bool:
    first, last = sorted((_local_date(start), _local_date(end)))
    return any(not calendar.is_known(year) for year in range(first.year, last.year + 1))


def working_days_in_year(calendar: WorkCalendar, year: int) -> int:
    day, count = date(year, 1, 1), 0
    while day.year == year:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count
