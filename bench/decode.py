"""Decoding entities from their JSON payloads: full validation against the trusted decoder.

    python bench/decode.py [--models 10000] [--catalog DIR] [--repeat 3] [--skip-micro]
                           [--commands report,gate,build | --commands none]

Two parts, both on a warm cache (MODELINV_CACHE_DIR in a temporary folder, filled first):

1. Microseconds per entity, in this process: every valid entity's payload, as the cache
   serves it, decoded by `decode_validated` (pydantic's `model_validate_json`: what
   `Inventory` did before) and by `decode_trusted` (`inventory/trusted_decode.py`), every
   result kept as an inventory keeps them, the garbage collector set as the CLI sets it
   (what was loaded frozen, threshold 50,000), and each once more with the collector
   paused, as `Inventory.decode_ahead` decodes a kind's entities. The best and the
   median of `--repeat` passes, the ways in alternation. Both decoders' entities are
   compared first.
2. Whole commands on that cache: `report retirement`, `gate MODEL` and `build` (into a new
   folder each run), each run four ways in alternation, all through the same launcher
   (`python -c`, then the console script's `run()`) so they share code and cache:
   "before" puts `decode_validated` in the place of `decode_trusted` and makes
   `Inventory.decode_ahead` do nothing (entities validated one at a time, as at the start
   of the session); "validated, ahead" only the former, "trusted, one at a time" only the
   latter; "after" changes nothing. Timed by bench/run.py's harness: wall, CPU s of the
   process tree, peak MB of the largest process, other load meanwhile.

The catalog is bench/generate.py's (seed 7, as bench/speed.py's, under bench/out/), or
`--catalog DIR`: an existing catalog folder, read and never written (the commands run on
a copy in a temporary git repository, as in bench/speed.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from run import Run, run_one
from speed import TODAY, models_list, repository, speed_catalog

from modelinv import Options, load_index
from modelinv.inventory.trusted_decode import decode_trusted, decode_validated
from modelinv.model import Entity

Decoder = Callable[[str, bytes], Entity]
# name -> (decoder, collector paused while decoding)
WAYS: dict[str, tuple[Decoder, bool]] = {
    "validated": (decode_validated, False),
    "validated, GC paused": (decode_validated, True),
    "trusted": (decode_trusted, False),
    "trusted, GC paused": (decode_trusted, True),
}
_ONE_AT_A_TIME = "inventory.Inventory.decode_ahead = lambda self, entries: None; "
_VALIDATING = "inventory.decode_trusted = trusted_decode.decode_validated; "
_CLI = "from modelinv.cli import run; run()"
_IMPORTS = "from modelinv.inventory import inventory, trusted_decode; "
LAUNCHERS = {
    "before": f"{_IMPORTS}{_VALIDATING}{_ONE_AT_A_TIME}{_CLI}",
    "validated, ahead": f"{_IMPORTS}{_VALIDATING}{_CLI}",
    "trusted, one at a time": f"{_IMPORTS}{_ONE_AT_A_TIME}{_CLI}",
    "after": _CLI,
}


def payloads_of(root: Path, cache: Path) -> list[tuple[str, bytes]]:
    """(kind, payload) of every valid entry, as a warm cache serves them."""
    options = Options(cache_dir=cache, today=dt.date.fromisoformat(TODAY))
    load_index(root, options)  # fills the cache
    index = load_index(root, options)
    return [(e.kind, index.payload(e)) for e in index.entries if e.valid and e.kind is not None]


def same_entities(payloads: list[tuple[str, bytes]]) -> int:
    """How many payloads the two decoders turn into different entities (expected: 0)."""
    differ = 0
    for kind, payload in payloads:
        validated, trusted = decode_validated(kind, payload), decode_trusted(kind, payload)
        if validated != trusted or validated.model_dump_json() != trusted.model_dump_json():
            differ += 1
    return differ


def per_entity(payloads: list[tuple[str, bytes]], repeat: int) -> dict[str, dict[str, list[float]]]:
    """kind -> way -> seconds of each pass over that kind's payloads."""
    by_kind: dict[str, list[bytes]] = defaultdict(list)
    for kind, payload in payloads:
        by_kind[kind].append(payload)
    times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    gc.collect()
    gc.freeze()  # as the CLI does after loading: collections skip what was loaded
    gc.set_threshold(50_000, 20, 20)  # and the CLI's threshold
    for _ in range(repeat):
        for name, (decoder, paused) in WAYS.items():
            for kind, blobs in sorted(by_kind.items()):
                if paused:
                    gc.disable()
                start = time.perf_counter()
                kept = [decoder(kind, blob) for blob in blobs]
                times[kind][name].append(time.perf_counter() - start)
                gc.enable()
                del kept
                gc.collect()
    return times


def per_entity_table(times: dict[str, dict[str, list[float]]], counts: dict[str, int]) -> str:
    heads = " | ".join(f"{name} us (best / median)" for name in WAYS)
    lines = [
        f"| kind | entities | {heads} | validated / trusted, GC paused (best) |",
        "| --- | ---: |" + " ---: |" * (len(WAYS) + 1),
    ]
    for kind, by_way in sorted(times.items()):
        n = counts[kind]
        best = {name: min(runs) / n * 1e6 for name, runs in by_way.items()}
        median = {name: statistics.median(runs) / n * 1e6 for name, runs in by_way.items()}
        cells = " | ".join(f"{best[name]:.1f} / {median[name]:.1f}" for name in WAYS)
        ratio = best["validated"] / best["trusted, GC paused"]
        lines.append(f"| {kind} | {n:,} | {cells} | {ratio:.2f}x |")
    return "\n".join(lines)


def commands(root: Path, chosen: set[str]) -> dict[str, list[str]]:
    models = models_list(root)
    model = models[len(models) // 2].stem
    found = {
        "report": ("report retirement", ["report", "retirement", str(root), "--today", TODAY]),
        "gate": (
            "gate MODEL",
            ["gate", model, "-e", "staging", "--catalog", str(root), "--today", TODAY],
        ),
        "build": (
            "build --out (new folder)",
            ["build", str(root), "--out", "{out}", "--today", TODAY],
        ),
    }
    return {name: args for key, (name, args) in found.items() if key in chosen}


def run_command(name: str, args: list[str], way: str, env: dict[str, str], work: Path) -> Run:
    out = work / f"site-{way}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-c", LAUNCHERS[way], *(a.replace("{out}", str(out)) for a in args)]
    run = run_one(cmd, env=env)
    if run.rc not in (0, 1):
        raise SystemExit(f"{name} ({way}) exited {run.rc}: {run.output[-400:]}")
    return run


def command_table(runs: dict[str, dict[str, list[Run]]]) -> str:
    lines = [
        "| command | decoder | wall s (median, min-max) | CPU s (median, min-max) "
        "| peak MB | other load |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, by_way in runs.items():
        for way, group in by_way.items():
            walls = [r.wall_s for r in group]
            cpus = [r.cpu_s for r in group]
            loads = [r.other_cores for r in group if r.other_cores is not None]
            load = f"{max(loads):.1f}" if loads else "-"
            lines.append(
                f"| {name} | {way} | {statistics.median(walls):.2f} ({min(walls):.2f}-"
                f"{max(walls):.2f}) | {statistics.median(cpus):.2f} ({min(cpus):.2f}-"
                f"{max(cpus):.2f}) | {max(r.peak_rss_mb for r in group):.0f} | {load} |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--catalog", type=Path, help="an existing catalog folder (read only)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-micro", action="store_true", help="no per-entity figures")
    parser.add_argument(
        "--commands", default="report,gate,build", help="which commands to run, or none"
    )
    args = parser.parse_args(argv)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as bench/speed.py
    catalog = args.catalog
    if catalog is None:
        catalog, _ = speed_catalog(args.models)
    with tempfile.TemporaryDirectory(prefix="modelinv-decode-") as tmp:
        work = Path(tmp)
        root = repository(catalog, work)
        cache = work / "cache"
        payloads = payloads_of(root, cache)
        counts: dict[str, int] = defaultdict(int)
        for kind, _ in payloads:
            counts[kind] += 1
        differ = same_entities(payloads)
        print(f"{len(payloads):,} valid entities; decoded differently: {differ}", flush=True)
        if differ:
            return 1
        if not args.skip_micro:
            print(per_entity_table(per_entity(payloads, args.repeat), counts), flush=True)
        chosen = set(args.commands.split(","))
        env = {"MODELINV_CACHE_DIR": str(cache)}
        runs: dict[str, dict[str, list[Run]]] = {}
        for name, cmd_args in commands(root, chosen).items():
            run_command(name, cmd_args, "after", env, work)  # whatever a first run writes
            runs[name] = {way: [] for way in LAUNCHERS}
            for _ in range(args.repeat):
                for way in LAUNCHERS:
                    runs[name][way].append(run_command(name, cmd_args, way, env, work))
        if runs:
            print()
            print(command_table(runs), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
