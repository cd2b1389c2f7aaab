"""A policy of one day is worded "1 day" everywhere (findings, reports, pages), not
"1 days": each count of days goes through `support.wording.days_text`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from modelinv.cli.main import main

EXAMPLE_CATALOG = Path(__file__).resolve().parents[2] / "catalog"
ARGS = ["--today", "2026-11-26"]
ONE_DAY = {
    "reviewIntervalDays: 90": "reviewIntervalDays: 1",
    "zeroTrafficDays: 30": "zeroTrafficDays: 1",
    "evaluationMaxAgeDays: 90": "evaluationMaxAgeDays: 1",
    "documentationMaxAgeDays: 180": "documentationMaxAgeDays: 1",
}


def test_a_one_day_policy_says_1_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(EXAMPLE_CATALOG, catalog)
    policy = catalog / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    for old, new in ONE_DAY.items():
        assert old in text
        text = text.replace(old, new)
    policy.write_text(text, encoding="utf-8")
    usage = EXAMPLE_CATALOG.parent / "examples" / "usage.csv"
    main(["validate", str(catalog), *ARGS])
    for report in ("review", "retirement", "health"):
        assert main(["report", report, str(catalog), "--usage", str(usage), *ARGS]) == 0
    out = capsys.readouterr().out
    assert (
        main(["build", str(catalog), "--out", str(tmp_path / "site"), "--usage", str(usage), *ARGS])
        == 0
    )
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").glob("*.html")]
    worded = "\n".join([out, *pages])
    assert re.findall(r"\b1 days\b", worded) == []
    # the one-day policy shows up: the findings and the pages say "1 day"
    assert "more than 1 day ago" in out and "every 1 day" in "\n".join(pages)
