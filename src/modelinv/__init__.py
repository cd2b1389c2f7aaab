"""modelinv: model inventory management done the GitOps way.

The typed Python API for scripts:

    >>> from modelinv import load_catalog, validate
    >>> result = validate("catalog")
    >>> result.errors
    0

The names below are imported on first use (PEP 562), so that `import modelinv` (which
every command does, for `__version__`) does not load pydantic and the whole engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from modelinv.api import validate
    from modelinv.checks.engine import ConfigError, Options, load_index, load_inventory
    from modelinv.findings import Finding, Location, Result, Severity
    from modelinv.inventory.index import Entry, Index
    from modelinv.inventory.inventory import Inventory

    load_catalog = load_inventory

# name -> (module, attribute). `load_catalog` is the name the API had before the index
# and the inventory were told apart; kept for scripts.
_API: dict[str, tuple[str, str]] = {
    "validate": ("modelinv.api", "validate"),
    "ConfigError": ("modelinv.checks.engine", "ConfigError"),
    "Options": ("modelinv.checks.engine", "Options"),
    "load_index": ("modelinv.checks.engine", "load_index"),
    "load_inventory": ("modelinv.checks.engine", "load_inventory"),
    "load_catalog": ("modelinv.checks.engine", "load_inventory"),
    "Finding": ("modelinv.findings", "Finding"),
    "Location": ("modelinv.findings", "Location"),
    "Result": ("modelinv.findings", "Result"),
    "Severity": ("modelinv.findings", "Severity"),
    "Entry": ("modelinv.inventory.index", "Entry"),
    "Index": ("modelinv.inventory.index", "Index"),
    "Inventory": ("modelinv.inventory.inventory", "Inventory"),
}

__all__ = [
    "ConfigError",
    "Entry",
    "Finding",
    "Index",
    "Inventory",
    "Location",
    "Options",
    "Result",
    "Severity",
    "__version__",
    "load_catalog",
    "load_index",
    "load_inventory",
    "validate",
]


def __getattr__(name: str) -> Any:
    found = _API.get(name)
    if found is None:
        raise AttributeError(f"module 'modelinv' has no attribute {name!r}")
    value = getattr(importlib.import_module(found[0]), found[1])
    globals()[name] = value
    return value
