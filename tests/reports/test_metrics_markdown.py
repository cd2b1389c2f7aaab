"""The metric trend and the Markdown building blocks."""

from __future__ import annotations

import datetime as dt

import pytest

from modelinv.model.ml_model import Metric
from modelinv.reports.markdown import cell, code, money, percent, plural, table
from modelinv.reports.metrics import fit_slope, metric_status

D = dt.date


def _metric(**fields: object) -> Metric:
    data = {"name": "auc", "value": 0.91, "threshold": 0.9, "evaluated": D(2026, 11, 1)}
    return Metric.model_validate({**data, **fields}, strict=False)


def test_slope_needs_two_dates() -> None:
    assert fit_slope([]) is None
    assert fit_slope([(D(2026, 1, 1), 1.0)]) is None
    assert fit_slope([(D(2026, 1, 1), 1.0), (D(2026, 1, 11), 2.0)]) == pytest.approx(0.1)


def test_least_squares_slope() -> None:
    points = [(D(2026, 1, 1), 1.0), (D(2026, 1, 2), 3.0), (D(2026, 1, 3), 2.0)]
    assert fit_slope(points) == pytest.approx(0.5)


def test_crossing_projected_from_the_current_value() -> None:
    history = [
        {"value": 0.95, "evaluated": "2026-07-04"},
        {"value": 0.93, "evaluated": "2026-09-02"},
    ]
    status = metric_status(_metric(history=history))
    assert status.state == "ok"
    assert (status.previous, status.previous_evaluated) == (0.93, D(2026, 9, 2))
    assert status.change == pytest.approx(-0.02)
    assert status.points == 3
    assert status.crossing == D(2026, 12, 1)


def test_no_crossing_when_improving_or_without_threshold() -> None:
    history = [{"value": 0.8, "evaluated": "2026-07-04"}]
    assert metric_status(_metric(history=history)).crossing is None
    status = metric_status(
        _metric(threshold=None, history=[{"value": 1.0, "evaluated": "2026-07-04"}])
    )
    assert (status.state, status.crossing) == ("no-threshold", None)


def test_breached_and_equal_to_threshold() -> None:
    assert metric_status(_metric(value=0.89)).state == "breached"
    assert metric_status(_metric(value=0.9)).state == "ok"
    lower = _metric(value=0.3, threshold=0.25, higherIsBetter=False)
    assert metric_status(lower).state == "breached"


def test_cell_is_one_safe_line() -> None:
    assert cell("a | b\nc\r\n  d\\e <script>") == "a \\| b c d\\\\e &lt;script&gt;"
    assert code("x|y\nz") == "`x\\|y z`"
    assert code("a`b") == "`` a`b ``"


def test_table_and_numbers() -> None:
    assert table(["a", "b"], [["1", "2"]]) == ["| a | b |", "| --- | --- |", "| 1 | 2 |"]
    assert money(4200, "USD") == "4,200 USD"
    assert money(100.5, "EUR") == "100.50 EUR"
    assert percent(1, 3) == "33%"
    assert percent(0, 0) == "n/a"
    # 100% only when all, 0% only when none: a rounded 100% would hide the one that misses
    assert (percent(199, 200), percent(200, 200), percent(1, 1000), percent(0, 9)) == (
        "99%",
        "100%",
        "1%",
        "0%",
    )
    assert percent(1, 2) == "50%" and percent(2, 3) == "67%"
    assert (plural(1, "model"), plural(2, "model"), plural(1200, "day")) == (
        "1 model",
        "2 models",
        "1,200 days",
    )
