"""The SARIF reporter's output has the structure SARIF 2.1.0 requires (checked offline)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from modelinv import Options, validate
from modelinv.reporters import sarif
from sarif_support import check_log

HERE = Path(__file__).parent


def test_sarif_structure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    result = validate("catalog", Options(jobs=1, today=dt.date(2026, 11, 26)))
    log = json.loads(sarif.render(result))
    check_log(log)
    assert len(log["runs"][0]["results"]) == len(result.findings) > 0


def test_sarif_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    options = Options(jobs=1, today=dt.date(2026, 11, 26))
    assert sarif.render(validate("catalog", options)) == sarif.render(validate("catalog", options))
