"""Typing of plain scalars: the YAML 1.2 core schema plus ISO dates, for every parser.

Whatever parser produced the events, scalars are typed here, so a YAML 1.1 parser cannot
turn `no` into false, `010` into 8 or `1:20` into 80.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = frozenset({".nan", ".NaN", ".NAN"})
_MAX_INT_DIGITS = 300
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# Plain scalars starting with any other character are text.
MAYBE_NOT_TEXT = frozenset("0123456789-+.~nNtTfF")
# What a plain scalar starting with a letter or `~` can be besides text (no number, date or
# special float starts so): the core schema's null and booleans.
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("~", "null", "Null", "NULL"), None),  # and "", in `resolve_plain`
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar."""
    if not text:
        return None
    first = text[0]
    if first not in MAYBE_NOT_TEXT:
        return text
    if first in "~nNtTfF":
        return _WORDS.get(text, text)  # `fraud-detector`, `nightly`: one lookup, no regex
    return _resolve_special(text)


def _resolve_special(text: str) -> Any:
    if len(text) == 10 and DATE.fullmatch(text):
        # First: dates are the commonest special scalar in a catalog (no other form below
        # matches ten characters with inner hyphens).
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # an impossible date stays text; the schema says why
    # A digit, sign or dot first (null and the booleans are `resolve_plain`'s).
    if _INT.fullmatch(text):
        # Past float range an integer is as unusable as 1e400; Python also refuses to parse
        # integers of more than 4,300 digits.
        return int(text) if len(text) <= _MAX_INT_DIGITS else float(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _INF.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if text in _NAN:
        return math.nan
    return text
