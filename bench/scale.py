"""Prove a catalog of 100,000+ files validates: time and peak memory at that scale.

    python bench/scale.py [--models 100000] [--out bench/out/scale]

Generates the catalog (bench/generate.py; with 100,000 models that is ~117,000 files, well
past the ~65,500 memory mappings a process may hold, where `validate` used to hang), then
runs `modelinv validate DIR --today` (the generator's date) three times in subprocesses of
their own: without the cache, with an empty cache (it fills it) and with the warm cache.
Prints, per run, the exit status, wall time, peak RSS of the largest process (the CLI or
a worker) and the summary line. Exit status 1 when a run crashed (exit 2 or 3) or did
not check every file.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TODAY, generate  # the sibling script


def _run(name: str, args: list[str], env: dict[str, str], files: int) -> bool:
    """One measured `modelinv validate`; True when it checked all `files` and exited 0
    or 1 (the generator's catalog predates some rules, so findings are not a failure)."""
    # Peak RSS of children is a maximum over every child waited for so far, so each run
    # is measured in a child of its own that waits for modelinv and reports back.
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "tail = (done.stdout.strip().splitlines() or [''])[-1]\n"
        "err = (done.stderr.strip().splitlines() or [''])[-1]\n"
        "print(done.returncode, f'{wall:.1f}', peak, tail, '|', err, sep='\\t')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "modelinv", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    code, wall, peak_kib, tail, _, err = (out.split("\t") + [""] * 6)[:6]
    ok = code in ("0", "1") and f"{files} files checked" in tail
    print(
        f"{name:<22} exit {code}  {wall:>6} s  peak RSS {int(peak_kib) / 1024:7.0f} MiB  "
        f"{tail}{'' if ok else '  stderr: ' + err}"
    )
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--models", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/scale"))
    args = parser.parse_args(argv)
    catalog = args.out / f"catalog-{args.models}"
    started = time.perf_counter()
    summary = generate(catalog, args.models)
    print(
        f"generated {summary['files']} files ({args.models} models) in "
        f"{time.perf_counter() - started:.0f} s; RLIMIT_NOFILE "
        f"{resource.getrlimit(resource.RLIMIT_NOFILE)[0]}, vm.max_map_count "
        f"{Path('/proc/sys/vm/max_map_count').read_text().strip()}"
    )
    ok = True
    files = int(str(summary["files"]))
    with tempfile.TemporaryDirectory(prefix="modelinv-scale-cache-") as cache:
        env = {**os.environ, "MODELINV_CACHE_DIR": cache}
        validate = ["validate", str(catalog), "--today", TODAY.isoformat()]
        ok &= _run("validate --no-cache", [*validate, "--no-cache"], env, files)
        ok &= _run("validate (cold cache)", validate, env, files)
        ok &= _run("validate (warm cache)", validate, env, files)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
