"""Benchmark `modelinv build` against a cold `modelinv validate` of the same catalog.

    python bench/build_bench.py [--models 1000,10000] [--shape dag|chain|cycle] [--src COMMIT]

For each size it generates (or reuses) the catalog under bench/out/ (bench/generate.py,
`--shape` for a chain or a cycle of models), then times, each in a process of its own with
HEAD's src/ (exported with `git archive`, as bench/site_bench.py does):

* `validate CATALOG --no-cache` (cold: every file parsed; the budget's yardstick);
* a cold `build` into a new folder (no previous output);
* a rebuild after one model file's title changed (pages whose inputs did not change are
  copied from the previous output, see src/modelinv/site/output.py);

and reports wall time, CPU, peak RSS (largest process), the build/validate and
rebuild/build ratios against the targets (build <= 1.5x validate, rebuild <= 0.25x build,
peak <= 400 MB, output <= 150 MB at 10,000 models), the output size, the largest files and
the largest model page. Figures go to stdout and bench/out/build_results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as common  # bench/run.py: catalogs, quiet machine, process runs
import site_bench  # bench/site_bench.py: HEAD's src/, folder sizes

OUT = common.OUT
RESULTS = OUT / "build_results.json"
TODAY = site_bench.TODAY
BUILD_RATIO, REBUILD_RATIO, PEAK_MB, OUTPUT_MB = 1.5, 0.25, 400.0, 150.0


def exported_src(commit: str | None) -> tuple[str, Path]:
    """src/ of `commit` (HEAD by default), exported once to a temporary folder."""
    if commit is None:
        return site_bench.head_src()
    full = subprocess.run(
        ["git", "-C", str(common.ROOT), "rev-parse", "--short", commit],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    target = Path(tempfile.gettempdir()) / f"modelinv-build-bench-src-{full}"
    if not (target / "src" / "modelinv" / "__main__.py").is_file():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(common.ROOT), "archive", full, "src"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return full, target / "src"


def command(src: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        f"import sys; sys.path.insert(0, {str(src)!r}); from modelinv.cli import main; "
        "sys.exit(main())",
        *args,
    ]


def figures(run: common.Run, ok: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """The run's figures; `ok` are the exit codes that mean it worked (validate exits 1
    when it finds something, as it does on generated catalogs judged at a pinned date)."""
    if run.rc not in ok:
        tail = "\n".join(run.output.strip().splitlines()[-20:])
        raise SystemExit(f"failed ({run.rc}):\n{tail}")
    return {
        "wall_s": round(run.wall_s, 2),
        "cpu_s": round(run.cpu_s, 2),
        "peak_rss_mb": round(run.peak_rss_mb, 1),
        "other_cores": None if run.other_cores is None else round(run.other_cores, 2),
        "output": run.output.strip().splitlines()[-1] if run.output.strip() else "",
    }


def largest(site: Path, count: int = 4) -> list[tuple[str, float]]:
    sizes = [(p.relative_to(site).as_posix(), p.stat().st_size) for p in site.rglob("*")]
    sizes = [s for s in sizes if (site / s[0]).is_file()]
    return [(name, round(size / 1e6, 2)) for name, size in sorted(sizes, key=lambda s: -s[1])][
        :count
    ]


def bench_size(models: int, shape: str, seed: int, commit: str | None) -> dict[str, Any]:
    suffix = "" if shape == "dag" else f"-{shape}"
    catalog = OUT / f"catalog-{models}{suffix}"
    common.ensure_catalog(catalog, models, 0, seed, shape)
    commit, src = exported_src(commit)
    cache = Path(os.environ.get("TMPDIR", "/tmp")) / f"modelinv-build-bench-cache-{os.getpid()}"
    env = {"MODELINV_CACHE_DIR": str(cache)}
    site = OUT / f"build-{models}{suffix}"
    validate = common.run_one(
        command(src, "validate", str(catalog), "--no-cache", "--today", TODAY), env=env
    )
    build_cmd = command(src, "build", str(catalog), "--out", str(site), "--today", TODAY)

    def fresh() -> None:
        shutil.rmtree(site, ignore_errors=True)

    cold = common.run_one(build_cmd, env=env, before=fresh)
    files, size = site_bench.dir_size(site)
    biggest = largest(site)
    pages = [(p.stat().st_size, p.name) for p in (site / "models").glob("*.html")]
    changed = sorted((catalog / "models").glob("*.yaml"))[len(pages) // 2]
    with common.edited_title(changed) as edit:
        rebuild = common.run_one(build_cmd, env=env, before=edit)
    shutil.rmtree(cache, ignore_errors=True)
    result = {
        "models": models,
        "shape": shape,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "src_commit": commit,
        "validate_cold": figures(validate, (0, 1)),
        "build_cold": figures(cold),
        "rebuild_one_changed": figures(rebuild),
        "files": files,
        "out_mb": round(size / 1e6, 1),
        "largest_files_mb": biggest,
        "largest_model_page_kb": round(max(pages)[0] / 1e3, 1) if pages else 0,
        "mean_model_page_kb": round(sum(s for s, _ in pages) / len(pages) / 1e3, 1) if pages else 0,
    }
    result["build_over_validate"] = round(cold.wall_s / validate.wall_s, 2)
    result["rebuild_over_build"] = round(rebuild.wall_s / cold.wall_s, 2)
    return result


def verdict(r: dict[str, Any]) -> list[str]:
    peak = r["build_cold"]["peak_rss_mb"]
    return [
        f"build/validate {r['build_over_validate']} (target <= {BUILD_RATIO})",
        f"rebuild/build {r['rebuild_over_build']} (target <= {REBUILD_RATIO})",
        f"peak {peak} MB (target <= {PEAK_MB:g} at 10,000)",
        f"output {r['out_mb']} MB (target <= {OUTPUT_MB:g} at 10,000)",
    ]


def table(results: Sequence[dict[str, Any]]) -> str:
    head = (
        "| models | shape | validate cold s | build s / CPU s / peak MB | rebuild (1 changed) s "
        "| build/validate | rebuild/build | output MB | largest files MB | model page kB "
        "mean / max |"
    )
    lines = [head, "|" + "---:|" * 2 + "---:|" * 8]
    for r in results:
        b = r["build_cold"]
        lines.append(
            f"| {r['models']:,} | {r['shape']} | {r['validate_cold']['wall_s']} "
            f"| {b['wall_s']} / {b['cpu_s']} / {b['peak_rss_mb']} "
            f"| {r['rebuild_one_changed']['wall_s']} | {r['build_over_validate']} "
            f"| {r['rebuild_over_build']} | {r['out_mb']} "
            f"| {', '.join(f'{n} {s}' for n, s in r['largest_files_mb'][:3])} "
            f"| {r['mean_model_page_kb']} / {r['largest_model_page_kb']} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--models", default="1000", help="model counts, comma-separated")
    parser.add_argument("--shape", choices=("dag", "chain", "cycle"), default="dag")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--src", default=None, help="commit whose src/ to run (default HEAD)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    saved: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    done = []
    for models in [int(m.replace("_", "")) for m in args.models.split(",") if m.strip()]:
        print(f"== {models:,} models, {args.shape}", flush=True)
        result = bench_size(models, args.shape, args.seed, args.src)
        saved[f"{models}-{args.shape}-{result['src_commit']}"] = result
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
        for line in verdict(result):
            print("   " + line, flush=True)
        done.append(result)
    print()
    print(table(done))
    print(f"\nwrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
