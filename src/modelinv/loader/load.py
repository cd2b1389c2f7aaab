"""One file from bytes to a `Document`: encoding, directives, parse, compose."""

from __future__ import annotations

from typing import Literal

from modelinv.checks.rules import (
    yml001_syntax,
    yml006_directive,
    yml008_encoding,
    yml009_tab_indentation,
)
from modelinv.findings import Finding, Location
from modelinv.loader.compose import compose
from modelinv.loader.document import Document
from modelinv.loader.nodes import compose_fast
from modelinv.loader.parsers import EventSource, error_mark, has_libyaml, libyaml_events
from modelinv.loader.parsers import ruamel_events as _ruamel_events
from modelinv.loader.read import read_bytes
from modelinv.support.unsafe_text import plainly_safe

ParserName = Literal["auto", "libyaml", "ruamel"]
PARSERS: dict[str, EventSource] = {"libyaml": libyaml_events, "ruamel": _ruamel_events}

_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = {
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\xfe\xff": "UTF-16",
    b"\xff\xfe": "UTF-16",
}


def load_path(path: str, display: str, parser: ParserName = "auto") -> Document:
    data = read_bytes(path, display)
    if not isinstance(data, bytes):
        return Document(display, findings=[data])
    return load_bytes(data, display, parser)


def load_bytes(data: bytes, display: str, parser: ParserName = "auto") -> Document:
    doc = Document(display)
    text = _decode(data, doc)
    if text is None:
        return doc
    if data.startswith(_UTF8_BOM):
        data, text = data[3:], text.removeprefix("\ufeff")
    doc.plainly_safe = plainly_safe(text)
    if _directive(text, doc):
        return doc
    name = parser if parser != "auto" else ("libyaml" if has_libyaml() else "ruamel")
    if name == "libyaml" and compose_fast(data, doc):
        return doc
    try:
        compose(PARSERS[name](data, text), doc)
    except Exception as exc:
        if parser == "auto" and name == "libyaml":
            # Parsers word their errors differently: report the reference parser's words so
            # a finding never depends on which parser happened to be installed.
            return load_bytes(data, display, "ruamel")
        doc.findings.append(_parse_error(exc, text, display))
        doc.data = None
    return doc


def _decode(data: bytes, doc: Document) -> str | None:
    """The text of `data`, or None after recording why it is not UTF-8."""
    problem = _encoding_problem(data)
    if problem is None:
        return data.decode("utf-8")
    line, column, message = problem
    doc.findings.append(
        yml008_encoding.RULE.at(
            Location(doc.path, line, column), message, hint="save the file as UTF-8"
        )
    )
    return None


def _encoding_problem(data: bytes) -> tuple[int, int, str] | None:
    for bom, name in _WIDE_BOMS.items():
        if data.startswith(bom):
            return 1, 1, f"file is {name}; catalog files must be UTF-8"
    data = data.removeprefix(_UTF8_BOM)  # columns never count the byte order mark
    if b"\x00" in data[:4]:
        return 1, 1, "file looks like UTF-16 or UTF-32; use UTF-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return line, column, f"byte 0x{data[exc.start]:02x} is not valid UTF-8"
    return None


def _directive(text: str, doc: Document) -> bool:
    """Report `%` directives, which only appear before the first document's content."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line.startswith("%"):
            break
        found = True
        doc.findings.append(
            yml006_directive.RULE.at(
                Location(doc.path, number, 1),
                f"directive '{stripped[:40]}' is not allowed",
                hint="delete it: catalog files are YAML 1.2 without directives",
            )
        )
    return found


def _parse_error(exc: Exception, text: str, display: str) -> Finding:
    found = error_mark(exc)
    position = getattr(exc, "position", None)
    if found is None and isinstance(position, int) and position <= len(text):
        before = text[:position]
        line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
        char = text[position : position + 1]
        return yml001_syntax.RULE.at(
            Location(display, line, column),
            f"character U+{ord(char or chr(0)):04X} is not allowed in YAML",
            hint="remove the control character",
        )
    if found is None:
        return yml001_syntax.RULE.at(
            Location(display, 1, 1), f"cannot parse YAML: {type(exc).__name__}: {exc}"[:300]
        )
    line, column, problem = found
    lines = text.splitlines()
    here = lines[line][column : column + 1] if line < len(lines) else ""
    indent = (
        lines[line][: len(lines[line]) - len(lines[line].lstrip())] if line < len(lines) else ""
    )
    where = Location(display, line + 1, column + 1)
    if here == "\t" or "\t" in indent:
        tab = indent.index("\t") if "\t" in indent else column
        return yml009_tab_indentation.RULE.at(
            Location(display, line + 1, tab + 1),
            "tab character where YAML needs spaces",
            hint="indent with spaces",
        )
    return yml001_syntax.RULE.at(where, f"invalid YAML: {problem}", hint=None)
