"""Waivers suppress a finding until they expire; then both the finding and WV001 appear."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from modelinv import Options, validate

BASE = Path(__file__).resolve().parent / "rules" / "base"
WAIVER = (
    "  waivers:\n"
    "    - {rule: TM001, reason: Board moved, approvedBy: Ana Lima, expires: 2026-12-15}\n"
)


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    model = root / "models" / "fraud-detector.yaml"
    text = model.read_text().replace("lastReviewed: 2026-09-15", "lastReviewed: 2026-06-01")
    model.write_text(text.replace("  links: [", WAIVER + "  links: [", 1))
    return root


def test_active_waiver_suppresses_and_is_counted(catalog: Path) -> None:
    result = validate(catalog, Options(jobs=1, today=dt.date(2026, 11, 26)))
    assert result.findings == ()
    assert result.waived == 1


def test_expired_waiver_reports_both(catalog: Path) -> None:
    result = validate(catalog, Options(jobs=1, today=dt.date(2026, 12, 16)))
    codes = [f.code for f in result.findings]
    assert {"TM001", "WV001"} <= set(codes)  # (TM003 too: retraining is late by then)
    assert result.waived == 0


def test_waiver_covers_only_its_own_file(catalog: Path) -> None:
    other = catalog / "models" / "merchant-embedder.yaml"
    other.write_text(other.read_text().replace("lifecycle: development", "lifecycle: nope"))
    result = validate(catalog, Options(jobs=1, today=dt.date(2026, 11, 26)))
    assert [f.code for f in result.findings] == ["SCH004"]
