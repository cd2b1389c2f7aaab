"""The fast path (libyaml composes the nodes) gives exactly what the event path gives, and
hands every file it does not handle to the event path."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from modelinv.loader import load as load_module
from modelinv.loader import load_bytes
from modelinv.loader.document import Document
from modelinv.loader.nodes import compose_fast
from modelinv.support.json_data import dates_as_text, plain

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p
    for folder in (ROOT / "catalog", ROOT / "tests", ROOT / "examples")
    for p in folder.rglob("*")
    if p.suffix in (".yaml", ".yml") and p.is_file() and not p.is_symlink()
)
ORDINARY = b"a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\nf:\n  - g\n  - h: |\n      text\n"
# Each needs the event path: a finding, or a position only the event stream knows.
NEEDS_EVENTS = {
    "anchor": b"a: &x 1\nb: *x\n",
    "tag": b"a: !!str 1\n",
    "tab": b"a:\t1\n",
    "merge-key": b"a: {b: 1}\nc:\n  <<: {d: 2}\n",
    "duplicate-key": b"a: 1\na: 2\n",
    "two-documents": b"a: 1\n---\nb: 2\n",
    "scalar-root": b"just text\n",
    "list-root": b"- a\n- b\n",
    "empty-file": b"# nothing\n",
    "complex-key": b"? [a, b]\n: c\n",
    "compact-nesting": b"a:\n" + b"- " * 40 + b"x\n",
    "deep-flow": b"a: " + b"[" * 40 + b"]" * 40 + b"\n",
    "deep-blocks": b"".join(b" " * (2 * i) + b"k:\n" for i in range(40)) + b" " * 80 + b"v\n",
    "empty-first-item": b"a:\n  -\n  - b\n",
    "syntax-error": b"a: [unclosed\n",
}


def _loaded(doc: Document) -> tuple[object, ...]:
    return (doc.data, doc.values, doc.keys, doc.findings)


def _event_path(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Document:
    with monkeypatch.context() as patch:
        patch.setattr(load_module, "compose_fast", lambda data, doc: False)
        return load_bytes(data, "f.yaml", "libyaml")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_paths_agree_on_every_repository_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    fast = load_bytes(data, "f.yaml", "libyaml")
    slow = _event_path(data, monkeypatch)
    assert _loaded(fast) == _loaded(slow)


def test_ordinary_files_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document("f.yaml")
    assert compose_fast(ORDINARY, doc)
    slow = _event_path(ORDINARY, monkeypatch)
    assert (doc.data, doc.values, doc.keys) == (slow.data, slow.values, slow.keys)
    # The example catalog is almost all ordinary: the fast path is the common path.
    examples = sorted((ROOT / "catalog").rglob("*.yaml"))
    taken = sum(compose_fast(p.read_bytes(), Document("f.yaml")) for p in examples)
    assert taken >= len(examples) * 0.9


@pytest.mark.parametrize("name", sorted(NEEDS_EVENTS))
def test_special_files_take_the_event_path(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = NEEDS_EVENTS[name]
    doc = Document("f.yaml")
    assert not compose_fast(data, doc)
    assert doc.data is None and not doc.values and not doc.keys  # left untouched
    fast = load_bytes(data, "f.yaml", "libyaml")
    slow = _event_path(data, monkeypatch)
    assert _loaded(fast) == _loaded(slow)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_dates_noted_make_the_json_view(path: Path) -> None:
    """The fast path notes where dates are; copying only the way to each gives what a
    walk over every value gives (organisation rules judge that), and the data stays."""
    doc = Document("f.yaml")
    if not compose_fast(path.read_bytes(), doc):
        assert doc.dates is None  # unknown: the walk over every value serves
        return
    assert doc.dates is not None
    before = copy.deepcopy(doc.data)
    assert dates_as_text(doc.data, doc.dates) == plain(doc.data)
    assert doc.data == before
    assert all(isinstance(_at(doc.data, pointer), dt.date) for pointer in doc.dates)


def test_dates_are_noted_in_mappings_lists_and_nested_items() -> None:
    doc = Document("f.yaml")
    text = b"a: 2026-01-02\nb: [2026-01-03, x]\nc:\n  - d: 2026-01-04\n    e: '2026-01-05'\n"
    assert compose_fast(text, doc)
    assert doc.dates == (("a",), ("b", 0), ("c", 0, "d"))
    view = dates_as_text(doc.data, doc.dates)
    assert view == {
        "a": "2026-01-02",
        "b": ["2026-01-03", "x"],
        "c": [{"d": "2026-01-04", "e": "2026-01-05"}],
    }
    assert doc.data["c"][0]["d"] == dt.date(2026, 1, 4)


def _at(data: object, pointer: tuple[str | int, ...]) -> object:
    for step in pointer:
        data = data[step]  # type: ignore[index]
    return data
