"""Reports as JSON: a fixed envelope `{"version", "tool", "report", "basis", ...}`.

Every row is a dataclass turned into an object field by field, so the shape is the typed
rows' shape and never depends on the data: absent values are `null`, never left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from modelinv import __version__
from modelinv.reports.health import HealthReport
from modelinv.reports.index import IndexReport
from modelinv.reports.retirement import RetirementReport
from modelinv.reports.review import ReviewReport
from modelinv.reports.usage import Traffic

FORMAT_VERSION = 1

Report = RetirementReport | ReviewReport | HealthReport | IndexReport
NAMES: dict[type[Any], str] = {
    RetirementReport: "retirement",
    ReviewReport: "review",
    HealthReport: "health",
    IndexReport: "index",
}


def render(report: Report) -> str:
    body = jsonable(report)
    envelope = {
        "version": FORMAT_VERSION,
        "tool": {"name": "modelinv", "version": __version__},
        "report": NAMES[type(report)],
        **body,
    }
    return json.dumps(envelope, indent=2, ensure_ascii=False) + "\n"


def jsonable(value: Any) -> Any:
    """Dataclasses as objects (Traffic with its window length and completeness), dates as
    ISO text, tuples as lists."""
    if isinstance(value, Traffic):
        return {
            **{f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)},
            "days": value.days,
            "complete": value.complete,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return value
