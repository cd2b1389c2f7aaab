"""Workflow commands read back the way GitHub's runner reads them (actions/runner,
`ActionCommand.TryParseV2`), for the tests of every GitHub output format."""

from __future__ import annotations

KNOWN = frozenset({"warning", "error", "notice"})


def _unescape_property(value: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def _unescape_data(value: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """(command, properties, message) as the runner parses a line: the command name is
    the text up to the first space, and only a known command becomes an annotation."""
    assert line.startswith("::") and "\n" not in line and "\r" not in line
    end = line.index("::", 2)
    info, message = line[2:end], line[end + 2 :]
    name, _, rest = info.partition(" ")
    assert name in KNOWN, f"{name!r} is not a command GitHub knows: no annotation"
    properties = {}
    for pair in filter(None, rest.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = _unescape_property(value)
    return name, properties, _unescape_data(message)
