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


class Suggester:
    """Did-you-mean over a large, fixed set of candidates (every id in a big catalog).

    difflib compares the word with each candidate (~5 us each): fine for a few hundred,
    50 ms per question for 10,000. A trigram index first narrows the field to candidates
    that share a piece of the word; a typo leaves most trigrams intact.
    """

    SMALL = 300

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = sorted(set(candidates))
        self.index: dict[str, set[str]] = {}
        if len(self.candidates) > self.SMALL:
            for candidate in self.candidates:
                for gram in _trigrams(candidate):
                    self.index.setdefault(gram, set()).add(candidate)

    def did_you_mean(self, word: str) -> str | None:
        if not self.index:
            return did_you_mean(word, self.candidates)
        shared: dict[str, int] = {}
        for gram in _trigrams(word):
            for candidate in self.index.get(gram, ()):
                shared[candidate] = shared.get(candidate, 0) + 1
        best = sorted(shared, key=lambda c: (-shared[c], c))[: self.SMALL]
        return did_you_mean(word, sorted(best))


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
