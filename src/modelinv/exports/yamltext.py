"""YAML output for the exports read by other tools: plain block style, keys in the order
given, strings that YAML 1.1 readers would mistake (`no`, `1.10`) quoted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml


def dump_documents(documents: Iterable[Any], header: str = "") -> bytes:
    text = yaml.dump_all(
        documents,
        Dumper=yaml.SafeDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        explicit_start=True,
        width=100,
    )
    return (header + text).encode("utf-8")
