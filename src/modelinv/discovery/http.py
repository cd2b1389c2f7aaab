"""JSON over HTTP(S) with the standard library, every failure one line (`SourceError`).

urllib rather than a client library: the registries' REST APIs are small and stable, and
modelinv stays installable without the MLflow or Prometheus clients and their dependencies.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from modelinv.discovery.observation import SourceError

TIMEOUT_SECONDS = 30.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


def check_base_url(url: str, what: str) -> str:
    """`url` without a trailing slash, if it is an http(s) URL with a host."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SourceError(f"{what} URL '{url}' is not an http(s) URL with a host")
    return url.rstrip("/")


def request_json(
    url: str,
    what: str,
    headers: Mapping[str, str] | None = None,
    body: Mapping[str, Any] | None = None,
    method: str | None = None,
) -> Any:
    """The decoded JSON answer of a GET (or a POST/PATCH with a JSON body)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    all_headers = {"Accept": "application/json", **(headers or {})}
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            raw = answer.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SourceError(_http_error(what, url, exc)) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"{what} at {_origin(url)} is unreachable: {reason}") from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise SourceError(f"{what} at {_origin(url)}: answer over {MAX_RESPONSE_BYTES} bytes")
    try:
        return json.loads(raw)
    except ValueError:
        raise SourceError(f"{what} at {_origin(url)} did not answer JSON ({url})") from None
    except RecursionError:
        raise SourceError(
            f"{what} at {_origin(url)} answered JSON nested too deeply to read ({url})"
        ) from None


def _http_error(what: str, url: str, exc: urllib.error.HTTPError) -> str:
    where = _origin(url)
    if exc.code in (401, 403):
        return (
            f"{what} at {where} refused the credentials (HTTP {exc.code}); check the "
            "token or user name and password in the environment"
        )
    detail = ""
    try:
        payload = json.loads(exc.read(4096))
        detail = str(payload.get("message") or payload.get("error") or "")
    except (ValueError, AttributeError, OSError):
        detail = ""
    detail = detail.splitlines()[0][:200] if detail else exc.reason or ""
    path = urllib.parse.urlsplit(url).path
    return f"{what} at {where} answered HTTP {exc.code} for {path}: {detail}"


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
