"""docs/format.md is written by hand: check it names every key the models define."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from modelinv.model import KINDS
from modelinv.model.fields import unwrap

DOC = (Path(__file__).resolve().parents[2] / "docs" / "format.md").read_text(encoding="utf-8")


def _keys(cls: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    out: set[str] = set()
    if cls in seen:
        return out
    seen.add(cls)
    for name, field in cls.model_fields.items():
        out.add(field.alias or name)
        annotation = unwrap(field.annotation)
        while typing.get_origin(annotation) in (list, dict):
            annotation = unwrap(typing.get_args(annotation)[-1])
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out |= _keys(annotation, seen)
    return out


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_key_is_documented(kind: str) -> None:
    keys = _keys(KINDS[kind].cls, set())
    missing = sorted(k for k in keys if not re.search(rf"[`.]{re.escape(k)}[`.\[]", DOC))
    assert missing == []
