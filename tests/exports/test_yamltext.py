"""The exports' YAML emitter: what it writes reads back as exactly what was given."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from ruamel.yaml import YAML

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


# Characters json.dumps leaves raw that YAML refuses (U+FFFE, U+FFFF, DEL, C1 controls:
# the whole file unreadable) or reads as a line break (NEL; U+2028 and U+2029 in YAML 1.1),
# and a byte order mark.
UNSAFE = ["a\ufffeb", "\uffff", "\x7f", "a\x9bb", "a\x85b", "a\u2028b", "\u2029", "\ufeffbom"]


@pytest.mark.parametrize("text", UNSAFE)
def test_characters_yaml_may_not_hold_are_escaped(text: str) -> None:
    document = {"key": text, text: [text, {"nested": text}]}
    dumped = dump_documents([document])
    assert dumped.isascii()
    assert yaml.safe_load(dumped) == document
    assert YAML(typ="safe", pure=True).load(dumped) == document


def test_structures_read_back_unchanged() -> None:
    documents: list[Any] = [
        {"a": [], "b": {}, "c": None, "d": True, "e": 0.934, "f": -3, "g": [[1, 2], [3]]},
        {"items": [{"k": "v", "l": {"m": [{"n": 1}]}}, "s"]},
    ]
    assert list(yaml.safe_load_all(dump_documents(documents))) == documents


@pytest.mark.parametrize("value", [5e-05, 1e-07, 1e16, 1e20, -2e-10, 1.5e-300, 0.934, -0.0])
def test_numbers_read_back_as_numbers(value: float) -> None:
    """`5e-05` was written as is, which a YAML 1.1 reader (PyYAML) takes for a string."""
    dumped = dump_documents([{"value": value}])
    for loaded in (yaml.safe_load(dumped), YAML(typ="safe", pure=True).load(dumped)):
        assert type(loaded["value"]) is float and loaded["value"] == value


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="inf"):
        dump_documents([{"x": float("inf")}])
