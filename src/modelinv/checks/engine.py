"""load -> per-file checks (in parallel when it pays) -> catalog rules -> Result. Prints nothing."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from modelinv.checks import filecheck
from modelinv.checks.cache import Cache, Signature, file_signature
from modelinv.checks.cache_rows import row_of
from modelinv.checks.catalog_root import root_problem
from modelinv.checks.org_rules_file import OrgRuleError, digest, load_org_rules
from modelinv.checks.policy_file import load_policy
from modelinv.checks.rules.registry import CATALOG_RULES, WAIVER_RULES, judged_waivers
from modelinv.checks.waivers import apply_waivers
from modelinv.findings import Finding, Result
from modelinv.governance.context import Context
from modelinv.governance.org_rules import prepare as prepare_org_rules
from modelinv.governance.policy import POLICY_FILE
from modelinv.inventory.index import Entry, Index, PayloadSource
from modelinv.inventory.inventory import Inventory
from modelinv.loader.discover import SourceFile, discover, shown_root
from modelinv.loader.load import ParserName
from modelinv.loader.read import read_bytes
from modelinv.support import lifetime

# Below this many files to check, process start-up (~0.2 s each) costs more than it saves.
PARALLEL_MIN_FILES = 400
# Files per batch sent to a worker: small enough that the last batches in flight when this
# process and the workers meet cost little waiting (~40 ms), large enough that sending them
# costs nothing much (about 1 ms each).
BATCH_FILES = 128

R = TypeVar("R")

# A file to check: its source, its bytes (or why they were refused; None: not read yet)
# and its content key in the cache ("" when not known yet).
Pending = tuple[SourceFile, bytes | Finding | None, str]


class Fresh(NamedTuple):
    """A file checked for the cache: its entry, content key ("" when its bytes could not be
    read: then nothing is stored), cache row, and what the file system said of it before
    it was read (None when the lookup already noted it)."""

    entry: Entry
    key: str
    row: tuple[Any, ...]
    signature: Signature | None


def fill_batch(batch: list[Pending], parser: ParserName, context: Context) -> list[Fresh]:
    """Check a batch of files for the cache: the entries, and their rows made here (in the
    worker: a row's digest costs about 20 us a file, which the parent would otherwise pay
    alone, after all the checking)."""
    filled = []
    for source, given, known in batch:
        data, key, signature = given, known, None
        if data is None:  # an empty cache: nothing was read or keyed in the parent
            # Taken before the read: a change after it shows as a new signature next time.
            signature = file_signature(source)
            data = read_bytes(source.path, source.display)
            if isinstance(data, bytes):
                key = Cache.key(source.display, source.rel, data)
        entry = filecheck.check_file(source, data, parser, context)
        filled.append(Fresh(entry, key, row_of(entry) if key else (), signature))
    return filled


class ConfigError(Exception):
    """The run cannot start: a missing catalog, a bad option. Exit code 2."""


@dataclass(frozen=True, slots=True)
class Options:
    parser: ParserName = "auto"
    jobs: int | None = None  # None: one per core for large catalogs
    cache_dir: Path | None = None  # None: no cache
    today: dt.date | None = None  # None: the clock
    base: str | None = None  # a git ref: also check every change against the catalog there

    @property
    def job_count(self) -> int:
        """`jobs`, or one per core."""
        return self.jobs or os.cpu_count() or 1


def load_index(
    root: Path | str, options: Options | None = None, *, payloads: bool = False
) -> Index:
    """Load and check every file under `root` (from the cache where the bytes are known);
    catalog-wide rules are not run yet. With `payloads`, every valid entry carries its
    entity's JSON (for a caller that will read most entities); otherwise an entry fetches
    it on first use (`Index.payload`): from the cache, or by checking its file again."""
    with lifetime.gc_paused():
        loaded = _load_index(root, options, payloads=payloads)
    lifetime.keep(loaded)  # a one-shot process exits without freeing it entry by entry
    return loaded


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
    indexes: list[int] = []  # where each file of `work` goes in `entries`
    work: list[Pending] = []
    # An empty cache (the first run, a fresh CI machine) can serve nothing: the files are
    # read, keyed and turned into rows where they are checked, in parallel, instead of all
    # being read here first.
    looking = cache is not None and cache.has_rows()
    for index, source in enumerate(sources):
        if cache is None or not looking:
            indexes.append(index)
            work.append((source, None, ""))  # the worker reads it
            continue
        hit, key, data = cache.lookup(source)
        if hit is not None:
            entries[index] = hit
        else:
            indexes.append(index)
            work.append((source, data, key))
    if cache is None:
        # Only an inventory needs payloads now (an index fetches the few it is asked for).
        for start, checked in _check_all(work, options, context, _check_batch, payloads):
            for offset, entry in enumerate(checked, start):
                entries[indexes[offset]] = entry
    else:
        # The cache keeps every payload, for the commands that need entities later. Each
        # batch is stored as soon as it is done, the payloads handed to the cache's spool
        # file, so they never all live in this process at once.
        for start, filled in _check_all(work, options, context, fill_batch):
            for offset, fresh in enumerate(filled, start):
                entries[indexes[offset]] = fresh.entry
                if fresh.key:
                    cache.put(fresh.key, fresh.entry, fresh.row, fresh.signature)
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
) -> PayloadSource:
    """Where the payload of an entry loaded without it comes from: the cache's payload
    files, or, without a cache or when they no longer hold it (removed, damaged), the file
    checked again."""
    return _Payloads(cache, {source.rel: source for source in sources}, options, context)


class _Payloads:
    """A `PayloadSource`: see `_payload_source`."""

    def __init__(
        self,
        cache: Cache | None,
        by_rel: dict[str, SourceFile],
        options: Options,
        context: Context,
    ) -> None:
        self.cache, self.by_rel, self.options, self.context = cache, by_rel, options, context

    def __call__(self, entry: Entry) -> bytes:
        found = self.cache.payload(entry.rel) if self.cache is not None else None
        if found is not None:
            return found
        source = self.by_rel[entry.rel]
        fresh = filecheck.check_file(
            source, read_bytes(source.path, source.display), self.options.parser, self.context
        )
        if not fresh.payload:
            raise ConfigError(f"{entry.display} changed while modelinv was reading it: run again")
        return fresh.payload

    def digest(self, entry: Entry) -> bytes | None:
        return self.cache.payload_digest(entry.rel) if self.cache is not None else None


def load_inventory(root: Path | str, options: Options | None = None) -> Inventory:
    """The index plus every valid entity (validated from the cached JSON on first use)."""
    with lifetime.gc_paused():
        loaded = Inventory(_load_index(root, options, payloads=True))
    lifetime.keep(loaded)
    return loaded


def require_files(index: Index, root: Path | str) -> None:
    """Raise ConfigError when `root` holds no catalog file at all: a command given such a
    folder (almost always the wrong one) made an empty site, report or export, or called
    every running model a shadow, without a word."""
    if not index.entries:
        raise ConfigError(
            f"no catalog files (*.yaml) under {root}: give the folder that holds "
            "models/, teams/, data/ and consumers/"
        )


def check_index(index: Index, extra: Iterable[Finding] = ()) -> Result:
    """The result for an index already loaded: its files' findings, the catalog-wide rules,
    and `extra` findings from stages above this one (the transition rules of `--base`), all
    subject to the same waivers."""
    with lifetime.gc_paused():
        return _check_index(index, extra)


def _check_index(index: Index, extra: Iterable[Finding]) -> Result:
    findings: list[Finding] = [*index.policy_findings]
    findings += [f for entry in index.entries for f in entry.findings]
    findings += _catalog_rule_findings(index)
    findings.extend(extra)
    judged = judged_waivers(index.context)
    for rule in WAIVER_RULES:  # they read every finding above, before the waivers
        findings += list(rule.check(index, findings, judged))
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
    digest = index.memo_digest
    stored = memo.rule_findings(digest) if memo is not None else None
    if stored is None:
        stored = [finding for rule in pure for finding in rule.check(index)]
        if memo is not None:
            memo.put_rule_findings(digest, stored)
    return findings + stored


def _check_batch(
    batch: list[Pending], parser: ParserName, context: Context, payloads: bool
) -> list[Entry]:
    """Check a batch of files for a run without a cache."""
    return filecheck.check_batch(
        [(source, data) for source, data, _ in batch], parser, context, payloads
    )


def _check_all(
    work: list[Pending],
    options: Options,
    context: Context,
    check: Callable[..., list[R]],
    *extra: object,
) -> Generator[tuple[int, list[R]], None, None]:
    """`check(batch, parser, context, *extra)` over every batch of `work`: (where the batch
    starts in `work`, its results) as each batch is done, in no particular order. In this
    process alone, or shared with forked workers when there are many files and cores
    (`options.jobs`)."""
    args = (options.parser, context, *extra)
    starts = range(0, len(work), BATCH_FILES)
    batches = [work[start : start + BATCH_FILES] for start in starts]
    jobs = options.job_count
    if jobs <= 1 or len(work) < PARALLEL_MIN_FILES:
        for start, batch in zip(starts, batches, strict=True):
            yield start, check(batch, *args)
        return
    # This process is one of the `jobs`: it checks batches too instead of waiting, and its
    # own batches are never pickled (sending an entry back costs about a tenth of checking
    # it). The workers take batches from the front of the pool's queue, this process from
    # the back (those it can still cancel there) until the two meet, so the slower side
    # simply does fewer. fork shares the imported modules with the workers; elsewhere fall
    # back to spawn.
    # Imported here, not at the top: a cached run rarely checks enough files to want a
    # pool, and these modules cost ~10 ms of a 0.35 s warm run at 10,000 files.
    import multiprocessing
    import shutil
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    prepare_org_rules(context.org_rules)  # before the fork: the workers share them
    # The workers' results come back through files of this private folder, not the pool's
    # pipe: a batch's results (120-500 kB) overflow the pipe's 64 kB buffer, and the worker
    # then waited until this process, busy with a batch of its own, read them (at 10,000
    # files the worker idled ~0.35 s of ~2 s).
    try:
        spool: str | None = tempfile.mkdtemp(prefix="modelinv-results-")
    except OSError:  # no writable temporary folder: the results come through the pipe
        spool = None
    pool = ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context(method))
    try:
        futures = [pool.submit(_spooled, spool, check, batch, *args) for batch in batches]
        handed = 0  # the workers' batches handed over so far, in order
        for number in reversed(range(len(futures))):
            if not futures[number].cancel():
                break  # this one and all before it are the workers'
            yield starts[number], check(batches[number], *args)
            while handed < number and futures[handed].done():
                yield starts[handed], _unspooled(futures[handed].result())
                handed += 1
        for number in range(handed, len(futures)):
            if not futures[number].cancelled():
                yield starts[number], _unspooled(futures[number].result())
    finally:
        # On an error (or Ctrl-C) here, the batches still queued are dropped, not awaited.
        pool.shutdown(wait=True, cancel_futures=True)
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)


def _spooled(
    folder: str | None, check: Callable[..., list[R]], batch: list[Pending], *args: object
) -> str | list[R]:
    """In a worker: `check(batch, *args)`, its results pickled into a new file of `folder`
    and the file's path returned; the results themselves when there is no folder or the
    file cannot be written (a full disk, say)."""
    import pickle  # here: only runs with workers need it (see `_check_all`)

    results = check(batch, *args)
    if folder is None:
        return results
    try:
        fd, path = tempfile.mkstemp(dir=folder)
    except OSError:
        return results
    try:
        with os.fdopen(fd, "wb") as spooled:
            pickle.dump(results, spooled, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        Path(path).unlink(missing_ok=True)
        return results
    return path


def _unspooled(handed: str | list[R]) -> list[R]:
    """The results a worker handed back: read from the file it names (which is removed),
    or as they came."""
    import pickle

    if not isinstance(handed, str):
        return handed
    spooled = Path(handed)
    results: list[R] = pickle.loads(spooled.read_bytes())
    spooled.unlink()
    return results
