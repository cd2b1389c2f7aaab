"""Benchmark `modelinv validate` against reading the files and against check-jsonschema.

    python bench/run.py [--sizes 1000,10000] [--skip-peer] [--repeat N]

For each size it generates catalogs under bench/out/ (reused while the generator and its
parameters are unchanged), then runs every measurement in a subprocess of its own, so each
one's peak memory is its own:

* baseline: read every file's bytes (a Python process walking the catalog);
* modelinv cold: `modelinv validate DIR --no-cache` (default jobs: one per core), and
  `--jobs 1`;
* modelinv cached: with a fresh MODELINV_CACHE_DIR, a first run fills the cache, then ONE
  model file's title is edited and the run is timed again ("one file changed"), then once
  more with nothing changed;
* modelinv on the same catalog with 1% of model files broken (every broken file must be
  reported, and nothing else);
* the peer: check-jsonschema with each kind's schema over that kind's files, in one process
  per kind (summed), and split into two concurrent processes per kind (pair wall time,
  summed). check-jsonschema checks each file against its schema only: it resolves no
  references (owners, upstream models, consumers, data assets) and runs no catalog rules.

Peak memory is reported two ways: the largest single process (kernel max RSS, via
/usr/bin/time or getrusage(RUSAGE_CHILDREN)), and the peak total proportional set size of
the whole process tree (workers included), sampled every 50 ms from /proc when available.

Other engineers' jobs share the machine, so before each measurement the script waits (up
to --quiet-wait seconds, --quiet-budget in all) until other processes use under 0.3 cores,
and it reports, per measurement, the CPU seconds the measured processes used and the
average number of cores anything else kept busy meanwhile ("other load", from /proc/stat):
a figure taken with other load well above 0 is pessimistic. Before that wait it also
flushes what the previous measurement wrote or deleted (`os.sync`, then until the kernel's
dirty and writeback pages are under 4 MB), so one case's disk work is not billed to the next.

Figures go to stdout as a table and to bench/out/results.json (and results.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
GENERATOR = BENCH / "generate.py"
KIND_SCHEMAS = {
    "models": "model.schema.json",
    "teams": "team.schema.json",
    "data": "data-asset.schema.json",
    "consumers": "consumer.schema.json",
}
TARGET_RATIO = 0.25
TARGET_MEMORY_MB = 500.0
TARGET_ONE_CHANGED_S = 1.0
TARGET_SIZE = 10_000
GNU_TIME = Path("/usr/bin/time")
# The tree's PSS is sampled this often. Each sample reads /proc for every process and the
# smaps of each measured one, which costs the measured processes too: at 0.05 s it added
# ~1 s to a 10,000-model build on two cores (the build's workers fault pages while their
# smaps are walked). The largest process's peak comes from rusage and is exact anyway.
SAMPLE_EVERY_S = 0.2
QUIET_CORES = 0.3  # before each measurement, wait until other processes use less than this
QUIET_WAIT_S = [20.0]  # how long to wait for that, per measurement (--quiet-wait)
QUIET_BUDGET_S = [180.0]  # and in total over the whole run (--quiet-budget)
DISTURBED_CORES = 0.5  # a run during which others used this many cores is redone...
RETRY_MAX_WALL_S = 30.0  # ...when it took at most this long
RETRIES = [2]  # ...at most this many times (--retries)

# Reads every catalog file's bytes, like the engine does before parsing.
READ_ALL = """
import os, sys
count = size = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(folder, name), "rb") as handle:
                size += len(handle.read())
            count += 1
print(count, "files", size, "bytes")
"""

# Fallback when /usr/bin/time is missing: run the command, report the child's peak RSS.
RUSAGE_WRAPPER = """
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"maxrss_kb": usage.ru_maxrss, "cpu_s": usage.ru_utime + usage.ru_stime}, out)
sys.exit(code)
"""


# --- measuring one process (or a few concurrent ones) -----------------------------------


def _children() -> dict[int, list[int]]:
    """ppid -> pids, from /proc (the per-task `children` files are not always there)."""
    table: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        table.setdefault(ppid, []).append(int(entry.name))
    return table


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process (shared pages split between sharers)."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            text = Path(f"/proc/{pid}/{name}").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    return 0


class TreeSampler:
    """Samples the total PSS of some processes and all their descendants."""

    def __init__(self, pids: Sequence[int]) -> None:
        self.pids = list(pids)
        self.peak_kb = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.enabled = Path("/proc/self/stat").exists()

    def __enter__(self) -> TreeSampler:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.enabled:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            children = _children()
            todo, total = list(self.pids), 0
            while todo:
                pid = todo.pop()
                total += _pss_kb(pid)
                todo.extend(children.get(pid, ()))
            self.peak_kb = max(self.peak_kb, total)
            self.samples += 1
            self._stop.wait(SAMPLE_EVERY_S)


@dataclass
class Run:
    wall_s: float
    peak_rss_mb: float  # the largest single process
    tree_pss_mb: float | None  # all processes together, sampled
    rc: int
    output: str
    cpu_s: float = 0.0  # CPU time of the measured processes
    other_cores: float | None = None  # average cores used by anything else meanwhile


def _wrap(cmd: Sequence[str], report: Path) -> list[str]:
    if GNU_TIME.exists():
        return [str(GNU_TIME), "-f", "%M %U %S", "-o", str(report), *cmd]
    return [sys.executable, "-c", RUSAGE_WRAPPER, str(report), *cmd]


def _usage(report: Path) -> tuple[int, float]:
    """(peak RSS in KB of the largest process, CPU seconds of the whole tree)."""
    text = report.read_text().strip()
    if text.startswith("{"):
        data = json.loads(text)
        return int(data["maxrss_kb"]), float(data["cpu_s"])
    # GNU time writes "Command exited with non-zero status N" before the figures
    peak, user, system = text.splitlines()[-1].split()
    return int(peak), float(user) + float(system)


def machine_busy_s() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (all cores), from /proc/stat."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _self_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def other_load(seconds: float = 1.0) -> float | None:
    """Cores kept busy by other processes over the next `seconds` (this one excluded)."""
    before, mine = machine_busy_s(), _self_cpu_s()
    time.sleep(seconds)
    after = machine_busy_s()
    if before is None or after is None:
        return None
    return max(0.0, (after - before) - (_self_cpu_s() - mine)) / seconds


def wait_quiet() -> float | None:
    """Wait until other processes use under QUIET_CORES, within the per-measurement and total
    waiting budgets; return the last load seen."""
    start = time.monotonic()
    deadline = start + min(QUIET_WAIT_S[0], QUIET_BUDGET_S[0])
    try:
        while True:
            load = other_load(0.5)
            if load is None or load < QUIET_CORES or time.monotonic() >= deadline:
                return load
            time.sleep(1.5)
    finally:
        QUIET_BUDGET_S[0] = max(0.0, QUIET_BUDGET_S[0] - (time.monotonic() - start))


def settle_disk() -> None:
    """Write back what earlier cases wrote or deleted before the next one is timed.

    The kernel flushes dirty pages and (on a file system mounted with `discard`) trims freed
    blocks in the background, and a process creating files meanwhile pays for it in system
    time: on this machine creating 10,000 files of 11.6 kB took 0.3-0.7 s right after a
    `sync` and 1-4.5 s right after deleting a built site."""
    os.sync()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _pending_writeback_kb() > 4096:
        time.sleep(0.1)


def _pending_writeback_kb() -> int:
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return 0
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    return sum(int(fields.get(name, "0 kB").split()[0]) for name in ("Dirty", "Writeback"))


def run_concurrently(
    cmds: Sequence[Sequence[str]], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> list[Run]:
    """Start every command at once; each Run has the wall time of the whole group."""
    with tempfile.TemporaryDirectory(prefix="modelinv-bench-") as tmp:
        reports = [Path(tmp, f"rusage-{i}") for i in range(len(cmds))]
        outputs = [Path(tmp, f"out-{i}") for i in range(len(cmds))]
        handles = [path.open("wb") for path in outputs]
        full_env = {**os.environ, **(env or {})}
        settle_disk()
        wait_quiet()
        try:
            busy, mine = machine_busy_s(), _self_cpu_s()
            start = time.perf_counter()
            procs = [
                subprocess.Popen(
                    _wrap(cmd, report),
                    cwd=cwd,
                    env=full_env,
                    stdout=handle,
                    stderr=subprocess.STDOUT,
                )
                for cmd, report, handle in zip(cmds, reports, handles, strict=True)
            ]
            with TreeSampler([p.pid for p in procs]) as sampler:
                codes = [p.wait() for p in procs]
                wall = time.perf_counter() - start
            busy_after, mine_after = machine_busy_s(), _self_cpu_s()
        finally:
            for handle in handles:
                handle.close()
        tree = sampler.peak_kb / 1024 if sampler.enabled and sampler.samples else None
        usages = [_usage(report) for report in reports]
        ours = sum(cpu for _, cpu in usages) + (mine_after - mine)
        other = (
            None
            if busy is None or busy_after is None
            else max(0.0, busy_after - busy - ours) / wall
        )
        return [
            Run(wall, peak / 1024, tree, code, out.read_text(errors="replace"), cpu, other)
            for (peak, cpu), out, code in zip(usages, outputs, codes, strict=True)
        ]


def disturbed(run: Run) -> bool:
    """Other processes took enough CPU during `run` to skew it, and it is cheap to redo."""
    return (
        run.other_cores is not None
        and run.other_cores >= DISTURBED_CORES
        and run.wall_s <= RETRY_MAX_WALL_S
    )


def run_one(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    before: Callable[[], None] | None = None,
) -> Run:
    """Run `cmd`, again (up to RETRIES times) when other processes disturbed it.

    `before` is called before each attempt (e.g. to edit a file once more)."""
    for _ in range(RETRIES[0]):
        if before is not None:
            before()
        run = run_concurrently([cmd], cwd=cwd, env=env)[0]
        if not disturbed(run):
            return run
    if before is not None:
        before()
    return run_concurrently([cmd], cwd=cwd, env=env)[0]


# --- figures -------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    wall_s: float
    files: int
    peak_rss_mb: float
    tree_pss_mb: float | None
    rc: int
    runs: list[float] = field(default_factory=list)
    note: str = ""
    cpu_s: float = 0.0  # CPU seconds used by the measured processes (median run)
    other_cores: float | None = None  # worst average load from other processes meanwhile

    @property
    def files_per_s(self) -> float:
        return self.files / self.wall_s if self.wall_s > 0 else 0.0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["files_per_s"] = round(self.files_per_s, 1)
        data["wall_s"] = round(self.wall_s, 3)
        data["runs"] = [round(r, 3) for r in self.runs]
        data["peak_rss_mb"] = round(self.peak_rss_mb, 1)
        data["tree_pss_mb"] = None if self.tree_pss_mb is None else round(self.tree_pss_mb, 1)
        data["cpu_s"] = round(self.cpu_s, 2)
        data["other_cores"] = None if self.other_cores is None else round(self.other_cores, 2)
        return data


def combine(name: str, files: int, groups: Sequence[Sequence[Run]], note: str = "") -> Figure:
    """Repeated runs of one measurement, each made of one or more groups summed in time.

    `groups[r]` is repetition r: a list of sequential steps (e.g. one per kind), each step's
    wall time counted once. The figure is the median repetition.
    """
    walls = [sum(step.wall_s for step in rep) for rep in groups]
    median = sorted(range(len(walls)), key=walls.__getitem__)[(len(walls) - 1) // 2]
    rss = max(step.peak_rss_mb for rep in groups for step in rep)
    trees = [step.tree_pss_mb for rep in groups for step in rep if step.tree_pss_mb is not None]
    others = [step.other_cores for rep in groups for step in rep if step.other_cores is not None]
    rc = max((step.rc for rep in groups for step in rep), default=0)
    return Figure(
        name,
        statistics.median(walls),
        files,
        rss,
        max(trees) if trees else None,
        rc,
        walls,
        note,
        sum(step.cpu_s for step in groups[median]),
        max(others) if others else None,
    )


# --- catalogs ------------------------------------------------------------------------


def _generator_digest() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:16]


def ensure_catalog(
    directory: Path, models: int, broken: int, seed: int, shape: str = "dag"
) -> dict[str, Any]:
    """Generate the catalog unless an identical one (same generator, same params) is there."""
    stamp = directory.parent / f"{directory.name}.json"
    params = {"models": models, "broken": broken, "seed": seed, "generator": _generator_digest()}
    if shape != "dag":
        params["shape"] = shape
    if stamp.is_file() and directory.is_dir():
        saved: dict[str, Any] = json.loads(stamp.read_text())
        if saved.get("params") == params:
            return saved
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            str(directory),
            "--models",
            str(models),
            "--broken",
            str(broken),
            "--seed",
            str(seed),
            "--summary",
            str(stamp),
            "--shape",
            shape,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    summary: dict[str, Any] = json.loads(stamp.read_text())
    summary["params"] = params
    summary["generate_s"] = round(time.perf_counter() - start, 2)
    stamp.write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def catalog_files(directory: Path) -> dict[str, list[str]]:
    """Kind folder -> file paths relative to `directory`, sorted."""
    return {
        kind: sorted(p.relative_to(directory).as_posix() for p in (directory / kind).glob("*.yaml"))
        for kind in KIND_SCHEMAS
    }


@contextmanager
def edited_title(path: Path) -> Iterator[Any]:
    """Yield a function that rewrites the file's title (a new one each call); restore it."""
    original = path.read_bytes()
    count = 0

    def edit() -> None:
        nonlocal count
        count += 1
        lines = original.decode().splitlines(keepends=True)
        i = next(i for i, line in enumerate(lines) if line.startswith("  title: "))
        lines[i] = f"{lines[i].rstrip()} (edit {count})\n"
        path.write_text("".join(lines), "utf-8")

    try:
        yield edit
    finally:
        path.write_bytes(original)


@contextmanager
def edited_reference(path: Path, target: str) -> Iterator[Any]:
    """Yield a function that adds `target` (a ref) to the model's upstream list, and removes
    it on the next call, and so on: each call changes the catalog's relations. Restore the
    file afterwards."""
    original = path.read_bytes()
    count = 0

    def edit() -> None:
        nonlocal count
        count += 1
        if count % 2 == 0:
            path.write_bytes(original)
            return
        lines = original.decode().splitlines(keepends=True)
        i = next(i for i, line in enumerate(lines) if line.startswith("  upstream:"))
        lines.insert(i + 1, f"    - {target}\n")
        path.write_text("".join(lines), "utf-8")

    try:
        yield edit
    finally:
        path.write_bytes(original)


# --- the benchmark -------------------------------------------------------------------


@dataclass
class Tools:
    python: str
    modelinv: str
    check_jsonschema: str | None
    regex_variant: str


def find_tool(name: str) -> str | None:
    for folder in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        if (folder / name).is_file():
            return str(folder / name)
    return shutil.which(name)


def peer_figures(
    directory: Path, files: dict[str, list[str]], tools: Tools, repeat: int, total: int
) -> list[Figure]:
    assert tools.check_jsonschema is not None
    base = [tools.check_jsonschema, "--regex-variant", tools.regex_variant, "--schemafile"]
    one: list[list[Run]] = []
    two: list[list[Run]] = []
    for _ in range(repeat):
        one.append(
            [
                run_one([*base, str(ROOT / "schemas" / schema), *files[kind]], cwd=directory)
                for kind, schema in KIND_SCHEMAS.items()
            ]
        )
    for _ in range(repeat):
        steps: list[Run] = []
        for kind, schema in KIND_SCHEMAS.items():
            half = (len(files[kind]) + 1) // 2
            parts = [files[kind][:half], files[kind][half:]]
            cmds = [[*base, str(ROOT / "schemas" / schema), *p] for p in parts if p]
            pair = run_concurrently(cmds, cwd=directory)
            for _ in range(RETRIES[0]):
                if not disturbed(pair[0]):
                    break
                pair = run_concurrently(cmds, cwd=directory)
            # one step per kind: the pair's wall time, its largest process, its tree
            steps.append(
                Run(
                    pair[0].wall_s,
                    max(r.peak_rss_mb for r in pair),
                    pair[0].tree_pss_mb,
                    max(r.rc for r in pair),
                    "".join(r.output for r in pair),
                    sum(r.cpu_s for r in pair),
                    pair[0].other_cores,
                )
            )
        two.append(steps)
    note = "schema only: no references, no catalog rules"
    return [
        combine("check-jsonschema, 1 process per kind", total, one, note),
        combine("check-jsonschema, 2 concurrent processes", total, two, note),
    ]


def modelinv_figures(
    directory: Path,
    broken_dir: Path,
    broken: dict[str, str],
    tools: Tools,
    repeat: int,
    total: int,
) -> tuple[list[Figure], list[str]]:
    problems: list[str] = []
    validate = [tools.modelinv, "validate", str(directory)]
    figures = [
        combine(
            "read every file (baseline)",
            total,
            [[run_one([tools.python, "-c", READ_ALL, str(directory)])] for _ in range(repeat)],
        ),
    ]
    cold = [[run_one([*validate, "--no-cache"])] for _ in range(repeat)]
    figures.append(combine("modelinv cold, --jobs 2 (default)", total, cold))
    single = [[run_one([*validate, "--no-cache", "--jobs", "1"])] for _ in range(repeat)]
    figures.append(combine("modelinv cold, --jobs 1", total, single))
    for label, runs in (("cold --jobs 2", cold), ("cold --jobs 1", single)):
        for rep in runs:
            if rep[0].rc != 0:
                problems.append(
                    f"{label}: exit {rep[0].rc} on the clean catalog: {rep[0].output[-1500:]}"
                )

    models = sorted((directory / "models").iterdir())
    model = models[len(models) // 2]
    fill: list[list[Run]] = []
    changed: list[list[Run]] = []
    unchanged: list[list[Run]] = []
    for _ in range(repeat):
        with (
            tempfile.TemporaryDirectory(prefix="modelinv-cache-") as cache,
            edited_title(model) as edit,
        ):
            env = {"MODELINV_CACHE_DIR": cache}

            def empty_cache(folder: str = cache) -> None:
                for path in Path(folder).iterdir():
                    path.unlink()

            fill.append([run_one(validate, env=env, before=empty_cache)])
            # each attempt edits the title once more: exactly one file differs from the cache
            changed.append([run_one(validate, env=env, before=edit)])
            unchanged.append([run_one(validate, env=env)])
    figures += [
        combine("modelinv, cache fill (first run)", total, fill),
        combine("modelinv, one file changed", total, changed, f"edited {model.name} title"),
        combine("modelinv, nothing changed", total, unchanged),
    ]
    for rep in changed + unchanged:
        if rep[0].rc != 0:
            problems.append(f"cached run: exit {rep[0].rc}: {rep[0].output[-1500:]}")

    broken_runs = [
        [run_one([tools.modelinv, "validate", str(broken_dir), "--no-cache", "--format", "json"])]
        for _ in range(repeat)
    ]
    trouble = check_broken(broken_runs[0][0], broken_dir, broken)
    note = "; ".join(trouble)[:300] if trouble else "every broken file reported, nothing else"
    figures.append(
        combine(f"modelinv cold, {len(broken)} broken model files", total, broken_runs, note)
    )
    problems += trouble
    return figures, problems


def check_broken(run: Run, directory: Path, broken: dict[str, str]) -> list[str]:
    """Every broken file has a finding, no clean file has one; returns what went wrong."""
    try:
        start = run.output.index("{")
        report = json.loads(run.output[start:])
    except ValueError:
        return [f"broken catalog: modelinv exited {run.rc} without JSON: {run.output[-800:]}"]
    flagged: dict[str, set[str]] = {}
    for finding in report["findings"]:
        rel = Path(finding["path"]).resolve().relative_to(directory.resolve()).as_posix()
        flagged.setdefault(rel, set()).add(finding["code"])
    trouble = [
        f"broken file not reported: {path} ({kind})"
        for path, kind in broken.items()
        if path not in flagged
    ]
    trouble += [
        f"clean file reported: {path} {sorted(codes)}"
        for path, codes in flagged.items()
        if path not in broken
    ]
    return trouble


def bench_size(models: int, tools: Tools, args: argparse.Namespace) -> dict[str, Any]:
    directory = OUT / f"catalog-{models}"
    broken_dir = OUT / f"catalog-{models}-broken"
    n_broken = max(6, models // 100)
    print(
        f"\n== {models} models: generating catalogs under {OUT.relative_to(ROOT)}/ ...", flush=True
    )
    summary = ensure_catalog(directory, models, 0, args.seed)
    broken_summary = ensure_catalog(broken_dir, models, n_broken, args.seed)
    files = catalog_files(directory)
    total = sum(len(v) for v in files.values())
    repeat = args.repeat or (3 if models <= 2000 else 1)
    print(
        f"   {total} files ({summary['model_lines_mean']} lines per model), "
        f"{repeat} run(s) per measurement",
        flush=True,
    )
    figures, problems = modelinv_figures(
        directory, broken_dir, broken_summary["broken"], tools, repeat, total
    )
    if tools.check_jsonschema and not args.skip_peer:
        print("   check-jsonschema ...", flush=True)
        peers = peer_figures(directory, files, tools, repeat, total)
        figures += peers
        problems += [f"{p.name}: exit {p.rc} on the clean catalog" for p in peers if p.rc != 0]
    by_name = {f.name: f for f in figures}
    cold = by_name["modelinv cold, --jobs 2 (default)"]
    peer2 = by_name.get("check-jsonschema, 2 concurrent processes")
    # a crashed or failing run proves nothing about speed
    ratio = cold.wall_s / peer2.wall_s if peer2 and cold.rc == 0 and peer2.rc == 0 else None
    memory = max(
        max(f.peak_rss_mb, f.tree_pss_mb or 0.0) for f in figures if f.name.startswith("modelinv")
    )
    one = by_name["modelinv, one file changed"].wall_s
    result: dict[str, Any] = {
        "models": models,
        "files": total,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "source": git_state(),
        "catalog": summary,
        "figures": [f.as_json() for f in figures],
        "ratio_cold2_vs_check_jsonschema2": None if ratio is None else round(ratio, 3),
        "modelinv_peak_memory_mb": round(memory, 1),
        "one_file_changed_s": round(one, 3),
        "problems": problems,
    }
    if models == TARGET_SIZE:
        result["targets"] = {
            "ratio<=0.25": None if ratio is None else ratio <= TARGET_RATIO,
            "memory<500MB": memory < TARGET_MEMORY_MB,
            "one_file_changed<1s": one < TARGET_ONE_CHANGED_S,
        }
    print_size(result, figures)
    return result


# --- output --------------------------------------------------------------------------


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _load(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table_rows(figures: Sequence[Figure]) -> list[list[str]]:
    return [
        [
            f.name,
            f"{f.wall_s:.2f}",
            f"{f.files_per_s:,.0f}",
            f"{f.cpu_s:.2f}",
            _mb(f.peak_rss_mb),
            _mb(f.tree_pss_mb),
            _load(f.other_cores),
            str(f.rc),
            f.note,
        ]
        for f in figures
    ]


HEADER = [
    "measurement",
    "wall s",
    "files/s",
    "CPU s",
    "max RSS MB",
    "tree PSS MB",
    "other load",
    "exit",
    "note",
]


def print_size(result: dict[str, Any], figures: Sequence[Figure]) -> None:
    rows = [HEADER, *table_rows(figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER) - 1)]
    print()
    for row in rows:
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=False))
        ]
        print("  " + "  ".join(cells) + ("  " + row[-1] if row[-1] else ""))
    ratio = result["ratio_cold2_vs_check_jsonschema2"]
    print(
        f"\n  ratio modelinv cold (2 jobs) / check-jsonschema (2 processes): "
        f"{'-' if ratio is None else f'{ratio:.3f}'}"
    )
    print(
        f"  modelinv peak memory: {result['modelinv_peak_memory_mb']:.0f} MB; "
        f"one file changed: {result['one_file_changed_s']:.2f} s"
    )
    for name, ok in result.get("targets", {}).items():
        print(f"  target {name}: {'-' if ok is None else 'PASS' if ok else 'FAIL'}")
    for problem in result["problems"]:
        print(f"  PROBLEM: {problem}")
    print("  note: check-jsonschema validates each file against its JSON Schema only; it does")
    print("  not resolve references between files or run modelinv's catalog rules.")


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"{results['machine']['cpus']} CPUs, Python {results['machine']['python']}, "
        f"{results['versions']['modelinv']}, {results['versions']['check-jsonschema']}.",
        "",
    ]
    for size in results["sizes"]:
        source = size.get("source", results["source"])
        dirty = " with uncommitted changes in src/" if source["uncommitted_src_files"] else ""
        lines.append(
            f"- {size['models']:,} models: run on {size.get('date', results['date'])} at "
            f"commit {source['commit']}{dirty}."
        )
    lines += [
        "",
        "| models | files | measurement | wall s | files/s | CPU s | max RSS MB | tree PSS MB "
        "| other load |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        for f in size["figures"]:
            lines.append(
                f"| {size['models']:,} | {size['files']:,} | {f['name']} | {f['wall_s']:.2f} | "
                f"{f['files_per_s']:,.0f} | {f['cpu_s']:.2f} | {_mb(f['peak_rss_mb'])} | "
                f"{_mb(f['tree_pss_mb'])} | {_load(f['other_cores'])} |"
            )
    lines += [
        "",
        "| models | cold (2 jobs) / check-jsonschema (2 processes) | peak memory MB "
        "| one file changed s |",
        "|---:|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        ratio = size["ratio_cold2_vs_check_jsonschema2"]
        lines.append(
            f"| {size['models']:,} | {'-' if ratio is None else f'{ratio:.3f}'} | "
            f"{size['modelinv_peak_memory_mb']:.0f} | {size['one_file_changed_s']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def version(cmd: Sequence[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
    except OSError:
        return "unavailable"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0]
        if done.stdout or done.stderr
        else "unknown"
    )


def git_state() -> dict[str, Any]:
    """The commit measured, and whether src/ had uncommitted changes (others edit it)."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--", "src", "schemas").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_src_files": len(dirty)}


def pick_regex_variant(check_jsonschema: str) -> tuple[str, str]:
    """The regex variant check-jsonschema accepts our schemas with, and why."""
    cmd = [check_jsonschema, "--check-metaschema"]
    schemas = [str(ROOT / "schemas" / s) for s in KIND_SCHEMAS.values()]
    done = subprocess.run([*cmd, *schemas], capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return "default", "schemas accepted with the default (ECMAScript unicode) regex variant"
    return "nonunicode", (
        "schemas/*.schema.json are rejected by check-jsonschema's default regex variant "
        "(ECMAScript, unicode mode): the reference patterns contain '\\-' (from re.escape of "
        "'feature-store'), an invalid identity escape in unicode mode; the peer therefore runs "
        "with --regex-variant nonunicode"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="model counts, comma-separated")
    parser.add_argument("--skip-peer", action="store_true", help="do not run check-jsonschema")
    parser.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="runs per measurement, median reported (default: 3 up to 2,000 models, else 1)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="drop sizes that earlier runs recorded in results.json (default: keep those "
        "not measured now)",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=QUIET_WAIT_S[0],
        help="before each measurement, wait up to this many seconds for other processes to "
        f"use under {QUIET_CORES} cores (0: do not wait)",
    )
    parser.add_argument(
        "--quiet-budget",
        type=float,
        default=QUIET_BUDGET_S[0],
        help="total seconds the whole run may spend waiting like that",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=RETRIES[0],
        help=f"redo a measurement of at most {RETRY_MAX_WALL_S:.0f} s this many times when "
        f"other processes used {DISTURBED_CORES} cores or more during it",
    )
    args = parser.parse_args(argv)
    QUIET_WAIT_S[0], QUIET_BUDGET_S[0] = args.quiet_wait, args.quiet_budget
    RETRIES[0] = max(0, args.retries)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    modelinv = find_tool("modelinv")
    if modelinv is None:
        parser.error("modelinv not found: run with the project's virtualenv python")
    peer = None if args.skip_peer else find_tool("check-jsonschema")
    variant, variant_note = ("default", "") if peer is None else pick_regex_variant(peer)
    tools = Tools(sys.executable, modelinv, peer, variant)
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "source": git_state(),
        "versions": {
            "modelinv": version([modelinv, "--version"]),
            "check-jsonschema": version([peer, "--version"]) if peer else "not run",
        },
        "peak_memory_method": (
            "max RSS: largest single process (kernel ru_maxrss via "
            f"{'/usr/bin/time' if GNU_TIME.exists() else 'getrusage'}); tree PSS: peak sum "
            f"of Pss over the process tree, sampled every {SAMPLE_EVERY_S * 1000:.0f} ms"
        ),
        "notes": [
            "check-jsonschema only validates each file against its JSON Schema; it does not "
            "check references between files or any catalog rule, so it does less work.",
            *([variant_note] if variant_note else []),
        ],
        "sizes": [],
    }
    for note in results["notes"]:
        print(f"note: {note}")
    # sizes measured by earlier runs and not re-run now are kept (each has its own date)
    previous = OUT / "results.json"
    kept: list[dict[str, Any]] = []
    if previous.is_file() and not args.fresh:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            kept = [
                size
                for size in json.loads(previous.read_text())["sizes"]
                if size["models"] not in sizes and "date" in size
            ]
    for models in sizes:
        results["sizes"].append(bench_size(models, tools, args))
        results["sizes"] = sorted([*kept, *results["sizes"]], key=lambda size: int(size["models"]))
        kept = []
        (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (OUT / "results.md").write_text(markdown(results))
    print(
        f"\nwrote {(OUT / 'results.json').relative_to(ROOT)} and "
        f"{(OUT / 'results.md').relative_to(ROOT)}"
    )
    return 1 if any(s["problems"] for s in results["sizes"] if s["models"] in sizes) else 0


if __name__ == "__main__":
    sys.exit(main())
