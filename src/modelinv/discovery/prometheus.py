"""Prometheus as a source of traffic: requests per model per day.

One `query_range` call evaluates the policy's query (`prometheus.query`, default
`sum by (model) (increase(model_requests_total[1d]))`) at midnight UTC after each day of
the look-back window; the series label `prometheus.modelLabel` names the model. The result
is the same `Usage` the CSV/JSON files give (`report --usage prometheus:URL`), and, for
`discover --prometheus URL`, one observation per model with traffic.

The reports read whole days only: their window ends on `--today`, or on the day before
while today (UTC) is still under way by the clock, whose count so far would pass for a
whole day's (and end every window of the reports on it). `discover` reads today's
traffic so far as well: any request shows that a model serves.
"""

from __future__ import annotations

import datetime as dt
import math
import reprlib
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from modelinv.discovery.http import check_base_url, request_json
from modelinv.discovery.observation import Observation, SourceError
from modelinv.governance.policy import PrometheusPolicy
from modelinv.model.refs import id_from_name
from modelinv.reports.usage import MAX_REQUESTS, PROMETHEUS_PREFIX, Usage
from modelinv.support.dates import days_after

NAME = "prometheus"
WHAT = "Prometheus"
PREFIX = PROMETHEUS_PREFIX
DAY_SECONDS = 86_400
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _midnight_after(day: dt.date) -> int:
    """The Unix time of midnight UTC at the end of `day`, counted in whole days: also for
    9999-12-31, whose next midnight no `datetime` holds (`--today 9999-12-31`)."""
    return (day.toordinal() + 1 - _EPOCH) * DAY_SECONDS


@dataclass(frozen=True, slots=True)
class Series:
    labels: tuple[tuple[str, str], ...]
    model: str
    daily: dict[dt.date, int]

    def __str__(self) -> str:
        inner = ",".join(f'{k}="{v}"' for k, v in self.labels)
        return "{" + inner + "}"


def daily_requests(url: str, policy: PrometheusPolicy, last: dt.date) -> tuple[str, list[Series]]:
    """(the query URL, one series per model) over the policy's look-back window, the
    `lookbackDays` days up to `last`."""
    base = check_base_url(url, WHAT)
    first = days_after(last, 1 - policy.lookback_days)  # from 0001-01-01 at the earliest
    query = {
        "query": policy.query,
        "start": str(_midnight_after(first)),
        "end": str(_midnight_after(last)),
        "step": str(DAY_SECONDS),
    }
    answer = request_json(f"{base}/api/v1/query_range?{urllib.parse.urlencode(query)}", WHAT)
    if not isinstance(answer, dict) or answer.get("status") != "success":
        error = answer.get("error") if isinstance(answer, dict) else None
        raise SourceError(f"{WHAT} at {base} refused the query: {error or 'no success status'}")
    data = answer.get("data")
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, list):
        raise SourceError(f"{WHAT} at {base}: the answer has no data.result list")
    series = [s for s in (_series(i, policy.model_label, base) for i in result) if s]
    return f"{base}/graph?{urllib.parse.urlencode({'g0.expr': policy.query})}", series


def _series(item: Any, label: str, base: str) -> Series | None:
    if not isinstance(item, dict) or not isinstance(item.get("metric"), dict):
        raise SourceError(f"{WHAT} at {base}: a result without 'metric'")
    metric = item["metric"]
    if not all(isinstance(v, str) for v in metric.values()):
        raise SourceError(f"{WHAT} at {base}: a result's 'metric' has a label that is not text")
    name = metric.get(label)
    if not name:
        return None  # a series without the model label cannot be attributed
    daily: dict[dt.date, int] = {}
    values = item.get("values") or ()
    if not isinstance(values, list):
        raise SourceError(f"{WHAT} at {base}: the 'values' of a result is not a list")
    for point in values:
        day, count = _sample(point, base)
        daily[day] = count
    return Series(tuple(sorted(metric.items())), id_from_name(name), daily)


def _sample(point: Any, base: str) -> tuple[dt.date, int]:
    """(the day, its requests) of one `[timestamp, "value"]` sample; a SourceError naming
    the sample for anything else: a value that is not a number of requests (negative, NaN,
    infinite, over MAX_REQUESTS) or a timestamp no calendar day has."""
    shown = reprlib.repr(point)  # bounded in length and depth, whatever the answer holds
    try:
        if not isinstance(point, list) or len(point) != 2:
            raise TypeError(point)
        stamp, value = float(point[0]), float(point[1])
    except (TypeError, ValueError, OverflowError):
        raise SourceError(f"{WHAT} at {base}: a malformed sample {shown}") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_REQUESTS:
        raise SourceError(
            f"{WHAT} at {base}: the sample {shown} is not a number of requests (0 to "
            f"{MAX_REQUESTS}); the query must count requests per day"
        )
    try:
        day = dt.datetime.fromtimestamp(stamp - DAY_SECONDS, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise SourceError(f"{WHAT} at {base}: the sample {shown} has no valid timestamp") from None
    return day, _whole_requests(value)


def _whole_requests(value: float) -> int:
    """A day's value (0 to MAX_REQUESTS) as whole requests: rounded half up, as PromQL's
    `round()`, and never 0 when it is above 0. `increase` over integer counters gives 1 or
    more for a day with a request, but a query over recorded rates spreads a request over
    the days its rate lasts (0.5 and 0.5 across midnight), and for the zero-traffic
    criterion a day with some traffic must never read as a day without."""
    if value <= 0:
        return 0
    return max(1, min(math.floor(value + 0.5), MAX_REQUESTS))


def last_whole_day(today: dt.date, now: dt.datetime) -> dt.date:
    """`today`, or the last day (UTC) that is over by `now` when that is earlier: the
    last day whose count Prometheus has in full."""
    return min(today, days_after(now.astimezone(dt.UTC).date(), -1))


def prometheus_usage(
    url: str, policy: PrometheusPolicy, today: dt.date, now: dt.datetime | None = None
) -> Usage:
    """Requests per model per whole day from Prometheus, as `Usage` (what the reports
    read), over the policy's look-back window up to the last whole day (`now`: the
    clock)."""
    last = last_whole_day(today, now or dt.datetime.now(dt.UTC))
    shown, series = daily_requests(url, policy, last)
    daily: dict[str, dict[dt.date, int]] = defaultdict(dict)
    for found in series:
        for day, count in found.daily.items():
            total = daily[found.model].get(day, 0) + count
            if total > MAX_REQUESTS:
                raise SourceError(
                    f"{WHAT} at {check_base_url(url, WHAT)}: more than {MAX_REQUESTS} requests for "
                    f"{found.model} on {day}; the query must count requests per day"
                )
            daily[found.model][day] = total
    return Usage(shown, daily)


@dataclass(slots=True)
class PrometheusSource:
    url: str
    policy: PrometheusPolicy
    today: dt.date
    name: str = NAME

    def covers(self, platform: str) -> bool:
        return False  # traffic proves a model serves; its absence proves nothing of a platform

    def observe(self) -> Iterator[Observation]:
        # Up to today, whole or not: traffic so far today shows the model serves.
        shown, series = daily_requests(self.url, self.policy, self.today)
        for found in series:
            total = sum(found.daily.values())
            if total == 0:
                continue
            yield Observation(
                source=NAME,
                model=found.model,
                name=dict(found.labels).get(self.policy.model_label, found.model),
                kind="series",
                evidence=f"{found} ({shown})",
                platform=None,
                requests=total,
            )
