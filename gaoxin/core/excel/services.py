"""Import jobs: upload (file-level checks), dry run, commit all-or-nothing, background for big files."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log
from gaoxin.core.enums import ImportStatus
from gaoxin.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gaoxin.core.excel.columns import RowError
from gaoxin.core.excel.importer import FileError, Importer, check_upload, get_importer, open_sheet, validate_rows
from gaoxin.core.models import ImportJob, User
from gaoxin.core.permissions import can, require, target_for_unit

log = logging.getLogger(__name__)


def require_import(actor: User, importer: Importer) -> None:
    require(actor, "core.import.run")
    require(actor, importer.action)


def may_see_job(actor: User, job: ImportJob) -> bool:
    if not actor.is_authenticated:
        return False
    if job.created_by_id == actor.pk:
        return True
    return can(actor, "core.import.run", target_for_unit(job.unit) if job.unit_id else None) and (
        job.unit_id is not None or can(actor, "core.audit.export")
    )


def import_job_get(*, actor: User, job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("unit__region", "created_by").filter(pk=job_id).first()
    if job is None or not may_see_job(actor, job):
        raise NotFound(_("导入任务不存在或无权查看。"))
    return job


def is_background(total_rows: int) -> bool:
    return total_rows > settings.EXCEL_BACKGROUND_ROWS


def import_job_create(*, actor: User, importer_key: str, upload: UploadedFile) -> ImportJob:
    """Check the file (type, size, headers, row limit); a refused file writes nothing."""
    importer = get_importer(importer_key)
    require_import(actor, importer)
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    check_upload(name, upload.size or 0)
    sheet = open_sheet(upload, importer)
    upload.seek(0)
    background = is_background(sheet.estimated_rows)
    with transaction.atomic():
        job = ImportJob.objects.create(
            importer=importer.key,
            original_name=name,
            created_by=actor,
            unit=actor.unit,
            status=ImportStatus.VALIDATING if background else ImportStatus.UPLOADED,
            total_rows=sheet.estimated_rows,
            warnings=sheet.warnings,
        )
        job.file.save(f"{job.pk}.xlsx", upload, save=False)
        job.save(update_fields=["file"])
        audit_log(
            actor=actor,
            action="import.upload",
            obj=job,
            after={"importer": importer.key, "file": name, "rows": sheet.estimated_rows},
        )
        if background:
            from gaoxin.core.excel.tasks import import_validate_task

            transaction.on_commit(lambda: import_validate_task.enqueue(job.pk))
    if not background:
        import_job_validate(job_id=job.pk)
        job.refresh_from_db()
    return job


def _progress(job_id: int) -> Any:
    def report(n: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=n)

    return report


def _read(job: ImportJob, importer: Importer) -> Any:
    with job.file.open("rb") as fh:
        sheet = open_sheet(fh, importer)
        return validate_rows(sheet, importer, actor=job.created_by, progress=_progress(job.pk))


def import_job_validate(*, job_id: int) -> ImportJob:
    """The dry run: parse every row, count creates/updates, keep the errors and a preview."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in {ImportStatus.UPLOADED, ImportStatus.VALIDATING}:
        return job  # already validated (idempotent task)
    importer = get_importer(job.importer)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING)
    try:
        result = _read(job, importer)
    except FileError as exc:
        with transaction.atomic():
            job.status, job.message, job.finished_at = ImportStatus.INVALID, exc.message[:300], timezone.now()
            job.errors = [{"row": None, "column": "", "message": exc.message}]
            job.save()
            audit_log(actor=job.created_by, action="import.validate", obj=job, after={"status": job.status})
        return job
    with transaction.atomic():
        job.total_rows = result.total
        job.processed_rows = result.total
        job.errors = result.errors
        job.preview = result.preview
        # the sheet's warnings were kept at upload (a background validation reads the file again)
        job.warnings = [*(job.warnings or result.warnings), *result.row_warnings]
        job.created_count, job.updated_count = result.to_create, result.to_update
        if result.error_count:
            job.status = ImportStatus.INVALID
            job.message = _("共 %(t)s 行，发现 %(e)s 处错误，未导入任何数据。") % {
                "t": result.total,
                "e": result.error_count,
            }
            job.finished_at = timezone.now()
        else:
            job.status = ImportStatus.READY
            job.message = _("共 %(t)s 行：新增 %(c)s 条，更新 %(u)s 条。请确认导入。") % {
                "t": result.total,
                "c": result.to_create,
                "u": result.to_update,
            }
        job.save()
        audit_log(
            actor=job.created_by,
            action="import.validate",
            obj=job,
            after={"status": job.status, "rows": result.total, "errors": result.error_count},
        )
    return job


def import_job_commit(*, actor: User, job: ImportJob) -> ImportJob:
    """Confirm a validated job: small files are written now, big ones by a background task."""
    importer = get_importer(job.importer)
    require_import(actor, importer)
    if not may_see_job(actor, job):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.READY:
            raise InvalidTransition(_("该导入任务当前状态为“%(s)s”，不能导入。") % {"s": locked.get_status_display()})
        locked.status = ImportStatus.COMMITTING
        locked.processed_rows = 0
        locked.save(update_fields=["status", "processed_rows"])
        audit_log(actor=actor, action="import.commit_requested", obj=locked)
        background = is_background(locked.total_rows)
        if background:
            from gaoxin.core.excel.tasks import import_run_task

            transaction.on_commit(lambda: import_run_task.enqueue(locked.pk))
    if not background:
        import_job_run(job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


def import_job_run(*, job_id: int) -> ImportJob:
    """Re-check the file (records may have changed) and write every row in ONE transaction."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.COMMITTING:
        return job  # idempotent
    importer = get_importer(job.importer)
    actor = job.created_by
    try:
        result = _read(job, importer)
        if result.error_count:
            raise DomainError(
                _("导入前复核发现 %(e)s 处错误，未导入任何数据。") % {"e": result.error_count}, details=result.errors
            )
        with transaction.atomic():
            created, updated = importer.upsert(result.rows, actor=actor)
            job.status = ImportStatus.DONE
            job.created_count, job.updated_count = created, updated
            job.processed_rows = result.total
            job.finished_at = timezone.now()
            job.message = _("导入完成：新增 %(c)s 条，更新 %(u)s 条。") % {"c": created, "u": updated}
            job.save()
            audit_log(
                actor=actor,
                action="import.commit",
                obj=job,
                after={"importer": importer.key, "created": created, "updated": updated},
            )
    except (DomainError, RowError) as exc:
        details = getattr(exc, "details", None)
        errors = details if isinstance(details, list) else [{"row": None, "column": "", "message": exc.message}]
        with transaction.atomic():
            job.refresh_from_db()
            job.status = ImportStatus.FAILED
            job.message = exc.message[:300]
            job.errors = errors
            job.finished_at = timezone.now()
            job.save()
            audit_log(actor=actor, action="import.failed", obj=job, after={"message": exc.message})
    return job
