"""Generic import pages: upload, dry-run page, commit, error report, progress polling, access to jobs."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.core.enums import ImportStatus
from gaoxin.core.excel.testing import response_workbook, xlsx_upload
from gaoxin.core.models import AuditEvent, CalendarYear, ImportJob

HEADER = ["日期", "类型", "名称"]
ROWS = [HEADER, ["2027-01-01", "节假日", "元旦"], ["2027-02-14", "调休上班", "春节"]]


def test_start_page_and_template(client_as):
    client = client_as("admin")
    page = client.get("/core/imports/calendar/")
    assert page.status_code == 200
    assert "导入工作日历" in page.content.decode()
    book = response_workbook(client.get("/core/imports/calendar/template.xlsx"))
    assert book["工作日历"] == [("日期", "类型", "名称")]
    assert book["数据字典"][2] == ("类型", "是", "选项", "节假日、法定节假日、调休上班", "节假日", None)
    assert client.get("/core/imports/nothing/").status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("日历.xls", b"\xd0\xcf\x11\xe0"), "只支持 .xlsx 格式的 Excel 文件"),
        (SimpleUploadedFile("日历.xlsx", b""), "文件为空。"),
        (SimpleUploadedFile("日历.xlsx", b"garbage"), "文件已损坏或不是 Excel (.xlsx) 文件。"),
        (xlsx_upload([["日子", "种类"], ["2027-01-01", "节假日"]]), "表头不正确（缺少必填列：日期、类型）"),
    ],
)
def test_bad_uploads_show_a_clear_message_and_write_nothing(client_as, upload, message):
    before = AuditEvent.objects.count()
    response = client_as("admin").post("/core/imports/calendar/", {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (ImportJob.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_too_many_rows_via_the_page(client_as, settings):
    settings.EXCEL_MAX_ROWS = 1
    response = client_as("admin").post("/core/imports/calendar/", {"file": xlsx_upload(ROWS)})
    assert "文件行数超过上限（最多 1 行数据），请拆分后分批导入。" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_dry_run_page_then_commit(client_as, count_queries):
    client = client_as("admin")
    response = client.post("/core/imports/calendar/", {"file": xlsx_upload(ROWS, "2027.xlsx")})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/core/imports/job/{job.pk}/"
    with count_queries() as queries:
        page = client.get(f"/core/imports/job/{job.pk}/")
    assert len(queries) == 6
    body = page.content.decode()
    assert "待确认导入" in body
    assert "确认导入" in body
    assert [p["values"] for p in job.preview] == [["2027-01-01", "holiday", "元旦"], ["2027-02-14", "workday", "春节"]]
    assert not CalendarYear.objects.filter(year=2027).exists()
    client.post(f"/core/imports/job/{job.pk}/commit/")
    assert CalendarYear.objects.get(year=2027).days.count() == 2
    second = client.post(f"/core/imports/job/{job.pk}/commit/", follow=True)
    assert "该导入任务当前状态为“已导入”，不能导入。" in second.content.decode()


def test_progress_fragment_polls_while_running_and_refreshes_when_done(
    client_as, settings, django_capture_on_commit_callbacks
):
    settings.EXCEL_BACKGROUND_ROWS = 1
    client = client_as("admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/core/imports/calendar/", {"file": xlsx_upload(ROWS)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.VALIDATING
    running = client.get(f"/core/imports/job/{job.pk}/", {"partial": 1}, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "HX-Refresh" not in running
    for callback in callbacks:
        callback()  # the worker runs the validation task
    done = client.get(f"/core/imports/job/{job.pk}/", {"partial": 1}, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows) == (ImportStatus.READY, 2, 2)


def test_jobs_are_private_to_their_unit(client_as, world):
    client_as("hall_manager")
    admin = client_as("admin")
    admin.post("/core/imports/calendar/", {"file": xlsx_upload(ROWS)})
    job = ImportJob.objects.get()
    officer = client_as("officer")
    assert officer.get(f"/core/imports/job/{job.pk}/").status_code == 404
    assert officer.get(f"/core/imports/job/{job.pk}/errors.xlsx").status_code == 404
    assert officer.post(f"/core/imports/job/{job.pk}/commit/").status_code == 404
    assert client_as("clerk").get(f"/core/imports/job/{job.pk}/").status_code == 403
    assert client_as("anonymous").get(f"/core/imports/job/{job.pk}/").status_code == 302
    assert not CalendarYear.objects.filter(year=2027).exists()
