"""Helpers for tests of importers and exports: build an .xlsx upload, read a workbook response."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile


def xlsx_bytes(rows: list[list[Any]], *, sheet: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_upload(rows: list[list[Any]], name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, xlsx_bytes(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def read_workbook(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """{sheet title: [row values…]} of a workbook's bytes."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def response_workbook(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return read_workbook(content)
