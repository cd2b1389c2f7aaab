"""The exports' YAML emitter: what it writes reads back as exactly what was given."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from modelinv.exports.yamltext import dump_documents

TRICKY = [
    "no", "Yes", "off", "null", "~", "1.10", "0123", "1e3", "2024-01-01", "12:30",
    "a: b", "- x", "#c", "x #c", "&a", "*a", "!tag", "%x", "@x", "`x", "'q'", '"q"',
    "{a}", "[a]", "", " lead", "trail ", "multi\nline", "tab\there", "Ω é", "a\\b",
    "plain words", "group:payments-ml", "https://x.example/a?b=c",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY)
def test_strings_read_back_unchanged(text: str) -> None:
    document = {"key": text, text or "empty": [text, {"nested": text}]}
    assert yaml.safe_load(dump_documents([document])) == document


def test_structures_read_back_unchanged() -> None:
    documents: list[Any] = [
        {"a": [], "b": {}, "c": None, "d": True, "e": 0.934, "f": -3, "g": [[1, 2], [3]]},
        {"items": [{"k": "v", "l": {"m": [{"n": 1}]}}, "s"]},
    ]
    assert list(yaml.safe_load_all(dump_documents(documents))) == documents


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="inf"):
        dump_documents([{"x": float("inf")}])
