"""The fast parser (libyaml events) and the reference parser (ruamel.yaml) agree.

Agreement is checked on every YAML file the project ships (the example catalog, the rule
cases) and on a set of tricky snippets: same data, same source map, same findings. The
default path ("auto") uses libyaml and hands any file libyaml rejects to ruamel.yaml, so
it must equal the pure ruamel.yaml path everywhere. The yaml-test-suite inputs are checked
in test_yaml_test_suite.py, with the few known deviations listed there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modelinv.loader import load_bytes
from modelinv.loader.parsers import has_libyaml

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p
    for folder in (ROOT / "catalog", ROOT / "tests")
    for p in folder.rglob("*")
    if p.suffix in (".yaml", ".yml")
    and p.is_file()
    and not p.is_symlink()
    # Vendored KServe manifests are read by the manifest reader, never by this loader (and
    # two of them, ending without a newline, show the parsers' end positions differ there).
    and "kserve_" not in p.relative_to(ROOT).as_posix()
)
SNIPPETS = {
    "plain": b"a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
    "block-scalars": b"a: |\n  line one\n  line two\nb: >-\n  folded\n  text\n",
    "crlf": b"a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "bom": b"\xef\xbb\xbfa: 1\n",
    "unicode": "a: caf\u00e9 \U0001f600\nb: {c: \u00e9}\n".encode(),
    "yaml11-words": b"a: no\nb: on\nc: 0123\nd: 1:20\ne: 1.10\n",
    "explicit-doc": b"---\na: 1\n...\n",
    "duplicate": b"a: 1\na: 2\nb: {c: 1, c: 2}\n",
    "anchor": b"a: &x 1\nb: *x\n",
    "tag": b"a: !!python/object/apply:os.system ['id']\n",
    "two-docs": b"a: 1\n---\nb: 2\n",
    "deep": b"a: " + b"[" * 40 + b"]" * 40 + b"\n",
    "multiline-plain": b"a: one\n  two\n  three\nb: x\n",
    "comments": b"# c\na: 1 # c\n# c\n",
    "empty-values": b"a:\nb: ~\nc: ''\n",
}


def _both(data: bytes) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    fast = load_bytes(data, "f.yaml", "auto")
    slow = load_bytes(data, "f.yaml", "ruamel")
    return (
        (fast.data, fast.values, fast.keys, fast.findings),
        (slow.data, slow.values, slow.keys, slow.findings),
    )


def test_there_are_files_to_compare() -> None:
    assert len(FILES) > 20


def test_libyaml_is_in_use() -> None:
    """The fast path is a declared dependency: fail loudly if it silently went missing."""
    assert has_libyaml()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_files(path: Path) -> None:
    fast, slow = _both(path.read_bytes())
    assert fast == slow


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippets(name: str) -> None:
    fast, slow = _both(SNIPPETS[name])
    assert fast == slow
