"""Benchmark `modelinv build` and the built index page in headless Chromium.

    python bench/site_bench.py [--models 10000] [--runs 5]

For each size (`--models 1000,10000` for several) it generates the catalog under bench/out/
(reused while the generator and its parameters are unchanged, shared with bench/run.py),
then:

* times `modelinv build CATALOG --out DIR --today D` in a subprocess of its own: wall, CPU,
  peak RSS (largest process), output size. The build runs HEAD's src/ (exported with `git
  archive` to $TMPDIR/modelinv-site-bench-src-COMMIT/), not the working tree, which others edit
  concurrently: the figures are those of the commit recorded;
* opens the built index.html over file:// in headless Chromium (Playwright), `--runs` times,
  each in a fresh browser context, and measures in the page (performance.now(), time origin
  = navigation start): DOMContentLoaded, the first table rows in the DOM (a MutationObserver
  installed before any page script) and the first frame painted after them; JSON.parse time
  of the embedded data (JSON.parse wrapped by the same init script);
* search keystroke latency: a few queries typed one character at a time, then cleared; per
  keystroke: set the value, dispatch `input`, and measure until the handler returned
  ("handler"), until the next frame was rendered (a MessageChannel message posted from the
  next requestAnimationFrame callback runs after that frame's paint: "next frame"), and
  until the second requestAnimationFrame ("2 rAF"; includes waiting for a vsync);
* facet click latency: the same for clicking a facet checkbox on and off;
* one more, profiled pass (not timed): the V8 CPU profiler and Chromium's Performance
  metrics over a page load and over the keystrokes, to show where the time goes.

As in bench/run.py, before each measurement the script waits (within a budget) until other
processes use under 0.3 cores, and it reports the average cores other processes used during
the build and during the browser runs ("other load"; the browser's process tree excluded).

Figures go to stdout as a table and to bench/out/site_results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as common  # bench/run.py: catalogs, quiet machine, process runs

OUT = common.OUT
RESULTS = OUT / "site_results.json"
TODAY = "2026-11-26"
TARGET_SIZE = 10_000
TARGET_FIRST_RENDER_MS = 1000.0
TARGET_KEYSTROKE_MS = 100.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAUSE_MS = 60  # idle time between keystrokes / clicks, like a fast typist

# Installed before any page script: first rows in the DOM, the frame after them, JSON.parse.
INIT_SCRIPT = """
(() => {
  const B = window.__bench = {parse_ms: 0, parse_calls: 0, rows_at: null, painted_at: null};
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    const t = performance.now();
    try { return parse.call(this, text, reviver); }
    finally { B.parse_ms += performance.now() - t; B.parse_calls += 1; }
  };
  const seen = new MutationObserver(() => {
    if (B.rows_at !== null || !document.querySelector("#models tbody tr")) { return; }
    B.rows_at = performance.now();
    seen.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { B.painted_at = performance.now(); };
      ch.port2.postMessage(null);
    });
  });
  seen.observe(document, {childList: true, subtree: true});
})();
"""

# Time one change: `act()` runs the change; returns handler / next frame / 2 rAF in ms.
MEASURE_JS = """
window.__measure = (act) => new Promise((done) => {
  const t0 = performance.now();
  act();
  const t1 = performance.now();
  let frame = null;
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { frame = performance.now(); };
    ch.port2.postMessage(null);
    requestAnimationFrame(() => {
      const t3 = performance.now();
      const finish = () => done({
        handler: t1 - t0, frame: (frame === null ? t3 : frame) - t0, raf2: t3 - t0,
        count: Number(document.getElementById("count").textContent)});
      if (frame === null) { setTimeout(finish, 0); } else { finish(); }
    });
  });
});
window.__pause = (ms) => new Promise((r) => setTimeout(r, ms));
"""

KEYSTROKES_JS = """
async ([queries, pause]) => {
  const search = document.getElementById("search");
  const out = [];
  const set = (value) => () => {
    search.value = value;
    search.dispatchEvent(new Event("input", {bubbles: true}));
  };
  for (const q of queries) {
    for (let i = 1; i <= q.length; i++) {
      await window.__pause(pause);
      const m = await window.__measure(set(q.slice(0, i)));
      out.push({query: q, kind: "type", text: q.slice(0, i), ...m});
    }
    await window.__pause(pause);
    const m = await window.__measure(set(""));
    out.push({query: q, kind: "clear", text: "", ...m});
  }
  return out;
}
"""

FACETS_JS = """
async ([picks, pause]) => {
  const out = [];
  for (const [key, value] of picks) {
    for (const kind of ["on", "off"]) {
      await window.__pause(pause);
      const m = await window.__measure(() => {
        const sel = `input[data-facet="${key}"]`;
        const box = Array.from(document.querySelectorAll(sel)).find((b) => b.value === value);
        box.click();
      });
      out.push({facet: key, value, kind, ...m});
    }
  }
  return out;
}
"""

# The facet values to click: the first one (alphabetical) of these facets, as on screen.
PICK_FACETS_JS = """
(keys) => keys.map((key) => {
  const box = document.querySelector(`input[data-facet="${key}"]`);
  return box ? [key, box.value] : null;
}).filter((p) => p !== null)
"""

NAV_JS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = {};
  for (const e of performance.getEntriesByType("paint")) { paint[e.name] = e.startTime; }
  return {
    response_end: nav.responseEnd, dom_interactive: nav.domInteractive,
    dcl_start: nav.domContentLoadedEventStart, dcl_end: nav.domContentLoadedEventEnd,
    load_end: nav.loadEventEnd, fcp: paint["first-contentful-paint"] ?? null,
    rows_at: window.__bench.rows_at, painted_at: window.__bench.painted_at,
    parse_ms: window.__bench.parse_ms, parse_calls: window.__bench.parse_calls,
    rows: document.querySelectorAll("#models tbody tr").length,
    count: Number(document.getElementById("count").textContent),
    data_chars: document.getElementById("models-data").textContent.length,
  };
}
"""

PERF_METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


# --- helpers ---------------------------------------------------------------------------


def tree_cpu_s(root: int) -> float:
    """CPU seconds of `root` and its live descendants (reaped children included)."""
    children = common._children()
    todo, total = [root], 0.0
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        pid = todo.pop()
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
        todo.extend(children.get(pid, ()))
    return total


class Load:
    """Average cores used by processes outside this one's tree between start and stop."""

    def __init__(self) -> None:
        self.busy = common.machine_busy_s()
        self.mine = tree_cpu_s(os.getpid())
        self.start = time.monotonic()

    def cores(self) -> float | None:
        busy, mine = common.machine_busy_s(), tree_cpu_s(os.getpid())
        if busy is None or self.busy is None:
            return None
        elapsed = max(1e-6, time.monotonic() - self.start)
        return max(0.0, (busy - self.busy) - (mine - self.mine)) / elapsed


def pct(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": round(statistics.median(values), 1),
        "p95": round(pct(values, 95), 1),
        "max": round(max(values), 1),
    }


def dir_size(path: Path) -> tuple[int, int]:
    sizes = [p.stat().st_size for p in path.rglob("*") if p.is_file()]
    return len(sizes), sum(sizes)


# --- the build -------------------------------------------------------------------------


def head_src() -> tuple[str, Path]:
    """HEAD's src/, exported to a temporary folder (not under bench/, where mypy looks).
    Others edit the working tree concurrently: the build and the page's index.js are those
    of the commit recorded, never half-edits."""
    commit = common.git_state()["commit"]
    target = Path(tempfile.gettempdir()) / f"modelinv-site-bench-src-{commit}"
    if not (target / "src" / "modelinv" / "__main__.py").is_file():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(common.ROOT), "archive", "HEAD", "src"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return commit, target / "src"


def bench_build(catalog: Path, site: Path, repeat: int) -> dict[str, Any]:
    src_commit, src = head_src()
    cmd = [
        sys.executable,
        "-c",
        f"import sys; sys.path.insert(0, {str(src)!r}); from modelinv.cli import main; "
        "sys.exit(main())",
        "build",
        str(catalog),
        "--out",
        str(site),
        "--today",
        TODAY,
    ]

    def fresh() -> None:
        shutil.rmtree(site, ignore_errors=True)

    runs = [common.run_one(cmd, before=fresh) for _ in range(repeat)]
    bad = [r for r in runs if r.rc != 0]
    if bad:
        raise SystemExit(f"modelinv build failed ({bad[0].rc}):\n{bad[0].output}")
    files, size = dir_size(site)
    best = sorted(runs, key=lambda r: r.wall_s)[len(runs) // 2]
    return {
        "runs": len(runs),
        "src_commit": src_commit,
        "wall_s": round(statistics.median(r.wall_s for r in runs), 2),
        "cpu_s": round(best.cpu_s, 2),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
        "tree_pss_mb": None if best.tree_pss_mb is None else round(best.tree_pss_mb, 1),
        "other_cores": None if best.other_cores is None else round(best.other_cores, 2),
        "files": files,
        "out_mb": round(size / 1e6, 1),
        "index_mb": round((site / "index.html").stat().st_size / 1e6, 2),
        "output": best.output.strip().splitlines()[-1] if best.output.strip() else "",
    }


# --- the browser -----------------------------------------------------------------------


def queries_for(site: Path) -> list[str]:
    """Many matches, some, one (a model id from the middle of the list), none."""
    models = sorted(p.stem for p in (site / "models").glob("*.html"))
    middle = models[len(models) // 2] if models else "model"
    return ["fraud", "gdpr xgboost", middle, "qzx"]


def profile_times(profile: dict[str, Any]) -> dict[str, Any]:
    """Self and inclusive ms per function from a V8 CPU profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent: dict[int, int] = {}
    for n in profile["nodes"]:
        for child in n.get("children", ()):
            parent[child] = n["id"]

    def key(node: dict[str, Any]) -> str:
        frame = node["callFrame"]
        name = frame["functionName"] or "(anonymous)"
        url = frame.get("url", "")
        return f"{name} {Path(url).name}:{frame['lineNumber'] + 1}" if url else name

    self_ms: dict[str, float] = {}
    total_ms: dict[str, float] = {}
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        ms = delta / 1000
        node = nodes[sample]
        self_ms[key(node)] = self_ms.get(key(node), 0.0) + ms
        seen: set[str] = set()
        current: int | None = sample
        while current is not None:
            name = key(nodes[current])
            if name not in seen:
                seen.add(name)
                total_ms[name] = total_ms.get(name, 0.0) + ms
            current = parent.get(current)
    top_self = sorted(self_ms.items(), key=lambda kv: -kv[1])[:12]
    ours = {k: v for k, v in total_ms.items() if "index.js" in k}
    top_total = sorted(ours.items(), key=lambda kv: -kv[1])[:12]
    return {
        "self_ms": {k: round(v, 1) for k, v in top_self},
        "index_js_inclusive_ms": {k: round(v, 1) for k, v in top_total},
    }


def perf_metrics(cdp: Any) -> dict[str, float]:
    got = cdp.send("Performance.getMetrics")["metrics"]
    return {m["name"]: float(m["value"]) * 1000 for m in got if m["name"] in PERF_METRICS}


def diff(after: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    return {k: round(after[k] - before.get(k, 0.0), 1) for k in after}


def wait_painted(page: Any, timeout_s: float = 120.0) -> None:
    """Until the frame after the first rows was painted (no wait_for_function: the page's
    CSP forbids the eval it uses)."""
    deadline = time.monotonic() + timeout_s
    check = "() => Boolean(window.__bench && window.__bench.painted_at !== null)"
    while not page.evaluate(check):
        if time.monotonic() > deadline:
            raise TimeoutError("the index table was not painted")
        time.sleep(0.02)


def bench_browser(site: Path, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    url = (site / "index.html").resolve().as_uri()
    queries = queries_for(site)
    loads: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    clicks: list[dict[str, Any]] = []
    others: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                context.add_init_script(INIT_SCRIPT)
                page = context.new_page()
                common.wait_quiet()
                load = Load()
                start = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.wait_for_selector("#models tbody tr", state="attached", timeout=120_000)
                wall_ms = (time.perf_counter() - start) * 1000
                wait_painted(page)
                page.wait_for_load_state("load")
                nav = page.evaluate(NAV_JS)
                nav["playwright_wall_ms"] = wall_ms
                loads.append(nav)
                page.evaluate(MEASURE_JS)
                picks = page.evaluate(PICK_FACETS_JS, ["stage", "team", "regulations", "tags"])
                keys.extend(page.evaluate(KEYSTROKES_JS, [queries, PAUSE_MS]))
                clicks.extend(page.evaluate(FACETS_JS, [picks, PAUSE_MS]))
                cores = load.cores()
                if cores is not None:
                    others.append(cores)
                context.close()
            profile = profiled_pass(browser, url, queries)
        finally:
            browser.close()
    return {
        "url": url,
        "runs": runs,
        "queries": queries,
        "facets_clicked": [f"{k}={v}" for k, v in picks],
        "other_cores": round(statistics.mean(others), 2) if others else None,
        "first_render": first_render(loads),
        "keystroke": latency(keys),
        "keystroke_by_query": {
            q: {
                "matches_after_each": [k["count"] for k in keys if k["query"] == q][: len(q) + 1],
                "frame_ms": summary([k["frame"] for k in keys if k["query"] == q]),
            }
            for q in queries
        },
        "keystroke_clear": summary([k["frame"] for k in keys if k["kind"] == "clear"]),
        "facet_click": latency(clicks),
        "profile": profile,
    }


def first_render(loads: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def med(name: str) -> float | None:
        values = [x[name] for x in loads if x.get(name) is not None]
        return round(statistics.median(values), 1) if values else None

    return {
        "dcl_ms": med("dcl_end"),
        "rows_in_dom_ms": med("rows_at"),
        "rows_painted_ms": med("painted_at"),
        "fcp_ms": med("fcp"),
        "load_ms": med("load_end"),
        "playwright_wall_ms": med("playwright_wall_ms"),
        "rows_painted_ms_all": [round(x["painted_at"], 1) for x in loads],
        "breakdown_ms": {
            "to_response_end (read file)": med("response_end"),
            "html_parse (response_end -> dom_interactive)": round(
                statistics.median(x["dom_interactive"] - x["response_end"] for x in loads), 1
            ),
            "index.js (dom_interactive -> rows in DOM)": round(
                statistics.median(x["rows_at"] - x["dom_interactive"] for x in loads), 1
            ),
            "of which JSON.parse": med("parse_ms"),
            "rows in DOM -> painted": round(
                statistics.median(x["painted_at"] - x["rows_at"] for x in loads), 1
            ),
        },
        "rows_shown": loads[0]["rows"],
        "models": loads[0]["count"],
        "data_mb": round(loads[0]["data_chars"] / 1e6, 2),
    }


def latency(events: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "handler_ms": summary([e["handler"] for e in events]),
        "frame_ms": summary([e["frame"] for e in events]),
        "raf2_ms": summary([e["raf2"] for e in events]),
    }


def profiled_pass(browser: Any, url: str, queries: Sequence[str]) -> dict[str, Any]:
    """A page load and the keystrokes once more under the V8 profiler and Performance
    metrics (not timed: profiling slows the page down)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    common.wait_quiet()
    before = perf_metrics(cdp)
    cdp.send("Profiler.start")
    page.goto(url, wait_until="commit")
    wait_painted(page)
    load_profile = cdp.send("Profiler.stop")["profile"]
    load_metrics = diff(perf_metrics(cdp), before)
    page.evaluate(MEASURE_JS)
    before = perf_metrics(cdp)
    cdp.send("Profiler.start")
    keys = page.evaluate(KEYSTROKES_JS, [list(queries), PAUSE_MS])
    key_profile = cdp.send("Profiler.stop")["profile"]
    key_metrics = diff(perf_metrics(cdp), before)
    context.close()
    n = max(1, len(keys))
    return {
        "load": {"chromium_metrics_ms": load_metrics, **profile_times(load_profile)},
        "keystrokes": {
            "count": len(keys),
            "chromium_metrics_ms_per_keystroke": {
                k: round(v / n, 1) for k, v in key_metrics.items()
            },
            **{
                kind: {k: round(v / n, 2) for k, v in table.items()}
                for kind, table in profile_times(key_profile).items()
            },
        },
    }


# --- report ----------------------------------------------------------------------------


def row(size: dict[str, Any]) -> list[str]:
    b, w = size["build"], size["browser"]
    fr, ks, fc = w["first_render"], w["keystroke"], w["facet_click"]
    return [
        f"{size['models']:,}",
        f"{b['wall_s']:.1f}",
        f"{b['cpu_s']:.1f}",
        f"{b['peak_rss_mb']:.0f}",
        f"{b['out_mb']:.0f} / {b['index_mb']:.1f}",
        f"{fr['dcl_ms']:.0f}",
        f"{fr['rows_painted_ms']:.0f}",
        f"{ks['frame_ms']['median']:.0f} / {ks['frame_ms']['p95']:.0f}",
        f"{ks['raf2_ms']['median']:.0f} / {ks['raf2_ms']['p95']:.0f}",
        f"{fc['frame_ms']['median']:.0f} / {fc['frame_ms']['p95']:.0f}",
        f"{b['other_cores']:.2f} / {w['other_cores']:.2f}"
        if b["other_cores"] is not None and w["other_cores"] is not None
        else "?",
    ]


HEADER = [
    "models",
    "build s",
    "build CPU s",
    "build RSS MB",
    "site MB / index MB",
    "DCL ms",
    "first rows painted ms",
    "keystroke ms med / p95",
    "keystroke 2 rAF ms med / p95",
    "facet click ms med / p95",
    "other load build / browser",
]


def table(sizes: Sequence[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---:" * len(HEADER) + "|"]
    lines += ["| " + " | ".join(row(s)) + " |" for s in sizes]
    return "\n".join(lines)


def verdict(size: dict[str, Any]) -> list[str]:
    fr = size["browser"]["first_render"]["rows_painted_ms"]
    ks = size["browser"]["keystroke"]["frame_ms"]
    out = [
        f"first render {fr:.0f} ms (target < {TARGET_FIRST_RENDER_MS:.0f} ms: "
        + ("met" if fr < TARGET_FIRST_RENDER_MS else f"NOT met, {fr / TARGET_FIRST_RENDER_MS:.1f}x")
        + ")",
        f"keystroke median {ks['median']:.0f} ms, p95 {ks['p95']:.0f} ms (target < "
        f"{TARGET_KEYSTROKE_MS:.0f} ms: "
        + (
            "met"
            if ks["p95"] < TARGET_KEYSTROKE_MS
            else f"NOT met, median {ks['median'] / TARGET_KEYSTROKE_MS:.1f}x, "
            f"p95 {ks['p95'] / TARGET_KEYSTROKE_MS:.1f}x"
        )
        + ")",
    ]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--models", default="10000", help="model counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="page loads per size")
    parser.add_argument(
        "--build-repeat",
        type=int,
        default=0,
        help="builds per size, median reported (default: 3 up to 2,000 models, else 1)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quiet-wait", type=float, default=common.QUIET_WAIT_S[0])
    parser.add_argument("--quiet-budget", type=float, default=common.QUIET_BUDGET_S[0])
    parser.add_argument("--fresh", action="store_true", help="drop sizes recorded earlier")
    args = parser.parse_args(argv)
    common.QUIET_WAIT_S[0], common.QUIET_BUDGET_S[0] = args.quiet_wait, args.quiet_budget
    sizes = [int(s.replace("_", "")) for s in args.models.split(",") if s.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"sizes": {}}
    if RESULTS.is_file() and not args.fresh:
        results = json.loads(RESULTS.read_text())
    results["machine"] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "chromium": common.version([CHROMIUM, "--version"]),
    }
    for models in sizes:
        print(f"== {models:,} models", flush=True)
        catalog = OUT / f"catalog-{models}"
        common.ensure_catalog(catalog, models, 0, args.seed)
        site = OUT / f"site-{models}"
        repeat = args.build_repeat or (3 if models <= 2000 else 1)
        build = bench_build(catalog, site, repeat)
        print(f"   build {build['wall_s']} s: {build['output']}", flush=True)
        browser = bench_browser(site, args.runs)
        size = {
            "models": models,
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "source": common.git_state(),
            "build": build,
            "browser": browser,
        }
        results["sizes"][str(models)] = size
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        for line in verdict(size):
            print("   " + line, flush=True)
    ordered = [results["sizes"][k] for k in sorted(results["sizes"], key=int)]
    print()
    print(table(ordered))
    for size in ordered:
        fr = size["browser"]["first_render"]["breakdown_ms"]
        prof = size["browser"]["profile"]["keystrokes"]
        src = size["build"].get("src_commit", size["source"]["commit"])
        print(f"\n{size['models']:,} models ({size['date']}, src {src}):")
        print("  first render breakdown ms:", json.dumps(fr))
        print(
            "  per keystroke, Chromium ms:", json.dumps(prof["chromium_metrics_ms_per_keystroke"])
        )
        print("  per keystroke, index.js inclusive ms:", json.dumps(prof["index_js_inclusive_ms"]))
        print("  per keystroke, self ms:", json.dumps(prof["self_ms"]))
    print(f"\nwrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
