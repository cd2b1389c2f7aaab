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
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from modelinv import load_catalog
from modelinv.engine import Options, check_catalog
from modelinv.exports.base import ExportOptions
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


def wall(args: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def best(args: Sequence[str], repeat: int) -> float:
    return min(wall(args) for _ in range(repeat))


def exports(root: Path, repeat: int) -> None:
    inventory = load_catalog(root, Options(today=dt.date.fromisoformat(TODAY)))
    options = ExportOptions(findings=check_catalog(inventory).findings)
    print(f"{'format':<14} {'render (s)':>11} {'modelinv export (s)':>20} {'size (MB)':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, exporter in EXPORTERS.items():
            times, size = [], 0
            for _ in range(repeat):
                start = time.perf_counter()
                files = exporter.render(inventory, options)
                times.append(time.perf_counter() - start)
                size = sum(len(b) for b in files.values())
            command = [str(MODELINV), "export", name, "--catalog", str(root), "--out", f"{tmp}/x"]
            total = best(command, 1)
            print(f"{name:<14} {min(times):>11.2f} {total:>20.2f} {size / 1e6:>10.1f}")
        total = best([str(MODELINV), "export", "all", "--catalog", str(root), "--out", tmp], 1)
        print(f"{'all':<14} {'':>11} {total:>20.2f}")


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
        print(f"modelinv search --db (whole command): {best(command, repeat):.2f} s")


def org_rules(root: Path, repeat: int) -> None:
    command = [str(MODELINV), "validate", str(root), "--no-cache", "--today", TODAY]
    rules = root / "rules"
    shutil.rmtree(rules, ignore_errors=True)
    without = best(command, repeat)
    rules.mkdir()
    try:
        for name, schema in RULES.items():
            (rules / f"{name}.schema.json").write_text(json.dumps(schema, indent=2))
        with_rules = best(command, repeat)
    finally:
        shutil.rmtree(rules)
    extra = (with_rules - without) / without * 100
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
    print(f"{args.models} models ({root})\n")
    exports(root, args.repeat)
    searches(root, args.repeat)
    org_rules(root, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
