"""`modelinv diff` on real git histories: golden Markdown and JSON, refs and the work tree.

Set UPDATE_GOLDEN=1 to rewrite the files under tests/gitdata/diff_golden/, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from git_support import GitRepo, edit
from modelinv.cli import main
from modelinv.cli.diff_cmd import markdown
from modelinv.gitdata.inventory_diff import InventoryDiff, ModelRow, inventory_diff, load_pair

HERE = Path(__file__).resolve().parent
BASE = HERE.parent / "checks" / "rules" / "base"
GOLDEN = HERE / "diff_golden"

CHURN = """\
apiVersion: modelinv/v1
kind: Model
metadata:
  name: churn-scorer
  title: Churn Scorer
spec:
  lifecycle: development
  owner: team:payments-ml
  maintainer: {name: Ana Lima, email: ana.lima@example.com}
"""
LEGACY = """\
apiVersion: modelinv/v1
kind: Model
metadata:
  name: legacy-ranker
  title: Legacy Search Ranker
spec:
  lifecycle: development
  owner: team:search
  maintainer: {name: Carla Diaz, email: carla.diaz@example.com}
  created: 2019-01-01
"""
RADAR = """\
apiVersion: modelinv/v1
kind: Model
metadata:
  name: risk-radar
  title: Merchant Risk Radar
spec:
  lifecycle: development
  owner: team:risk-platform
  maintainer: {name: Dmitri Volkov, email: dmitri.volkov@example.com}
  created: 2026-11-01
  compliance: {riskLevel: limited}
  cost: {monthly: 99.5, currency: EUR}
"""


pytestmark = pytest.mark.usefixtures("hermetic_git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two commits: the rule cases' base catalog plus two models, then every kind of change."""
    repo = GitRepo.init(tmp_path, catalog_from=BASE)
    catalog = repo.catalog
    (catalog / "models" / "churn-scorer.yaml").write_text(CHURN)
    (catalog / "models" / "legacy-ranker.yaml").write_text(LEGACY)
    repo.commit("Add the inventory")
    models = catalog / "models"
    (models / "legacy-ranker.yaml").unlink()
    (models / "risk-radar.yaml").write_text(RADAR)
    repo.git("mv", "catalog/models/merchant-embedder.yaml", "catalog/models/merchant-encoder.yaml")
    edit(models / "merchant-encoder.yaml", "name: merchant-embedder", "name: merchant-encoder")
    edit(models / "churn-scorer.yaml", "lifecycle: development", "lifecycle: staging")
    fraud = models / "fraud-detector.yaml"
    edit(fraud, "owner: team:payments-ml", "owner: team:risk-platform")
    edit(fraud, "riskLevel: high", "riskLevel: limited")
    edit(fraud, "monthly: 4200", "monthly: 5100.5")
    repo.commit("Reshape the inventory")
    return tmp_path


def run(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args, "--catalog", str(repo / "catalog")])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_golden(repo: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(repo, capsys, "HEAD~1", "HEAD", "--format", fmt)
    assert (code, err) == (0, "")
    golden = GOLDEN / f"diff.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_kinds_of_change(repo: Path) -> None:
    found = inventory_diff(*load_pair(repo / "catalog", "HEAD~1", "HEAD"), "HEAD~1", "HEAD")
    assert [r.model for r in found.added] == ["risk-radar"]
    assert [r.model for r in found.removed] == ["legacy-ranker"]
    assert [(r.old, r.new) for r in found.renamed] == [("merchant-embedder", "merchant-encoder")]
    assert [(c.model, c.field, c.old, c.new) for c in found.changes] == [
        ("churn-scorer", "lifecycle", "development", "staging"),
        ("fraud-detector", "owner", "team:payments-ml", "team:risk-platform"),
        ("fraud-detector", "risk_level", "high", "limited"),
        ("fraud-detector", "monthly_cost", 4200, 5100.5),
    ]


def test_a_currency_change_is_a_change(repo: Path) -> None:
    """The same amount in another currency: the amount alone did not tell ("No model
    changes")."""
    edit(repo / "catalog" / "models" / "risk-radar.yaml", "currency: EUR", "currency: USD")
    found = inventory_diff(*load_pair(repo / "catalog", "HEAD", None), "HEAD", "WORKTREE")
    assert [(c.model, c.field, c.old, c.new) for c in found.changes] == [
        ("risk-radar", "currency", "EUR", "USD")
    ]


def test_same_ref_is_empty(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, capsys, "HEAD", "HEAD")
    assert code == 0
    assert out == "## Model inventory: HEAD → HEAD\n\nNo model changes.\n"


def test_worktree_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without HEAD the catalog on disk is compared, uncommitted edits included."""
    edit(repo / "catalog" / "models" / "churn-scorer.yaml", "staging", "production")
    found = inventory_diff(*load_pair(repo / "catalog", "HEAD", None), "HEAD", "WORKTREE")
    assert [(c.model, c.old, c.new) for c in found.changes] == [
        ("churn-scorer", "staging", "production")
    ]
    code, out, _ = run(repo, capsys, "HEAD")
    assert code == 0
    assert "| churn-scorer | staging | production |" in out


def test_unknown_ref_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(repo, capsys, "no-such-branch")
    assert (code, out) == (2, "")
    assert "unknown git ref 'no-such-branch'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["HEAD~1..HEAD"],
            "'HEAD~1..HEAD' is a git range, not a ref: give the two refs apart "
            "(modelinv diff HEAD~1 HEAD), or HEAD~1...HEAD for what HEAD changed since it "
            "forked from HEAD~1",
        ),
        (
            ["HEAD~1.."],
            "'HEAD~1..' is a git range, not a ref: give the two refs apart "
            "(modelinv diff HEAD~1 HEAD), or HEAD~1...HEAD for what HEAD changed since it "
            "forked from HEAD~1",
        ),
        (
            ["HEAD~1", "..HEAD"],
            "'..HEAD' is a git range, not a ref: give HEAD as one ref (a branch, tag or commit)",
        ),
    ],
)
def test_a_two_dot_range_says_how_to_write_it(
    args: list[str], message: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """git users write `git diff A..B`; modelinv used to call it an unknown branch, tag or
    commit, which it is not."""
    assert run(repo, capsys, *args) == (2, "", f"modelinv: {message}\n")


def test_three_dots_compare_with_where_the_branch_forked(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`BASE...` (as in git diff) is where HEAD met BASE: on a branch forked before main
    moved on, what main gained since is not shown as removed by the branch."""
    git = GitRepo(repo)
    fork = git.head()
    git.git("checkout", "-q", "-b", "promote")
    edit(
        repo / "catalog" / "models" / "churn-scorer.yaml",
        "lifecycle: staging",
        "lifecycle: production",
    )
    git.commit("Promote churn-scorer")
    git.git("checkout", "-q", "main")
    (repo / "catalog" / "models" / "late-model.yaml").write_text(
        RADAR.replace("risk-radar", "late-model")
    )
    git.commit("Main moves on")
    git.git("checkout", "-q", "promote")
    _, two_trees, _ = run(repo, capsys, "main")
    assert "late-model" in two_trees  # main's new model, read as removed by the branch
    code, out, err = run(repo, capsys, "main...", "--format", "json")
    assert (code, err) == (0, "")
    short = git.git("rev-parse", "--short=12", fork).strip()
    assert f'"base": "{short}"' in out and "late-model" not in out
    assert '"old": "staging"' in out and '"new": "production"' in out
    code, out, _ = run(repo, capsys, "main...promote")
    assert (code, out.splitlines()[0]) == (0, f"## Model inventory: {short} → promote")
    assert run(repo, capsys, "main...promote", "HEAD")[2] == (
        "modelinv: give HEAD once: main...HEAD, or main HEAD\n"
    )
    assert run(repo, capsys, "nowhere...")[2] == (
        "modelinv: unknown git ref 'nowhere' (no such branch, tag or commit)\n"
    )


def test_pipes_are_escaped() -> None:
    row = ModelRow("a|b", "models/a|b.yaml", "development", None)
    found = InventoryDiff("main", "feature|x", (row,), (), (), ())
    text = markdown(found)
    assert "feature\\|x" in text
    assert "| a\\|b | models/a\\|b.yaml | development | (none) |" in text


def test_a_model_file_failing_validation_is_listed_not_passed_over(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A model file that fails validation has no fields to compare; the summary must not
    read "No model changes" (or leave the model out) for a change that broke it."""
    models = repo / "catalog" / "models"
    edit(models / "churn-scorer.yaml", "lifecycle: staging", "lifecycle: stagin")
    code, out, err = run(repo, capsys, "HEAD")
    assert (code, err) == (0, "")
    assert out == (
        "## Model inventory: HEAD → WORKTREE\n\n"
        "### Failing validation, not compared (1)\n\n"
        "| model | path | change | fails at |\n| --- | --- | --- | --- |\n"
        "| churn-scorer | models/churn-scorer.yaml | changed | WORKTREE |\n"
    )
    # committed broken, then mended in the working tree: it failed at the base only
    GitRepo(repo).commit("Break churn-scorer")
    edit(models / "churn-scorer.yaml", "lifecycle: stagin", "lifecycle: production")
    (models / "new-scorer.yaml").write_text(CHURN.replace("churn-scorer", "new-scorer") + "x: 1\n")
    found = inventory_diff(*load_pair(repo / "catalog", "HEAD", None), "HEAD", "WORKTREE")
    assert [(u.model, u.path, u.at) for u in found.unreadable] == [
        ("churn-scorer", "models/churn-scorer.yaml", ("HEAD",)),
        ("new-scorer", "models/new-scorer.yaml", ("WORKTREE",)),
    ]
    # listed apart only, never also as added with no lifecycle or owner
    assert found.added == ()
    code, out, _ = run(repo, capsys, "HEAD", "--format", "json")
    assert '"unreadable": [\n    {\n      "model": "churn-scorer",' in out
    assert '"added": [],' in out
    code, out, _ = run(repo, capsys, "HEAD")
    assert "### Added" not in out and "(none)" not in out
    assert "| new-scorer | models/new-scorer.yaml | added | WORKTREE |" in out
    # the same for a model file removed while it failed validation
    GitRepo(repo).commit("Add new-scorer, broken")
    (models / "new-scorer.yaml").unlink()
    found = inventory_diff(*load_pair(repo / "catalog", "HEAD", None), "HEAD", "WORKTREE")
    assert found.removed == ()
    assert [(u.model, u.at) for u in found.unreadable] == [("new-scorer", ("HEAD",))]


def test_an_invalid_file_says_whether_it_was_added_or_removed(
    git_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A model file failing validation is listed apart from Added and Removed: it must
    still say on which side it is, in every format, or a new broken model and a broken
    edit of an old one read the same."""
    models = git_repo.catalog / "models"
    (models / "gone.yaml").write_text(CHURN.replace("churn-scorer", "gone") + "x: 1\n")
    git_repo.commit("A broken model")
    base = git_repo.head()
    (models / "gone.yaml").unlink()
    (models / "new.yaml").write_text(CHURN.replace("churn-scorer", "new") + "x: 1\n")
    edit(models / "fraud-detector.yaml", "owner: team:payments-ml", "owner: 7")
    git_repo.commit("Remove one, add one, break one")
    found = inventory_diff(*load_pair(git_repo.catalog, base, "HEAD"), "BASE", "HEAD")
    assert [(u.model, u.change, u.at) for u in found.unreadable] == [
        ("fraud-detector", "changed", ("HEAD",)),
        ("gone", "removed", ("BASE",)),
        ("new", "added", ("HEAD",)),
    ]
    code, out, _ = run(git_repo.path, capsys, base, "HEAD")
    assert code == 0
    assert "| model | path | change | fails at |" in out
    assert "| gone | models/gone.yaml | removed |" in out
    assert "| new | models/new.yaml | added |" in out
    assert "| fraud-detector | models/fraud-detector.yaml | changed |" in out
    code, out, _ = run(git_repo.path, capsys, base, "HEAD", "--format", "json")
    assert code == 0
    assert {u["model"]: u["change"] for u in json.loads(out)["unreadable"]} == {
        "fraud-detector": "changed",
        "gone": "removed",
        "new": "added",
    }
