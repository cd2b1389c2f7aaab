"""Every figure of the speed table (issue 9): validate cold, warm and with one model
changed, build and rebuild, gate, diff of a small commit, the retirement report (without
and with 90 days of usage data), `--version`, the publish workflow's build (every export,
no cache), and the schema-only peer ajv-cli on the same files in the same run.

    python bench/speed.py [--sizes 1000,10000] [--with-50k] [--skip-ajv] [--skip-build]
                          [--only build|warm] [--chain 5000 | --chain 0]
                          [--history 10000 | --history 0] [--history-months 12]
                          [--history-edits 3]
                          [--repeat N] [--site-dir DIR]

`--only build` measures only what the build's budget needs: the cold validate (its
yardstick), the first build, the rebuild after one model's title changed and the rebuild
after one model's dependency was added or removed (every page's quick digest then
misses). `--only warm` measures
only the cached runs (validate with nothing changed, one model's title changed or one
model's dependency added or removed, and the gate), after the
run that fills the cache (itself a figure: the default command on a CI machine without a
saved cache). `--repeat N` runs each of those cached measurements N times and
shows the median; the cold validate and ajv-cli too, the two taking turns (a single cold
run swings by +-0.1 s on a quiet machine, as much as the gap between them), and the first
build and the rebuild. Every run also builds a chain of `--chain` models
(bench/generate.py --shape chain, issue 12; 0 leaves it out), and the catalog of
`--history` models in a repository with a year of monthly commits (`--history-months`;
the health page then charts 13 versions; the other cases' commits are dated after
--today, so their health page charts none), each with the same three figures. Each
monthly commit edits `--history-edits` percent of the models (default 3; with 100 no two
versions share a model file: the health history's heaviest case). Build
figures note the output size and the ratios against the targets (build <= 1.5x cold
validate, rebuild <= 0.25x build). The sites are written under `--site-dir` (default: the
run's temporary folder): on a RAM file system (/dev/shm) the figures leave out the file
system's time, which on some machines swings by seconds.

Catalogs come from bench/generate.py (cached under bench/out/), each copied into a git
repository with two commits (the second edits three model files) for `diff`. Every
measurement is a subprocess of its own, timed with its peak memory (the largest process
and the sampled total of the process tree) by the harness of bench/run.py, which also
waits for a quiet machine and reports the load other processes caused meanwhile. Time
rules judge as of --today 2026-11-26, so the generated catalogs yield the same findings on
every run. ajv-cli 5 (with ajv-formats) is installed with npm into bench/out/node when
missing; it checks the model files against schemas/model.schema.json on one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from run import (
    OUT,
    ROOT,
    Figure,
    Run,
    combine,
    edited_reference,
    edited_title,
    ensure_catalog,
    find_tool,
    run_one,
)

TODAY = "2026-11-26"
HISTORY_MONTHS = 12  # the history case's monthly commits after the first
HISTORY_EDITS = 3  # percent of the history case's models each monthly commit edits
NODE = OUT / "node"
AJV = NODE / "node_modules" / ".bin" / "ajv"


def ensure_ajv() -> Path | None:
    if AJV.exists():
        return AJV
    npm = shutil.which("npm")
    if npm is None:
        return None
    NODE.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(NODE), "--no-audit", "--no-fund", "ajv-cli@5"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [npm, "install", "--prefix", str(NODE), "--no-audit", "--no-fund", "ajv-formats@3"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return AJV if AJV.exists() else None


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
    env_args = ["-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(
        ["git", *env_args, *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )


def repository(catalog: Path, work: Path) -> Path:
    """A git repository holding the catalog, whose last commit edits three model files."""
    repo = _staged(catalog, work)
    git(repo, "commit", "-q", "-m", "inventory")
    _retitle(sorted((repo / "catalog" / "models").iterdir())[:3], "Renamed")
    git(repo, "commit", "-q", "-am", "three titles")
    return repo / "catalog"


def repository_with_history(
    catalog: Path, work: Path, months: int = HISTORY_MONTHS, edits: int = HISTORY_EDITS
) -> Path:
    """A git repository whose catalog has a commit a month for `months` months before
    TODAY, each editing the title of `edits` percent of the models (a different random
    share each month, the same for the same catalog): the health page then charts
    `months + 1` versions."""
    repo = _staged(catalog, work)
    files = sorted((repo / "catalog" / "models").iterdir())
    picker = random.Random(7)
    last = dt.date.fromisoformat(TODAY) - dt.timedelta(days=1)
    for back in range(months, -1, -1):
        day = last - dt.timedelta(days=30 * back)
        if back < months:
            share = max(1, len(files) * edits // 100)
            _retitle(picker.sample(files, share), f"M{months - back}")
        stamp = f"{day.isoformat()}T12:00:00+00:00"
        dated = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        git(repo, "commit", "-q", "-am" if back < months else "-m", f"month {back}", env=dated)
    return repo / "catalog"


def _repository(shape: str, catalog: Path, work: Path, months: int, edits: int) -> Path:
    """The repository a case measures: with `months` of monthly history (`edits` percent
    of the models edited a month) for the history case, one commit otherwise."""
    if shape == "history":
        return repository_with_history(catalog, work, months, edits)
    return repository(catalog, work)


def _staged(catalog: Path, work: Path) -> Path:
    """A new git repository `work/repo` with a copy of the catalog staged, not committed."""
    repo = work / "repo"
    shutil.copytree(catalog, repo / "catalog")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


def _retitle(models: Iterable[Path], prefix: str) -> None:
    for path in models:
        text = path.read_text()
        path.write_text(text.replace("  title: ", f"  title: {prefix} ", 1))


def usage_file(root: Path, path: Path, days: int = 90) -> Path:
    """Requests per model per day for the `days` days before TODAY, as CSV: four models in
    five have a row every day (the same numbers for the same catalog), the fifth none."""
    picker = random.Random(7)
    last = dt.date.fromisoformat(TODAY) - dt.timedelta(days=1)
    names = [model.stem for model in models_list(root)]
    with path.open("w", encoding="utf-8") as out:
        out.write("model,date,requests\n")
        for back in range(days - 1, -1, -1):
            day = (last - dt.timedelta(days=back)).isoformat()
            out.writelines(
                f"{name},{day},{picker.randrange(100_000)}\n"
                for number, name in enumerate(names)
                if number % 5
            )
    return path


def speed_catalog(models: int, shape: str = "dag") -> tuple[Path, dict[str, Any]]:
    """The catalog the speed figures are taken on, `bench/out/speed-N` (`speed-SHAPE-N` for
    another shape than "dag"; seed 7), generated when missing, and its generator summary.
    bench/pair.py, bench/ratio.py and the stage timers use the same one."""
    name = f"speed-{models}" if shape == "dag" else f"speed-{shape}-{models}"
    catalog = OUT / name
    return catalog, ensure_catalog(catalog, models, 0, 7, shape)


def figures_for(
    models: int, args: argparse.Namespace, modelinv: str, shape: str = "dag"
) -> list[Figure]:
    catalog, summary = speed_catalog(models, "dag" if shape == "history" else shape)
    total = int(summary.get("files", 0)) or sum(1 for _ in catalog.rglob("*.yaml"))
    only_build = args.only == "build" or shape != "dag"
    only_warm = args.only == "warm"
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="modelinv-speed-") as tmp:
        work = Path(tmp)
        root = _repository(shape, catalog, work, args.history_months, args.history_edits)
        cache = {"MODELINV_CACHE_DIR": str(work / "cache")}
        validate = [modelinv, "validate", str(root), "--today", TODAY]

        def figure(name: str, run: Run | list[Run], note: str = "") -> Figure:
            runs = run if isinstance(run, list) else [run]
            for one in runs:
                if one.rc not in (0, 1):
                    note = f"exit {one.rc}: {one.output[-300:]}"
            figures.append(combine(name, total, [[one] for one in runs], note))
            return figures[-1]

        def repeated(cmd: list[str], before: Callable[[], None] | None = None) -> list[Run]:
            """The cached runs take well under a second: `--repeat` of them, the median
            reported (each repetition of the one-model case edits the title again)."""
            return [run_one(cmd, env=cache, before=before) for _ in range(args.repeat)]

        cold, peer = None, list[Run]()
        if not only_warm:
            with_peer = not only_build and not args.skip_ajv and args.repeat > 1
            colds, peer = cold_runs(validate, root, args.repeat, with_peer)
            cold = figure("validate cold (no cache), 2 jobs", colds)
        if only_build:
            run_one(validate, env=cache)  # fills the cache
        else:
            # What a CI machine without a saved cache runs every time: the default command,
            # filling an empty cache.
            figure("validate, first run (empty cache)", run_one(validate, env=cache))
        model = models_list(root)[models // 2]
        if not only_build:
            figure("validate warm, nothing changed", repeated(validate))
            with edited_title(model) as edit:
                figure(
                    "validate warm, one model changed",
                    repeated(validate, before=edit),
                    f"edited {model.name}",
                )
            edit_of = reference_edit(root)
            if edit_of is not None:
                # A dependency added (then removed, and so on): the index digest changes, so
                # the catalog rules run again instead of being read back from the cache.
                with edited_reference(*edit_of) as edit:
                    figure(
                        "validate warm, one reference changed",
                        repeated(validate, before=edit),
                        f"edited {edit_of[0].name}",
                    )
            run_one(validate, env=cache)  # the cache again matches the files
            gate_args = ["-e", "staging", "--catalog", str(root), "--today", TODAY]
            gate = [modelinv, "gate", model.stem, *gate_args]
            figure("gate MODEL, warm", repeated(gate))
            if only_warm:
                return figures
            other_commands(modelinv, root, work, cache, figure)
        if not args.skip_build and cold is not None:
            site_parent = Path(args.site_dir) if args.site_dir else work
            figures += build_figures(
                modelinv, root, site_parent, cache, model, total, cold, args.repeat
            )
        if only_build:
            return figures
        if not args.skip_build:
            site_parent = Path(args.site_dir) if args.site_dir else work
            figures.append(publish_figure(modelinv, root, site_parent, total, args.repeat))
        if not args.skip_ajv:
            figures.append(ajv_figure(peer or ajv_runs(root), models, total))
    return figures


def publish_figure(
    modelinv: str, root: Path, site_parent: Path, total: int, repeat: int = 1
) -> Figure:
    """What the publish workflow runs on a fresh runner: the site with every export, no
    cache to read or keep (`repeat` times, the median shown), with the output's size."""
    with tempfile.TemporaryDirectory(prefix="modelinv-publish-", dir=site_parent) as folder:
        out = Path(folder) / "site"
        command = [modelinv, "build", str(root), "--out", str(out), "--today", TODAY]
        runs = _fresh_builds([*command, "--exports", "--no-cache"], out, repeat)
        size, exports = _bytes(out), _bytes(out / "exports")
        name = "build --exports --no-cache (publish workflow)"
        found = combine(name, total, [[run] for run in runs], "")
        found.note = _note(
            runs, f"output {size / 1e6:.0f} MB, of which exports {exports / 1e6:.0f} MB"
        )
        return found


def other_commands(
    modelinv: str,
    root: Path,
    work: Path,
    cache: dict[str, str],
    figure: Callable[[str, Run, str], Figure],
) -> None:
    """`diff` of a small commit, the retirement report without and with usage data, and
    `--version`, each a `figure`."""
    diff = [modelinv, "diff", "HEAD~1", "HEAD", "--catalog", str(root)]
    # diff judges as of the clock (it has no --today), so its cache rows are not the ones
    # the pinned validate runs filled: one run fills them, the next is timed.
    run_one(diff, env=cache)
    figure("diff HEAD~1 HEAD (3 files), warm", run_one(diff, env=cache), "")
    report = [modelinv, "report", "retirement", str(root), "--today", TODAY]
    figure("report retirement, warm", run_one(report, env=cache), "")
    usage = usage_file(root, work / "usage.csv")
    with_usage = run_one([*report, "--usage", str(usage)], env=cache)
    size = f"{usage.stat().st_size / 1e6:.0f} MB of CSV"
    figure("report retirement --usage (90 days), warm", with_usage, size)
    figure("modelinv --version", run_one([modelinv, "--version"]), "")


def cold_runs(
    validate: list[str], root: Path, repeat: int, with_peer: bool
) -> tuple[list[Run], list[Run]]:
    """`repeat` runs of `validate --no-cache` and, `with_peer`, of ajv-cli after each: the
    two then see the same stretch of the machine's drift, and their medians compare
    fairly."""
    colds: list[Run] = []
    peer: list[Run] = []
    for _ in range(repeat):
        colds.append(run_one([*validate, "--no-cache"]))
        if with_peer:
            peer += ajv_runs(root)
    return colds, peer


def ajv_runs(root: Path) -> list[Run]:
    """One run of the schema-only peer on the same model files, one process (none without
    npm)."""
    ajv = ensure_ajv()
    if ajv is None:
        return []
    schema = ROOT / "schemas" / "model.schema.json"
    peer = [
        str(ajv),
        "validate",
        "--spec=draft2020",
        "--strict=false",
        "--all-errors",
        "-c",
        "ajv-formats",
        "-s",
        str(schema),
        "-d",
        str(root / "models" / "*.yaml"),
    ]
    return [run_one(peer, cwd=NODE)]


def ajv_figure(runs: list[Run], models: int, total: int) -> Figure:
    """The peer's figure: the median of its runs."""
    if not runs:
        return Figure("ajv-cli (peer)", 0.0, total, 0.0, None, 0, note="no npm")
    failed = [run for run in runs if run.rc not in (0, 1)]
    return combine(
        "peer: ajv-cli 5, model files only, 1 process",
        models,
        [[run] for run in runs],
        failed[0].output[-300:] if failed else "",
    )


def build_figures(
    modelinv: str,
    root: Path,
    site_parent: Path,
    cache: dict[str, str],
    model: Path,
    total: int,
    cold: Figure,
    repeat: int = 1,
) -> list[Figure]:
    """A build from nothing (`--no-cache`: no validate cache, no page manifest, the site's
    folder new), the first build (the site's folder new, the validate cache warm, no past
    versions' health kept) and a rebuild after one model's title changed, each `repeat`
    times (the median shown), with the output size and the ratios against the targets. The site is
    written in a new folder under `site_parent`, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="modelinv-site-", dir=site_parent) as folder:
        out = Path(folder) / "site"
        build = [modelinv, "build", str(root), "--out", str(out), "--today", TODAY]
        # A first build: no previous site, and no past versions' health kept from one
        # (src/modelinv/site/history_memo.py's MEMO_FILE).
        memo = Path(cache["MODELINV_CACHE_DIR"], "site-health-history.json")
        # From nothing: no validate cache, no page manifest, no site (what issue 9 calls
        # "the cold build"; the rebuild's ratio is given against it and the first build).
        scratch = _fresh_builds([*build, "--no-cache"], out, repeat)
        nothing = combine("build --out site --no-cache", total, [[run] for run in scratch], "")
        nothing.note = _note(
            scratch,
            f"{nothing.wall_s / cold.wall_s:.2f}x cold validate wall, "
            f"{nothing.cpu_s / cold.cpu_s:.2f}x its CPU",
        )
        firsts = _fresh_builds(build, out, repeat, cache, lambda: memo.unlink(missing_ok=True))
        first = combine("build --out site (first)", total, [[run] for run in firsts], "")
        size = _bytes(out)
        first.note = _note(
            firsts,
            f"output {size / 1e6:.0f} MB; {first.wall_s / cold.wall_s:.2f}x cold validate wall, "
            f"{first.cpu_s / cold.cpu_s:.2f}x its CPU (targets: 1.5x, 400 MB peak, 150 MB output)",
        )
        with edited_title(model) as edit:  # each rebuild follows an edit of its own
            agains = [run_one(build, env=cache, before=edit) for _ in range(repeat)]
        again = combine("build again, one model changed", total, [[run] for run in agains], "")
        again.note = _note(
            agains,
            f"{again.wall_s / first.wall_s:.2f}x the first build's wall, "
            f"{again.cpu_s / first.cpu_s:.2f}x its CPU (target 0.25x); "
            f"{again.wall_s / nothing.wall_s:.2f}x the --no-cache build's wall",
        )
        found = [nothing, first, again]
        edit_of = reference_edit(root)
        if edit_of is not None:
            # A dependency added (then removed, and so on): the catalog's relations change,
            # so no page is kept on its quick digest (site/model_pages.py, the local one).
            with edited_reference(*edit_of) as edit:
                linked = [run_one(build, env=cache, before=edit) for _ in range(repeat)]
            name = "build again, one reference changed"
            relinked = combine(name, total, [[run] for run in linked], "")
            relinked.note = _note(
                linked,
                f"{relinked.wall_s / first.wall_s:.2f}x the first build's wall, "
                f"{relinked.cpu_s / first.cpu_s:.2f}x its CPU",
            )
            found.append(relinked)
        return found


def reference_edit(root: Path) -> tuple[Path, str] | None:
    """A model from the middle on with an upstream list, and a model a third of the way in
    for it to depend on (bench/pair.py's `rebuild-reference` case too); None when no model
    has an upstream list."""
    models = models_list(root)
    middle = len(models) // 2
    model = next((m for m in models[middle:] if "\n  upstream:\n" in m.read_text()), None)
    if model is None:
        return None
    return model, f"model:{models[len(models) // 3].stem}"


def _fresh_builds(
    command: list[str],
    out: Path,
    repeat: int,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
) -> list[Run]:
    """`repeat` runs of a build, each into a site folder removed first (and `before`)."""
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        if before is not None:
            before()
        runs.append(run_one(command, env=env))
    return runs


def _bytes(folder: Path) -> int:
    """The bytes of every file under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _note(runs: list[Run], text: str) -> str:
    """`text`, or the exit status and output of the first of `runs` that failed."""
    failed = next((run for run in runs if run.rc != 0), None)
    return text if failed is None else f"exit {failed.rc}: {failed.output[-300:]}"


def models_list(root: Path) -> list[Path]:
    return sorted((root / "models").iterdir())


def table(models: int, figures: Sequence[Figure], shape: str = "dag") -> str:
    lines = [
        f"## {models:,} models" + ("" if shape == "dag" else f" ({shape})"),
        "",
        "| measurement | wall s | CPU s | peak MB (largest / tree) | other load | note |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for f in figures:
        tree = "-" if f.tree_pss_mb is None else f"{f.tree_pss_mb:.0f}"
        load = "-" if f.other_cores is None else f"{f.other_cores:.1f}"
        lines.append(
            f"| {f.name} | {f.wall_s:.2f} | {f.cpu_s:.2f} | {f.peak_rss_mb:.0f} / {tree} "
            f"| {load} | {f.note} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--with-50k", action="store_true", help="also 50,000 models (slow)")
    parser.add_argument("--skip-ajv", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument(
        "--site-dir",
        metavar="DIR",
        help="write the built sites under DIR (e.g. on /dev/shm, to leave the file system's "
        "time out of the build figures); default: the run's temporary folder",
    )
    parser.add_argument(
        "--only",
        choices=("all", "build", "warm"),
        default="all",
        help="build: only the build's cases; warm: only the cached runs",
    )
    parser.add_argument(
        "--chain", type=int, default=5000, help="models in the chain case (0: leave it out)"
    )
    parser.add_argument(
        "--history",
        type=int,
        default=10_000,
        help="models in the history case: the build of a repository with --history-months "
        "monthly commits before --today, each editing 3%% of the models, so the health page "
        "charts their versions (0: leave it out; the other cases' commits are dated after "
        "--today and chart none)",
    )
    parser.add_argument(
        "--history-months",
        type=int,
        default=HISTORY_MONTHS,
        help="monthly commits in the history case (36: three years, whose health history "
        "the build reads in 37 versions)",
    )
    parser.add_argument(
        "--history-edits",
        type=int,
        default=HISTORY_EDITS,
        help="percent of the history case's models each monthly commit edits (100: every "
        "model, every month: no two versions share a model file)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each cached measurement (validate warm, gate), of the cold validate and "
        "ajv-cli (taking turns), and of the build and the rebuild; the median is shown",
    )
    args = parser.parse_args(argv)
    # An installed package runs from compiled bytecode; with this set (some shells and CI
    # images do), an editable install would compile every module on every measured run.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_50k and 50_000 not in sizes:  # `--sizes 50000 --with-50k`: once, not twice
        sizes.append(50_000)
    modelinv = find_tool("modelinv")
    if modelinv is None:
        print("modelinv is not installed", file=sys.stderr)
        return 2
    # The interpreter matters: on the development machine Debian's python3.11 (built with
    # profile-guided optimisation) checks files ~13% faster than a plain pyenv build.
    print(f"modelinv: {modelinv}\npython: {interpreter(modelinv)}\n", flush=True)
    results: dict[str, list[dict[str, object]]] = {}
    cases = [(models, "dag") for models in sizes]
    if args.chain and not args.skip_build and args.only != "warm":
        cases.append((args.chain, "chain"))
    if args.history and not args.skip_build and args.only != "warm":
        cases.append((args.history, "history"))
    for models, shape in cases:
        figures = figures_for(models, args, modelinv, shape)
        print(table(models, figures, shape), flush=True)
        print()
        results[f"{models}" if shape == "dag" else f"{models}-{shape}"] = [
            f.as_json() for f in figures
        ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "speed.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def interpreter(tool: str) -> str:
    """The Python that runs `tool` (its script's shebang) and its version."""
    with Path(tool).open("rb") as handle:
        first = handle.readline().decode(errors="replace").strip()
    python = first.removeprefix("#!").split()[0] if first.startswith("#!") else sys.executable
    found = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0], sys.executable)"],
        capture_output=True,
        text=True,
        check=False,
    )
    shown = os.path.realpath(python)
    return f"{found.stdout.strip() or python} (executable {shown})"


if __name__ == "__main__":
    sys.exit(main())
