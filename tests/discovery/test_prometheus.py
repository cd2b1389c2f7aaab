"""Traffic from a real Prometheus (Debian's `prometheus`), over 60 days of request counters
backfilled with `promtool tsdb create-blocks-from openmetrics`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from discovery_support import free_port, missing, start, stop

from modelinv.cli import main
from modelinv.discovery.prometheus import prometheus_usage
from modelinv.governance.policy import PrometheusPolicy

HERE = Path(__file__).parent
EXAMPLE_CATALOG = HERE.parent.parent / "catalog"
TODAY = dt.date(2026, 11, 26)
DAYS = 60
HOURLY = {"fraud-detector": 120, "credit-scorer": 40, "churn-predictor": 15, "ghost-ranker": 7}
# churn-predictor serves until 35 days before TODAY, then nothing: a zero-traffic candidate.
SILENT_FROM = {"churn-predictor": TODAY - dt.timedelta(days=35)}


def _openmetrics() -> str:
    lines = ["# HELP model_requests_total Requests served.", "# TYPE model_requests_total counter"]
    start = dt.datetime.combine(TODAY - dt.timedelta(days=DAYS), dt.time(), tzinfo=dt.UTC)
    for model, per_hour in HOURLY.items():
        total = 0
        for hour in range((DAYS + 1) * 24 + 1):
            moment = start + dt.timedelta(hours=hour)
            silent = SILENT_FROM.get(model)
            if silent is None or moment.date() < silent:
                total += per_hour
            stamp = int(moment.timestamp())
            lines.append(f'model_requests_total{{model="{model}",service="api"}} {total} {stamp}')
    lines += _recorded_rates()
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


# One request each, seen through a recording rule `model_requests_rate5m = sum by (model)
# (rate(model_requests_total[5m]))` evaluated every 30 s: 1/300 a second for the ten
# evaluations of the five minutes after it, so a day's requests are the sum of its values
# times 30 (RATE_QUERY). rare-ranker's request comes 2.5 minutes before midnight, 20 days
# before TODAY: half of it falls on each day. late-ranker's comes 2 minutes before the
# end of TODAY, the last day of the window: 0.4 of it falls on TODAY, the rest after.
RATE_QUERY = "sum by (model) (sum_over_time(model_requests_rate5m[1d])) * 30"
ONE_REQUEST = {
    "rare-ranker": dt.datetime.combine(TODAY - dt.timedelta(days=20), dt.time(23, 57, 30)),
    "late-ranker": dt.datetime.combine(TODAY, dt.time(23, 58)),
}


def _recorded_rates() -> list[str]:
    lines = ["# TYPE model_requests_rate5m gauge"]
    start = dt.datetime.combine(TODAY - dt.timedelta(days=DAYS), dt.time(0, 0, 15))
    for model, request in ONE_REQUEST.items():
        # Hourly zeros, and the rule's every evaluation from 10 minutes before the request.
        hourly = [start + dt.timedelta(hours=h) for h in range((DAYS + 1) * 24)]
        near = [
            request - dt.timedelta(minutes=10, seconds=15) + dt.timedelta(seconds=30 * n)
            for n in range(40)
        ]
        for moment in sorted({*hourly, *near}):
            rate = 1 / 300 if request < moment <= request + dt.timedelta(minutes=5) else 0
            stamp = int(moment.replace(tzinfo=dt.UTC).timestamp())
            lines.append(f'model_requests_rate5m{{model="{model}"}} {rate} {stamp}')
    return lines


@pytest.fixture(scope="session")
def prometheus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(tmp_path_factory.mktemp("prometheus"), _openmetrics())


def _serve(home: Path, openmetrics: str) -> Iterator[str]:
    """The URL of a real Prometheus over `openmetrics` backfilled, until closed."""
    if shutil.which("promtool") is None or shutil.which("prometheus") is None:
        missing("prometheus (Debian package prometheus)")
    (home / "data.om").write_text(openmetrics)
    subprocess.run(
        # Blocks of up to 62 days: the default 2-hour blocks make 700 blocks and 3 minutes.
        [
            "promtool",
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "--max-block-duration=1488h",
            "data.om",
            "tsdb",
        ],
        cwd=home,
        check=True,
        capture_output=True,
    )
    (home / "prometheus.yml").write_text("global:\n  scrape_interval: 1h\n")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start(
        [
            "prometheus",
            f"--config.file={home / 'prometheus.yml'}",
            f"--storage.tsdb.path={home / 'tsdb'}",
            "--storage.tsdb.retention.time=100y",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        f"{url}/-/ready",
        home / "server.log",
    )
    yield url
    stop(process)


def test_requests_per_model_per_day(prometheus_server: str) -> None:
    usage = prometheus_usage(prometheus_server, PrometheusPolicy(), TODAY)
    fraud = usage.daily["fraud-detector"]
    assert fraud[TODAY - dt.timedelta(days=10)] == 120 * 24
    churn = usage.daily["churn-predictor"]
    assert churn[TODAY - dt.timedelta(days=40)] == 15 * 24
    assert all(churn[TODAY - dt.timedelta(days=n)] == 0 for n in range(34))
    assert usage.traffic("churn-predictor", 30, TODAY).zero
    assert not usage.traffic("fraud-detector", 30, TODAY).zero


def test_zero_traffic_model_is_a_retirement_candidate_end_to_end(
    prometheus_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "report",
            "retirement",
            str(EXAMPLE_CATALOG),
            "--usage",
            f"prometheus:{prometheus_server}",
            "--today",
            TODAY.isoformat(),
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    report = json.loads(out)
    text = json.dumps(report)
    assert "churn-predictor" in text
    zero = [g for g in report["groups"] if g["criterion"] == "zero-traffic"]
    assert [c["model"]["id"] for c in zero[0]["candidates"]] == ["churn-predictor"]


def test_discover_finds_traffic_to_unknown_models(
    prometheus_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "discover",
            "--prometheus",
            prometheus_server,
            "--catalog",
            str(EXAMPLE_CATALOG),
            "--today",
            TODAY.isoformat(),
            "--format",
            "json",
            "--check",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    [shadow] = [i for i in report["items"] if i["category"] == "shadow"]
    assert shadow["model"] == "ghost-ranker"
    assert shadow["evidence"][0].startswith('{model="ghost-ranker"} (http://127.0.0.1:')


def test_unreachable_prometheus_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code = main(["report", "retirement", str(EXAMPLE_CATALOG), "--usage", f"prometheus:{url}"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"modelinv: Prometheus at {url} is unreachable")
    assert err.count("\n") == 1


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("command", ["report", "discover"])
def test_the_first_and_last_day_a_date_holds_are_days_like_any_other(
    prometheus_server: str, capsys: pytest.CaptureFixture[str], command: str, today: str
) -> None:
    """The query's window ends at midnight after `--today` and starts `lookbackDays`
    earlier: on 9999-12-31 and 0001-01-01 both overflowed (exit 3, "internal error:
    OverflowError") before Prometheus was asked."""
    if command == "report":
        args = ["report", "retirement", str(EXAMPLE_CATALOG)]
        args += ["--usage", f"prometheus:{prometheus_server}", "--format", "json"]
    else:
        args = ["discover", "--prometheus", prometheus_server, "--catalog", str(EXAMPLE_CATALOG)]
        args += ["--format", "json"]
    code = main([*args, "--today", today])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert json.loads(out)


def _clear_of_midnight() -> dt.datetime:
    """The clock (UTC), a few minutes after midnight if it was about to strike or just
    had: the tests below expect the day they generate their data on to last."""
    now = dt.datetime.now(dt.UTC)
    since = now - now.replace(hour=0, minute=0, second=0, microsecond=0)
    if since < dt.timedelta(minutes=3) or since > dt.timedelta(hours=23, minutes=58):
        wait = (dt.timedelta(days=1, minutes=3) - since) % dt.timedelta(days=1)
        time.sleep(wait.total_seconds())
        now = dt.datetime.now(dt.UTC)
    return now


@pytest.fixture(scope="module")
def prometheus_until_now(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dt.date]]:
    """(the URL, today) of a Prometheus whose counters run up to the clock: fraud-detector serves
    a request a minute throughout (hourly samples, then one a minute today);
    churn-predictor 5 requests at noon 30 days ago and none since; ghost-ranker (not in
    the catalog) one request a minute from today's midnight (UTC) on."""
    now = _clear_of_midnight()
    today = now.date()
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    moments = [midnight - dt.timedelta(hours=h) for h in range(36 * 24, 0, -1)]
    minutes = int((now - midnight).total_seconds() // 60)
    moments += [midnight + dt.timedelta(minutes=m) for m in range(minutes + 1)]
    quiet = dt.datetime.combine(today - dt.timedelta(days=30), dt.time(12), tzinfo=dt.UTC)
    lines = ["# TYPE model_requests_total counter"]
    for moment in moments:
        served = {
            "fraud-detector": int((moment - moments[0]).total_seconds() // 60),
            "churn-predictor": 5 if moment >= quiet else 0,
            "ghost-ranker": max(0, int((moment - midnight).total_seconds() // 60)),
        }
        stamp = int(moment.timestamp())
        lines += [f'model_requests_total{{model="{m}"}} {n} {stamp}' for m, n in served.items()]
    lines.append("# EOF")
    for url in _serve(tmp_path_factory.mktemp("prometheus-now"), "\n".join(lines) + "\n"):
        yield url, today


def test_a_day_still_under_way_is_not_read_as_a_whole_day(
    prometheus_until_now: tuple[str, dt.date],
) -> None:
    """The query's last evaluation was at midnight after --today: with today under way,
    its count so far passed for a whole day's, and every window ended on it. The 30-day
    window then held 29 days and a few hours: a model that served 29 and a half days ago
    was listed as without traffic for 30 days."""
    url, today = prometheus_until_now
    usage = prometheus_usage(url, PrometheusPolicy(), today)
    yesterday = today - dt.timedelta(days=1)
    fraud = usage.daily["fraud-detector"]
    assert today not in fraud
    assert fraud[yesterday] == 24 * 60
    assert usage.end(today) == yesterday
    quiet = usage.traffic("churn-predictor", 30, today)
    assert (quiet.start, quiet.end) == (today - dt.timedelta(days=30), yesterday)
    assert quiet.requests == 5 and not quiet.zero


def test_the_zero_traffic_window_is_whole_days_end_to_end(
    prometheus_until_now: tuple[str, dt.date], capsys: pytest.CaptureFixture[str]
) -> None:
    url, today = prometheus_until_now
    args = ["report", "retirement", str(EXAMPLE_CATALOG), "--usage", f"prometheus:{url}"]
    assert main([*args, "--today", today.isoformat(), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["basis"]["usage_to"] == (today - dt.timedelta(days=1)).isoformat()
    [zero] = [g for g in report["groups"] if g["criterion"] == "zero-traffic"]
    assert "churn-predictor" not in [c["model"]["id"] for c in zero["candidates"]]


def test_discover_counts_the_traffic_of_today_so_far(
    prometheus_until_now: tuple[str, dt.date], capsys: pytest.CaptureFixture[str]
) -> None:
    """A model that started serving today is a shadow model today, not tomorrow."""
    url, today = prometheus_until_now
    args = ["discover", "--prometheus", url, "--catalog", str(EXAMPLE_CATALOG)]
    assert main([*args, "--today", today.isoformat(), "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [i["model"] for i in items if i["category"] == "shadow"] == ["ghost-ranker"]


def test_a_day_with_some_traffic_never_counts_as_a_day_without(prometheus_server: str) -> None:
    """A day's value was rounded half to even: a query over recorded rates gives a single
    request spread over two days as 0.5 and 0.5, which made 0 and 0, and the 0.4 of a
    request late on the window's last day made 0: models that served were read as without
    traffic for 30 days. Values are rounded half up (as PromQL's round()), and a positive
    one counts one request at least."""
    usage = prometheus_usage(prometheus_server, PrometheusPolicy(query=RATE_QUERY), TODAY)
    request = ONE_REQUEST["rare-ranker"].date()
    rare = usage.daily["rare-ranker"]
    assert (rare[request], rare[request + dt.timedelta(days=1)]) == (1, 1)
    assert sum(rare.values()) == 2
    assert usage.daily["late-ranker"][TODAY] == 1
    for model in ONE_REQUEST:
        assert not usage.traffic(model, 30, TODAY).zero, model
