"""Golden outputs for every output format, from one broken catalog.

Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from modelinv import Options, validate
from modelinv.reporters import REPORTERS

HERE = Path(__file__).parent


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    result = validate("catalog", Options(jobs=1, today=dt.date(2026, 11, 26)))
    output = REPORTERS[name](result)
    golden = HERE / "golden" / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
