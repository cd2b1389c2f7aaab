"""One file from bytes to a `Document`: encoding, directives, parse, compose."""

from __future__ import annotations

from typing import Any, Literal

from modelinv.checks.rules import (
    sch010_unsafe_characters,
    yml001_syntax,
    yml006_directive,
    yml008_encoding,
    yml009_tab_indentation,
)
from modelinv.findings import Finding, Location
from modelinv.loader.compose import compose
from modelinv.loader.document import Document, Span
from modelinv.loader.nodes import compose_fast
from modelinv.loader.parsers import (
    EventSource,
    error_mark,
    has_libyaml,
    libyaml_events,
    ruamel_events,
)
from modelinv.loader.read import read_bytes
from modelinv.support.unsafe_text import describe, plainly_safe

ParserName = Literal["auto", "libyaml", "ruamel"]
PARSERS: dict[str, EventSource] = {"libyaml": libyaml_events, "ruamel": ruamel_events}

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
    doc.source = text
    if not doc.plainly_safe and _ambiguous_break(text, doc):
        return doc
    if _directive(text, doc):
        return doc
    name = parser if parser != "auto" else ("libyaml" if has_libyaml() else "ruamel")
    if parser == "auto" and not doc.plainly_safe and _first_separator(text) >= 0:
        name = "ruamel"  # libyaml counts a LINE SEPARATOR as a line: every mark after is off
    if name == "libyaml" and compose_fast(data, doc):
        if not doc.plainly_safe:
            _lost_separator(text, doc)
        return doc
    try:
        compose(PARSERS[name](data, text), doc)
    except Exception as exc:
        if parser == "auto" and name == "libyaml":
            # Parsers word their errors differently: report the reference parser's words so
            # a finding never depends on which parser happened to be installed.
            return load_bytes(data, display, "ruamel")
        retried = _without_separating_tabs(text, doc, exc) if name == "ruamel" else None
        if retried is not None:
            doc = retried
        else:
            separator = _first_separator(text)
            # libyaml may have read a separator as a line break where ruamel.yaml fails:
            # name the character, as the libyaml path does, rather than the parse error.
            doc.findings.append(
                _separator_finding(text, display, separator)
                if separator >= 0
                else _parse_error(exc, text, display)
            )
            doc.data = None
            return doc
    if "\t" in text and not doc.findings:
        _refuse_indenting_tab(text, doc)
    if not doc.plainly_safe and not doc.findings:
        _lost_separator(text, doc)
    return doc


_SEPARATORS = ("\u2028", "\u2029")


def _first_separator(text: str) -> int:
    return min((i for i in map(text.find, _SEPARATORS) if i >= 0), default=-1)


def _lost_separator(text: str, doc: Document) -> None:
    """A raw LINE or PARAGRAPH SEPARATOR survives inside quoted text, but libyaml ends a
    line there elsewhere (a comment, a flow collection) and ruamel.yaml does not: refuse
    each one that did not end up in a value, so the stored text matches the file."""
    if _first_separator(text) < 0:
        return
    for index, char in enumerate(text):
        if char not in _SEPARATORS:
            continue
        line = text.count("\n", 0, index) + 1
        column = index - text.rfind("\n", 0, index)
        if not _kept_in_a_value(doc, char, (line, column)):
            doc.findings.append(_separator_finding(text, doc.path, index))
            doc.data = None
            return


def _kept_in_a_value(doc: Document, char: str, here: tuple[int, int]) -> bool:
    for table in (doc.values, doc.keys):
        for pointer, (line, column, end_line, end_column) in table.items():
            if (line, column) <= here < (end_line, end_column):
                value: Any = pointer[-1] if table is doc.keys else _at(doc.data, pointer)
                if isinstance(value, str) and char in value:
                    return True
    return False


def _at(data: Any, pointer: tuple[str | int, ...]) -> Any:
    for step in pointer:
        data = data.get(step) if isinstance(data, dict) else _item(data, step)
    return data


def _separator_finding(text: str, path: str, index: int) -> Finding:
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return sch010_unsafe_characters.RULE.at(
        Location(path, line, column, line, column + 1),
        f"raw {describe(text[index])} outside quoted text: YAML parsers disagree on whether "
        "it ends the line",
        hint="remove it, or write it inside a quoted value",
    )


def _refuse_indenting_tab(text: str, doc: Document) -> None:
    """libyaml reads a tab before a line's first token as indentation (YAML forbids it)
    where ruamel.yaml refuses it: refuse it after either parse, so both agree."""
    spans = None
    for number, row in enumerate(text.split("\n")):
        column = row.find("\t")
        if column < 0 or row[:column].strip() or not row.strip():
            continue
        spans = spans if spans is not None else _multiline_scalar_spans(doc)
        if not _continues_scalar(spans, number, column):
            doc.findings.append(_tab_finding(doc.path, number, column))
            doc.data = None
            return


_MAX_TAB_RETRIES = 32  # each is a full parse; a file rarely holds more refused tabs


def _without_separating_tabs(text: str, doc: Document, exc: Exception) -> Document | None:
    """ruamel.yaml refuses tabs that YAML 1.2 (and libyaml) allow as separation: after a
    value, on a blank line, after `---`, before a continuation line's text. Parse again
    with each refused tab made a space; the result stands if every such tab was one of
    those, so the verdict does not depend on the parser. None: not a tab problem."""
    current, tabs = text, []
    for _ in range(_MAX_TAB_RETRIES):
        found = error_mark(exc)
        offset = _offset(current, found[0], found[1]) if found else None
        if found is None or offset is None or current[offset] != "\t":
            return None
        tabs.append((found[0], found[1]))
        current = f"{current[:offset]} {current[offset + 1 :]}"
        retry = Document(doc.path, plainly_safe=doc.plainly_safe, source=text)
        try:
            compose(ruamel_events(current.encode(), current), retry)
        except Exception as again:
            exc = again
            continue
        for line, column in tabs:
            if not _separating(text, retry, line, column):
                return None  # a tab used as indentation: the original error says so
        return retry
    return None


def _offset(text: str, line: int, column: int) -> int | None:
    """The index of 0-based (line, column) in `text`."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    index = start + column
    return index if index < len(text) else None


def _separating(text: str, doc: Document, line: int, column: int) -> bool:
    """Is the tab at 0-based (line, column) whitespace between tokens, not indentation?"""
    row = text.split("\n")[line]
    before, after = row[:column].strip(), row[column + 1 :].lstrip(" \t")
    if not row.strip():  # a blank line: fine, unless it lies inside a block scalar
        return not any(
            first - 1 < line and text.split("\n")[first - 1][col - 1 : col] in ("|", ">")
            for first, col, last, _ in _multiline_scalar_spans(doc)
            if line < last
        )
    if before:
        # Separation after a token, unless what follows starts a block collection entry,
        # which a tab would indent (`-<TAB>- x`).
        return not (after[:1] in ("-", "?") and after[1:2] in ("", " ", "\t"))
    return _continues_scalar(_multiline_scalar_spans(doc), line, column)


def _multiline_scalar_spans(doc: Document) -> list[Span]:
    """Spans of what runs over several lines and takes leading whitespace as content or
    separation, not indentation: scalars, and flow (`[...]`, `{...}`) collections."""
    found = []
    lines = doc.source.split("\n")
    for pointer, span in doc.values.items():
        if span[0] == span[2]:
            continue
        value: Any = doc.data
        for step in pointer:
            value = value.get(step) if isinstance(value, dict) else _item(value, step)
        row = lines[span[0] - 1] if span[0] <= len(lines) else ""
        if not isinstance(value, dict | list) or row[span[1] - 1 : span[1]] in ("[", "{"):
            found.append(span)
    return found


def _item(value: Any, step: str | int) -> Any:
    return value[step] if isinstance(value, list) and isinstance(step, int) else None


def _continues_scalar(spans: list[Span], line: int, column: int) -> bool:
    """Does a multi-line scalar (plain, quoted or block) continue at 0-based (line, column),
    where leading whitespace is part of the scalar rather than indentation?"""
    here = (line + 1, column + 1)
    return any(first < here[0] and here <= (last, last_col) for first, _, last, last_col in spans)


def _tab_finding(path: str, line: int, column: int) -> Finding:
    return yml009_tab_indentation.RULE.at(
        Location(path, line + 1, column + 1),
        "tab character used for indentation",
        hint="indent with spaces",
    )


def _decode(data: bytes, doc: Document) -> str | None:
    """The text of `data`, or None after recording why it is not UTF-8."""
    try:
        text = data.decode("utf-8")  # one pass for a good file (a wide BOM never decodes)
    except UnicodeDecodeError:
        text = None
    if text is not None and b"\x00" not in data.removeprefix(_UTF8_BOM)[:4]:
        return text
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


# YAML 1.1 (libyaml) ends a line at NEXT LINE, YAML 1.2 (ruamel.yaml) does not: written
# raw, the parsers read different documents, and even a quoted scalar silently loses the
# character (folded to a space), so the stored text differs from the bytes in git. (The
# LINE and PARAGRAPH SEPARATOR survive in quoted text; see `_lost_separator`.)
_AMBIGUOUS_BREAKS = ("\x85",)


def _ambiguous_break(text: str, doc: Document) -> bool:
    """Report the first raw NEXT LINE (a single-character search)."""
    found = min((i for i in map(text.find, _AMBIGUOUS_BREAKS) if i >= 0), default=-1)
    if found < 0:
        return False
    line = text.count("\n", 0, found) + 1
    column = found - text.rfind("\n", 0, found)
    doc.findings.append(
        sch010_unsafe_characters.RULE.at(
            Location(doc.path, line, column, line, column + 1),
            f"raw {describe(text[found])}: YAML parsers disagree on whether it ends the line",
            hint="remove it; end lines with a plain newline",
        )
    )
    return True


def _directive(text: str, doc: Document) -> bool:
    """Report `%` directives, which only appear before the first document's content."""
    if "%" not in text:
        return False  # nearly every file: no need to split it into lines
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
        return _tab_finding(display, line, indent.index("\t") if "\t" in indent else column)
    return yml001_syntax.RULE.at(where, f"invalid YAML: {problem}", hint=None)
