"""load -> per-file checks (in parallel when it pays) -> catalog rules -> Result. Prints nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
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
from modelinv.governance.org_rules import prepare as prepare_org_rules
from modelinv.governance.policy import POLICY_FILE
from modelinv.inventory.index import Entry, Index
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile, discover, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes

# Below this many files to check, process start-up (~0.2 s each) costs more than it saves.
PARALLEL_MIN_FILES = 400
# Files per batch sent to a worker: small enough that the last batches in flight when this
# process and the workers meet cost little waiting (~40 ms), large enough that sending them
# costs nothing much (about 1 ms each).
BATCH_FILES = 128


class ConfigError(Exception):
    """The run cannot start: a missing catalog, a bad option. Exit code 2."""


@dataclass(frozen=True, slots=True)
class Options:
    parser: ParserName = "auto"
    jobs: int | None = None  # None: one per core for large catalogs
    cache_dir: Path | None = None  # None: no cache
    today: dt.date | None = None  # None: the clock
    base: str | None = None  # a git ref: also check every change against the catalog there


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects (cache
    rows, entries, findings): each collection walks every object alive, and the hundreds
    of thousands made here would trigger dozens (measured: 0.3 s of 0.35 s reading the
    cache at 10,000 files). Nothing here makes reference cycles worth collecting early.

    In a one-shot process (the CLI's `run` freezes its start-up objects, so the freeze
    count is not zero) the survivors are then frozen too: they live as long as the index,
    and otherwise the first collection after this walks every one of them again (measured
    ~0.3 s at 10,000 files). Frozen objects are still freed by reference counting; only
    cyclic garbage among them is never collected, which is why a long-lived process that
    did not opt in by freezing is left alone."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() > 0:
            gc.freeze()
        if enabled:
            gc.enable()


def load_index(
    root: Path | str, options: Options | None = None, *, payloads: bool = False
) -> Index:
    """Load and check every file under `root` (from the cache where the bytes are known);
    catalog-wide rules are not run yet. With `payloads`, every valid entry carries its
    entity's JSON (for a caller that will read most entities); otherwise an entry fetches
    it on first use (`Index.payload`): from the cache, or by checking its file again."""
    with _gc_paused():
        return _load_index(root, options, payloads=payloads)


def _load_index(root: Path | str, options: Options | None, *, payloads: bool) -> Index:
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
    todo: list[tuple[int, str, SourceFile, bytes | Finding | None]] = []
    for index, source in enumerate(sources):
        if cache is None:
            todo.append((index, "", source, None))  # the worker reads it
            continue
        hit, key, data = cache.lookup(source)
        if hit is not None:
            entries[index] = hit
        else:
            todo.append((index, key, source, data))
    # The cache keeps every payload for the commands that need entities later; without a
    # cache only an inventory needs them now (an index fetches the few it is asked for).
    checked = _check_all(todo, options, context, payloads or cache is not None)
    for (index, key, _, _), entry in zip(todo, checked, strict=True):
        entries[index] = entry
        if cache is not None and key:
            cache.put(key, entry)
    if cache is not None:
        cache.save()
    loaded = Index(
        str(root), [e for e in entries if e is not None], context, tuple(policy_findings)
    )
    fetch = _payload_source(cache, sources, options, context)
    for entry in loaded.entries:
        if entry.valid and not entry.payload:
            entry.payload_source = fetch
    loaded.rule_memo = cache
    return loaded


def _payload_source(
    cache: Cache | None, sources: list[SourceFile], options: Options, context: Context
) -> Callable[[Entry], bytes]:
    """Where the payload of an entry loaded without it comes from: the cache's payload
    files, or, without a cache or when they no longer hold it (removed, damaged), the file
    checked again."""
    by_rel = {source.rel: source for source in sources}

    def payload(entry: Entry) -> bytes:
        found = cache.payload(entry.rel) if cache is not None else None
        if found is not None:
            return found
        source = by_rel[entry.rel]
        fresh = filecheck.check_file(
            source, read_bytes(source.path, source.display), options.parser, context
        )
        if not fresh.payload:
            raise ConfigError(f"{entry.display} changed while modelinv was reading it: run again")
        return fresh.payload

    return payload


def load_inventory(root: Path | str, options: Options | None = None) -> Inventory:
    """The index plus every valid entity (validated from the cached JSON on first use)."""
    with _gc_paused():
        return Inventory(_load_index(root, options, payloads=True))


def check_index(index: Index, extra: Iterable[Finding] = ()) -> Result:
    """The result for an index already loaded: its files' findings, the catalog-wide rules,
    and `extra` findings from stages above this one (the transition rules of `--base`), all
    subject to the same waivers."""
    with _gc_paused():
        return _check_index(index, extra)


def _check_index(index: Index, extra: Iterable[Finding]) -> Result:
    findings: list[Finding] = [*index.policy_findings]
    findings += [f for entry in index.entries for f in entry.findings]
    findings += _catalog_rule_findings(index)
    findings.extend(extra)
    counts: dict[str, int] = {}
    for entry in index.entries:
        if entry.valid and entry.kind is not None:
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
    kept, waived = apply_waivers(findings, index)
    return Result.of(kept, len(index.entries), counts, waived)


def _catalog_rule_findings(index: Index) -> list[Finding]:
    """Every catalog rule's findings. Those of rules that declare `INDEX_ONLY` (they read
    nothing but the index) are served from the cache while a digest of every entry's index
    part is unchanged (a title edit, say, leaves it alone); the others (OWN005 reads
    CODEOWNERS, TMP001 lists the folder, and any new rule until it declares otherwise)
    always run."""
    memo = index.rule_memo
    findings: list[Finding] = []
    pure = [rule for rule in CATALOG_RULES if getattr(rule, "INDEX_ONLY", False)]
    for rule in CATALOG_RULES:
        if rule not in pure:
            findings.extend(rule.check(index))
    digest = memo.index_digest(index.entries) if memo is not None else ""
    stored = memo.rule_findings(digest) if memo is not None else None
    if stored is None:
        stored = [finding for rule in pure for finding in rule.check(index)]
        if memo is not None:
            memo.put_rule_findings(digest, stored)
    return findings + stored


def _check_all(
    todo: list[tuple[int, str, SourceFile, bytes | Finding | None]],
    options: Options,
    context: Context,
    payloads: bool,
) -> list[Entry]:
    work = [(source, data) for _, _, source, data in todo]
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(work) < PARALLEL_MIN_FILES:
        return filecheck.check_batch(work, options.parser, context, payloads)
    # This process is one of the `jobs`: it checks batches too instead of waiting, and its
    # own batches are never pickled (sending an entry back costs about a tenth of checking
    # it). The workers take batches from the front of the pool's queue, this process from
    # the back (those it can still cancel there) until the two meet, so the slower side
    # simply does fewer. fork shares the imported modules with the workers; elsewhere fall
    # back to spawn.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    batches = [work[i : i + BATCH_FILES] for i in range(0, len(work), BATCH_FILES)]
    results: list[list[Entry] | None] = [None] * len(batches)
    prepare_org_rules(context.org_rules)  # before the fork: the workers share them
    pool = ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context(method))
    try:
        futures = [
            pool.submit(filecheck.check_batch, batch, options.parser, context, payloads)
            for batch in batches
        ]
        for number in reversed(range(len(batches))):
            if not futures[number].cancel():
                break  # this one and all before it are the workers'
            results[number] = filecheck.check_batch(
                batches[number], options.parser, context, payloads
            )
        return [
            entry
            for number, future in enumerate(futures)
            for entry in (results[number] if future.cancelled() else future.result()) or ()
        ]
    finally:
        # On an error (or Ctrl-C) here, the batches still queued are dropped, not awaited.
        pool.shutdown(wait=True, cancel_futures=True)
