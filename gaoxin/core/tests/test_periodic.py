"""Periodic jobs: registration, due / not due with frozen time, the conditional claim that keeps
two schedulers from double-enqueueing, run bookkeeping, and `manage.py scheduler --once`."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gaoxin.core import periodic as periodic_module
from gaoxin.core.models import PeriodicRun
from gaoxin.core.periodic import periodic, periodic_enqueue_due, schedule_rows

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def jobs(monkeypatch, time_machine):
    """A registry holding only two test jobs (every minute, every hour) that record their runs."""
    time_machine.move_to(T0, tick=False)
    periodic_module.discover()  # import the real tasks modules first, so they register in the real registry
    monkeypatch.setattr(periodic_module, "REGISTRY", {})
    monkeypatch.setattr(periodic_module, "_discovered", True)
    runs: list[str] = []

    @periodic("test.minutely", every_seconds=60)
    def minutely() -> None:
        runs.append("test.minutely")

    @periodic("test.hourly", every_seconds=3600)
    def hourly() -> None:
        runs.append("test.hourly")

    return runs


@pytest.fixture
def tick(django_capture_on_commit_callbacks):
    """One scheduler pass with the enqueued tasks run (immediate backend)."""

    def run() -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            return periodic_enqueue_due()

    return run


def test_never_run_jobs_are_due_then_each_waits_its_period(db, jobs, tick, time_machine):
    assert tick() == ["test.hourly", "test.minutely"]
    assert jobs == ["test.hourly", "test.minutely"]

    time_machine.shift(59)
    assert tick() == []

    time_machine.shift(1)
    assert tick() == ["test.minutely"]

    time_machine.shift(3600 - 60)
    assert tick() == ["test.hourly", "test.minutely"]
    assert jobs == ["test.hourly", "test.minutely", "test.minutely", "test.hourly", "test.minutely"]
    run = PeriodicRun.objects.get(name="test.hourly")
    assert (run.last_enqueued_at, run.last_started_at, run.last_finished_at, run.last_error) == (
        T0 + timedelta(hours=1),
        T0 + timedelta(hours=1),
        T0 + timedelta(hours=1),
        "",
    )


def test_a_second_scheduler_in_the_same_moment_enqueues_nothing(db, jobs, tick):
    assert tick() == ["test.hourly", "test.minutely"]
    assert tick() == []
    assert jobs == ["test.hourly", "test.minutely"]
    assert PeriodicRun.objects.count() == 2


def test_claim_is_a_conditional_update_on_the_stored_time(db, jobs, time_machine, django_capture_on_commit_callbacks):
    # Another scheduler claimed the minutely job 30 s ago: this pass must leave it alone.
    PeriodicRun.objects.create(name="test.minutely", last_enqueued_at=T0 - timedelta(seconds=30))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert periodic_enqueue_due() == ["test.hourly"]
    assert len(callbacks) == 1
    assert jobs == []


def test_a_failing_job_records_its_error_and_stays_scheduled(db, jobs, tick, time_machine):
    @periodic("test.broken", every_seconds=60)
    def broken() -> None:
        raise RuntimeError("数据源不可用")

    tick()
    run = PeriodicRun.objects.get(name="test.broken")
    assert (run.last_finished_at, run.last_error) == (T0, "RuntimeError: 数据源不可用")
    time_machine.shift(60)
    assert "test.broken" in tick()


def test_registering_a_name_twice_with_another_function_is_refused(jobs):
    with pytest.raises(ValueError, match="already registered"):

        @periodic("test.minutely", every_seconds=60)
        def impostor() -> None:
            pass

    with pytest.raises(ValueError, match="at least 1"):
        periodic("test.zero", every_seconds=0)


def test_schedule_rows_show_next_due(db, jobs, tick):
    tick()
    rows = {r["name"]: r for r in schedule_rows()}
    assert rows["test.minutely"]["next_due_at"] == T0 + timedelta(seconds=60)
    assert rows["test.hourly"]["next_due_at"] == T0 + timedelta(hours=1)


def test_scheduler_once_enqueues_exactly_the_due_jobs(db, jobs, time_machine, django_capture_on_commit_callbacks):
    PeriodicRun.objects.create(name="test.hourly", last_enqueued_at=T0 - timedelta(minutes=10))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("scheduler", "--once", stdout=out)
    assert out.getvalue() == "enqueued: test.minutely\n"
    assert jobs == ["test.minutely"]

    out = io.StringIO()
    call_command("scheduler", "--list", stdout=out)
    assert out.getvalue().splitlines() == [
        "test.hourly\tevery 3600s\tlast 2026-03-02 08:50:00\tnext 2026-03-02 09:50:00\t",
        "test.minutely\tevery 60s\tlast 2026-03-02 09:00:00\tnext 2026-03-02 09:01:00\t",
    ]


def test_discovery_imports_each_apps_tasks_module():
    registry = periodic_module.discover()
    assert (registry["core.notify_retry"].every_seconds, registry["core.task_results_prune"].every_seconds) == (
        60,
        86400,
    )


def test_an_idle_pass_only_reads(db, jobs, tick, time_machine, count_queries):
    tick()
    time_machine.shift(30)
    with count_queries() as q:
        assert periodic_enqueue_due() == []
    assert [x["sql"].split()[0] for x in q.captured_queries] == ["SELECT"]


def test_a_job_removed_after_enqueueing_is_skipped(db, jobs):
    from gaoxin.core.tasks import run_periodic

    result = run_periodic.enqueue("test.gone")
    assert (result.status, jobs, PeriodicRun.objects.count()) == ("SUCCESSFUL", [], 0)


def test_scheduler_once_says_so_when_nothing_is_due_in_verbose_mode(db, jobs, tick):
    tick()
    out = io.StringIO()
    call_command("scheduler", "--once", "-v", "2", stdout=out)
    assert out.getvalue() == "enqueued: -\n"


@pytest.fixture
def db_queue(settings):
    """The production queue (django_tasks_db) instead of the immediate backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def test_scheduler_puts_due_jobs_on_the_database_queue(db, jobs, db_queue, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        assert periodic_enqueue_due() == ["test.hourly", "test.minutely"]
    queued = list(DBTaskResult.objects.order_by("args_kwargs").values_list("task_path", "args_kwargs", "status"))
    assert queued == [
        ("gaoxin.core.tasks.run_periodic", {"args": ["test.hourly"], "kwargs": {}}, "READY"),
        ("gaoxin.core.tasks.run_periodic", {"args": ["test.minutely"], "kwargs": {}}, "READY"),
    ]
    assert jobs == []  # nothing ran: the worker will


def test_task_results_prune_keeps_recent_and_unfinished_results(db, db_queue, time_machine):
    from django_tasks_db.models import DBTaskResult

    from gaoxin.core.tasks import task_results_prune

    time_machine.move_to(T0, tick=False)

    def result(status: str, finished_days_ago: int | None) -> None:
        finished = T0 - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
        DBTaskResult.objects.create(
            status=status,
            finished_at=finished,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="gaoxin.core.tasks.notify_retry",
            backend_name="default",
            run_after=T0,
        )

    result("SUCCESSFUL", 15)
    result("FAILED", 20)
    result("SUCCESSFUL", 13)
    result("READY", None)
    assert task_results_prune() == 2
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["READY", "SUCCESSFUL"]


def test_task_results_prune_is_a_no_op_off_the_database_queue(db):
    from gaoxin.core.tasks import task_results_prune

    assert task_results_prune() == 0
