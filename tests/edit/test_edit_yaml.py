"""Splicing values into YAML text: only the value's own text changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from modelinv.edit.ops import Op, Remove, Rename, Set, apply, expected
from modelinv.edit.scalars import scalar_text
from modelinv.edit.yaml_edit import EditError, remove_key, rename_key, set_value
from modelinv.loader import load_bytes
from modelinv.loader.load import ParserName

DAY = dt.date(2026, 11, 26)
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "catalog" / "models").glob("*.yaml"))


@pytest.mark.parametrize(
    ("before", "path", "value", "after"),
    [
        ("a: x  # why\n", ("a",), "y", "a: y  # why\n"),
        ('a: "x"\n', ("a",), "y", 'a: "y"\n'),
        ("a: 'x'\n", ("a",), "it's", "a: 'it''s'\n"),
        ("a: x\n", ("a",), "b: c", 'a: "b: c"\n'),
        ("a: x\n", ("a",), "true", 'a: "true"\n'),
        ("a: x\n", ("a",), DAY, "a: 2026-11-26\n"),
        ('a: "2026-01-01"\n', ("a",), DAY, 'a: "2026-11-26"\n'),
        ("a:\nb: 1\n", ("a",), "x", "a: x\nb: 1\n"),
        ('"a"  :   # c\n', ("a",), "x", '"a"  : x   # c\n'),
        # ruamel.yaml rejects a tab after `key:`; libyaml, like the validator, accepts it.
        ("a:\tx\nb: 1\n", ("a",), "y", "a:\ty\nb: 1\n"),
        ("m:\n  a:\n\n# c\nz: 1\n", ("m", "b"), "x", "m:\n  a:\n  b: x\n\n# c\nz: 1\n"),
        ("a: >-\n  long\n  text\n\nb: 1\n", ("a",), "short", 'a: "short"\n\nb: 1\n'),
        ("m: {a: 1}\n", ("m", "b"), "x", "m: {a: 1, b: x}\n"),
        ("m: {}\n", ("m", "b"), "x", "m: {b: x}\n"),
        ("m: {a: 1,\n    c: 2}  # c\n", ("m", "b"), "x", "m: {a: 1,\n    c: 2, b: x}  # c\n"),
        ("m: {a: 1}\n", ("m", "n", "b"), "x", "m: {a: 1, n: {b: x}}\n"),
        ("m:\n  a: 1\n# end\n", ("m", "b"), "x", "m:\n  a: 1\n  b: x\n# end\n"),
        ("m:\n  a: 1", ("m", "b"), "x", "m:\n  a: 1\n  b: x"),
        ("m:\r\n  a: 1\r\n", ("m", "b"), "x", "m:\r\n  a: 1\r\n  b: x\r\n"),
        (
            "m:\n  a: |+\n    keep\n\nz: 1\n",
            ("m", "b"),
            "x",
            "m:\n  a: |+\n    keep\n\n  b: x\nz: 1\n",
        ),
        (
            "m:\n  l:\n  - 1\n  - [2]  # two\nz: 1\n",
            ("m", "b"),
            "x",
            "m:\n  l:\n  - 1\n  - [2]  # two\n  b: x\nz: 1\n",
        ),
        (
            "spec:\n    a: 1\n",
            ("spec", "n", "b"),
            "x",
            "spec:\n    a: 1\n    n:\n        b: x\n",
        ),
        ("a: é  # ü\nb: 1\n", ("b",), "ß", "a: é  # ü\nb: ß\n"),
    ],
)
def test_set_value(before: str, path: tuple[str, ...], value: str | dt.date, after: str) -> None:
    assert set_value(before, path, value) == after


@pytest.mark.parametrize(
    ("before", "path", "after"),
    [
        ("m:\n  a: 1\n  b: 2  # x\n  c: 3\n", ("m", "b"), "m:\n  a: 1\n  c: 3\n"),
        ("m:\n  a: 1\n  b:\n    - 2\n", ("m", "b"), "m:\n  a: 1\n"),
        ("m: {a: 1, b: 2, c: 3}\n", ("m", "b"), "m: {a: 1, c: 3}\n"),
        ("m: {a: 1, b: 2}\n", ("m", "b"), "m: {a: 1}\n"),
        ("m: {a: 1, b: 2}\n", ("m", "a"), "m: {b: 2}\n"),
        ("m: {b: 2}\n", ("m", "b"), "m: {}\n"),
        ("m:\n  a: 1\n  b:\n\n# c\nz: 1\n", ("m", "b"), "m:\n  a: 1\n\n# c\nz: 1\n"),
        ("m: {a: 1}\n", ("m", "b"), "m: {a: 1}\n"),
        ("m: {a: 1}\n", ("x", "b"), "m: {a: 1}\n"),
    ],
)
def test_remove_key(before: str, path: tuple[str, ...], after: str) -> None:
    assert remove_key(before, path) == after


@pytest.mark.parametrize(
    ("before", "path", "after"),
    [
        ("m:\n  a: 1\n  b: 'x'  # c\n  z: 3\n", ("m", "b"), "m:\n  a: 1\n  y: 'x'  # c\n  z: 3\n"),
        ("m: {a: 1, b: 2, z: 3}  # c\n", ("m", "b"), "m: {a: 1, y: 2, z: 3}  # c\n"),
        ("m:\n  'b': 2\n", ("m", "b"), "m:\n  y: 2\n"),
        ("m:\n  b: 2\n  y: 3\n", ("m", "b"), "m:\n  b: 2\n  y: 3\n"),  # `y` is there
        ("m: {a: 1}\n", ("m", "b"), "m: {a: 1}\n"),
        ("m: {a: 1}\n", ("x", "b"), "m: {a: 1}\n"),
    ],
)
def test_rename_key(before: str, path: tuple[str, ...], after: str) -> None:
    assert rename_key(before, path, "y") == after


def test_a_swapped_key_keeps_its_place_and_comment() -> None:
    """deprecate switching noReplacement to replacement: the same line, its comment kept
    (Set + Remove alone appended the new key and dropped the line with its comment)."""
    before = (
        b"spec:\n  deprecation:   # planned\n    notified: 2026-11-01\n"
        b"    noReplacement: 'none'  # keep me\n    decommission: 2027-03-01\n"
    )
    path = ("spec", "deprecation")
    ops: list[Op] = [
        Rename((*path, "noReplacement"), "replacement"),
        Set((*path, "replacement"), "model:x"),
        Remove((*path, "noReplacement")),
    ]
    after = apply(before, ops)
    assert after == before.replace(b"noReplacement: 'none'", b"replacement: 'model:x'")
    new = load_bytes(after, "m.yaml").data
    assert expected(load_bytes(before, "m.yaml").data, new, ops) == new


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("a: [1]\n", ("a",), "a holds a list, not a single value"),
        ("a: {b: 1}\n", ("a",), "a holds a mapping, not a single value"),
        ("a: 1\n", ("a", "b"), "a is a single value, not a mapping"),
        ("- 1\n", ("a",), "the file does not hold a mapping"),
        ("a: [\n", ("a",), "cannot parse the file"),
    ],
)
def test_set_value_refuses(text: str, path: tuple[str, ...], message: str) -> None:
    with pytest.raises(EditError, match=message):
        set_value(text, path, "x")


def test_remove_refuses_the_only_key_of_a_block_mapping() -> None:
    with pytest.raises(EditError, match="only key"):
        remove_key("m:\n  a: 1\n", ("m", "a"))


def test_bom_and_crlf_survive() -> None:
    before = b"\xef\xbb\xbfa: 1\r\nm:\r\n  b: 2\r\n"
    after = apply(before, [Set(("a",), "x"), Set(("m", "c"), DAY)])
    assert after == b"\xef\xbb\xbfa: x\r\nm:\r\n  b: 2\r\n  c: 2026-11-26\r\n"


def test_scalar_text() -> None:
    assert scalar_text("Ana Lima (ML)") == "Ana Lima (ML)"
    assert scalar_text("model:x") == "model:x"
    assert scalar_text("#x") == '"#x"'
    assert scalar_text('say "hi"\n') == '"say \\"hi\\"\\u000a"'
    assert scalar_text("a\u202eb") == '"a\\u202eb"'
    assert scalar_text("x", "'") == "'x'"
    assert scalar_text("x\ty", "'") == '"x\\u0009y"'
    assert scalar_text("José Ñúñez") == "José Ñúñez"
    assert scalar_text("数据团队 (ML)") == "数据团队 (ML)"


PARSERS: tuple[ParserName, ...] = ("auto", "libyaml", "ruamel")


@pytest.mark.parametrize(
    "text",
    [
        "José Ñúñez",
        "Zoë O'Brien",
        "Ярослава Ткаченко",
        "数据团队",
        "علي حسن",
        "²³",
        "٣",
        "e\u0301",  # a combining mark: quoted
        "a\u200bb",  # a zero-width space: quoted
        "a\u00a0b",  # a no-break space: quoted
        "ÿes",
        "Nö",
        "ñ: x",
        "日本 #1",
    ],
)
def test_text_written_plain_reads_back_as_itself(text: str) -> None:
    """Whatever `scalar_text` leaves unquoted loads as the same text, in a block mapping
    and in a flow one, by every parser the loader has."""
    written = scalar_text(text)
    for document in (f"k: {written}\n", f"m: {{k: {written}}}\n"):
        for parser in PARSERS:
            loaded = load_bytes(document.encode(), "t.yaml", parser)
            assert not loaded.findings, (text, document, parser)
            data = loaded.data if "m:" not in document else loaded.data["m"]
            assert data == {"k": text}, (text, document, parser)


@pytest.mark.parametrize(
    "text", ["yes", "No", "on", "OFF", "1_000", "1:20", "0b101", "+1", "1.5", "Ana Lima", "y"]
)
def test_text_written_is_text_to_yaml_1_1_readers_too(text: str) -> None:
    """modelinv reads YAML 1.2, but other tools read the catalog with YAML 1.1 (PyYAML's
    `safe_load`), where plain `yes` is true and `1_000` a number: such text is quoted."""
    written = scalar_text(text)
    assert yaml.safe_load(f"k: {written}\n") == {"k": text}, written
    assert yaml.safe_load(f"m: {{k: {written}}}\n") == {"m": {"k": text}}, written
    assert (written == text) == (text in ("Ana Lima", "y"))  # plain where it is text anyway


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_model_edits_cleanly(path: Path) -> None:
    """On every real example file, the edits of the commands change only their values."""
    before = path.read_bytes()
    ops: list[Op] = [
        Set(("spec", "lifecycle"), "deprecated"),
        Set(("spec", "review", "lastReviewed"), DAY),
        Set(("spec", "review", "reviewer"), "Ana Lima: governance"),
        Set(("spec", "deprecation", "notified"), DAY),
        Set(("spec", "deprecation", "replacement"), "model:x"),
        Remove(("spec", "deprecation", "noReplacement")),
    ]
    after = apply(before, ops)
    old, new = load_bytes(before, "before"), load_bytes(after, "after")
    assert not new.findings
    assert expected(old.data, new.data, ops) == new.data
    assert before.count(b"\n") <= after.count(b"\n") <= before.count(b"\n") + 6
