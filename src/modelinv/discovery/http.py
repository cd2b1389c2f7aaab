"""JSON over HTTP(S) with the standard library, every failure one line (`SourceError`).

urllib rather than a client library: the registries' REST APIs are small and stable, and
modelinv stays installable without the MLflow or Prometheus clients and their dependencies.

Every request of modelinv goes through `request_json`. A redirect is followed only within
the origin (scheme, host, port) asked, and only for a GET: urllib would copy the
`Authorization` header (an MLflow token) to any host a server names, and turn a redirected
POST into a GET that sets nothing. Anything else is a `SourceError` naming where it
pointed, so the user configures the right address.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from modelinv.discovery.observation import SourceError

TIMEOUT_SECONDS = 30.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
# urllib sends a space or a control character as it is (a broken request line), or
# refuses it with an exception of http.client's own.
_UNSENDABLE = re.compile(r"[\x00-\x20\x7f]")


class _Redirected(Exception):
    """A redirect `request_json` does not follow (to `url`)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, within the origin asked and for GETs only."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if req.data is not None or origin_of(newurl) != origin_of(req.full_url):
            fp.close()
            raise _Redirected(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameOriginRedirects)


def origin_of(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of `url`, the default port written out."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number
        port = -1
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or ""), port or _DEFAULT_PORTS.get(scheme)


def check_base_url(url: str, what: str) -> str:
    """`url` without a trailing slash, if it is an http(s) URL with a host."""
    try:
        parsed = urllib.parse.urlsplit(url)
    except ValueError as exc:  # `http://[::1` (an IPv6 address left open)
        shown = "" if "@" in url else f" '{url}'"
        raise SourceError(f"{what} URL{shown} is not a valid URL: {exc}") from None
    if "@" in parsed.netloc:  # urllib would take `user:password@host` for the host name
        bare = parsed._replace(netloc=parsed.netloc.rpartition("@")[2]).geturl()
        raise SourceError(
            f"{what} URL '{bare}' carries a user name or password before its host: modelinv "
            "takes none from a URL (it would be printed in errors and CI logs); give the "
            "address alone (MLflow reads MLFLOW_TRACKING_USERNAME and _PASSWORD, or "
            "MLFLOW_TRACKING_TOKEN)"
        )
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SourceError(f"{what} URL '{url}' is not an http(s) URL with a host")
    try:
        _ = parsed.port
    except ValueError:  # `:abc`, `:99999`
        raise SourceError(
            f"{what} URL '{url}' has no valid port: give a number from 1 to 65535"
        ) from None
    unsendable = _UNSENDABLE.search(url)
    if unsendable is not None:
        raise SourceError(
            f"{what} URL '{url}' holds a space or control character at position "
            f"{unsendable.start() + 1}: percent-encode it (a space is %20)"
        )
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
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as answer:
            raw = answer.read(MAX_RESPONSE_BYTES + 1)
    except _Redirected as exc:
        path = urllib.parse.urlsplit(url).path
        raise SourceError(
            f"{what} at {_origin(url)} redirected {request.get_method()} {path} to "
            f"{exc.url}: not followed (modelinv follows redirects only within the server it "
            "is given, for reads, and never sends credentials elsewhere); give that "
            "address instead"
        ) from None
    except urllib.error.HTTPError as exc:
        raise SourceError(_http_error(what, url, exc)) from None
    except http.client.IncompleteRead as exc:
        raise SourceError(
            f"{what} at {_origin(url)} cut its answer short ({len(exc.partial)} bytes "
            f"read) for {urllib.parse.urlsplit(url).path}"
        ) from None
    except http.client.HTTPException as exc:  # BadStatusLine: not an HTTP server at all
        first = str(exc).splitlines()[0][:80] if str(exc).strip() else type(exc).__name__
        raise SourceError(
            f"{what} at {_origin(url)} did not answer HTTP ({first!r}): is it the right "
            "host and port?"
        ) from None
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
