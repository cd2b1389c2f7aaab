"""TM007 on the last day a date holds: `--today 9999-12-31` judges, never crashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from modelinv import Options, validate

EXAMPLE_CATALOG = Path(__file__).resolve().parents[3] / "catalog"


def test_the_last_day_a_date_holds_is_a_day_like_any_other() -> None:
    result = validate(str(EXAMPLE_CATALOG), Options(jobs=1, today=dt.date.max))
    assert result.files_checked > 0
    assert not [f for f in result.findings if f.code == "TM007"]
