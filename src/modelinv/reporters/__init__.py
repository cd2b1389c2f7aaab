"""Reporters turn a `Result` into text; each is a module with a `render` function."""

from __future__ import annotations

from collections.abc import Callable

from modelinv.findings import Result
from modelinv.reporters import github, json_format, sarif, text

Reporter = Callable[[Result], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
}
