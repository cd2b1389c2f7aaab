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


def test_a_duplicate_id_cannot_be_waived(tmp_path: Path) -> None:
    """Two files declaring one id break the site and the exports (one page, one BOM
    component, one row a ref): a waiver for ID003 is itself a finding (WV002), and both
    files' ID003 stay."""
    root = tmp_path / "catalog"
    shutil.copytree(BASE, root)
    legacy = root / "models" / "legacy" / "fraud-detector.yaml"
    legacy.parent.mkdir()
    legacy.write_text(
        "apiVersion: modelinv/v1\nkind: Model\nmetadata:\n  name: fraud-detector\n"
        "  title: Fraud Detector\n  waivers:\n"
        "    - {rule: ID003, reason: Moving it, approvedBy: Ana Lima, expires: 2027-01-31}\n"
        "spec:\n  lifecycle: development\n  owner: team:payments-ml\n"
        "  maintainer: {name: Ana Lima, email: ana.lima@example.com}\n"
    )
    result = validate(root, Options(jobs=1, today=dt.date(2026, 11, 26)))
    found = sorted(f"{f.code} {f.location}".replace(f"{root}/", "") for f in result.findings)
    assert found == [
        "ID003 models/fraud-detector.yaml:4:9",
        "ID003 models/legacy/fraud-detector.yaml:4:9",
        "WV002 models/legacy/fraud-detector.yaml:7:14",
    ]
    assert result.waived == 0
