"""Helpers for the edit tests: a fresh copy of the fixture catalog, the CLI, visible diffs."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from modelinv.cli import main

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "catalog"
TODAY = "2026-11-26"
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def fresh_catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURE, catalog)
    return catalog


def run(catalog: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the real CLI against `catalog` as of TODAY: (exit code, stdout, stderr)."""
    code = main([*args, "--catalog", str(catalog), "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def visible(data: bytes) -> list[str]:
    """Lines with their endings made visible: a BOM as <BOM>, CR as <CR>, and a missing
    final line break noted as git does."""
    text = data.decode("utf-8").replace("\ufeff", "<BOM>")
    lines = []
    for line in _LINES.findall(text):
        if line.endswith("\r\n"):
            lines.append(line[:-2] + "<CR>\n")
        elif line.endswith("\n"):
            lines.append(line)
        else:
            lines.append(line.replace("\r", "<CR>") + "\n\\ No newline at end of file\n")
    return lines


def unified(before: bytes, after: bytes, name: str) -> str:
    return "".join(difflib.unified_diff(visible(before), visible(after), f"a/{name}", f"b/{name}"))
