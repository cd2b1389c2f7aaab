"""docs/discovery.md's example output is real output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from modelinv.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "discovery.md"


def test_documented_output_is_real(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    text = DOC.read_text()
    match = re.search(r"```sh\n(modelinv discover [^\n]+)\n```\n\n```text\n(.*?)```", text, re.S)
    assert match is not None
    args = shlex.split(match.group(1))[1:]
    assert main(args) == 0
    assert capsys.readouterr().out == match.group(2)
