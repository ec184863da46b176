"""The Excel engine: cell parsing, header matching, bad files, dry run, all-or-nothing commit, exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.core.audit import audit_log
from gaoxin.core.enums import ImportStatus
from gaoxin.core.errors import DomainError, PermissionDenied
from gaoxin.core.excel import Column, FileError, Importer, RowError, export_workbook_response, get_importer, register
from gaoxin.core.excel.columns import parse_amount_wan
from gaoxin.core.excel.export import error_report_response, template_response
from gaoxin.core.excel.services import import_job_commit, import_job_create
from gaoxin.core.excel.testing import response_workbook, xlsx_upload
from gaoxin.core.models import AuditEvent, ImportJob


class ThingImporter(Importer):
    """A test list: each row becomes one audit row "test.thing" (a write through audit_log)."""

    key = "test-things"
    title = "测试清单"
    action = "core.calendar.manage"  # admins only
    natural_key = ("code",)
    columns = [
        Column("code", "编号", required=True, example="A1"),
        Column("count", "数量", type="int"),
        Column("amount", "金额", type="amount_wan"),
        Column("day", "日期", type="date"),
        Column("flag", "是否重点", type="bool"),
        Column("color", "颜色", type="choice", choices={"红色": "red", "蓝色": "blue"}),
    ]
    existing: set[str] = set()
    fail_on: str | None = None

    def clean_row(self, values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
        if values["code"] == "BAD":
            raise RowError("code", "编号不能为 BAD")
        return values

    def existing_keys(self, keys: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
        return {k for k in keys if k[0] in self.existing}

    def upsert(self, rows: list[dict[str, Any]], *, actor: Any) -> tuple[int, int]:
        updated = 0
        for row in rows:
            if row["code"] == self.fail_on:
                raise DomainError(f"无法写入 {row['code']}")
            audit_log(actor=actor, action="test.thing", object_type="test.thing", object_id=row["code"])
            updated += row["code"] in self.existing
        return len(rows) - updated, updated


THINGS = register(ThingImporter())
HEADER = ["编号", "数量", "金额", "日期", "是否重点", "颜色"]


@pytest.fixture(autouse=True)
def _reset_things():
    THINGS.existing = set()
    THINGS.fail_on = None


def things() -> int:
    return AuditEvent.objects.filter(action="test.thing").count()


# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.5亿", "15000"),
        ("15000万", "15000"),
        ("15000", "15000"),
        ("1.5 亿元", "15000"),
        ("3,000万元", "3000"),
        ("１．５亿", "15000"),
        ("0.35万", "0.35"),
        (2.5, "2.5"),
        (120, "120"),
    ],
)
def test_amount_wan_parses_to_wan_yuan(raw, expected):
    assert parse_amount_wan(raw) == Decimal(expected)
    assert str(parse_amount_wan(raw)) == expected


@pytest.mark.parametrize("raw", ["一亿", "1.5千万", "abc", "1..5亿", "-3万", "亿"])
def test_amount_wan_refuses_unreadable_amounts(raw):
    with pytest.raises(RowError) as exc:
        Column("a", "金额", type="amount_wan").parse(raw)
    assert exc.value.message.startswith(f"金额格式无法识别：{raw}")


def test_cell_types_parse_and_refuse_with_chinese_messages():
    assert Column("n", "数量", type="int").parse("1,200") == 1200
    assert Column("n", "数量", type="int").parse(7.0) == 7
    with pytest.raises(RowError, match="应为整数，而不是“十二”"):
        Column("n", "数量", type="int").parse("十二")
    assert Column("d", "金额", type="decimal").parse("3.25") == Decimal("3.25")
    with pytest.raises(RowError, match="应为数字"):
        Column("d", "金额", type="decimal").parse("三点五")
    day = Column("day", "日期", type="date")
    assert [day.parse(v) for v in ["2024-01-05", "2024/1/5", "2024年1月5日", "20240105", date(2024, 1, 5)]] == [
        date(2024, 1, 5)
    ] * 5
    with pytest.raises(RowError, match="日期格式无法识别：2024-13-01"):
        day.parse("2024-13-01")
    flag = Column("f", "是否", type="bool")
    assert [flag.parse(v) for v in ["是", "否", "Y", "n", True, 0]] == [True, False, True, False, True, False]
    color = Column("c", "颜色", type="choice", choices={"红色": "red", "蓝色": "blue"})
    assert color.parse(" 红色 ") == "red"
    assert color.parse("blue") == "blue"
    with pytest.raises(RowError, match="“绿色”不是允许的值，应为：红色、蓝色"):
        color.parse("绿色")
    with pytest.raises(RowError, match="必填项不能为空"):
        Column("k", "编号", required=True).parse("  ")
    assert Column("s", "文本").parse(123.0) == "123"


# --- files ---------------------------------------------------------------------------------


def create(world, rows, name="things.xlsx", user="admin"):
    return import_job_create(actor=world.users[user], importer_key="test-things", upload=xlsx_upload(rows, name))


def test_dry_run_counts_creates_and_updates_and_writes_nothing(world):
    THINGS.existing = {"B2"}
    rows = [HEADER, ["A1", 3, "1.5亿", "2024-02-01", "是", "红色"], ["B2", None, "300万", None, "否", "蓝色"]]
    job = create(world, rows)
    assert (job.status, job.total_rows, job.created_count, job.updated_count, job.errors) == (
        ImportStatus.READY,
        2,
        1,
        1,
        [],
    )
    assert job.message == "共 2 行：新增 1 条，更新 1 条。请确认导入。"
    assert job.preview == [
        {"row": 2, "action": "create", "values": ["A1", 3, "15000", "2024-02-01", True, "red"]},
        {"row": 3, "action": "update", "values": ["B2", None, "300", None, False, "blue"]},
    ]
    assert things() == 0
    job = import_job_commit(actor=world.admin, job=job)
    assert (job.status, job.created_count, job.updated_count, job.message) == (
        ImportStatus.DONE,
        1,
        1,
        "导入完成：新增 1 条，更新 1 条。",
    )
    assert things() == 2
    assert list(
        AuditEvent.objects.filter(object_id=str(job.pk), object_type="core.importjob")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["import.upload", "import.validate", "import.commit_requested", "import.commit"]


def test_headers_match_despite_spaces_full_width_and_required_marks(world):
    rows = [
        ["*编 号", "　数量　", "金额", "日期", "是否重点", "颜色", "备注"],
        ["A1", "２", None, None, None, None, "x"],
    ]
    job = create(world, rows)
    assert job.status == ImportStatus.READY
    assert job.preview[0]["values"][:2] == ["A1", 2]
    assert job.warnings == ["已忽略无法识别的列：备注"]


def test_missing_required_header_is_one_file_level_error_listing_expected_headers(world):
    with pytest.raises(FileError) as exc:
        create(world, [["数量", "金额"], [1, 2]])
    assert exc.value.message == (
        "表头不正确（缺少必填列：编号）。应有的表头为：编号（必填）、数量、金额、日期、是否重点、颜色。请下载导入模板。"
    )
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("things.csv", b"a,b\n1,2\n", "只支持 .xlsx 格式的 Excel 文件（请在 Excel 中“另存为 Excel 工作簿”）。"),
        ("things.xlsx", b"", "文件为空。"),
        ("things.xlsx", b"PK\x03\x04 this is not a workbook", "文件已损坏或不是 Excel (.xlsx) 文件。"),
        ("things.xlsx", b"plain text pretending", "文件已损坏或不是 Excel (.xlsx) 文件。"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_written(world, name, content, message):
    before = AuditEvent.objects.count()
    with pytest.raises(FileError) as exc:
        import_job_create(actor=world.admin, importer_key="test-things", upload=SimpleUploadedFile(name, content))
    assert exc.value.message == message
    assert (ImportJob.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_empty_workbook_and_header_only_workbook_are_refused(world):
    with pytest.raises(FileError, match="文件为空：第一行应为表头：编号（必填）"):
        create(world, [])
    job = create(world, [HEADER])  # headers fine, no data: refused at the dry run
    assert (job.status, job.errors) == (
        ImportStatus.INVALID,
        [{"row": None, "column": "", "message": "文件中没有数据行（表头下方为空）。"}],
    )


def test_too_many_rows_is_refused(world, settings):
    settings.EXCEL_MAX_ROWS = 3
    with pytest.raises(FileError, match="文件行数超过上限（最多 3 行数据）"):
        create(world, [HEADER] + [[f"A{i}"] for i in range(4)])
    assert ImportJob.objects.count() == 0


def test_row_errors_text_in_numbers_and_duplicate_keys_block_the_whole_file(world):
    rows = [
        HEADER,
        ["A1", "三", None, None, None, None],
        ["A2", 1, "很多", "昨天", None, "绿色"],
        ["A3"],
        ["A3"],
        ["BAD"],
        [None, 5],
    ]
    job = create(world, rows)
    assert job.status == ImportStatus.INVALID
    assert job.errors == [
        {"row": 2, "column": "数量", "message": "应为整数，而不是“三”"},
        {"row": 3, "column": "金额", "message": "金额格式无法识别：很多（示例：1.5亿、3,000万元、15000）"},
        {"row": 3, "column": "日期", "message": "日期格式无法识别：昨天（应为 2024-01-31）"},
        {"row": 3, "column": "颜色", "message": "“绿色”不是允许的值，应为：红色、蓝色"},
        {"row": 5, "column": "编号", "message": "与第 4 行的编号重复"},
        {"row": 6, "column": "编号", "message": "编号不能为 BAD"},
        {"row": 7, "column": "编号", "message": "必填项不能为空"},
    ]
    assert job.message == "共 6 行，发现 7 处错误，未导入任何数据。"
    with pytest.raises(DomainError, match="该导入任务当前状态为“校验未通过”，不能导入。"):
        import_job_commit(actor=world.admin, job=job)
    assert things() == 0
    report = response_workbook(error_report_response(job))
    assert report["错误报告"][0] == ("行号", "列", "原因")
    assert report["错误报告"][5] == (5, "编号", "与第 4 行的编号重复")
    assert len(report["错误报告"]) == 8


def test_commit_is_all_or_nothing_when_a_service_refuses_a_row(world):
    job = create(world, [HEADER, ["A1"], ["A2"], ["A3"]])
    THINGS.fail_on = "A3"
    job = import_job_commit(actor=world.admin, job=job)
    assert (job.status, job.message) == (ImportStatus.FAILED, "无法写入 A3")
    assert things() == 0  # A1 and A2 were rolled back


def test_import_needs_core_import_run_and_the_importers_action(world):
    with pytest.raises(PermissionDenied):  # hall manager may run imports, but not this list's action
        create(world, [HEADER, ["A1"]], user="hall_manager")
    with pytest.raises(PermissionDenied):
        create(world, [HEADER, ["A1"]], user="leader")
    assert ImportJob.objects.count() == 0


def test_large_files_validate_and_commit_in_background_tasks(world, settings, django_capture_on_commit_callbacks):
    settings.EXCEL_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = create(world, [HEADER, ["A1"], ["A2"], ["A3"]])
        assert job.status == ImportStatus.VALIDATING
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.processed_rows, job.created_count) == (ImportStatus.READY, 3, 3, 3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = import_job_commit(actor=world.admin, job=job)
        assert job.status == ImportStatus.COMMITTING
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 3)
    assert things() == 3


# --- template and export -------------------------------------------------------------------


def test_template_has_headers_and_a_data_dictionary():
    book = response_workbook(template_response(get_importer("test-things")))
    assert list(book) == ["测试清单", "数据字典"]
    assert book["测试清单"] == [tuple(HEADER)]
    dictionary = book["数据字典"]
    assert dictionary[0] == ("列名", "必填", "类型", "允许的值", "示例", "说明")
    assert dictionary[1] == ("编号", "是", "文本", None, "A1", None)
    assert dictionary[6] == ("颜色", "否", "选项", "红色、蓝色", None, None)
    assert dictionary[-1][0] == "说明"
    assert "按“编号”匹配" in dictionary[-1][1]


@time_machine.travel("2026-03-02 09:30:00+08:00", tick=False)
def test_export_writes_rows_and_filters_and_is_audited(world):
    data = [{"name": "甲", "n": 1, "day": date(2026, 1, 2)}, {"name": "乙", "n": 2, "day": None}]
    response = export_workbook_response(
        actor=world.admin,
        action="core.audit.export",
        filename="清单.xlsx",
        title="清单",
        columns=[("名称", lambda r: r["name"]), ("数量", lambda r: r["n"]), ("日期", lambda r: r["day"])],
        rows=iter(data),
        filters={"名称": "甲乙"},
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    book = response_workbook(response)
    assert book["清单"][0] == ("名称", "数量", "日期")
    assert book["清单"][1][:2] == ("甲", 1)
    assert book["清单"][1][2].date() == date(2026, 1, 2)
    assert book["清单"][2] == ("乙", 2)  # an empty trailing cell is not stored
    meta = book["筛选条件"]
    assert meta[0] == ("条件", "值")
    assert meta[1] == ("名称", "甲乙")
    assert meta[-1] == ("记录数", 2)
    event = AuditEvent.objects.get(action="export")
    assert (event.object_type, event.after["rows"], event.after["filters"]) == (
        "core.audit.export",
        2,
        {"名称": "甲乙"},
    )


def test_export_refused_without_the_export_permission_writes_no_audit(world):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        export_workbook_response(
            actor=world.leader,
            action="core.audit.export",
            filename="x.xlsx",
            title="x",
            columns=[("a", str)],
            rows=[],
            filters={},
        )
    assert AuditEvent.objects.count() == before
