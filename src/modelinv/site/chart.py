"""Line charts over dated values, laid out at build time for inline SVG: a plot area with a
labelled value axis (round ticks over the data's own range, so a change of a few percent
shows), a date axis, an optional threshold line, and one titled dot per value.

The value axis is not forced to start at zero: a flat series at 16 drawn from 0 to 16
would hug the top edge and hide every change. The tick labels say where the axis starts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from modelinv.model.ml_model import Metric
from modelinv.reports.common import number

# Room around the plot: tick labels on the left, date labels below, the axis title above.
LEFT, RIGHT, TOP, BOTTOM = 48, 32, 22, 22
MIN_LABEL_GAP = 64  # px between two full-date labels
METRIC_SIZE = (300, 120)
TREND_SIZE = (380, 170)
TICKS = 4  # about this many intervals on the value axis
MAX_DATE_TICKS = 5
# A series with more values than this gets dots only on its latest, lowest and highest
# value, and a line of at most one lowest and one highest value per LINE_STEP pixels:
# denser dots overlap (r=3) and their titles cannot be pointed at, and a chart's bytes
# grew with every evaluation a metric's history kept (~75 bytes each; two years of weekly
# evaluations of three metrics: 23 kB a page).
MAX_DOTS = 36
LINE_STEP = 2


class Chart(NamedTuple):  # a named tuple: cheaper to build than a frozen dataclass
    width: int
    height: int
    left: int  # the plot area, in SVG user units
    top: int
    right: int
    bottom: int
    points: str  # SVG polyline points, numbers only
    dots: tuple[tuple[float, float, str], ...]  # (x, y, title)
    y_ticks: tuple[tuple[float, str], ...]  # (y, label), bottom to top
    x_ticks: tuple[tuple[float, str], ...]  # (x, label), left to right
    y_title: str  # what the values are, above the value axis
    threshold_y: float | None
    threshold_label: str
    passing: bool | None  # None without a threshold
    # For a dense series (not every value dotted), what its dots leave out, for the
    # chart's accessible name: "730 values from 2024-11-01 to 2026-10-31, 0.7 to 0.97".
    summary: str = ""


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
    return series_chart(
        series, metric.threshold, passes(metric), y_title=metric.name, size=METRIC_SIZE
    )


def nice_step(span: float, intervals: int = TICKS) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `intervals` steps."""
    raw = span / intervals
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def value_axis(
    values: Sequence[float],
    bounds: tuple[float | None, float | None] = (None, None),
    whole: bool = False,
) -> tuple[float, float, float]:
    """(low, high, step) of a value axis covering `values` with a margin, on round ticks,
    never beyond `bounds` (e.g. 0 and 100 for a percentage) unless a value is (the axis
    always shows every value); `whole` numbers (counts) get a whole step."""
    least, most = min(values), max(values)
    margin = (most - least) * 0.1 or abs(most) * 0.05 or 1.0
    low, high = least - margin, most + margin
    floor, ceiling = bounds
    if floor is not None and floor <= least:
        low = max(low, floor)
    if ceiling is not None and ceiling >= most:
        high = min(high, ceiling)
    step = nice_step(high - low)
    if whole:
        step = max(1.0, round(step))  # a step of 2.5 rounds to 2
    low = math.floor(round(low / step, 9)) * step
    high = math.ceil(round(high / step, 9)) * step
    return low, high, step


def _tick_decimals(step: float) -> int:
    """The decimals of every tick label of an axis with this step (all the same)."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if round(step * 10**decimals, 9) % 1:  # a step of 2.5, 0.25, ...
        decimals += 1
    return decimals


def _date_ticks(first: dt.date, last: dt.date) -> tuple[list[dt.date], str]:
    """Dates for the date axis and their format: month starts (`2026-05`) when the span
    covers months, else the first and last day."""
    if (last - first).days < 62:
        return ([first] if first == last else [first, last]), "%Y-%m-%d"
    months = (last.year - first.year) * 12 + last.month - first.month
    every = max(1, math.ceil(months / (MAX_DATE_TICKS - 1)))
    ticks = []
    year, month = first.year, first.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if year > dt.MAXYEAR:  # no month starts after 9999-12: the axis ends there
            break
        day = dt.date(year, month, 1)
        if day > last:
            break
        if ((year - first.year) * 12 + month - first.month) % every == 0:
            ticks.append(day)
    return ticks, "%Y-%m"


def _date_text(day: dt.date, shape: str) -> str:
    """`day.strftime(shape)` for the two shapes of `_date_ticks`, without strftime (~1 us a
    call, several calls a chart) for the years it pads the same way."""
    if day.year < 1000:
        return day.strftime(shape)  # the platform decides how such a year is padded
    return day.isoformat() if shape == "%Y-%m-%d" else f"{day.year}-{day.month:02d}"


def _px(value: float) -> float:
    """A coordinate to a tenth of a pixel; a whole one as an int, which is written without
    ".0" (a chart holds ~15 coordinates and is drawn on every metric of every model page)."""
    tenth = round(value, 1)
    return int(tenth) if tenth.is_integer() else tenth


def _x_at(ordinal: int, first: int, last: int, left: int, right: int) -> float:
    """Where a day falls on a date axis from day `first` to day `last` (ordinals) drawn
    from `left` to `right`: one day alone in the middle."""
    if first == last:
        return _px((left + right) / 2)
    return _px(left + (ordinal - first) / (last - first) * (right - left))


def _y_at(value: float, low: float, high: float, top: int, bottom: int) -> float:
    """Where a value falls on a value axis from `low` (at `bottom`) to `high` (at `top`)."""
    return _px(bottom - (value - low) / (high - low) * (bottom - top))


Placed = tuple[float, float, dt.date, float]  # (x, y, date, value) of one value


def _marked(placed: list[Placed]) -> list[Placed]:
    """The values a dense series dots: its lowest, highest and latest (the latest of
    equal ones), in date order."""
    lowest = min(reversed(placed), key=lambda p: p[3])
    highest = max(reversed(placed), key=lambda p: p[3])
    chosen = {id(lowest), id(highest), id(placed[-1])}
    return [p for p in placed if id(p) in chosen]


def _thinned(placed: list[Placed]) -> list[Placed]:
    """The line of a dense series: in each LINE_STEP-pixel column its lowest and highest
    value, in date order (a dip below a threshold stays drawn), and the first and last
    value of the whole series."""
    columns: dict[int, list[Placed]] = {}
    for p in placed:
        columns.setdefault(int(p[0] // LINE_STEP), []).append(p)
    kept = {id(placed[0]), id(placed[-1])}
    for column in columns.values():
        kept.add(id(min(column, key=lambda p: p[1])))
        kept.add(id(max(column, key=lambda p: p[1])))
    return [p for p in placed if id(p) in kept]


def series_chart(
    series: Sequence[tuple[dt.date, float]],
    threshold: float | None = None,
    passing: bool | None = None,
    *,
    y_title: str = "",
    unit: str = "",
    bounds: tuple[float | None, float | None] = (None, None),
    whole: bool = False,
    size: tuple[int, int] = TREND_SIZE,
) -> Chart:
    """A line over dated values (at least one, oldest first): x by date, y on a round
    scale over the values and the threshold; dots titled `date: value` (on a dense series,
    only its latest, lowest and highest: see MAX_DOTS)."""
    width, height = size
    left, top, right, bottom = LEFT, TOP, width - RIGHT, height - BOTTOM
    values = [v for _, v in series]
    low, high, step = value_axis(
        values + ([threshold] if threshold is not None else []), bounds, whole
    )
    first, last = series[0][0].toordinal(), series[-1][0].toordinal()

    def x_of(ordinal: int) -> float:
        return _x_at(ordinal, first, last, left, right)

    def y_of(value: float) -> float:
        return _y_at(value, low, high, top, bottom)

    plotted = [(x_of(d.toordinal()), y_of(v), d, v) for d, v in series]
    dotted = plotted if len(series) <= MAX_DOTS else _marked(plotted)
    dots = tuple((x, y, f"{d}: {number(v)}{unit}") for x, y, d, v in dotted)
    line = plotted if len(series) <= MAX_DOTS else _thinned(plotted)
    return Chart(
        width,
        height,
        left,
        top,
        right,
        bottom,
        " ".join(f"{x},{y}" for x, y, _, _ in line),
        dots,
        _value_ticks(low, high, step, unit, top, bottom),
        _date_axis(series[0][0], series[-1][0], left, right),
        y_title,
        y_of(threshold) if threshold is not None else None,
        f"threshold {number(threshold)}{unit}" if threshold is not None else "",
        passing,
        _summary(series, unit) if len(series) > MAX_DOTS else "",
    )


# Axes repeat: a catalog's charts share a few hundred value scales and date spans (10,000
# models' 19,510 metric charts: 588 scales, 61 spans), and their ticks were a third of a
# chart's cost. Both are pure functions of their arguments.
@lru_cache(maxsize=4096)
def _value_ticks(
    low: float, high: float, step: float, unit: str, top: int, bottom: int
) -> tuple[tuple[float, str], ...]:
    """(y, label) of each tick of the value axis from `low` to `high`, bottom to top."""
    count = round((high - low) / step)
    decimals = _tick_decimals(step)
    ticks = [low + i * step for i in range(count + 1)]
    return tuple(
        (_y_at(value, low, high, top, bottom), f"{value:.{decimals}f}{unit}") for value in ticks
    )


@lru_cache(maxsize=4096)
def _date_axis(
    first: dt.date, last: dt.date, left: int, right: int
) -> tuple[tuple[float, str], ...]:
    """(x, label) of each tick of the date axis of a series from `first` to `last`."""
    start, end = first.toordinal(), last.toordinal()
    dates, shape = _date_ticks(first, last)
    placed = [(_x_at(d.toordinal(), start, end, left, right), _date_text(d, shape)) for d in dates]
    if len(placed) == 2 and placed[1][0] - placed[0][0] < MIN_LABEL_GAP:
        placed = placed[1:]  # two days close together: their labels would overlap
    return tuple(placed)


def _summary(series: Sequence[tuple[dt.date, float]], unit: str) -> str:
    values = [v for _, v in series]
    return (
        f"{len(series):,} values from {series[0][0]} to {series[-1][0]}, "
        f"{number(min(values))}{unit} to {number(max(values))}{unit}"
    )
