"""Where a cold `validate` spends its time per file: each stage of the per-file pipeline
timed on its own, in one process, over the same files.

    python bench/stages.py [--models 10000] [--files 3000] [--repeat 5]

Uses the generated catalog of bench/speed.py (bench/out/speed-N, made when missing) and
times, for `--files` of its files taken evenly across it, each stage over all of them in turn:
reading, decoding and scanning, libyaml composing the node tree, the walk from nodes to data
and positions, the schema (pydantic), each entity rule, the entry (references, spans, facts),
the cache row, and sending an entry back from a worker (pickle) and receiving it. Figures
are CPU microseconds per file, the best of `--repeat` rounds, with the cyclic garbage
collector off (as in `validate`, which pauses it while loading). They add up to about what
one process spends per file in `modelinv validate --no-cache --jobs 1`; what they leave out
is the catalog rules, imports and output, which run once per catalog.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import pickle
import sys
import time
from collections.abc import Callable
from typing import Any

from speed import speed_catalog

from modelinv.checks import filecheck
from modelinv.checks.cache_rows import row_of
from modelinv.checks.policy_file import load_policy
from modelinv.checks.rules.registry import ENTITY_RULES, waivable_codes
from modelinv.checks.schema_stage import check_schema
from modelinv.governance.context import Context, FileContext
from modelinv.loader import nodes
from modelinv.loader.discover import discover
from modelinv.loader.document import Document
from modelinv.loader.load import load_bytes
from modelinv.loader.read import read_bytes
from modelinv.support.unsafe_text import plainly_safe

TODAY = dt.date(2026, 11, 26)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root, _ = speed_catalog(args.models)
    every = list(discover(root))
    sources = every[:: max(1, len(every) // args.files)][: args.files]  # all kinds, evenly
    policy, _ = load_policy(root, str(root))
    context = Context(policy, TODAY)
    count = len(sources)
    gc.disable()

    def timed(name: str, work: Callable[[], Any]) -> Any:
        best, result = float("inf"), None
        for _ in range(args.repeat):
            started = time.process_time()
            result = work()
            best = min(best, time.process_time() - started)
        print(f"{name:34s} {best / count * 1e6:8.1f} us")
        return result

    print(f"{count} files of {root} (python {sys.version.split()[0]})")
    data = timed("read", lambda: [read_bytes(s.path, s.display) for s in sources])
    texts = timed("decode", lambda: [d.decode() for d in data])
    timed("scan: plain text?", lambda: [plainly_safe(t) for t in texts])
    timed("scan: fast path possible?", lambda: [_special(d) for d in data])
    roots = timed("libyaml: compose nodes", lambda: [_compose(d) for d in data])
    timed("walk: nodes to data and spans", lambda: [_walk(r) for r in roots])
    docs = timed("load_bytes (all of the above)", lambda: [load_bytes(d, "x") for d in data])
    checked = timed("schema (pydantic)", lambda: [check_schema(d) for d in docs])
    valid = [(s, d, c) for s, d, c in zip(sources, docs, checked, strict=True) if c.entity]
    for rule in ENTITY_RULES:
        timed(
            f"  rule {rule.RULE.code} {rule.RULE.name}"[:34],
            functools.partial(_rule, rule, valid, context),
        )
    entries = timed(
        "entry (refs, spans, facts)",
        lambda: [
            filecheck._entry(s, d, c.entity, [], False)
            for s, d, c in zip(sources, docs, checked, strict=True)
        ],
    )
    timed("cache row (with its digest)", lambda: [row_of(e) for e in entries])
    full = timed(
        "check_file (everything, no payload)",
        lambda: [
            filecheck.check_file(s, d, "auto", context, payload=False)
            for s, d in zip(sources, data, strict=True)
        ],
    )
    sent = timed("worker: pickle the entries", lambda: pickle.dumps(full, pickle.HIGHEST_PROTOCOL))
    timed("parent: unpickle them", lambda: pickle.loads(sent))
    return 0


def _special(data: bytes) -> bool:
    return any(s in data for s in nodes._SPECIAL) or bool(nodes._COMPACT_NESTING.search(data))


def _compose(data: bytes) -> Any:
    parser = nodes._NodeParser(data)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


def _walk(root: Any) -> Any:
    return nodes._Walk({}, {}).mapping(root, (), 0)


def _rule(rule: Any, valid: list[tuple[Any, Document, Any]], context: Context) -> None:
    codes = waivable_codes(context)
    for source, doc, checked in valid:
        list(rule.check(checked.entity, doc, FileContext(source.rel, context, codes)))


if __name__ == "__main__":
    sys.exit(main())
