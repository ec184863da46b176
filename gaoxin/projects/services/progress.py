"""月度调度 writes: monthly progress reports with photos, and reminders to late units."""

from __future__ import annotations

import calendar as pycal
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.audit import audit_log, snapshot
from gaoxin.core.calendar import deadline_after
from gaoxin.core.errors import DomainError
from gaoxin.core.models import Unit, User
from gaoxin.core.notify.services import notify
from gaoxin.projects import conf
from gaoxin.projects.enums import Stage
from gaoxin.projects.models import ProgressPhoto, ProgressReminder, ProgressReport, Project
from gaoxin.projects.services._common import check, unit_contacts
from gaoxin.projects.services.projects import _amount

REPORTABLE = (Stage.SIGNED, Stage.STARTED, Stage.COMPLETED)
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_COUNT = 9
PHOTO_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def report_due(year: int, month: int) -> datetime:
    """End of the N-th working day of the next month (PROGRESS_DUE_WORKING_DAYS)."""
    last = date(year, month, pycal.monthrange(year, month)[1])
    return deadline_after(last, conf.PROGRESS_DUE_WORKING_DAYS).due_at


def _check_photo(photo: Any) -> None:
    name = (getattr(photo, "name", "") or "").lower()
    if not name.endswith((".jpg", ".jpeg", ".png", ".gif", ".webp")):
        raise DomainError(_("照片只支持 JPG、PNG、GIF、WEBP 格式：%(n)s") % {"n": photo.name}, code="photo_type")
    if (photo.size or 0) > PHOTO_MAX_BYTES:
        raise DomainError(_("照片不能超过 5 MB：%(n)s") % {"n": photo.name}, code="photo_size")
    photo.seek(0)
    head = photo.read(12)
    photo.seek(0)
    is_webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if not (is_webp or head.startswith(PHOTO_SIGNATURES)):
        raise DomainError(_("文件内容不是图片：%(n)s") % {"n": photo.name}, code="photo_content")


def progress_report(
    *,
    actor: User | None,
    project: Project,
    year: int,
    month: int,
    amount: Any,
    progress: str = "",
    photos: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> ProgressReport:
    """Report (or correct) a project's completed investment for one month, with photos.

    `at` is the reporting time (now, unless historical records are being entered)."""
    check(actor, "projects.progress.report", project.unit)
    at = at or timezone.now()
    errors = []
    if not 1 <= int(month) <= 12:
        errors.append(_("月份应为 1–12。"))
    elif (int(year), int(month)) > (timezone.localtime(at).year, timezone.localtime(at).month):
        errors.append(_("不能填报尚未到来的月份（%(y)s年%(m)s月）。") % {"y": year, "m": month})
    if project.stage not in REPORTABLE:
        errors.append(_("项目尚未签约（当前阶段：%(s)s），不能填报完成投资。") % {"s": project.get_stage_display()})
    try:
        value = _amount(amount, _("当月完成投资"), allow_zero=True)
    except DomainError as exc:
        errors.append(exc.message)
        value = Decimal(0)
    if len(photos) > PHOTO_MAX_COUNT:
        errors.append(_("每月最多上传 %(n)s 张照片。") % {"n": PHOTO_MAX_COUNT})
    for photo in photos:
        try:
            _check_photo(photo)
        except DomainError as exc:
            errors.append(exc.message)
    if errors:
        raise DomainError("；".join(errors), code="progress_invalid", details=errors)
    is_late = at > report_due(int(year), int(month))
    with transaction.atomic():
        existing = ProgressReport.objects.select_for_update().filter(project=project, year=year, month=month).first()
        before = snapshot(existing) if existing else None
        if existing is None:
            report = ProgressReport.objects.create(
                project=project,
                unit=project.unit,
                year=year,
                month=month,
                amount=value,
                progress=progress or "",
                reported_by=actor,
                reported_at=at,
                is_late=is_late,
            )
        else:
            report = existing
            report.amount, report.progress, report.reported_by, report.reported_at = value, progress or "", actor, at
            report.save(update_fields=["amount", "progress", "reported_by", "reported_at"])
        for photo in photos:
            ProgressPhoto.objects.create(report=report, file=photo, name=(photo.name or "")[:200])
        audit_log(
            actor=actor,
            action="projects.progress.report",
            obj=report,
            unit_id=project.unit_id,
            before=before,
            after={**snapshot(report), "photos": len(photos)},
        )
    return report


def progress_remind_missing(*, year: int, month: int, now: datetime | None = None) -> list[ProgressReminder]:
    """After the deadline, remind each unit with unreported projects for the month (once per unit)."""
    from gaoxin.projects.selectors import units_missing_reports

    now = now or timezone.now()
    if now <= report_due(year, month):
        return []
    sent = []
    url = reverse("projects:progress_board") + f"?year={year}&month={month}"
    for unit_id, missing in units_missing_reports(year, month).items():
        with transaction.atomic():
            reminder, created = ProgressReminder.objects.get_or_create(
                unit_id=unit_id, year=year, month=month, defaults={"missing": len(missing), "sent_at": now}
            )
            if not created:
                continue
            unit = Unit.objects.select_related("region").get(pk=unit_id)
            names = "、".join(p.name for p in missing[:5]) + (_("等") if len(missing) > 5 else "")
            notify(
                recipients=unit_contacts(unit),
                kind="projects.progress.remind",
                title=_("%(y)s年%(m)s月项目调度未填报（%(n)s 个项目）") % {"y": year, "m": month, "n": len(missing)},
                body=_("%(u)s 尚有项目未填报 %(y)s年%(m)s月完成投资：%(p)s。请尽快填报。")
                % {"u": unit.name, "y": year, "m": month, "p": names},
                url=url,
                object_type="core.unit",
                object_id=unit.pk,
            )
            audit_log(
                actor=None,
                actor_label="system",
                action="projects.progress.remind",
                obj=reminder,
                unit_id=unit_id,
                after={"year": year, "month": month, "missing": [p.code for p in missing]},
            )
            sent.append(reminder)
    return sent
