"""Build plain data and a source map from a YAML event stream, refusing what we do not allow.

The composer is iterative with a hard depth limit, never expands aliases and stops at the
first problem that makes the rest of the file meaningless, so hostile input costs little.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from modelinv.loader.document import Document, Pointer, Span
from modelinv.loader.resolve import resolve_plain
from modelinv.rules import (
    yml002_duplicate_key,
    yml003_tag,
    yml004_anchor,
    yml005_multiple_documents,
    yml007_empty_file,
    yml011_too_deep,
)

MAX_DEPTH = 32


class _Frame:
    __slots__ = ("container", "duplicate", "key", "pointer", "seen", "start")

    def __init__(self, container: Any, pointer: Pointer, start: tuple[int, int]) -> None:
        self.container = container
        self.pointer = pointer
        self.start = start
        self.key: str | None = None
        self.duplicate = False  # the pending key repeats an earlier one: drop its value
        self.seen: dict[str, int] = {}


class _Stop(Exception):
    """The rest of the stream cannot be trusted; keep what was found so far."""


def compose(events: Iterator[Any], doc: Document) -> None:
    """Fill `doc` from `events` (PyYAML or ruamel.yaml events: both share the shape)."""
    with contextlib.suppress(_Stop):
        _compose(events, doc)


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _span(event: Any) -> Span:
    start, end = event.start_mark, event.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _compose(events: Iterator[Any], doc: Document) -> None:
    stack: list[_Frame] = []
    documents = 0
    root_set = False
    last_end = (1, 1)
    for event in events:
        name = type(event).__name__
        previous_end, last_end = last_end, _mark(event.end_mark)
        if name == "ScalarEvent":
            _check_node(event, doc)
            if event.tag is not None or event.implicit == (False, False):
                doc.findings.append(
                    yml003_tag.RULE.at(
                        doc.locate_mark(event),
                        f"explicit tag '{event.tag or '!'}' is not allowed",
                        hint="remove the tag; quote the value if it must stay a string",
                    )
                )
                raise _Stop
            value = (
                resolve_plain(event.value)
                if event.implicit[0] and not event.style
                else (event.value)
            )
            span = _span(event)
            if event.value == "" and not event.style:
                # Parsers place an empty value differently; pin it right after what precedes it.
                span = (*previous_end, *previous_end)
            if not stack:
                doc.data, root_set = value, True
                doc.values[()] = span
                continue
            _add(stack[-1], value, span, event, doc)
        elif name in ("MappingStartEvent", "SequenceStartEvent"):
            _check_node(event, doc)
            if event.tag is not None and not event.implicit:
                doc.findings.append(
                    yml003_tag.RULE.at(
                        doc.locate_mark(event),
                        f"explicit tag '{event.tag}' is not allowed",
                        hint="remove the tag",
                    )
                )
                raise _Stop
            if len(stack) >= MAX_DEPTH:
                doc.findings.append(
                    yml011_too_deep.RULE.at(
                        doc.locate_mark(event),
                        f"nesting deeper than {MAX_DEPTH} levels",
                        hint="catalog entries nest a few levels at most",
                    )
                )
                raise _Stop
            container: dict[str, Any] | list[Any] = {} if name[0] == "M" else []
            if stack:
                parent = stack[-1]
                pointer = _child_pointer(parent, container, doc, event)
            else:
                pointer = ()
                doc.data, root_set = container, True
            stack.append(_Frame(container, pointer, _mark(event.start_mark)))
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            frame = stack.pop()
            end = _mark(event.end_mark)
            doc.values[frame.pointer] = (*frame.start, *end)
            if stack:
                stack[-1].key = None
        elif name == "AliasEvent":
            doc.findings.append(
                yml004_anchor.RULE.at(
                    doc.locate_mark(event),
                    f"alias '*{event.anchor}' is not allowed",
                    hint="write the value out in full",
                )
            )
            raise _Stop
        elif name == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                doc.findings.append(
                    yml005_multiple_documents.RULE.at(
                        doc.locate_mark(event),
                        "a second YAML document in the same file",
                        hint="one entity per file: move it to a file of its own",
                    )
                )
                raise _Stop
    if not root_set or doc.data is None:
        doc.findings.append(
            yml007_empty_file.RULE.at(
                doc.locate(()),
                "the file holds no entity",
                hint="fill it in (see the format reference) or delete it",
            )
        )


def _check_node(event: Any, doc: Document) -> None:
    if event.anchor is not None:
        doc.findings.append(
            yml004_anchor.RULE.at(
                doc.locate_mark(event),
                f"anchor '&{event.anchor}' is not allowed",
                hint="write each value out in full; aliases are not supported",
            )
        )
        raise _Stop


def _child_pointer(parent: _Frame, child: Any, doc: Document, event: Any) -> Pointer:
    if isinstance(parent.container, list):
        pointer = (*parent.pointer, len(parent.container))
        parent.container.append(child)
        return pointer
    if parent.key is None:
        doc.findings.append(
            yml002_duplicate_key.RULE.at(
                doc.locate_mark(event),
                "a mapping or list cannot be a key",
                hint="keys are plain names",
            )
        )
        raise _Stop
    if parent.duplicate:
        return (*parent.pointer, parent.key, -1)  # composed for its findings, never stored
    pointer = (*parent.pointer, parent.key)
    parent.container[parent.key] = child
    return pointer


def _add(frame: _Frame, value: Any, span: Span, event: Any, doc: Document) -> None:
    if isinstance(frame.container, list):
        pointer = (*frame.pointer, len(frame.container))
        frame.container.append(value)
        doc.values[pointer] = span
        return
    if frame.key is None:
        key = event.value
        if key == "<<" and not event.style:
            doc.findings.append(
                yml004_anchor.RULE.at(
                    doc.locate_mark(event),
                    "merge key '<<' is not allowed",
                    hint="write the merged keys out in full",
                )
            )
            raise _Stop
        frame.key, frame.duplicate = key, key in frame.seen
        if frame.duplicate:
            doc.findings.append(
                yml002_duplicate_key.RULE.at(
                    doc.locate_mark(event),
                    f"duplicate key '{key}' (first defined on line {frame.seen[key]})",
                    hint="keep one of them",
                )
            )
        else:
            frame.seen[key] = span[0]
            doc.keys[(*frame.pointer, key)] = span
        return
    if not frame.duplicate:
        pointer = (*frame.pointer, frame.key)
        frame.container[frame.key] = value
        doc.values[pointer] = span
    frame.key = None
