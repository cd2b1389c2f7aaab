"""Items taken a batch at a time (`itertools.batched` arrived in Python 3.12)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter), as they come."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch
