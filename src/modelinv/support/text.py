"""Plain string searches the standard library lacks, and text as UTF-8 bytes."""

from __future__ import annotations

from collections.abc import Iterator


def find_all(text: str, part: str) -> Iterator[int]:
    """Where `part` starts in `text`, each occurrence (overlapping ones too), first to last:
    `str.find` repeated, a memchr-speed scan a call."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


def utf8(text: str) -> bytes:
    """`text` as UTF-8 for a file the tool writes. Linux allows any bytes in a file name, and
    Python keeps those that are not UTF-8 as lone surrogates, which UTF-8 cannot encode:
    such a character is written escaped (`\\udcff`), never a crash on the first output that
    names the file."""
    return text.encode("utf-8", "backslashreplace")


def utf8_text(text: str) -> str:
    """`text` with any lone surrogate escaped (`\\udcff`, see `utf8`): a text that a
    terminal, SQLite or any UTF-8 writer accepts."""
    return text if text.isascii() else utf8(text).decode("utf-8")
