"""modelinv: model inventory management done the GitOps way.

The typed Python API for scripts:

    >>> from modelinv import load_catalog, validate
    >>> result = validate("catalog")
    >>> result.errors
    0
"""

__version__ = "0.1.0"

from modelinv.api import validate
from modelinv.checks.engine import ConfigError, Options, load_index, load_inventory
from modelinv.findings import Finding, Location, Result, Severity
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory

# The name the API had before the index and the inventory were told apart; kept for scripts.
load_catalog = load_inventory

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
