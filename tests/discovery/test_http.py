"""What the registries answer is never trusted: a malformed answer from MLflow or
Prometheus is one line naming the server and exit 2, never a crash (exit 3). Fake servers
on 127.0.0.1 give the answers real ones never do."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from discovery_support import Answer, fake_server, json_answer, mlflow_answer, raw_server

from modelinv.cli import main
from modelinv.discovery.mlflow import MlflowClient
from modelinv.discovery.observation import SourceError

ROOT = Path(__file__).resolve().parents[2]
CATALOG = str(ROOT / "catalog")
TODAY = "2026-11-26"
NESTED: Answer = (200, {}, b"[" * 200_000 + b"]" * 200_000)


def _versions(version: Any) -> Callable[[str, str], Answer]:
    return mlflow_answer([{"name": "m"}], [{"name": "m", "version": version}])


def _prometheus(*points: Any) -> Callable[[str, str], Answer]:
    result = [{"metric": {"model": "m"}, "values": list(points)}]
    return lambda method, path: json_answer({"status": "success", "data": {"result": result}})


def _one_line_usage_error(capsys: pytest.CaptureFixture[str], args: list[str], url: str) -> str:
    code = main(args)
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert err.startswith("modelinv: ") and err.count("\n") == 1
    assert url in err
    return err


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_versions("²"), "has a version '²' that is not a whole number"),
        (_versions("9" * 5000), "that is not a whole number of at most 19 digits"),
        (_versions("1.5"), "that is not a whole number"),
        (lambda method, path: NESTED, "answered JSON nested too deeply to read"),
        (lambda method, path: (200, {}, b"{" + b"1" * 5000), "did not answer JSON"),
    ],
    ids=["superscript", "5000-digits", "decimal", "nested", "not-json"],
)
def test_malformed_mlflow_answers_are_usage_errors(
    capsys: pytest.CaptureFixture[str], answer: Callable[[str, str], Answer], says: str
) -> None:
    with fake_server(answer) as (url, _):
        args = ["discover", "--mlflow", url, "--catalog", CATALOG, "--today", TODAY]
        assert says in _one_line_usage_error(capsys, args, url)


DAY = 1_790_000_000


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (_prometheus([DAY, "1e400"]), "is not a number of requests"),
        (_prometheus([1e30, "5"]), "has no valid timestamp"),
        (_prometheus([float("nan"), "5"]), "has no valid timestamp"),
        (_prometheus([DAY, "-5"]), "is not a number of requests"),
        (_prometheus([DAY, "NaN"]), "is not a number of requests"),
        (_prometheus([DAY, "+Inf"]), "is not a number of requests"),
        (_prometheus([DAY, "1e19"]), "is not a number of requests (0 to 9223372036854775807)"),
        (_prometheus("x"), "a malformed sample 'x'"),
        (_prometheus([[[[[[[[[1]]]]]]]], 2]), "a malformed sample"),
        (lambda method, path: NESTED, "answered JSON nested too deeply to read"),
    ],
    ids=[
        "1e400",
        "timestamp-1e30",
        "timestamp-nan",
        "negative",
        "nan",
        "inf",
        "over-int64",
        "not-a-pair",
        "nested",
        "nested-body",
    ],
)
@pytest.mark.parametrize("command", ["discover", "report"])
def test_malformed_prometheus_answers_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
    answer: Callable[[str, str], Answer],
    says: str,
    command: str,
) -> None:
    with fake_server(answer) as (url, _):
        if command == "discover":
            args = ["discover", "--prometheus", url, "--catalog", CATALOG]
        else:
            args = ["report", "retirement", CATALOG, "--usage", f"prometheus:{url}"]
        assert says in _one_line_usage_error(capsys, [*args, "--today", TODAY], url)


def test_two_series_of_a_model_summing_past_the_bound(capsys: pytest.CaptureFixture[str]) -> None:
    big = str(2**62 + 2**61)
    result = [
        {"metric": {"model": "fraud-detector", "pod": p}, "values": [[DAY, big]]} for p in "ab"
    ]
    body = json_answer({"status": "success", "data": {"result": result}})
    with fake_server(lambda method, path: body) as (url, _):
        args = ["report", "retirement", CATALOG, "--usage", f"prometheus:{url}", "--today", TODAY]
        err = _one_line_usage_error(capsys, args, url)
    assert "more than 9223372036854775807 requests for fraud-detector on" in err


def _redirect(to: str) -> Callable[[str, str], Answer]:
    return lambda method, path: (302, {"Location": f"{to}{path}"}, b"")


def test_the_token_never_follows_a_redirect_to_another_origin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two real servers: the one configured redirects to the other, which must not get
    the token (urllib copies Authorization to wherever a redirect points)."""
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "SECRET")
    with (
        fake_server(mlflow_answer([], [])) as (other, seen),
        fake_server(_redirect(other)) as (configured, asked),
    ):
        args = ["discover", "--mlflow", configured, "--catalog", CATALOG, "--today", TODAY]
        err = _one_line_usage_error(capsys, args, configured)
    assert asked and asked[0].headers.get("Authorization") == "Bearer SECRET"
    assert seen == []  # not a request, let alone a token
    assert f"redirected GET /api/2.0/mlflow/model-versions/search to {other}/api/" in err
    assert "give that address instead" in err


def test_a_redirect_within_the_server_is_followed_with_the_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "SECRET")
    registry = mlflow_answer([{"name": "fraud-detector"}], [])

    def answer(method: str, path: str) -> Answer:
        if path.startswith("/moved/"):
            return registry(method, path.removeprefix("/moved"))
        return 301, {"Location": f"/moved{path}"}, b""

    with fake_server(answer) as (url, seen):
        args = ["discover", "--mlflow", url, "--catalog", CATALOG, "--today", TODAY]
        assert main([*args, "--format", "json"]) == 0
    capsys.readouterr()
    moved = [s for s in seen if s.path.startswith("/moved/")]
    assert moved and all(s.headers.get("Authorization") == "Bearer SECRET" for s in moved)


def test_a_redirected_write_is_refused_not_turned_into_a_read() -> None:
    """sync mlflow --apply: urllib turns a POST answered 302 into a GET, which sets
    nothing and passed for success; and would carry the token to the other origin."""
    with (
        fake_server(lambda method, path: json_answer({})) as (other, seen),
        fake_server(_redirect(other)) as (configured, _),
    ):
        client = MlflowClient.connect(configured, {"MLFLOW_TRACKING_TOKEN": "SECRET"})
        with pytest.raises(
            SourceError, match=re.escape("redirected POST /api/2.0/mlflow/registered-models/")
        ):
            client.set_tag("fraud-detector", "modelinv.owner", "team:payments-ml")
    assert seen == []


def test_prometheus_redirects_to_another_origin_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with (
        fake_server(_prometheus([DAY, "5"])) as (other, seen),
        fake_server(_redirect(other)) as (configured, _),
    ):
        args = ["report", "retirement", CATALOG, "--usage", f"prometheus:{configured}"]
        err = _one_line_usage_error(capsys, [*args, "--today", TODAY], configured)
    assert seen == [] and f"to {other}/api/v1/query_range" in err


@pytest.mark.parametrize(
    "args",
    [
        ["discover", "--mlflow", "http://ana:s3cret@127.0.0.1:9"],
        ["report", "retirement", "--usage", "prometheus:http://ana:s3cret@127.0.0.1:9"],
    ],
)
def test_a_url_with_credentials_is_refused_without_printing_them(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """urllib took `ana:s3cret@127.0.0.1` for the host name ('Name or service not known'),
    and the message hid why; the password is never printed."""
    catalog = Path(__file__).resolve().parents[2] / "catalog"
    where = ["--catalog", str(catalog)] if args[0] == "discover" else [str(catalog)]
    assert main([*args, *where, "--today", "2026-11-26"]) == 2
    err = capsys.readouterr().err
    assert "carries a user name or password" in err and "http://127.0.0.1:9" in err
    assert "s3cret" not in err


@pytest.mark.parametrize(
    "reply",
    [b"SSH-2.0-OpenSSH_9.6\r\n", b"+OK POP3 ready\r\n", b"HTTP/1.1 abc\r\n\r\n"],
    ids=["ssh", "pop3", "bad-status"],
)
@pytest.mark.parametrize("source", ["--mlflow", "--prometheus"])
def test_a_server_that_does_not_speak_http_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], reply: bytes, source: str
) -> None:
    """A URL naming the wrong port (SSH, a mail server) was an internal error (exit 3:
    http.client's BadStatusLine is no OSError)."""
    with raw_server(reply) as url:
        args = ["discover", source, url, "--catalog", CATALOG, "--today", TODAY]
        err = _one_line_usage_error(capsys, args, url)
    assert "did not answer HTTP" in err


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:99999", "port"),
        ("http://127.0.0.1:abc", "port"),
        ("http://[::1", "IPv6"),
        ("http://127.0.0.1:9/ml flow", "space or control character"),
        ("http://127.0.0.1:9/\tx", "space or control character"),
    ],
    ids=["port-range", "port-text", "ipv6", "space", "tab"],
)
@pytest.mark.parametrize(
    "command",
    [
        ["discover", "--mlflow", "{url}", "--catalog", CATALOG],
        ["discover", "--prometheus", "{url}", "--catalog", CATALOG],
        ["sync", "mlflow", "--mlflow", "{url}", "--catalog", CATALOG],
        ["report", "retirement", CATALOG, "--usage", "prometheus:{url}"],
    ],
    ids=["mlflow", "prometheus", "sync", "usage"],
)
def test_a_malformed_url_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], url: str, says: str, command: list[str]
) -> None:
    """A mistyped port or an unencoded space was an internal error (exit 3: ValueError,
    InvalidURL)."""
    args = [part.replace("{url}", url) for part in command]
    code = main([*args, "--today", TODAY])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert err.startswith("modelinv: ") and err.count("\n") == 1
    assert says in err
