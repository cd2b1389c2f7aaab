"""A metric's history against its threshold, as numbers for a small inline SVG chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from modelinv.model.ml_model import Metric

WIDTH, HEIGHT, PAD = 240, 64, 6


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    points: str  # SVG polyline points, numbers only
    dots: tuple[tuple[float, float, str], ...]  # (x, y, title)
    threshold_y: float | None
    passing: bool | None  # None without a threshold


def passes(metric: Metric) -> bool | None:
    if metric.threshold is None:
        return None
    if metric.higher_is_better:
        return metric.value >= metric.threshold
    return metric.value <= metric.threshold


def metric_chart(metric: Metric) -> Chart:
    series = sorted(
        [(p.evaluated, p.value) for p in metric.history] + [(metric.evaluated, metric.value)]
    )
    return series_chart(series, metric.threshold, passes(metric), label="{value:g}")


def series_chart(
    series: Sequence[tuple[dt.date, float]],
    threshold: float | None = None,
    passing: bool | None = None,
    *,
    label: str = "{value:g}",
    floor: float | None = None,
) -> Chart:
    """A line over dated values (at least one), x by date, y scaled to the values (and the
    threshold, and `floor` when given, e.g. 0 for counts); dots titled `date: label`."""
    values = [v for _, v in series]
    if threshold is not None:
        values.append(threshold)
    if floor is not None:
        values.append(floor)
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    first, last = series[0][0].toordinal(), series[-1][0].toordinal()
    days = (last - first) or 1

    def x_of(ordinal: int) -> float:
        if first == last:
            return WIDTH / 2
        return round(PAD + (ordinal - first) / days * (WIDTH - 2 * PAD), 1)

    def y_of(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD), 1)

    dots = tuple((x_of(d.toordinal()), y_of(v), f"{d}: {label.format(value=v)}") for d, v in series)
    points = " ".join(f"{x},{y}" for x, y, _ in dots)
    threshold_y = y_of(threshold) if threshold is not None else None
    return Chart(WIDTH, HEIGHT, points, dots, threshold_y, passing)
