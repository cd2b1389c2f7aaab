"""Build a git repository whose history replays the example catalog month by month, so the
site's health page has a real history to chart (the repository's own catalog was added in
a few commits on one day, which gives one point).

    python examples/dated_history.py /tmp/inventory-history
    modelinv build /tmp/inventory-history/catalog --out site --today 2026-11-26

The first commit (at the end of the `--since` month) holds the policy, teams, data assets
and consumers; then one commit at the end of each month up to `--until` writes every model
as it would have read then:

- a model appears in the month of its `spec.created` date;
- its lifecycle goes development -> staging (45 days later) -> production (90 days later),
  then deprecated on its deprecation notice and archived on its decommission date (an
  archived model without a deprecation block is archived on its documentation's last
  update); a model is never further along than it is today;
- each metric shows the latest evaluation (`value` / `evaluated`, then `history`) made by
  then; a metric not yet evaluated is left out;
- documentation updated after that day reads as last updated on the model's created date.

Commits are dated with GIT_AUTHOR_DATE / GIT_COMMITTER_DATE; a month in which nothing
changes gets no commit. Exit status 2 when the target folder exists and is not empty.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

EXAMPLE_CATALOG = Path(__file__).resolve().parent.parent / "catalog"
STEP_DAYS = 45  # development -> staging -> production, one step each
ORDER = ("development", "staging", "production", "deprecated", "archived")


def month_ends(since: dt.date, until: dt.date) -> list[dt.date]:
    """The last day of each month from `since`'s month to `until` (itself the last)."""
    days = []
    year, month = since.year, since.month
    while True:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        end = following - dt.timedelta(days=1)
        if end >= until:
            days.append(until)
            return days
        days.append(end)
        year, month = following.year, following.month


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def stage_on(spec: CommentedMap, day: dt.date) -> str:
    """The model's lifecycle stage on `day`, replayed from today's file."""
    final = str(spec["lifecycle"])
    created = _date(spec.get("created")) or dt.date.min
    deprecation = spec.get("deprecation") or {}
    documentation = spec.get("documentation") or {}
    moves: list[tuple[str, dt.date]] = [("development", created)]
    if final != "development":
        moves.append(("staging", created + dt.timedelta(days=STEP_DAYS)))
    if final in ("production", "deprecated") or (final == "archived" and deprecation):
        moves.append(("production", created + dt.timedelta(days=2 * STEP_DAYS)))
    notified = _date(deprecation.get("notified"))
    if final in ("deprecated", "archived") and notified:
        moves.append(("deprecated", notified))
    if final == "archived":
        retired = _date(deprecation.get("decommission")) or _date(documentation.get("updated"))
        moves.append(("archived", retired or created))
    stage = "development"
    for name, since in moves:
        if since <= day and ORDER.index(name) <= ORDER.index(final):
            stage = name
    return stage


def model_on(data: CommentedMap, day: dt.date) -> CommentedMap | None:
    """The model document as it would have read on `day`, None before it was created."""
    spec = data["spec"]
    created = _date(spec.get("created"))
    if created is not None and created > day:
        return None
    spec["lifecycle"] = stage_on(spec, day)
    kept = []
    for metric in spec.get("metrics") or ():
        points = sorted(
            [(p["evaluated"], p["value"]) for p in metric.get("history") or ()]
            + [(metric["evaluated"], metric["value"])]
        )
        known = [p for p in points if p[0] <= day]
        if not known:
            continue
        metric["evaluated"], metric["value"] = known[-1]
        if "history" in metric:
            earlier = [CommentedMap(value=v, evaluated=d) for d, v in known[:-1]]
            if earlier:
                metric["history"] = earlier
            else:
                del metric["history"]
        kept.append(metric)
    if "metrics" in spec:
        if kept:
            spec["metrics"] = kept
        else:
            del spec["metrics"]
    documentation = spec.get("documentation")
    updated = _date(documentation.get("updated")) if documentation else None
    if documentation is not None and updated is not None and updated > day:
        documentation["updated"] = created or day
    return data


def _git(repo: Path, day: dt.date, *args: str) -> str:
    stamp = f"{day.isoformat()}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "modelinv example",
        "GIT_AUTHOR_EMAIL": "example@modelinv.invalid",
        "GIT_COMMITTER_NAME": "modelinv example",
        "GIT_COMMITTER_EMAIL": "example@modelinv.invalid",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def build_history(target: Path, since: dt.date, until: dt.date) -> int:
    """Write the repository into `target` (empty or missing); returns the commit count."""
    yaml = YAML()
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *_: True  # the catalog refuses anchors
    catalog = target / "catalog"
    catalog.mkdir(parents=True)
    days = month_ends(since, until)
    _git(target, days[0], "init", "-q", "-b", "main")
    for source in sorted(EXAMPLE_CATALOG.rglob("*.yaml")):
        rel = source.relative_to(EXAMPLE_CATALOG)
        if rel.parts[0] != "models":
            (catalog / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, catalog / rel)
    (catalog / "models").mkdir()
    models = {
        source.name: yaml.load(source.read_text(encoding="utf-8"))
        for source in sorted((EXAMPLE_CATALOG / "models").glob("*.yaml"))
    }
    commits = 0
    for day in days:
        for name, today in models.items():
            data = model_on(copy.deepcopy(today), day)
            if data is not None:
                with (catalog / "models" / name).open("w", encoding="utf-8") as out:
                    yaml.dump(data, out)
        # The policy enforces a generated CODEOWNERS: keep it in step with every version.
        subprocess.run(
            [sys.executable, "-m", "modelinv", "codeowners", "--catalog", "catalog"],
            cwd=target,
            check=True,
            capture_output=True,
        )
        _git(target, day, "add", "-A", "catalog", ".github")
        if _git(target, day, "status", "--porcelain", "--", "catalog", ".github").strip():
            _git(target, day, "commit", "-q", "-m", f"Inventory as of {day.isoformat()}")
            commits += 1
    return commits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="folder for the new repository")
    parser.add_argument("--since", type=dt.date.fromisoformat, default=dt.date(2024, 1, 1))
    parser.add_argument("--until", type=dt.date.fromisoformat, default=dt.date(2026, 11, 26))
    args = parser.parse_args(argv)
    target: Path = args.target
    if target.exists() and any(target.iterdir()):
        print(f"error: {target} exists and is not empty", file=sys.stderr)
        return 2
    if args.since > args.until:
        print("error: --since is after --until", file=sys.stderr)
        return 2
    commits = build_history(target, args.since, args.until)
    print(f"wrote {commits} dated commits to {target} (catalog: {target / 'catalog'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
