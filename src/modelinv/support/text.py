"""Plain string searches the standard library lacks."""

from __future__ import annotations

from collections.abc import Iterator


def find_all(text: str, part: str) -> Iterator[int]:
    """Where `part` starts in `text`, each occurrence (overlapping ones too), first to last:
    `str.find` repeated, a memchr-speed scan a call."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)
