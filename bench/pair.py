"""Paired runs: one command under two versions of modelinv, taking turns.

    python bench/pair.py BASE [--case build|rebuild|rebuild-reference|validate-cold|
                                       validate-warm]
                              [--models 10000] [--shape dag|chain] [--pairs 5]
                              [--site-dir DIR]

This machine's speed drifts by 5-15% within an hour (other tenants), more than most single
changes move a figure: a before and an after taken at different times compare the hours,
not the code. This script runs BASE (a commit, checked out into a temporary git worktree
and imported from its `src/` through PYTHONPATH, with this environment's packages) and the
working tree (this checkout's `src/`) alternately, each with its own cache folder, on the
same generated catalog in the same git repository as bench/speed.py's (bench/generate.py,
seed 7, `--today 2026-11-26`). Each pair runs the two in turn, the first of a pair
alternating, timed by bench/run.py's harness (wall, CPU of the process tree, largest peak
RSS, other load). It prints every pair, then each side's median and the median of the
pairs' differences.

Cases:
- `build`: a first build (the site folder new, the past versions' health not kept), the
  validate cache warm. After the last pair the two sites are compared file by file (the
  manifest aside): a change meant to be faster only must leave them identical.
- `rebuild`: each side keeps its site; every pair first edits one model's title, then
  both rebuild.
- `rebuild-reference`: the same, but every pair first adds a dependency on another model
  to one model's upstream list, or removes the one the pair before added: the catalog's
  relations change, so no page is kept on its quick digest.
- `validate-cold`: `validate --no-cache`.
- `validate-warm`: every pair first edits one model's title, then both validate with their
  warm cache.

The exit status is 1 when a run failed (an exit status other than 0 for a build or 0 and 1
for a validate) or the two builds' sites differ.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from run import ROOT, Run, edited_reference, edited_title, run_one
from speed import TODAY, models_list, reference_edit, repository, speed_catalog

CASES = ("build", "rebuild", "rebuild-reference", "validate-cold", "validate-warm")
REBUILDS = ("rebuild", "rebuild-reference")
MANIFEST = ".modelinv-build.json"  # differs between any two builds (its key and stamps)


def worktree(commit: str, folder: Path) -> Path:
    """`commit` checked out into `folder` (a detached git worktree of this repository)."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), commit],
        check=True,
        capture_output=True,
    )
    return folder


def remove_worktree(folder: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)],
        capture_output=True,
        check=False,  # the temporary folder goes anyway; `git worktree prune` forgets it
    )


def differences(left: Path, right: Path, limit: int = 5) -> list[str]:
    """Files that differ between two site folders (or are in one only), up to `limit`."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        for name in sorted(compared.left_only + compared.right_only):
            if name != MANIFEST:
                found.append(f"{prefix}{name} (in one only)")
        _, mismatch, errors = filecmp.cmpfiles(
            compared.left, compared.right, compared.common_files, shallow=False
        )
        found.extend(f"{prefix}{name}" for name in mismatch + errors if name != MANIFEST)
        for name, sub in sorted(compared.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found[:limit]


class Side:
    """One version of modelinv: where it is imported from, its cache and its site."""

    def __init__(self, name: str, source: Path, work: Path, site_parent: Path) -> None:
        self.name = name
        self.env = {"PYTHONPATH": str(source), "MODELINV_CACHE_DIR": str(work / f"cache-{name}")}
        self.site = site_parent / f"site-{name}"
        self.runs: list[Run] = []

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "modelinv", *args]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit to compare the working tree with")
    parser.add_argument("--case", choices=CASES, default="build")
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--shape", choices=("dag", "chain"), default="dag")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--site-dir", help="where the sites are written (default: a temp dir)")
    args = parser.parse_args(argv)

    catalog, _ = speed_catalog(args.models, args.shape)
    with tempfile.TemporaryDirectory(prefix="modelinv-pair-") as tmp:
        work = Path(tmp)
        base_tree = worktree(args.base, work / "base")
        try:
            return _compare(args, catalog, work, base_tree)
        finally:
            remove_worktree(base_tree)


def _compare(args: argparse.Namespace, catalog: Path, work: Path, base_tree: Path) -> int:
    root = repository(catalog, work)
    site_parent = Path(args.site_dir) if args.site_dir else work
    sides = [
        Side("base", base_tree / "src", work, site_parent),
        Side("head", ROOT / "src", work, site_parent),
    ]
    validate = ("validate", str(root), "--today", TODAY)
    build = ("build", str(root), "--today", TODAY)
    ok_codes = {0} if args.case in ("build", *REBUILDS) else {0, 1}

    def step(side: Side) -> Run:
        if args.case == "validate-cold":
            return run_one(side.command(*validate, "--no-cache"), env=side.env)
        if args.case == "validate-warm":
            return run_one(side.command(*validate), env=side.env)
        if args.case == "build":
            shutil.rmtree(side.site, ignore_errors=True)
            memo = Path(side.env["MODELINV_CACHE_DIR"], "site-health-history.json")
            memo.unlink(missing_ok=True)
        return run_one(side.command(*build, "--out", str(side.site)), env=side.env)

    for side in sides:
        # Both sides' bytecode written first: with PYTHONDONTWRITEBYTECODE set (as on this
        # machine) a side without it compiles every module on every run (~50 ms of imports).
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", side.env["PYTHONPATH"]],
            check=True,
            capture_output=True,
        )
    for side in sides:  # each side's cache (and, for a rebuild, its site) made untimed
        # A validate with findings exits 1: this run only fills the cache.
        subprocess.run(
            side.command(*validate),
            env={**os.environ, **side.env},
            capture_output=True,
            check=False,
        )
        if args.case in REBUILDS:
            subprocess.run(
                side.command(*build, "--out", str(side.site)),
                env={**os.environ, **side.env},
                capture_output=True,
                check=True,
            )
    model = models_list(root)[args.models // 2]
    if args.case == "rebuild-reference":
        edit_of = reference_edit(root)
        if edit_of is None:
            raise SystemExit("no model of this catalog has an upstream list to edit")
        editing = edited_reference(*edit_of)
    else:
        editing = edited_title(model)
    with editing as edit:
        before: Callable[[], None] | None = (
            edit if args.case in (*REBUILDS, "validate-warm") else None
        )
        for number in range(args.pairs):
            if before is not None:
                before()
            order = sides if number % 2 == 0 else sides[::-1]
            for side in order:
                side.runs.append(step(side))
    return _report(args, sides, ok_codes)


def _report(args: argparse.Namespace, sides: list[Side], ok_codes: set[int]) -> int:
    base, head = sides
    print(f"{args.case}, {args.models:,} models ({args.shape}), base {args.base} / working tree")
    print("| pair | base wall s | base CPU s | head wall s | head CPU s | head - base wall s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for number, (b, h) in enumerate(zip(base.runs, head.runs, strict=True), 1):
        print(
            f"| {number} | {b.wall_s:.2f} | {b.cpu_s:.2f} | {h.wall_s:.2f} | {h.cpu_s:.2f} "
            f"| {h.wall_s - b.wall_s:+.2f} |"
        )
    walls = [statistics.median(r.wall_s for r in s.runs) for s in sides]
    cpus = [statistics.median(r.cpu_s for r in s.runs) for s in sides]
    diffs = [h.wall_s - b.wall_s for b, h in zip(base.runs, head.runs, strict=True)]
    print(
        f"medians: base {walls[0]:.2f} s ({cpus[0]:.2f} CPU s), head {walls[1]:.2f} s "
        f"({cpus[1]:.2f} CPU s); the pairs' difference {statistics.median(diffs):+.2f} s "
        f"({min(diffs):+.2f} to {max(diffs):+.2f}), head/base {walls[1] / walls[0]:.2f}"
    )
    peaks = [max(r.peak_rss_mb for r in s.runs) for s in sides]
    others = [r.other_cores for s in sides for r in s.runs if r.other_cores is not None]
    print(
        f"peak RSS: base {peaks[0]:.0f} MB, head {peaks[1]:.0f} MB; other load up to "
        f"{max(others, default=0.0):.1f} cores"
    )
    status = 0
    for side in sides:
        failed = next((r for r in side.runs if r.rc not in ok_codes), None)
        if failed is not None:
            print(f"{side.name}: exit {failed.rc}: {failed.output[-300:]}")
            status = 1
    if args.case in ("build", *REBUILDS) and status == 0:
        differ = differences(base.site, head.site)
        if differ:
            print("the two sites differ: " + ", ".join(differ))
            status = 1
        else:
            print("the two sites are identical (the manifest aside)")
    return status


if __name__ == "__main__":
    sys.exit(main())
