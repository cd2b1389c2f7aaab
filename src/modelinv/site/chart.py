"""A metric's history against its threshold, as numbers for a small inline SVG chart."""

from __future__ import annotations

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
    values = [v for _, v in series]
    if metric.threshold is not None:
        values.append(metric.threshold)
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

    dots = tuple((x_of(d.toordinal()), y_of(v), f"{d}: {v:g}") for d, v in series)
    points = " ".join(f"{x},{y}" for x, y, _ in dots)
    threshold_y = y_of(metric.threshold) if metric.threshold is not None else None
    return Chart(WIDTH, HEIGHT, points, dots, threshold_y, passes(metric))
