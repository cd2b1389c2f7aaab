"""Event sources. Both yield the same event shapes; typing happens later, in one place.

`libyaml` (PyYAML's C parser) is the fast path: ~6x faster than ruamel.yaml's C-backed
safe loader, because only events cross into Python. `ruamel` (pure Python, YAML 1.2) is
the reference path, used when libyaml is missing and by the tests that prove both agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

try:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]  # the stubs omit it
except ImportError:  # PyYAML built without libyaml: the ruamel path serves alone
    CParser = None  # type: ignore[misc,assignment]

EventSource = Callable[[bytes, str], Iterator[Any]]


def libyaml_events(data: bytes, text: str) -> Iterator[Any]:
    parser = CParser(data)
    try:
        yield from iter(parser.get_event, None)  # None once the stream has ended
    finally:
        parser.dispose()


_ruamel: Any = None


def ruamel_events(data: bytes, text: str) -> Iterator[Any]:
    global _ruamel  # noqa: PLW0603 - one YAML instance per process; building one is costly
    if _ruamel is None:
        from ruamel.yaml import YAML

        _ruamel = YAML(typ="safe", pure=True)
    yield from _ruamel.parse(text)


def has_libyaml() -> bool:
    return CParser is not None


# Errors the parsers raise for bad input. ruamel.yaml's are imported lazily by `error_mark`.
def error_mark(exc: BaseException) -> tuple[int, int, str] | None:
    """0-based (line, column) and the problem text of a parser error, when it has one."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    if mark is not None:
        return mark.line, mark.column, str(problem)
    return None
