"""load -> per-file checks (in parallel when it pays) -> catalog rules -> Result. Prints nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from modelinv import filecheck, gitrepo
from modelinv.cache import Cache
from modelinv.catalog import Catalog, Entry
from modelinv.context import Context
from modelinv.findings import Finding, Result
from modelinv.loader.discover import SourceFile, discover, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes
from modelinv.org_rules_load import OrgRuleError, digest, load_org_rules
from modelinv.policy import POLICY_FILE, load_policy
from modelinv.rules.registry import CATALOG_CHECKS
from modelinv.transitions import transition_findings
from modelinv.waivers import apply_waivers

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


def load_catalog(
    root: Path | str, options: Options | None = None, *, entities: bool = True
) -> Catalog:
    """Load and check every file under `root`; catalog-wide rules are not run yet.

    With `entities=False` entries carry facts and references only (what catalog rules
    read), which spares memory and the cost of sending entities back from worker processes.
    """
    options = options or Options()
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"catalog directory not found: {root}")
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
    checked = _check_all(todo, options, context, entities)
    for (index, key, _, _), entry in zip(todo, checked, strict=True):
        entries[index] = entry
        if cache is not None and key:
            cache.put(key, entry)
    if cache is not None:
        cache.save()
    return Catalog(
        str(root), [e for e in entries if e is not None], context, tuple(policy_findings)
    )


def validate(root: Path | str, options: Options | None = None) -> Result:
    """Every check: per-file findings, the catalog-wide rules and, with `options.base`, the
    transition rules against the catalog at that git ref."""
    return check_catalog(load_catalog(root, options, entities=False), options)


def check_catalog(catalog: Catalog, options: Options | None = None) -> Result:
    """The result of `validate` for a catalog already loaded (e.g. with its entities, by a
    command that needs both, so the files are read once)."""
    findings: list[Finding] = [*catalog.policy_findings]
    findings += [f for entry in catalog.entries for f in entry.findings]
    for check in CATALOG_CHECKS:
        findings.extend(check(catalog))
    if options is not None and options.base is not None:
        try:
            findings += transition_findings(catalog, options.base, options.parser)
        except gitrepo.GitError as exc:
            raise ConfigError(f"--base: {exc}") from None
    counts: dict[str, int] = {}
    for entry in catalog.entries:
        if entry.valid and entry.kind is not None:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
    kept, waived = apply_waivers(findings, catalog)
    return Result.of(kept, len(catalog.entries), counts, waived)


def _check_all(
    todo: list[tuple[int, str, SourceFile, bytes | Finding]],
    options: Options,
    context: Context,
    entities: bool,
) -> list[Entry]:
    work = [(source, data) for _, _, source, data in todo]
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(work) < PARALLEL_MIN_FILES:
        return filecheck.check_batch(work, options.parser, context, entities)
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
            [entities] * count,
        )
        return [entry for batch in results for entry in batch]
