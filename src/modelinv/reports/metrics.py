"""A metric against its threshold, its previous value, and where its trend is heading.

The trend is a least-squares line through `metrics[].history` plus the current value (one
point per evaluation date). Projected from the current value at that line's rate, the
metric reaches its threshold on the `crossing` date; there is no crossing when the trend
moves away from the threshold, is flat, or has fewer than two evaluation dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from modelinv.model.ml_model import Metric
from modelinv.support.dates import days_after

State = Literal["ok", "breached", "no-threshold"]


@dataclass(frozen=True, slots=True)
class MetricStatus:
    name: str
    value: float
    threshold: float | None
    higher_is_better: bool
    evaluated: dt.date
    state: State
    previous: float | None  # the latest earlier evaluation, the baseline to compare with
    previous_evaluated: dt.date | None
    points: int  # evaluation dates the trend is fitted on
    slope_per_day: float | None  # None with fewer than two evaluation dates
    crossing: dt.date | None  # when the trend reaches the threshold (see module doc)

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.value - self.previous


def breached(value: float, threshold: float | None, higher_is_better: bool) -> bool:
    """On the wrong side of the threshold (a value equal to it is acceptable)."""
    if threshold is None:
        return False
    return value < threshold if higher_is_better else value > threshold


def metric_status(metric: Metric) -> MetricStatus:
    points = {p.evaluated: p.value for p in metric.history if p.evaluated < metric.evaluated}
    earlier = max(points) if points else None
    points[metric.evaluated] = metric.value
    for p in metric.history:  # points after the current evaluation still shape the trend
        points.setdefault(p.evaluated, p.value)
    slope = fit_slope(sorted(points.items()))
    if metric.threshold is None:
        state: State = "no-threshold"
    elif breached(metric.value, metric.threshold, metric.higher_is_better):
        state = "breached"
    else:
        state = "ok"
    return MetricStatus(
        name=metric.name,
        value=metric.value,
        threshold=metric.threshold,
        higher_is_better=metric.higher_is_better,
        evaluated=metric.evaluated,
        state=state,
        previous=points[earlier] if earlier is not None else None,
        previous_evaluated=earlier,
        points=len(points),
        slope_per_day=slope,
        crossing=_crossing(metric, slope) if state == "ok" else None,
    )


def fit_slope(points: Sequence[tuple[dt.date, float]]) -> float | None:
    """The least-squares slope (units per day) through (date, value) points."""
    if len(points) < 2:
        return None
    origin = points[0][0]
    xs = [float((day - origin).days) for day, _ in points]
    ys = [value for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def _crossing(metric: Metric, slope: float | None) -> dt.date | None:
    if slope is None or metric.threshold is None:
        return None
    worsening = slope < 0 if metric.higher_is_better else slope > 0
    if not worsening:
        return None
    days = (metric.threshold - metric.value) / slope
    if days > 36_500:  # a century away: no crossing worth a date
        return None
    # Rounded first: float noise must not push an exact day count (30.0000001) a day later.
    return days_after(metric.evaluated, math.ceil(round(days, 6)))
