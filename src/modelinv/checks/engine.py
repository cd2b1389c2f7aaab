"""load -> per-file checks (in parallel when it pays) -> catalog rules -> Result. Prints nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from modelinv.checks import filecheck
from modelinv.checks.cache import Cache
from modelinv.checks.catalog_root import root_problem
from modelinv.checks.org_rules_file import OrgRuleError, digest, load_org_rules
from modelinv.checks.policy_file import load_policy
from modelinv.checks.rules.registry import CATALOG_RULES
from modelinv.checks.waivers import apply_waivers
from modelinv.findings import Finding, Result
from modelinv.governance.context import Context
from modelinv.governance.policy import POLICY_FILE
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile, discover, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes

# Below this many files to check, process start-up (~0.2 s each) costs more than it saves.
PARALLEL_MIN_FILES = 400


class ConfigError(Exception):
    """The run cannot start: a missing catalog, a bad option. Exit code 2."""


@dataclass(frozen=True, slots=True)
class Options:
    parser: ParserName = "auto"
    jobs: int | None = None  # None: one per core for large catalogs
    cache_dir: Path | None = None  # None: no cache
    today: dt.date | None = None  # None: the clock
    base: str | None = None  # a git ref: also check every change against the catalog there


def load_index(root: Path | str, options: Options | None = None) -> Index:
    """Load and check every file under `root` (from the cache where the bytes are known);
    catalog-wide rules are not run yet."""
    options = options or Options()
    root = Path(root)
    problem = root_problem(root)
    if problem is not None:
        raise ConfigError(problem)
    sources = [s for s in discover(root) if s.rel != POLICY_FILE]
    policy, policy_findings = load_policy(root, shown_root(root))
    try:
        org_rules = load_org_rules(root, shown_root(root))
    except OrgRuleError as exc:
        raise ConfigError(str(exc)) from None
    context = Context(policy, options.today or dt.date.today(), org_rules)
    # Per-file results depend on the policy, the date and the organisation rules: all are
    # part of the cache key.
    salt = f"{options.parser}\0{context.today}\0{policy.model_dump_json()}\0{digest(org_rules)}"
    cache = Cache(options.cache_dir, root, salt) if options.cache_dir else None
    if cache is not None:
        cache.load()
    entries: list[Entry | None] = [None] * len(sources)
    todo: list[tuple[int, str, SourceFile, bytes | Finding]] = []
    for index, source in enumerate(sources):
        if cache is None:
            hit, key, data = None, "", read_bytes(source.path, source.display)
        else:
            hit, key, data = cache.lookup(source)
        if hit is not None:
            entries[index] = hit
        else:
            todo.append((index, key, source, data))
    checked = _check_all(todo, options, context)
    for (index, key, _, _), entry in zip(todo, checked, strict=True):
        entries[index] = entry
        if cache is not None and key:
            cache.put(key, entry)
    if cache is not None:
        cache.save()
    return Index(str(root), [e for e in entries if e is not None], context, tuple(policy_findings))


def load_inventory(root: Path | str, options: Options | None = None) -> Inventory:
    """The index plus every valid entity (validated from the cached JSON on first use)."""
    return Inventory(load_index(root, options))


def check_index(index: Index, extra: Iterable[Finding] = ()) -> Result:
    """The result for an index already loaded: its files' findings, the catalog-wide rules,
    and `extra` findings from stages above this one (the transition rules of `--base`), all
    subject to the same waivers."""
    findings: list[Finding] = [*index.policy_findings]
    findings += [f for entry in index.entries for f in entry.findings]
    for rule in CATALOG_RULES:
        findings.extend(rule.check(index))
    findings.extend(extra)
    counts: dict[str, int] = {}
    for entry in index.entries:
        if entry.valid and entry.kind is not None:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
    kept, waived = apply_waivers(findings, index)
    return Result.of(kept, len(index.entries), counts, waived)


def _check_all(
    todo: list[tuple[int, str, SourceFile, bytes | Finding]],
    options: Options,
    context: Context,
) -> list[Entry]:
    work = [(source, data) for _, _, source, data in todo]
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(work) < PARALLEL_MIN_FILES:
        return filecheck.check_batch(work, options.parser, context)
    # fork shares the imported modules with the workers; elsewhere fall back to spawn.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    size = max(50, len(work) // (jobs * 4))
    batches = [work[i : i + size] for i in range(0, len(work), size)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        count = len(batches)
        results = pool.map(
            filecheck.check_batch,
            batches,
            [options.parser] * count,
            [context] * count,
        )
        return [entry for batch in results for entry in batch]
