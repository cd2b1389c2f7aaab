"""The health of past versions, kept between builds in the cache folder.

A past version's health report depends only on its commit (the files and the day it is
judged as of), the catalog folder, the current policy and modelinv's own code, so a build
with a cache folder works out only the points of commits it has not judged before (at
10,000 models, a year of monthly commits: ~2.7 s of the build, once). The memo is one
file signed with the cache folder's key (`output.manifest_key`): a file written by anyone
else, or by another version of modelinv, is ignored, and a build writes back only the
points it used, so the file stays as large as one history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from functools import cached_property
from pathlib import Path
from typing import Any

from modelinv.checks.cache import code_hash
from modelinv.inventory.inventory import Inventory
from modelinv.reports.common import Basis
from modelinv.reports.health import Count, HealthReport, TeamCost
from modelinv.reports.render_json import jsonable
from modelinv.site.output import catalog_digest, read_signed, write_signed

MEMO_FILE = "site-health-history"  # then "-", a digest of the catalog folder, ".json"
FORMAT = 1
MAX_MEMO_BYTES = 256 * 1024 * 1024  # far above any real history's points


class HistoryMemo:
    """The points a previous build judged (`known`), and those this build used (`used`),
    which `save` writes back."""

    def __init__(self, folder: Path, key: bytes, catalog: Path) -> None:
        """The memo in `folder` signed with `key` for the catalog folder `catalog`: each
        catalog sharing a cache folder keeps its own (`memo_path`)."""
        self.path = memo_path(folder, catalog)
        self.key = key
        self.used: dict[str, HealthReport] = {}

    @cached_property
    def known(self) -> dict[str, HealthReport]:
        """The points kept by a previous build (read on first use)."""
        return _load(self.path, self.key)

    def get(self, point: str) -> HealthReport | None:
        found = self.known.get(point)
        if found is not None:
            self.used[point] = found
        return found

    def put(self, point: str, health: HealthReport) -> None:
        self.used[point] = health

    def save(self) -> None:
        """Write the points used, unless they are exactly those already kept. A memo that
        cannot be written is left as it was: it only saves time."""
        if self.used.keys() == self.known.keys():
            return
        points = {name: jsonable(health) for name, health in sorted(self.used.items())}
        body = json.dumps({"format": FORMAT, "points": points}, separators=(",", ":")).encode()
        write_signed(self.path, self.key, body)


def memo_path(folder: Path, catalog: Path) -> Path:
    return folder / f"{MEMO_FILE}-{catalog_digest(catalog)}.json"


def point_name(catalog: Inventory, commit: str, day: dt.date) -> str:
    """What a past version's health depends on, as one name: modelinv's code, the catalog
    folder, the policy, the commit and the day it is judged as of."""
    parts = (
        str(FORMAT),
        code_hash(),
        str(Path(catalog.root).resolve()),
        catalog.context.policy.model_dump_json(),
        commit,
        day.isoformat(),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _load(path: Path, key: bytes) -> dict[str, HealthReport]:
    body = read_signed(path, key, MAX_MEMO_BYTES)
    if body is None:
        return {}  # none yet, not a plain file of ours, or not signed with the key
    with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
        raw = json.loads(body)
        if raw["format"] == FORMAT:
            return {str(name): _health(point) for name, point in raw["points"].items()}
    return {}


def _health(raw: dict[str, Any]) -> HealthReport:
    """The HealthReport `jsonable` wrote as `raw`."""
    basis = raw["basis"]
    return HealthReport(
        basis=Basis(
            today=dt.date.fromisoformat(basis["today"]),
            catalog=basis["catalog"],
            usage=basis["usage"],
            usage_from=_day(basis["usage_from"]),
            usage_to=_day(basis["usage_to"]),
            skipped=tuple(basis["skipped"]),
        ),
        models=raw["models"],
        active=raw["active"],
        documentation_max_age_days=raw["documentation_max_age_days"],
        documentation_current=raw["documentation_current"],
        documentation_stale=tuple(raw["documentation_stale"]),
        with_targets=raw["with_targets"],
        meeting_targets=raw["meeting_targets"],
        not_meeting_targets=tuple(raw["not_meeting_targets"]),
        without_targets=tuple(raw["without_targets"]),
        average_age_days=raw["average_age_days"],
        dated=raw["dated"],
        by_stage=tuple(Count(**count) for count in raw["by_stage"]),
        by_risk=tuple(Count(**count) for count in raw["by_risk"]),
        cost=tuple(TeamCost(**cost) for cost in raw["cost"]),
        unregistered_usage=tuple(raw["unregistered_usage"]),
    )


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)
