"""Golden diffs: each edit command on files with comments, CRLF line endings, a byte
order mark, flow style, quoted values and four-space indentation changes only the lines
it must. Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from edit_support import HERE, fresh_catalog, run, unified

GOLDEN = HERE / "golden"

# case -> (command line, the file it edits)
CASES: dict[str, tuple[list[str], str]] = {
    "promote-crlf": (["promote", "churn-scorer", "--to", "production"], "churn-scorer"),
    "review-block-mapping-comments": (
        ["review", "fraud-detector", "--reviewer", "Ben Okafor"],
        "fraud-detector",
    ),
    "review-flow-mapping-crlf": (
        ["review", "model:churn-scorer", "--reviewer", "Yasmin Haddad: Fraud Ops"],
        "churn-scorer",
    ),
    "review-without-reviewer-bom": (["review", "merchant-embedder"], "merchant-embedder"),
    "deprecate-bom-flow": (
        [
            "deprecate",
            "merchant-embedder",
            "--replacement",
            "model:merchant-embedder-v2",
            "--decommission-date",
            "2027-01-31",
        ],
        "merchant-embedder",
    ),
    "deprecate-comments-no-replacement": (
        [
            "deprecate",
            "fraud-detector",
            "--no-replacement",
            "Folded into the graph model: see #123",
            "--decommission-date",
            "2026-12-26",
        ],
        "fraud-detector",
    ),
    "review-insert-into-flow-mapping": (
        ["review", "legacy-ranker", "--reviewer", "Ana Lima"],
        "legacy-ranker",
    ),
    "review-new-block-crlf": (["review", "risk-model", "--reviewer", "Ana Lima"], "risk-model"),
    "archive-quoted-four-spaces": (["archive", "old-scorer"], "old-scorer"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_diff(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, model = CASES[case]
    catalog = fresh_catalog(tmp_path)
    path = catalog / "models" / f"{model}.yaml"
    before = path.read_bytes()
    code, _, err = run(catalog, capsys, *args)
    assert (code, err) == (0, "")
    diff = unified(before, path.read_bytes(), f"models/{model}.yaml")
    golden = GOLDEN / f"{case}.diff"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(diff.encode("utf-8"))
    assert diff == golden.read_bytes().decode("utf-8")


def test_golden_new_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = fresh_catalog(tmp_path)
    code, out, err = run(
        catalog,
        capsys,
        *("new", "model", "card-fraud-gnn", "--owner", "team:payments-ml"),
        *("--maintainer-name", "Ana Lima", "--maintainer-email", "ana.lima@example.com"),
        *("--title", "Card Fraud GNN: graph model"),
    )
    assert (code, err) == (0, "")
    assert out.endswith("models/card-fraud-gnn.yaml: model:card-fraud-gnn: new development model\n")
    created = (catalog / "models" / "card-fraud-gnn.yaml").read_bytes()
    golden = GOLDEN / "new-model.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(created)
    assert created == golden.read_bytes()
