"""Background validation and commit of large imports (the worker runs them; tests run them inline)."""

from __future__ import annotations

from django.tasks import task


@task()
def import_validate_task(job_id: int) -> None:
    from gaoxin.core.excel.services import import_job_validate

    import_job_validate(job_id=job_id)


@task()
def import_run_task(job_id: int) -> None:
    from gaoxin.core.excel.services import import_job_run

    import_job_run(job_id=job_id)
