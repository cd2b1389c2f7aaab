"""Did-you-mean suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    options = list(candidates)
    found = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if found:
        return found[0]
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    # An abbreviation ("prod") is a prefix of exactly one candidate ("production").
    prefixed = [c for c in options if word and c.lower().startswith(word.lower())]
    return prefixed[0] if len(prefixed) == 1 else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    match = closest(word, candidates)
    return f"did you mean '{match}'?" if match is not None and match != word else None
