"""Did-you-mean suggestions, small and large."""

from __future__ import annotations

from modelinv.support.suggest import Suggester, did_you_mean


def test_typo_and_abbreviation() -> None:
    assert did_you_mean("lifecyle", ["lifecycle", "owner"]) == "did you mean 'lifecycle'?"
    assert did_you_mean("prod", ["production", "staging"]) == "did you mean 'production'?"
    assert did_you_mean("zzz", ["production", "staging"]) is None


def test_large_candidate_sets_still_find_the_typo() -> None:
    names = [f"model:service-{i}-scorer" for i in range(5000)] + ["model:merchant-embedder"]
    suggester = Suggester(names)
    assert suggester.index, "a large set is indexed"
    assert suggester.did_you_mean("model:merchant-embeder") == (
        "did you mean 'model:merchant-embedder'?"
    )
    assert suggester.did_you_mean("model:service-42-scorr") == (
        "did you mean 'model:service-42-scorer'?"
    )
