"""Each retirement criterion on small catalogs: cases/<criterion>/<case>/ holds a
`catalog/` overlay over tests/checks/rules/base, an optional `usage.csv`, and `expected.txt`
with one `criterion model: evidence` line per candidate (empty: no candidate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reports_support import HERE, TODAY, build_catalog

from modelinv.reports.inputs import load_inputs
from modelinv.reports.retirement import CRITERIA, retirement_report

CASES = sorted(p for p in (HERE / "cases").glob("*/*") if p.is_dir())


def test_every_criterion_has_cases() -> None:
    assert {case.parent.name for case in CASES} == set(CRITERIA)


@pytest.mark.parametrize("case", CASES, ids=lambda p: "/".join(p.parts[-2:]))
def test_case(case: Path, tmp_path: Path) -> None:
    root = build_catalog(tmp_path, case / "catalog")
    usage = case / "usage.csv"
    catalog, data = load_inputs(root, usage if usage.is_file() else None, TODAY)
    report = retirement_report(catalog, data)
    assert report.basis.skipped == ()
    found = [
        f"{c.criterion} {c.model.id}: {c.evidence}" for g in report.groups for c in g.candidates
    ]
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert found == expected
    if expected:
        assert {line.split()[0] for line in expected} == {case.parent.name}
