"""Exports are written in pieces as they are made: the pieces join to exactly the text the
whole-document writers give (every shape of document, lists around the batch size), the
digest fed piece by piece equals the one of the whole document, and the SQLite file built
on disk is the very image an in-memory database serializes to."""

from __future__ import annotations

import random
from typing import Any

from export_support import example

from modelinv.exports.base import (
    ContentDigest,
    Lines,
    compact_json,
    content_digest,
    dump_json,
    json_pieces,
)
from modelinv.exports.sqlite_db import SqliteExporter, build
from modelinv.exports.yamltext import (
    _lines,
    document_pieces,
    dump_documents,
    listed_document_pieces,
)


def _whole_json(document: dict[str, Any]) -> bytes:
    """The writer before pieces: each top-level key a line, a top-level list an item a
    line."""
    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {compact_json(item)}" for item in value)
            lines.append(f"  {compact_json(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {compact_json(key)}: {compact_json(value)}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def _whole_yaml(documents: list[Any], header: str = "") -> bytes:
    out: list[str] = []
    for document in documents:
        out.append("---")
        _lines(document, "", out)
    return (header + "\n".join(out) + "\n").encode("utf-8")


def _documents(rng: random.Random) -> list[dict[str, Any]]:
    found = []
    for _ in range(200):
        document: dict[str, Any] = {}
        for number in range(rng.randint(0, 5)):
            length = rng.choice([0, 1, 3, 255, 256, 257, 600])
            document[f"k{number}é"] = rng.choice(
                [
                    'text "quoted" \u2028',
                    [{"a": i, "b": [1, 2.5], "no": None} for i in range(length)],
                    {"z": 1, "a": {"deep": [True]}},
                    [],
                ]
            )
        found.append(document)
    return found


def test_json_pieces_join_to_the_whole_documents_text() -> None:
    for document in _documents(random.Random(1)):
        assert dump_json(document) == _whole_json(document)
        streamed = [
            (key, Lines(map(compact_json, value)) if isinstance(value, list) else value)
            for key, value in document.items()
        ]
        assert b"".join(json_pieces(streamed)) == _whole_json(document)


def test_a_digest_fed_in_pieces_is_the_whole_documents() -> None:
    for document in _documents(random.Random(2)):
        digest = ContentDigest()
        digest.text("{")
        for number, (key, value) in enumerate(sorted(document.items())):
            digest.key(key, first=number == 0)
            if isinstance(value, list):
                digest.items(iter(value))
            else:
                digest.value(value)
        digest.text("}")
        assert digest.hexdigest() == content_digest(document)


def test_yaml_pieces_join_to_the_whole_documents_text() -> None:
    rng = random.Random(3)
    for _ in range(200):
        count = rng.choice([0, 1, 2, 255, 256, 257, 600])
        documents = [
            {"a": i, "b": [{"x": 1, "y": [1, {"z": "no"}]}], "c": {}} if rng.random() < 0.7 else {}
            for i in range(count)
        ]
        header = rng.choice(["", "# generated\n"])
        whole = _whole_yaml(documents, header)
        assert b"".join(document_pieces(iter(documents), header)) == whole
        assert dump_documents(documents, header) == whole
        items = [{"name": f"m{i}", "props": {"k": [1, 2], "e": []}} for i in range(count)]
        fields = {"source": "modelinv", "more": {"y": 1}}
        listed = listed_document_pieces(fields, "models", iter(items), header)
        assert b"".join(listed) == _whole_yaml([{**fields, "models": items}], header)


def test_the_sqlite_file_is_the_in_memory_databases_image() -> None:
    inventory, options = example()
    memory = build(inventory, options)
    try:
        image = memory.serialize()
    finally:
        memory.close()
    pieces = list(SqliteExporter().render(inventory, options)["inventory.sqlite"])
    assert b"".join(pieces) == image
    # no change counter and no library version in the header (offsets 24 and 92-99)
    assert image[24:28] == bytes(4) and image[92:100] == bytes(8)
