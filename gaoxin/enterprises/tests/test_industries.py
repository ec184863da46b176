"""`import_industries FILE`: finer GB/T 4754 levels, all or nothing with line errors."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from gaoxin.core.excel.testing import xlsx_bytes
from gaoxin.core.models import AuditEvent
from gaoxin.enterprises.models import Industry


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_code_name_csv_loads_groups_and_classes(db, tmp_path):
    path = write(
        tmp_path, "t.csv", "代码,名称\n341,锅炉及原动设备制造\n3411,锅炉及辅助设备制造\n3412,内燃机及配件制造\n"
    )
    call_command("import_industries", str(path))
    node = Industry.objects.get(code="3412")
    assert (node.level, node.name, node.parent.code, node.parent.parent.code) == (4, "内燃机及配件制造", "341", "34")
    assert Industry.objects.count() == 120
    assert AuditEvent.objects.get(action="industry.import").after == {"created": 3, "updated": 0, "rows": 3}


def test_official_table_layout_xlsx(db, tmp_path):
    rows = [
        ["门类", "大类", "中类", "小类", "类别名称"],
        ["C", None, None, None, "制造业"],
        [None, "39", None, None, "计算机、通信和其他电子设备制造业"],
        [None, None, "397", None, "电子器件制造"],
        [None, None, None, "3973", "集成电路制造"],
    ]
    call_command("import_industries", str(write(tmp_path, "t.xlsx", xlsx_bytes(rows))))
    assert list(Industry.objects.filter(level__gte=3).values_list("code", "parent__code")) == [
        ("397", "39"),
        ("3973", "397"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("代码,名称\n3411,锅炉及辅助设备制造\n", "第 2 行：上级代码 341 不存在"),
        ("代码,名称\n341,锅炉\n341,锅炉\n", "第 3 行：代码 341 与第 2 行重复"),
        ("代码,名称\n34X1,锅炉\n", "第 2 行：代码“34X1”格式不正确"),
        ("代码,名称\n341,\n", "第 2 行：缺少名称"),
        ("编号,说明\n341,锅炉\n", "表头不正确"),
    ],
)
def test_bad_files_load_nothing(db, tmp_path, content, message):
    path = write(tmp_path, "t.csv", content)
    with pytest.raises(CommandError, match=message):
        call_command("import_industries", str(path))
    assert Industry.objects.count() == 117
