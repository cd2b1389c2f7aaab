"""Escaping that Jinja's autoescape does not cover: URLs and JSON inside a script element."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from modelinv.support.batches import batched

# `\s` matches exactly what str.isspace() accepts (both use Py_UNICODE_ISSPACE).
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
# One encoder for every call: `json.dumps` with options makes a new one each time (~2 us),
# and the index page encodes one row per model.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def safe_url(text: str | None) -> str | None:
    """`text` when it is an absolute http(s) URL with a host, else None (render as text)."""
    if not text or _SPACE_OR_CONTROL.search(text):
        return None
    host = _plain_host(text)
    if host is not None:
        return text if host else None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def _plain_host(text: str) -> str | None:
    """The host part (netloc) of an ASCII URL that starts `http://` or `https://` in lower
    case and whose netloc has no brackets, as `urlsplit` finds it; None for any other text,
    which goes to `urlsplit` itself. Why: `urlsplit`'s cache holds 128 URLs, and a build
    checks each model's own links (~5 a page), so it parsed nearly every one afresh
    (~3 us); on such URLs `urlsplit` can raise nothing (only brackets and non-ASCII hosts
    can fail)."""
    if text.startswith("https://"):
        start = 8
    elif text.startswith("http://"):
        start = 7
    else:
        return None
    if not text.isascii():
        return None
    end = len(text)
    for stop in "/?#":
        found = text.find(stop, start, end)
        if found >= 0:
            end = found
    host = text[start:end]
    return None if "[" in host or "]" in host else host


def script_json_texts(texts: Iterable[str], batch: int = 256) -> Iterator[Markup]:
    """`script_json(list(items))` of items each already encoded by `script_json`, in parts
    of up to `batch` items (joined, the very same text): the items can be made as they are
    needed and dropped once joined."""
    yield Markup("[")
    separator = ""
    for group in batched(texts, batch):
        yield Markup(separator + ",".join(group))
        separator = ","
    yield Markup("]")


def script_json(data: Any) -> Markup:
    """JSON for a `<script type="application/json">` element that cannot close it: `<`, `>`,
    `&` and the JavaScript line separators become \\u escapes such as \\u003c (valid JSON,
    same value)."""
    text = _ENCODER.encode(data)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)
