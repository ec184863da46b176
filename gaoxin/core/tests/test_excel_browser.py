"""In Chromium: upload a calendar workbook, read the dry run, confirm the import, see the errors of a bad file."""

from __future__ import annotations

import pytest

from gaoxin.core.excel.testing import xlsx_bytes
from gaoxin.core.testing import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def admin_page(live_server, page):
    from gaoxin.core.calendar import invalidate_calendar_cache

    invalidate_calendar_cache()
    build_world()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def upload(page, base, rows, name):
    page.goto(f"{base}/core/imports/calendar/")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": XLSX, "buffer": xlsx_bytes(rows)}])
    page.click("[data-testid=upload-form] button")


def test_upload_preview_and_commit(live_server, admin_page):
    from gaoxin.core.models import CalendarYear

    rows = [["日期", "类型", "名称"], ["2027-01-01", "节假日", "元旦"], ["2027-02-14", "调休上班", "春节"]]
    upload(admin_page, live_server.url, rows, "2027.xlsx")
    admin_page.wait_for_url("**/core/imports/job/*/")
    assert admin_page.locator("[data-testid=job-status]").inner_text() == "待确认导入"
    assert admin_page.locator("[data-testid=created-count]").inner_text() == "2"
    assert admin_page.locator("[data-testid=preview] tbody tr").count() == 2
    admin_page.click("[data-testid=commit]")
    admin_page.wait_for_selector("text=导入完成：新增 2 条，更新 0 条。")
    assert admin_page.locator("[data-testid=job-status]").inner_text() == "已导入"
    assert CalendarYear.objects.get(year=2027).days.count() == 2


def test_bad_rows_are_listed_and_nothing_is_written(live_server, admin_page):
    from gaoxin.core.models import CalendarYear

    rows = [["日期", "类型", "名称"], ["2027-02-30", "节假日", "x"], ["2027-03-01", "放假啦", "y"]]
    upload(admin_page, live_server.url, rows, "bad.xlsx")
    admin_page.wait_for_url("**/core/imports/job/*/")
    assert admin_page.locator("[data-testid=job-status]").inner_text() == "校验未通过"
    cells = admin_page.locator("[data-testid=errors] tbody td").all_inner_texts()
    assert cells == [
        "2",
        "日期",
        "日期格式无法识别：2027-02-30（应为 2024-01-31）",
        "3",
        "类型",
        "“放假啦”不是允许的值，应为：节假日、法定节假日、调休上班",
    ]
    assert admin_page.locator("[data-testid=commit]").count() == 0
    assert admin_page.locator("[data-testid=error-report]").count() == 1
    assert not CalendarYear.objects.filter(year=2027).exists()
