"""`manage.py matching_eval`: the shipped evalset's figures, and malformed input (exit code 2)."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

EVALSET = Path(__file__).resolve().parent.parent / "evalset"


def _run(directory: Path | str) -> tuple[str, str, int]:
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("matching_eval", str(directory), stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return out.getvalue(), err.getvalue(), code


def test_shipped_evalset_figures():
    out, err, code = _run(EVALSET)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Matching evaluation: 64 needs, 619 resources, 2427 judgments, as of 2022-10-15"
    assert lines[2:6] == [
        "metric        engine  baseline     delta",
        "ndcg@10       0.8242    0.6398   +0.1844",
        "p@5           0.7656    0.5062   +0.2594",
        "mrr           0.9453    0.8034   +0.1419",
    ]


@pytest.fixture
def copy(tmp_path):
    for name in ("needs.jsonl", "resources.jsonl", "qrels.tsv", "meta.json"):
        shutil.copy(EVALSET / name, tmp_path / name)
    return tmp_path


def _break_line(path: Path, lineno: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[lineno - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_malformed_json_line_is_reported_with_its_number(copy):
    _break_line(copy / "needs.jsonl", 3, '{"id": "N99", "type": ')
    out, err, code = _run(copy)
    assert (code, out) == (2, "")
    assert err.startswith("error: needs.jsonl, line 3: invalid JSON")


def test_unknown_type_in_resources_is_reported(copy):
    _break_line(copy / "resources.jsonl", 7, '{"id": "RX", "type": "unicorn", "title": "x"}')
    _out, err, code = _run(copy)
    assert code == 2
    assert err.startswith("error: resources.jsonl, line 7: ")


def test_missing_files_and_directories(tmp_path):
    _out, err, code = _run(tmp_path)
    assert (code, err.strip()) == (2, f"error: {tmp_path}: missing needs.jsonl, resources.jsonl, qrels.tsv")
    _out, err, code = _run(tmp_path / "nope")
    assert (code, err.strip()) == (2, f"error: {tmp_path / 'nope'}: not a directory")
