"""`check_file` without its rules (`rules=False`, the health history's past versions): the
same entry but for the rules' findings; whether a file is valid never depends on them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from modelinv.checks.filecheck import check_file
from modelinv.governance.context import Context
from modelinv.inventory.index import Entry
from modelinv.loader.discover import SourceFile

BASE = Path(__file__).resolve().parent / "rules" / "base"


def _checked(rel: str, text: str, rules: bool) -> Entry:
    source = SourceFile(str(BASE / rel), rel, rel)
    # Judged years later: reviews, audits, retraining and documentation all overdue.
    context = Context(today=dt.date(2031, 1, 1))
    return check_file(source, text.encode(), "auto", context, rules=rules)


def test_without_rules_only_the_rules_findings_are_left_out() -> None:
    rel = "models/fraud-detector.yaml"
    text = (BASE / rel).read_text()
    text += "# AKIAQ3EGRT7HZ5KXW2MB\n"  # an AWS access key: SEC001 too
    full, bare = (_checked(rel, text, rules) for rules in (True, False))
    codes = {f.code for f in full.findings}
    assert {"TM001", "TM002", "SEC001"} <= codes
    assert bare.findings == ()
    assert dataclasses.replace(full, findings=()) == bare


def test_without_rules_schema_findings_stay_and_an_invalid_file_stays_invalid() -> None:
    rel = "models/fraud-detector.yaml"
    text = (BASE / rel).read_text().replace("lifecycle: production", "lifecycle: nowhere", 1)
    full, bare = (_checked(rel, text, rules) for rules in (True, False))
    assert not full.valid and not bare.valid
    assert bare.findings and bare.findings == full.findings
