"""modelinv: model inventory management done the GitOps way.

The typed Python API for scripts:

    >>> from modelinv import load_catalog, validate
    >>> result = validate("catalog")
    >>> result.errors
    0
"""

__version__ = "0.1.0"

from modelinv.api import validate
from modelinv.checks.engine import ConfigError, Options, load_catalog
from modelinv.findings import Finding, Location, Result, Severity
from modelinv.inventory.index import Catalog, Entry

__all__ = [
    "Catalog",
    "ConfigError",
    "Entry",
    "Finding",
    "Location",
    "Options",
    "Result",
    "Severity",
    "__version__",
    "load_catalog",
    "validate",
]
