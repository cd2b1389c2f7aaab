"""Scalar typing follows YAML 1.2 whatever the parser."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from modelinv.loader import load_bytes
from modelinv.loader.resolve import resolve_plain

CASES: list[tuple[str, Any]] = [
    ("no", "no"),
    ("yes", "yes"),
    ("on", "on"),
    ("off", "off"),
    ("y", "y"),
    ("true", True),
    ("False", False),
    ("0123", 123),
    ("010", 10),
    ("0o17", 15),
    ("0x1F", 31),
    ("1:20", "1:20"),
    ("1_000", "1_000"),
    ("1.10", 1.1),
    ("-2.5e3", -2500.0),
    ("1e400", math.inf),
    (".inf", math.inf),
    ("-.inf", -math.inf),
    ("~", None),
    ("null", None),
    ("", None),
    ("2024-02-28", dt.date(2024, 2, 28)),
    ("2024-02-30", "2024-02-30"),
    ("2024-1-5", "2024-1-5"),
    ("2024-02-28T10:00:00", "2024-02-28T10:00:00"),
    ("team:payments-ml", "team:payments-ml"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_plain_scalars(text: str, expected: Any) -> None:
    assert resolve_plain(text) == expected
    assert type(resolve_plain(text)) is type(expected)


def test_nan() -> None:
    assert math.isnan(resolve_plain(".nan"))


@pytest.mark.parametrize("parser", ["libyaml", "ruamel"])
def test_quoted_scalars_stay_text(parser: str) -> None:
    doc = load_bytes(b"a: 'no'\nb: \"0123\"\nc: |\n  true\n", "x.yaml", parser)  # type: ignore[arg-type]
    assert doc.findings == []
    assert doc.data == {"a": "no", "b": "0123", "c": "true\n"}
