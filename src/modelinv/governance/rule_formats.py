"""The `format` keyword of organisation rules, asserted: a rule that says
`"format": "email"` refuses a value that is no email address.

JSON Schema draft 2020-12 makes `format` an annotation unless a validator opts in, and
python-jsonschema checks a format only where an optional package for it is installed: a
rule's `format` passed every value without a word, or not, depending on the machine. Every
standard format is checked here by jsonschema-rs (already a dependency, the same on every
machine), as ajv with ajv-formats checks the published schemas; `org_rules_file` refuses a
format name outside `FORMATS` when the rule is loaded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jsonschema_rs

# The formats draft 2020-12 defines, each of which jsonschema-rs checks.
FORMATS = frozenset(
    {
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname",
        "idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference",
        "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=64)
def format_check(name: str) -> Callable[[str], bool]:
    """Whether a text is of format `name` (one of `FORMATS`)."""
    compiled = jsonschema_rs.Draft202012Validator(
        {"format": name}, validate_formats=True, offline=True
    )
    return compiled.is_valid
