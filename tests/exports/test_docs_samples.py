"""docs/exports.md shows what the exports really write for the example catalog."""

from __future__ import annotations

from doc_samples import DOC, MARKER, samples


def test_every_sample_matches_the_export() -> None:
    found = {m.group(1): m.group(2) for m in MARKER.finditer(DOC.read_text())}
    made = samples()
    assert set(found) == set(made)
    for name, text in made.items():
        assert found[name] == text, f"docs/exports.md sample '{name}' is out of date"
