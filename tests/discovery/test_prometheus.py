"""Traffic from a real Prometheus (Debian's `prometheus`), over 60 days of request counters
backfilled with `promtool tsdb create-blocks-from openmetrics`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
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
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def prometheus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("promtool") is None or shutil.which("prometheus") is None:
        missing("prometheus (Debian package prometheus)")
    home = tmp_path_factory.mktemp("prometheus")
    (home / "data.om").write_text(_openmetrics())
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
