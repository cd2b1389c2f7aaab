"""Time the exports, `modelinv search` and the cost of organisation rules.

    python bench/exports_bench.py [--models 10000] [--repeat 3]

Generates (or reuses) a catalog of N models under bench/out/exports-N with
bench/generate.py, then prints:

* each export format: the render alone (the catalog loaded once, in this process) and
  the whole command `modelinv export FORMAT` (loading and validating included), and
  `modelinv export all`;
* `search` on the SQLite export: the query alone (median and slowest of several queries,
  in this process) and the whole `modelinv search --db` command (interpreter start-up
  included);
* a cold `modelinv validate --no-cache` with and without three organisation rules in
  catalog/rules/, and the difference in percent.

Targets (issue 11): every export of 10,000 models <= 5 s, search <= 100 ms, organisation
rules add <= 20% to a cold validate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from modelinv.api import check
from modelinv.checks.engine import Options, load_inventory
from modelinv.exports.base import ExportOptions, rendered
from modelinv.exports.registry import EXPORTERS
from modelinv.exports.search import search

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
MODELINV = Path(sys.executable).parent / "modelinv"
TODAY = "2026-11-01"
QUERIES = (
    "fraud",
    "stage:production fraud",
    "team:payments kind:model",
    "risk:high stage:production credit",
    "recommend",
    "kind:model churn predictor",
)
RULES = {
    "ethics-review": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-modelinv": {
            "code": "ACME001",
            "severity": "warning",
            "kinds": ["Model"],
            "message": "high-risk models need an ethics review",
        },
        "if": {
            "properties": {
                "spec": {
                    "properties": {"compliance": {"properties": {"riskLevel": {"const": "high"}}}}
                }
            }
        },
        "then": {"properties": {"metadata": {"required": ["annotations"]}}},
    },
    "cost-currency": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-modelinv": {
            "code": "ACME002",
            "severity": "warning",
            "kinds": ["Model"],
            "message": "costs are booked in USD or EUR",
        },
        "properties": {
            "spec": {"properties": {"cost": {"properties": {"currency": {"enum": ["USD", "EUR"]}}}}}
        },
    },
    "team-contact": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-modelinv": {
            "code": "ACME003",
            "severity": "warning",
            "kinds": ["Team"],
            "message": "teams have a chat channel",
        },
        "properties": {
            "spec": {"required": ["contact"], "properties": {"contact": {"required": ["chat"]}}}
        },
    },
}


def catalog(models: int) -> Path:
    root = OUT / f"exports-{models}"
    if not (root / "models").is_dir():
        OUT.mkdir(exist_ok=True)
        generator = [sys.executable, str(BENCH / "generate.py"), str(root)]
        subprocess.run([*generator, "--models", str(models)], check=True, stdout=subprocess.DEVNULL)
    return root


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: Sequence[str], cache: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its worker processes). On a machine
    shared with other work the CPU time is the steadier figure. Without `cache` the run is
    cold (a fresh, empty cache directory)."""
    with tempfile.TemporaryDirectory() as fresh:
        env = {**os.environ, "MODELINV_CACHE_DIR": str(cache or fresh)}
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(
            args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        return time.perf_counter() - start, _children_cpu() - cpu


def best(args: Sequence[str], repeat: int, cache: Path | None = None) -> tuple[float, float]:
    runs = [timed(args, cache) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def exports(root: Path, repeat: int) -> None:
    inventory = load_inventory(root, Options(today=dt.date.fromisoformat(TODAY)))
    options = ExportOptions(findings=check(inventory).findings)
    gc.freeze()  # as the CLI does
    print(f"{'format':<14} {'render s (cpu)':>15} {'modelinv export s (cpu)':>24} {'MB':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, exporter in EXPORTERS.items():
            walls, cpus, size = [], [], 0
            for _ in range(repeat):
                cpu, start = time.process_time(), time.perf_counter()
                files = rendered(exporter, inventory, options)
                walls.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)
                size = sum(len(b) for b in files.values())
            command = [str(MODELINV), "export", name, "--catalog", str(root), "--out", f"{tmp}/x"]
            total, total_cpu = best(command, 1)
            render = f"{min(walls):.2f} ({min(cpus):.2f})"
            print(
                f"{name:<14} {render:>15} {f'{total:.2f} ({total_cpu:.2f})':>24} {size / 1e6:>6.1f}"
            )
        every = [str(MODELINV), "export", "all", "--catalog", str(root), "--out", tmp]
        total, total_cpu = best(every, 1)
        print(f"{'all, cold':<14} {'':>15} {f'{total:.2f} ({total_cpu:.2f})':>24}")
        cache = Path(tmp) / "cache"
        timed(every, cache)  # fills the cache
        total, total_cpu = best(every, 1, cache)
        print(f"{'all, cached':<14} {'':>15} {f'{total:.2f} ({total_cpu:.2f})':>24}")


def searches(root: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "inventory.sqlite"
        subprocess.run(
            [str(MODELINV), "export", "sqlite", "--catalog", str(root), "--out", str(db_path)],
            check=True,
        )
        db = sqlite3.connect(db_path)
        print(f"\n{'query':<38} {'hits':>5} {'median ms':>10} {'max ms':>8}")
        for query in QUERIES:
            times, hits = [], 0
            for _ in range(max(repeat, 5)):
                start = time.perf_counter()
                hits = len(search(db, query, limit=20))
                times.append((time.perf_counter() - start) * 1000)
            print(f"{query:<38} {hits:>5} {statistics.median(times):>10.1f} {max(times):>8.1f}")
        db.close()
        command = [str(MODELINV), "search", "--db", str(db_path), "stage:production", "fraud"]
        total, cpu = best(command, repeat)
        print(
            f"modelinv search --db (whole command, start-up included): {total:.2f} s "
            f"({cpu:.2f} s cpu)"
        )


def org_rules(root: Path, repeat: int) -> None:
    command = [str(MODELINV), "validate", str(root), "--no-cache", "--today", TODAY]
    rules = root / "rules"
    shutil.rmtree(rules, ignore_errors=True)
    without, without_cpu = best(command, repeat)
    rules.mkdir()
    try:
        for name, schema in RULES.items():
            (rules / f"{name}.schema.json").write_text(json.dumps(schema, indent=2))
        with_rules, with_cpu = best(command, repeat)
    finally:
        shutil.rmtree(rules)
    extra = (with_rules - without) / without * 100
    extra_cpu = (with_cpu - without_cpu) / without_cpu * 100
    print(f"cpu: {without_cpu:.2f} s without, {with_cpu:.2f} s with (+{extra_cpu:.1f}%)")
    print(
        f"\ncold validate: {without:.2f} s without organisation rules, {with_rules:.2f} s "
        f"with {len(RULES)} (+{extra:.1f}%)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    root = catalog(args.models)
    print(f"{args.models} models ({root}), load average {os.getloadavg()[0]:.1f}\n")
    exports(root, args.repeat)
    searches(root, args.repeat)
    org_rules(root, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
