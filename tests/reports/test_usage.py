"""Usage data: the CSV and JSON-lines formats, every way a row can be wrong, and what the
data says (unknown is never zero traffic)."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pytest
from reports_support import HERE, TODAY

from modelinv.reports.usage import (
    MAX_PROBLEMS,
    MAX_REQUESTS,
    Traffic,
    Usage,
    UsageError,
    load_usage,
    parse_usage,
)

USAGE = HERE / "usage"
BAD = sorted(p for p in (USAGE / "bad").iterdir() if p.suffix in (".csv", ".jsonl"))
GOOD = sorted((USAGE / "good").iterdir())
D = dt.date


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_files(path: Path) -> None:
    usage = load_usage(path, path.name)
    assert usage.source == path.name
    if path.name == "header-only.csv":
        assert usage.daily == {}
        return
    assert usage.daily == {
        "fraud-detector": {D(2026, 11, 1): 1250, D(2026, 11, 2): 0},
        "churn-predictor": {D(2026, 11, 1): 7},
    }


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_files(path: Path) -> None:
    """Every problem as `file:line: message`; expected messages are golden files next to
    the data (UPDATE_GOLDEN=1 rewrites them)."""
    with pytest.raises(UsageError) as caught:
        load_usage(path, f"usage/{path.name}")
    output = "\n".join(caught.value.problems) + "\n"
    golden = path.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    assert all(line.startswith(f"usage/{path.name}:") for line in caught.value.problems)


def test_problems_are_capped() -> None:
    with pytest.raises(UsageError) as caught:
        load_usage(USAGE / "bad" / "too-many-problems.csv", "u.csv")
    assert len(caught.value.problems) == MAX_PROBLEMS + 1
    assert caught.value.problems[-1] == "u.csv: ... and 5 more problems"


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^.*nope\.csv: cannot read usage data: "):
        load_usage(tmp_path / "nope.csv")


def _usage(rows: dict[str, dict[int, int]]) -> Usage:
    """Days as day-of-November 2026."""
    return Usage("u.csv", {m: {D(2026, 11, d): n for d, n in r.items()} for m, r in rows.items()})


def test_no_rows_is_unknown_not_zero() -> None:
    usage = _usage({"other": dict.fromkeys(range(1, 26), 5)})
    traffic = usage.traffic("fraud-detector", 10, TODAY)
    assert traffic.requests is None
    assert traffic.days_known == 0
    assert not traffic.zero


def test_zero_rows_are_zero_traffic() -> None:
    usage = _usage({"fraud-detector": dict.fromkeys(range(1, 26), 0)})
    traffic = usage.traffic("fraud-detector", 10, TODAY)
    assert (traffic.start, traffic.end) == (D(2026, 11, 16), D(2026, 11, 25))
    assert traffic.requests == 0
    assert traffic.zero
    assert traffic.last_traffic is None


def test_missing_days_after_the_first_row_count_as_zero() -> None:
    usage = _usage({"fraud-detector": {1: 40, 3: 2}, "other": {25: 1}})
    traffic = usage.traffic("fraud-detector", 20, TODAY)
    assert traffic.requests == 0
    assert traffic.zero
    assert traffic.last_traffic == D(2026, 11, 3)


def test_data_starting_inside_the_window_is_partial() -> None:
    usage = _usage({"fraud-detector": {20: 0, 21: 0, 25: 0}})
    traffic = usage.traffic("fraud-detector", 10, TODAY)
    assert traffic.requests == 0
    assert traffic.days_known == 6
    assert not traffic.complete
    assert not traffic.zero


def test_window_ends_on_the_last_day_of_data_and_ignores_the_future() -> None:
    usage = _usage({"fraud-detector": {d: d for d in range(1, 31)}})
    traffic = usage.traffic("fraud-detector", 5, D(2026, 11, 20))
    assert (traffic.start, traffic.end) == (D(2026, 11, 16), D(2026, 11, 20))
    assert traffic.requests == 16 + 17 + 18 + 19 + 20
    assert usage.span(D(2026, 11, 20)) == (D(2026, 11, 1), D(2026, 11, 20))
    before = usage.traffic("fraud-detector", 5, D(2026, 11, 20), offset=5)
    assert (before.start, before.end, before.requests) == (
        D(2026, 11, 11),
        D(2026, 11, 15),
        11 + 12 + 13 + 14 + 15,
    )


def _window(usage: Usage, model: str, days: int, today: dt.date, offset: int) -> Traffic:
    """The window as the module docstring states it, day by day (the rule `traffic`
    answers with sorted rows and bisection)."""
    end = usage.end(today) - dt.timedelta(days=offset)
    start = end - dt.timedelta(days=days - 1)
    rows = {day: n for day, n in usage.daily.get(model, {}).items() if day <= today}
    if not rows or min(rows) > end:
        return Traffic(start, end, None, 0, None)
    known_from = max(start, min(rows))
    requests = sum(n for day, n in rows.items() if known_from <= day <= end)
    active = [day for day, n in rows.items() if n > 0 and day <= end]
    days_known = (end - known_from).days + 1
    return Traffic(start, end, requests, days_known, max(active) if active else None)


def test_traffic_windows_on_random_data_follow_the_rule() -> None:
    picker = random.Random(11)
    for _ in range(300):
        daily = {
            f"m{m}": {
                D(2026, 10, 1) + dt.timedelta(days=d): picker.choice([0, 0, 1, 7, 250])
                for d in picker.sample(range(60), picker.randrange(0, 40))
            }
            for m in range(3)
        }
        usage = Usage("u.csv", daily)
        for model in ("m0", "m1", "m2", "unknown"):
            for _ in range(4):
                today = D(2026, 9, 25) + dt.timedelta(days=picker.randrange(75))
                days, offset = picker.choice([1, 7, 30, 45]), picker.choice([0, 0, 30])
                got = usage.traffic(model, days, today, offset=offset)
                assert got == _window(usage, model, days, today, offset)


def test_no_usage_data_at_all() -> None:
    usage = Usage.none()
    assert usage.source is None
    assert usage.span(TODAY) is None
    traffic = usage.traffic("fraud-detector", 30, TODAY)
    assert traffic.end == TODAY
    assert traffic.requests is None


def test_unregistered_models() -> None:
    usage = parse_usage("model,date,requests\nshadow-scorer,2026-11-01,3\nx,2026-11-01,1\n", "u")
    assert usage.unregistered({"x"}) == ["shadow-scorer"]


def test_example_usage_file() -> None:
    """The shipped sample: steady production traffic, one production model without traffic
    for 30+ days, falling deprecated traffic, models without rows."""
    usage = load_usage(HERE.parents[1] / "examples" / "usage.csv")
    assert usage.span(TODAY) == (D(2026, 9, 27), D(2026, 11, 25))
    assert usage.traffic("product-embedder", 30, TODAY).zero
    assert usage.traffic("capacity-forecaster", 30, TODAY).requests is None
    for deprecated in ("legacy-fraud-scorer", "churn-logreg"):
        now = usage.traffic(deprecated, 30, TODAY).requests
        before = usage.traffic(deprecated, 30, TODAY, offset=30).requests
        assert now is not None and before is not None and now < before


def test_counts_up_to_a_signed_64_bit_integer_leading_zeros_aside() -> None:
    zeros = "0" * 5000
    text = (
        "model,date,requests\n"
        f"fraud-detector,1970-01-01,{MAX_REQUESTS}\n"
        f"fraud-detector,2026-11-01,{zeros}{MAX_REQUESTS}\n"
        f"fraud-detector,2026-11-02,{zeros}\n"
    )
    usage = parse_usage(text, "u.csv")
    assert usage.daily["fraud-detector"] == {
        D(1970, 1, 1): MAX_REQUESTS,
        D(2026, 11, 1): MAX_REQUESTS,
        D(2026, 11, 2): 0,
    }
    three = usage.traffic("fraud-detector", 30, TODAY)
    assert three.requests == MAX_REQUESTS and str(three.requests)  # a sum still printable
    with pytest.raises(UsageError) as caught:
        parse_usage(f"model,date,requests\nfraud-detector,2026-11-01,{zeros}1{zeros}\n", "u.csv")
    assert caught.value.problems == (
        "u.csv:2: requests 00000000000000000000... (10001 digits) is over "
        f"{MAX_REQUESTS}, the most one model may have in a day (a signed 64-bit integer); "
        "check the export",
    )


def test_windows_reaching_back_past_the_first_date_are_cut_there() -> None:
    """`--today 0001-01-01` (or a policy window of a million days) used to overflow."""
    usage = _usage({"m": {1: 5}})
    early = usage.traffic("m", 30, D(1, 1, 1), offset=30)
    assert (early.start, early.end, early.requests) == (D(1, 1, 1), D(1, 1, 1), None)
    long = usage.traffic("m", 10**9, TODAY)
    assert (long.start, long.requests, long.complete) == (D(1, 1, 1), 5, False)
