"""Twenty real `modelinv` edit processes on one file at once: none loses an update.

Each process imports modelinv, then waits for a shared start signal, so their loads, reads
and writes overlap. Before the edit lock, an edit computed from a stale read could land
after another one and undo it while both exited 0, or be refused at random.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from edit_support import TODAY, fresh_catalog, run

from modelinv.checks.rules import tmp001_leftover_temp_file
from modelinv.findings import Finding, Location
from modelinv.inventory.index import Index

WORKER = """
import sys, time
from pathlib import Path
from modelinv.cli import main
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
sys.exit(main(sys.argv[2:]))
"""
START = [sys.executable, "-c", WORKER]
_REMOVED = re.compile(r"note: removed reviewer (.+?) \(of the review on")


def _race(catalog: Path, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    go = catalog.parent / "go"
    procs = [
        subprocess.Popen(
            [*START, str(go), *args, "--catalog", str(catalog), "--today", TODAY],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        for args in commands
    ]
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        results.append((proc.returncode, out, err))
    return results


def test_twenty_concurrent_reviews_of_one_file_lose_nothing(tmp_path: Path) -> None:
    """Even processes set a reviewer, odd ones record a review without one, which removes
    the reviewer read and says so. In any serial order each reviewer is removed at most
    once; a lost update shows as one removed twice (two edits read the same version)."""
    catalog = fresh_catalog(tmp_path)
    commands = [
        ["review", "churn-scorer", *(["--reviewer", f"Reviewer {i}"] if i % 2 == 0 else [])]
        for i in range(20)
    ]
    results = _race(catalog, commands)
    for code, _, err in results:
        assert code == 0, err  # the lock serialises them: every edit lands
    removed = [m for _, out, _ in results for m in _REMOVED.findall(out)]
    twice = [name for name, count in Counter(removed).items() if count > 1]
    assert not twice, f"removed twice (a lost update): {twice}"
    allowed = {"Ben Okafor", *(f"Reviewer {i}" for i in range(0, 20, 2))}
    assert set(removed) <= allowed
    data = yaml.safe_load((catalog / "models" / "churn-scorer.yaml").read_text())
    final = data["spec"]["review"].get("reviewer")
    assert final is None or (final in allowed and final not in removed)
    assert not list(catalog.rglob("*.tmp"))


def test_concurrent_creations_of_one_model_let_exactly_one_through(tmp_path: Path) -> None:
    catalog = fresh_catalog(tmp_path)
    maintainer = ["--maintainer-name", "Ana Lima", "--maintainer-email", "ana.lima@example.com"]
    commands = [
        [
            "new",
            "model",
            "race-model",
            "--owner",
            "team:payments-ml",
            *maintainer,
            "--title",
            f"Race {i}",
        ]
        for i in range(8)
    ]
    results = _race(catalog, commands)
    codes = sorted(code for code, _, _ in results)
    assert codes == [0] + [1] * 7
    for code, _, err in results:
        if code == 1:
            assert "already exists" in err or "appeared while editing" in err, err
    winner = next(out for code, out, _ in results if code == 0)
    text = (catalog / "models" / "race-model.yaml").read_text()
    assert re.search(r"title: Race \d", text) is not None
    assert "race-model" in winner


def test_a_temporary_file_appearing_meanwhile_does_not_refuse_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An edit is refused when it gives another file an error, judged before and after
    it. A concurrent edit's temporary file (TMP001, a listing of the folder) could appear
    between the two judgements and refuse the edit as if it had made it: the race behind
    the twenty processes above, made certain here by a listing that changes between
    calls. TMP001 reads the folder, not the index, so it does not judge other files."""
    catalog = fresh_catalog(tmp_path)
    calls = {"n": 0}

    def listing(index: Index) -> Iterator[Finding]:
        calls["n"] += 1
        if calls["n"] % 2:  # there when this edit's result is judged, gone for the original
            where = Location(f"{index.root}/models/.churn-scorer.yaml.x1.tmp")
            yield tmp001_leftover_temp_file.RULE.at(where, "temporary file")

    monkeypatch.setattr(tmp001_leftover_temp_file, "check", listing)
    code, _, err = run(catalog, capsys, "review", "churn-scorer", "--reviewer", "Ana Lima")
    assert (code, err) == (0, ""), err
    assert calls["n"] > 1  # the listing was asked for each judgement
