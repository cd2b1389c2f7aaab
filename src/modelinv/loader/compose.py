"""Build plain data and a source map from a YAML event stream, refusing what we do not allow.

The composer is iterative with a hard depth limit, never expands aliases and stops at the
first problem that makes the rest of the file meaningless, so hostile input costs little.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections.abc import Hashable, Iterator
from typing import Any

from modelinv.checks.rules import (
    sch003_wrong_type,
    yml001_syntax,
    yml002_duplicate_key,
    yml003_tag,
    yml004_anchor,
    yml005_multiple_documents,
    yml007_empty_file,
    yml011_too_deep,
)
from modelinv.checks.rules.base import Rule
from modelinv.findings import Finding, Location
from modelinv.loader.document import Document, Pointer, Span
from modelinv.loader.resolve import MAYBE_NOT_TEXT, resolve_plain

MAX_DEPTH = 32
# YAML 1.2 ns-anchor-char: any non-space character but the flow indicators.
_ANCHOR_NAME = re.compile(r"[^\s,\[\]{}]+")
_CORE_TAGS = "tag:yaml.org,2002:"


class _Frame:
    __slots__ = ("container", "duplicate", "is_list", "key", "pointer", "seen", "start")

    def __init__(self, container: Any, pointer: Pointer, start: tuple[int, int]) -> None:
        self.container = container
        self.is_list = type(container) is list
        self.pointer = pointer
        self.start = start
        self.key: str | None = None
        self.duplicate = False  # the pending key repeats an earlier one: drop its value
        # A key's YAML identity (see key_identity) -> the line it was first written on.
        self.seen: dict[Hashable, int] = {}


class _Stop(Exception):
    """The rest of the stream cannot be trusted; keep what was found so far."""


def compose(events: Iterator[Any], doc: Document) -> None:
    """Fill `doc` from `events` (PyYAML or ruamel.yaml events: both share the shape).

    This loop is where validation spends its time (one pass per YAML event), so the common
    case, an untagged scalar inside a mapping or list, is handled inline with local
    variables; everything else goes through `_Composer`.
    """
    composer = _Composer(doc)
    stack, values, keys = composer.stack, doc.values, doc.keys
    previous_end = None
    with contextlib.suppress(_Stop):
        for event in events:
            if (
                event.__class__.__name__ != "ScalarEvent"
                or not stack
                or event.anchor is not None
                or event.tag is not None
                or event.implicit == (False, False)
            ):
                composer.feed(event, previous_end)
                previous_end = event.end_mark
                continue
            text, style = event.value, event.style
            if text == "" and not style and previous_end is not None:
                # Parsers place an empty value differently; pin it right after what precedes.
                span = (previous_end.line + 1, previous_end.column + 1) * 2
            else:
                start, end = event.start_mark, event.end_mark
                span = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            previous_end = event.end_mark
            frame = stack[-1]
            if frame.is_list:
                values[(*frame.pointer, len(frame.container))] = span
                frame.container.append(_value(event))
            elif frame.key is None:
                # Only a plain key that may not be text needs resolving (`~`, `1`, `true`).
                maybe_not_text = not text or text[0] in MAYBE_NOT_TEXT
                ident = key_identity(text) if maybe_not_text and not style else text
                if ident in frame.seen or text in frame.container or text == "<<":
                    composer.add_key(frame, text, span, event)
                else:
                    frame.key, frame.duplicate = text, False
                    frame.seen[ident] = span[0]
                    keys[(*frame.pointer, text)] = span
            else:
                if not frame.duplicate:
                    frame.container[frame.key] = _value(event)
                    values[(*frame.pointer, frame.key)] = span
                frame.key = None
    composer.finish()


def _short_tag(tag: str | None) -> str:
    """A tag as the user wrote it: `!!str`, not `tag:yaml.org,2002:str`."""
    text = str(tag or "!")
    return "!!" + text.removeprefix(_CORE_TAGS) if text.startswith(_CORE_TAGS) else text


def _value(event: Any) -> Any:
    """A scalar's value: plain ones are typed (YAML 1.2 core), quoted ones stay text."""
    return resolve_plain(event.value) if event.implicit[0] and not event.style else event.value


def _tagged_value(event: Any) -> Any:
    """A tagged scalar's value: the non-specific tag `!` makes it text (libyaml marks it
    so, ruamel.yaml leaves it to be typed)."""
    return event.value if event.tag == "!" else _value(event)


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Composer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root_set = False
        self.stopped = False  # composing ended at a finding: the file is not "empty"

    def fail(self, rule: Rule, event: Any, message: str, hint: str) -> None:
        self.stop(rule.at(self.doc.locate_mark(event), message, hint=hint))

    def stop(self, finding: Finding) -> None:
        self.doc.findings.append(finding)
        self.stopped = True
        raise _Stop

    def feed(self, event: Any, previous_end: Any) -> None:
        name = type(event).__name__
        if name == "ScalarEvent":
            self.scalar(event, previous_end)
        elif name in ("MappingStartEvent", "SequenceStartEvent"):
            self.start(event, {} if name[0] == "M" else [])
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            frame = self.stack.pop()
            end = event.end_mark
            self.doc.values[frame.pointer] = (*frame.start, end.line + 1, end.column + 1)
            if self.stack:
                self.stack[-1].key = None
        elif name == "AliasEvent":
            self.fail(
                yml004_anchor.RULE,
                event,
                f"alias '*{event.anchor}' is not allowed",
                "write the value out in full",
            )
        elif name == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                # Parsers start the event at different places (directives or `---`); both
                # end it after the `---`, so the finding points at that marker.
                end = event.end_mark
                where = Location(self.doc.path, end.line + 1, end.column + 1 - 3 * event.explicit)
                self.stop(
                    yml005_multiple_documents.RULE.at(
                        where,
                        "a second YAML document in the same file",
                        hint="one entity per file: move it to a file of its own",
                    )
                )

    def finish(self) -> None:
        if self.stopped:
            return
        if not self.root_set or self.doc.data is None:
            self.doc.findings.append(
                yml007_empty_file.RULE.at(
                    self.doc.locate(()),
                    "the file holds no entity",
                    hint="fill it in (see the format reference) or delete it",
                )
            )

    def check_node(self, event: Any, explicit_tag: bool) -> None:
        if event.anchor is not None:
            where, name = self.anchor_in_source(event)
            self.stop(
                yml004_anchor.RULE.at(
                    where,
                    f"anchor '&{name}' is not allowed",
                    hint="write each value out in full; aliases are not supported",
                )
            )
        if explicit_tag:
            # Reported, then ignored: a tag changes nothing in how modelinv reads the value.
            self.doc.findings.append(
                yml003_tag.RULE.at(
                    self.doc.locate_mark(event),
                    f"explicit tag '{_short_tag(event.tag)}' is not allowed",
                    hint="remove the tag; quote the value if it must stay a string",
                )
            )

    def anchor_in_source(self, event: Any) -> tuple[Location, str]:
        """Where `&name` is written and the name as YAML 1.2 reads it (`:` included).

        Parsers start a node's event at its tag or at its anchor, and libyaml ends an
        anchor's name at `:`; the text itself gives one answer for both.
        """
        mark = event.start_mark
        lines = self.doc.source.split("\n", mark.line + 1)
        line = lines[mark.line] if mark.line < len(lines) else ""
        column = line.find("&", mark.column)
        if column < 0:
            return self.doc.locate_mark(event), str(event.anchor)
        name = _ANCHOR_NAME.match(line, column + 1)
        return Location(self.doc.path, mark.line + 1, column + 1), name.group() if name else ""

    def scalar(self, event: Any, previous_end: Any) -> None:
        if event.anchor is not None or event.tag is not None or event.implicit == (False, False):
            self.check_node(event, event.tag is not None or event.implicit == (False, False))
        text, style = event.value, event.style
        value = _tagged_value if event.tag is not None else _value
        if text == "" and not style and previous_end is not None:
            # Parsers place an empty value differently; pin it right after what precedes it.
            span = (previous_end.line + 1, previous_end.column + 1) * 2
        else:
            start, end = event.start_mark, event.end_mark
            span = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        if not self.stack:
            self.doc.data, self.root_set = value(event), True
            self.doc.values[()] = span
            return
        frame = self.stack[-1]
        container = frame.container
        if type(container) is list:
            self.doc.values[(*frame.pointer, len(container))] = span
            container.append(value(event))
        elif frame.key is None:
            self.add_key(frame, text, span, event)
        else:
            if not frame.duplicate:
                container[frame.key] = value(event)
                self.doc.values[(*frame.pointer, frame.key)] = span
            frame.key = None

    def start(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        self.check_node(event, event.tag is not None and not event.implicit)
        if len(self.stack) >= MAX_DEPTH:
            self.fail(
                yml011_too_deep.RULE,
                event,
                f"nesting deeper than {MAX_DEPTH} levels",
                "catalog entries nest a few levels at most",
            )
        if self.stack:
            pointer = self.child_pointer(self.stack[-1], container, event)
        else:
            pointer = ()
            self.doc.data, self.root_set = container, True
        self.stack.append(_Frame(container, pointer, _mark(event.start_mark)))

    def child_pointer(self, parent: _Frame, child: Any, event: Any) -> Pointer:
        if isinstance(parent.container, list):
            pointer = (*parent.pointer, len(parent.container))
            parent.container.append(child)
            return pointer
        if parent.key is None:
            self.fail(
                yml001_syntax.RULE,
                event,
                "a mapping or list cannot be a key",
                "keys are plain names",
            )
        assert parent.key is not None
        if parent.duplicate:
            return (*parent.pointer, parent.key, -1)  # composed for its findings, never stored
        pointer = (*parent.pointer, parent.key)
        parent.container[parent.key] = child
        return pointer

    def add_key(self, frame: _Frame, key: str, span: Span, event: Any) -> None:
        if key == "<<" and not event.style:
            self.fail(
                yml004_anchor.RULE,
                event,
                "merge key '<<' is not allowed",
                "write the merged keys out in full",
            )
        plain = not event.style and event.tag is None
        ident = key_identity(key) if plain else key
        frame.key, frame.duplicate = key, ident in frame.seen or key in frame.container
        if ident in frame.seen:
            self.doc.findings.append(
                yml002_duplicate_key.RULE.at(
                    self.doc.locate_mark(event),
                    f"duplicate key '{key}' (first defined on line {frame.seen[ident]})",
                    hint="keep one of them",
                )
            )
        elif key in frame.container:
            # Different keys to YAML (`1` is a number, `"1"` text) but one field name.
            first = self.doc.keys[(*frame.pointer, key)][0]
            self.doc.findings.append(
                sch003_wrong_type.RULE.at(
                    self.doc.locate_mark(event),
                    f"key '{key}' and the key on line {first} are different YAML values "
                    "(text and a number, boolean, null or date) that name the same field",
                    hint="field names are text: quote both, or rename one",
                )
            )
        else:
            frame.seen[ident] = span[0]
            self.doc.keys[(*frame.pointer, key)] = span


@functools.lru_cache(maxsize=1024)
def key_identity(text: str) -> Hashable:
    """What a plain key is to YAML: `null` and `~` are one key, `1` and `"1"` two.

    Text stays itself; any other value is tagged with its type, so it never equals text
    (and `1`, `1.0` and `true`, equal in Python, stay apart as YAML wants; `1` and `0x1`
    are one integer).
    """
    value = resolve_plain(text)
    if isinstance(value, str):
        return text
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)
