"""`modelinv history` in real git repositories with several commits."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv import Options, load_index
from modelinv.cli import main
from modelinv.gitdata.at_commit import indexes_at
from modelinv.gitdata.history import (
    Change,
    HistoryError,
    diff,
    entity_history,
    inventory_at,
    model_history,
)

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"
FRAUD = "models/fraud-detector.yaml"
EMBEDDER = "models/merchant-embedder.yaml"
pytestmark = pytest.mark.usefixtures("hermetic_git")


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """Four months of the fraud detector's life, and a renamed embedder."""
    repo = git_repo
    repo.edit("models/fraud-detector.yaml", "lifecycle: production", "lifecycle: staging")
    repo.commit("Add the inventory", when="2026-06-01T09:00:00+00:00")
    repo.edit("models/fraud-detector.yaml", "lifecycle: staging", "lifecycle: production")
    repo.edit("models/fraud-detector.yaml", "value: 0.934", "value: 0.941")
    repo.commit("Promote fraud-detector", when="2026-07-01T10:00:00+02:00", author="Ben Okafor")
    repo.git("mv", "catalog/models/merchant-embedder.yaml", "catalog/models/merchant-encoder.yaml")
    repo.edit("models/merchant-encoder.yaml", "name: merchant-embedder", "name: merchant-encoder")
    repo.commit("Rename the embedder", when="2026-08-15T23:59:59+00:00")
    repo.edit("models/fraud-detector.yaml", "lifecycle: production", "lifecycle: deprecated")
    repo.edit("models/fraud-detector.yaml", "cost: {monthly: 4200", "cost: {monthly: 1000")
    repo.edit("models/fraud-detector.yaml", "  review:", "  slo: {availability: 99.9}\n  review:")
    repo.commit("Deprecate fraud-detector", when="2026-08-16T00:00:00+00:00")
    return repo


def test_model_history_newest_first_field_by_field(repo: GitRepo) -> None:
    found = model_history(repo.catalog, "fraud-detector")
    assert (found.ref, found.name) == ("model:fraud-detector", "fraud-detector")
    assert found.path == "catalog/models/fraud-detector.yaml"
    assert [r.commit.subject for r in found.revisions] == [
        "Deprecate fraud-detector",
        "Promote fraud-detector",
        "Add the inventory",
    ]
    assert [r.status for r in found.revisions] == ["modified", "modified", "added"]
    deprecate, promote, add = found.revisions
    assert deprecate.changes == (
        Change("spec.lifecycle", "production", "deprecated"),
        Change("spec.cost.monthly", 4200, 1000),
        Change("spec.slo", None, {"availability": 99.9}),
    )
    assert promote.changes == (
        Change("spec.lifecycle", "staging", "production"),
        Change("spec.metrics[0].value", 0.934, 0.941),
    )
    assert promote.commit.author == "Ben Okafor"
    assert promote.commit.email == "ben.okafor@example.com"
    assert promote.commit.date == "2026-07-01T10:00:00+02:00"
    assert add.changes == (Change("spec.lifecycle", None, "staging"),)


def test_history_follows_renames(repo: GitRepo) -> None:
    found = model_history(repo.catalog, "model:merchant-encoder")
    rename, add = found.revisions
    assert (rename.status, rename.previous_path, rename.path) == (
        "renamed",
        "catalog/models/merchant-embedder.yaml",
        "catalog/models/merchant-encoder.yaml",
    )
    assert rename.changes == (Change("metadata.name", "merchant-embedder", "merchant-encoder"),)
    assert add.path == "catalog/models/merchant-embedder.yaml"


def test_deleted_model_history(repo: GitRepo) -> None:
    (repo.catalog / "models" / "fraud-detector.yaml").unlink()
    repo.commit("Delete fraud-detector", when="2026-09-01T12:00:00+00:00")
    found = model_history(repo.catalog, "fraud-detector")
    assert found.path == "catalog/models/fraud-detector.yaml"
    latest = found.revisions[0]
    assert (latest.status, latest.readable, latest.changes) == ("deleted", False, ())
    assert len(found.revisions) == 4


def test_a_renamed_models_old_id_has_its_history_up_to_the_rename(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old id is found, as a deleted model is: its file's commits up to the rename,
    which says what the model became; later edits belong to the new id."""
    repo.edit("models/merchant-encoder.yaml", "lifecycle: development", "lifecycle: staging")
    repo.commit("Stage the encoder", when="2026-09-01T12:00:00+00:00")
    found = model_history(repo.catalog, "merchant-embedder")
    assert (found.ref, found.path, found.renamed_to) == (
        "model:merchant-embedder",
        "catalog/models/merchant-embedder.yaml",
        "model:merchant-encoder",
    )
    rename, add = found.revisions
    assert (rename.commit.subject, rename.status, rename.previous_path, rename.path) == (
        "Rename the embedder",
        "renamed",
        "catalog/models/merchant-embedder.yaml",
        "catalog/models/merchant-encoder.yaml",
    )
    assert rename.changes == (Change("metadata.name", "merchant-embedder", "merchant-encoder"),)
    assert (add.status, add.path) == ("added", "catalog/models/merchant-embedder.yaml")
    assert model_history(repo.catalog, "merchant-encoder").renamed_to is None
    assert main(["history", "merchant-embedder", "--catalog", str(repo.catalog)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "merchant-embedder: catalog/models/merchant-embedder.yaml, 2 commits;"
        " renamed to merchant-encoder"
    )
    assert lines[3:5] == [
        "    renamed to catalog/models/merchant-encoder.yaml",
        "    metadata.name: merchant-embedder -> merchant-encoder",
    ]
    repo.git("mv", "catalog/data/card-transactions.yaml", "catalog/data/card-payments.yaml")
    repo.commit("Rename the dataset", when="2026-09-02T12:00:00+00:00")
    assert main(["history", "dataset:card-transactions", "--catalog", str(repo.catalog)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "dataset:card-transactions: catalog/data/card-transactions.yaml, 2 commits;"
        " renamed to dataset:card-payments"
    )


def test_unreadable_version(repo: GitRepo) -> None:
    (repo.catalog / "models" / "fraud-detector.yaml").write_text("spec: [unclosed\n")
    repo.commit("Break it", when="2026-09-01T12:00:00+00:00")
    repo.edit("models/fraud-detector.yaml", "spec: [unclosed\n", "spec: {lifecycle: archived}\n")
    repo.commit("Fix it", when="2026-09-02T12:00:00+00:00")
    fixed, broken, *_ = model_history(repo.catalog, "fraud-detector").revisions
    assert not broken.readable
    assert fixed.readable
    assert fixed.changes[0] == Change("spec.lifecycle", None, "archived")


def test_inventory_at_a_date(repo: GitRepo) -> None:
    july = inventory_at(repo.catalog, dt.date(2026, 7, 31))
    assert july.commit.subject == "Promote fraud-detector"
    assert [(m.model, m.lifecycle, m.owner) for m in july.models] == [
        ("fraud-detector", "production", "team:payments-ml"),
        ("merchant-embedder", "development", "team:payments-ml"),
    ]
    fraud, embedder = july.models
    assert fraud.last_change is not None and embedder.last_change is not None
    assert (fraud.last_change.subject, fraud.last_change.author) == (
        "Promote fraud-detector",
        "Ben Okafor",
    )
    assert embedder.last_change.subject == "Add the inventory"


def test_inventory_day_ends_at_midnight_utc(repo: GitRepo) -> None:
    # Committed at 23:59:59 UTC on the 15th: part of that day; the next one is not.
    day = inventory_at(repo.catalog, dt.date(2026, 8, 15))
    assert day.commit.subject == "Rename the embedder"
    assert [m.model for m in day.models] == ["fraud-detector", "merchant-encoder"]
    assert [m.lifecycle for m in day.models] == ["production", "development"]
    after = inventory_at(repo.catalog, dt.date(2026, 8, 16))
    assert after.models[0].lifecycle == "deprecated"
    # 10:00 at +02:00 is 08:00 UTC, still on July 1st.
    assert inventory_at(repo.catalog, dt.date(2026, 7, 1)).commit.subject == (
        "Promote fraud-detector"
    )


def test_inventory_before_the_first_commit(repo: GitRepo) -> None:
    with pytest.raises(HistoryError, match="no commit at or before 2026-05-31"):
        inventory_at(repo.catalog, dt.date(2026, 5, 31))


def test_diff_paths_and_order() -> None:
    old = {"spec": {"owner": "team:a", "metrics": [{"v": 1}], "upstream": ["x"]}, "a": 1}
    new = {"spec": {"owner": "team:b", "metrics": [{"v": 2}], "upstream": ["x", "y"]}}
    new["spec"]["lifecycle"] = "staging"
    assert diff(old, new) == [
        Change("spec.lifecycle", None, "staging"),
        Change("spec.owner", "team:a", "team:b"),
        Change("spec.metrics[0].v", 1, 2),
        Change("spec.upstream", ["x"], ["x", "y"]),
        Change("a", 1, None),
    ]
    assert diff({"d": dt.date(2026, 1, 2)}, {}) == [Change("d", "2026-01-02", None)]


def test_cli_text(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo.path)
    assert main(["history", "fraud-detector"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "fraud-detector: catalog/models/fraud-detector.yaml, 3 commits"
    assert lines[2].endswith("Ana Lima  Deprecate fraud-detector")
    assert lines[2].startswith("2026-08-16  ")
    assert lines[3:6] == [
        "    spec.lifecycle: production -> deprecated",
        "    spec.cost.monthly: 4200 -> 1000",
        "    spec.slo: (none) -> {availability: 99.9}",
    ]
    assert lines[-2:] == ["    created", "    spec.lifecycle: (none) -> staging"]
    repo.edit("models/fraud-detector.yaml", "availability: 99.9", "availability: 0.00004")
    repo.commit("A tiny availability", when="2026-08-17T00:00:00+00:00")
    assert main(["history", "fraud-detector"]) == 0
    # Numbers in plain decimal notation, as written (Python would show 4e-05).
    assert "    spec.slo.availability: 99.9 -> 0.00004" in capsys.readouterr().out.splitlines()
    assert main(["history", "--at", "2026-07-31"]) == 0
    out = capsys.readouterr().out
    assert "fraud-detector     production   team:payments-ml" in out
    assert out.endswith("2 models: 1 development, 1 production\n")


def test_cli_json_shape(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = ["--catalog", str(repo.catalog), "--format", "json"]
    assert main(["history", "merchant-encoder", *catalog]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["version", "model", "ref", "path", "revisions"]
    assert (data["model"], data["ref"]) == ("merchant-encoder", "model:merchant-encoder")
    assert data["version"] == 1
    assert list(data["revisions"][0]) == [
        "commit",
        "date",
        "author",
        "email",
        "subject",
        "status",
        "path",
        "previous_path",
        "readable",
        "changes",
    ]
    assert data["revisions"][0]["changes"] == [
        {"field": "metadata.name", "old": "merchant-embedder", "new": "merchant-encoder"}
    ]
    assert main(["history", "--at", "2026-08-15", *catalog]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["version", "at", "commit", "truncated", "models", "not_read"]
    assert data["not_read"] == []
    assert data["at"] == "2026-08-15"
    assert data["truncated"] is False
    assert data["commit"]["subject"] == "Rename the embedder"
    assert list(data["models"][1]) == ["model", "lifecycle", "owner", "path", "last_change"]
    assert data["models"][1]["last_change"]["subject"] == "Rename the embedder"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give either a MODEL or --at YYYY-MM-DD"),
        (["fraud-detector", "--at", "2026-07-01"], "give either a MODEL or --at YYYY-MM-DD"),
        (["no-such-model"], "no model 'no-such-model' in "),
        (["", "--at", "2026-07-01"], "give either a MODEL or --at YYYY-MM-DD"),
        ([""], "MODEL is empty: give a model's id or an entity's reference (e.g. "),
        ([" "], "MODEL is empty: "),
        # Data asset ids are unique across the types, but validate refuses a wrong prefix
        # (REF002): so does history, in the same words.
        (
            ["stream:card-transactions"],
            "'stream:card-transactions' is a dataset, not a stream "
            "(write 'dataset:card-transactions')\n",
        ),
        (["--at", "2020-01-01"], "no commit at or before 2020-01-01"),
    ],
)
def test_cli_usage_errors(
    repo: GitRepo, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", *args, "--catalog", str(repo.catalog)]) == 2
    assert capsys.readouterr().err.startswith(f"modelinv: {message}")


def test_uncommitted_model(repo: GitRepo) -> None:
    (repo.catalog / "models" / "churn-scorer.yaml").write_text("kind: Model\n")
    with pytest.raises(HistoryError, match=r"^catalog/models/churn-scorer.yaml has no commits"):
        model_history(repo.catalog, "churn-scorer")


def test_cli_outside_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    assert main(["history", "fraud-detector", "--catalog", str(tmp_path / "catalog")]) == 2
    assert capsys.readouterr().err == (
        f"modelinv: {tmp_path / 'catalog'} is not in a git repository\n"
    )
    assert main(["history", "--at", "2026-13-01"]) == 2


def test_control_characters_in_commit_subjects_are_escaped(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.edit("models/fraud-detector.yaml", "cost: {monthly: 1000", "cost: {monthly: 900")
    repo.commit("Cheaper \x1b[31mred", when="2026-09-01T12:00:00+00:00")
    assert main(["history", "fraud-detector", "--catalog", str(repo.catalog)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "Cheaper \\u001b[31mred" in out


def test_long_values_that_differ_past_the_cut_are_shown_around_the_difference(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Values are cut at 100 characters in text output; two that differ only after that
    are shown from a little before their first difference, never as two equal texts."""
    limit = "    - Under-performs for merchants with less than 30 days of history.\n"
    more = "    - Not validated for card-not-present payments in currencies other than EUR"
    repo.edit(FRAUD, limit, f"{limit}{more}.\n")
    repo.commit("Add a limitation", when="2026-09-01T12:00:00+00:00")
    repo.edit(FRAUD, f"{more}.\n", f"{more} and GBP.\n")
    repo.commit("Allow GBP", when="2026-09-02T12:00:00+00:00")
    assert main(["history", "fraud-detector", "--catalog", str(repo.catalog)]) == 0
    lines = capsys.readouterr().out.splitlines()
    old = "...ncies other than EUR.]"
    new = "...ncies other than EUR and GBP.]"
    assert lines[3] == f"    spec.limitations: {old} -> {new}"
    # a difference before the cut: both cut as before
    added = lines[6].removeprefix("    spec.limitations: ").split(" -> ")
    assert added[0] == "[Under-performs for merchants with less than 30 days of history.]"
    assert added[1].startswith("[Under-performs for merchants") and added[1].endswith("...")
    assert len(added[1]) == 100


def _branch(repo: GitRepo, name: str, start: str = "main") -> None:
    repo.git("checkout", "-q", "-b", name, start)


def _merge(repo: GitRepo, branch: str, when: str, *, conflict: bool = False) -> None:
    """Merge `branch` into main with a merge commit, by Cy Ng; with `conflict`, the merge
    stops and the caller resolves and commits it."""
    repo.git("checkout", "-q", "main")
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = repo.run("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch, env=env)
    assert (done.returncode != 0) == conflict, done.stdout + done.stderr


def _retitled_on_a_branch(repo: GitRepo, branch: str, title: str, subject: str) -> None:
    """The inventory committed on main in June, then `branch` from it, where Ben Okafor
    retitles fraud-detector in July."""
    repo.commit("Add the inventory", when="2026-06-01T09:00:00+00:00")
    _branch(repo, branch)
    repo.edit(FRAUD, "title: Card Fraud Detector", f"title: {title}")
    repo.commit(subject, when="2026-07-01T09:00:00+00:00", author="Ben Okafor")


def test_parallel_branches_each_show_only_their_own_change(git_repo: GitRepo) -> None:
    """Two pull requests edit the model at once and are merged with merge commits. Each
    commit is compared with its own parent, not with the commit listed before it (which
    showed the second one undoing the first one's edit), and a clean merge adds nothing."""
    repo = git_repo
    _retitled_on_a_branch(repo, "retitle", "Fraud Scorer", "Retitle")
    _branch(repo, "evaluate", "main")
    repo.edit(FRAUD, "value: 0.934", "value: 0.951")
    repo.commit("Evaluate", when="2026-07-02T09:00:00+00:00")
    _merge(repo, "retitle", "2026-07-03T09:00:00+00:00")
    _merge(repo, "evaluate", "2026-07-04T09:00:00+00:00")
    found = model_history(repo.catalog, "fraud-detector")
    assert [(r.commit.subject, r.changes) for r in found.revisions] == [
        ("Evaluate", (Change("spec.metrics[0].value", 0.934, 0.951),)),
        ("Retitle", (Change("metadata.title", "Card Fraud Detector", "Fraud Scorer"),)),
        ("Add the inventory", (Change("spec.lifecycle", None, "production"),)),
    ]


def test_a_conflict_resolved_in_a_merge_is_the_merges_own_change(git_repo: GitRepo) -> None:
    """A value neither branch had, chosen while resolving a conflict, is shown on the merge
    commit by whoever merged, and not on the next commit to touch the file."""
    repo = git_repo
    _retitled_on_a_branch(repo, "feature", "Feature Title", "Feature title")
    repo.git("checkout", "-q", "main")
    repo.edit(FRAUD, "title: Card Fraud Detector", "title: Main Title")
    repo.commit("Main title", when="2026-07-02T09:00:00+00:00")
    _merge(repo, "feature", "2026-07-03T09:00:00+00:00", conflict=True)
    repo.resolve_conflict(FRAUD, "  title: Resolved Title")
    repo.commit("Merge feature", when="2026-07-03T09:00:00+00:00", author="Cy Ng")
    repo.edit(FRAUD, "value: 0.934", "value: 0.951")
    repo.commit("Evaluate", when="2026-07-04T09:00:00+00:00")
    found = model_history(repo.catalog, "fraud-detector")
    title = "metadata.title"
    assert [(r.commit.subject, r.commit.author, r.changes) for r in found.revisions] == [
        ("Evaluate", "Ana Lima", (Change("spec.metrics[0].value", 0.934, 0.951),)),
        ("Merge feature", "Cy Ng", (Change(title, "Main Title", "Resolved Title"),)),
        ("Main title", "Ana Lima", (Change(title, "Card Fraud Detector", "Main Title"),)),
        ("Feature title", "Ben Okafor", (Change(title, "Card Fraud Detector", "Feature Title"),)),
        ("Add the inventory", "Ana Lima", (Change("spec.lifecycle", None, "production"),)),
    ]
    assert found.revisions[1].status == "modified"


def test_a_merge_that_edits_a_file_new_to_the_mainline(git_repo: GitRepo) -> None:
    """A merge that changes a file only the merged branch had (status AM: added to the
    first parent, modified against the second) is a modification by the merge, not the
    file's creation; the file's earlier commits stay its own after a later rename."""
    repo = git_repo
    repo.commit("Add the inventory", when="2026-06-01T09:00:00+00:00")
    _branch(repo, "new-model")
    old = (repo.catalog / "models" / "fraud-detector.yaml").read_text(encoding="utf-8")
    new = repo.catalog / "models" / "fraud-scorer.yaml"
    new.write_text(old.replace("name: fraud-detector", "name: fraud-scorer"), encoding="utf-8")
    repo.commit("Add fraud-scorer", when="2026-07-01T09:00:00+00:00", author="Ben Okafor")
    repo.git("checkout", "-q", "main")
    env = {"GIT_AUTHOR_DATE": "2026-07-02T09:00:00+00:00"}
    repo.git("merge", "-q", "--no-ff", "--no-commit", "new-model", env=env)
    repo.edit("models/fraud-scorer.yaml", "title: Card Fraud Detector", "title: Fraud Scorer")
    repo.commit("Merge new-model", when="2026-07-02T09:00:00+00:00", author="Cy Ng")
    repo.git("mv", "catalog/models/fraud-scorer.yaml", "catalog/models/card-scorer.yaml")
    repo.edit("models/card-scorer.yaml", "name: fraud-scorer", "name: card-scorer")
    repo.commit("Rename to card-scorer", when="2026-07-03T09:00:00+00:00")
    found = model_history(repo.catalog, "card-scorer")
    assert [(r.commit.subject, r.status, r.changes) for r in found.revisions] == [
        (
            "Rename to card-scorer",
            "renamed",
            (Change("metadata.name", "fraud-scorer", "card-scorer"),),
        ),
        (
            "Merge new-model",
            "modified",
            (Change("metadata.title", "Card Fraud Detector", "Fraud Scorer"),),
        ),
        ("Add fraud-scorer", "added", (Change("spec.lifecycle", None, "production"),)),
    ]


def test_the_users_git_configuration_does_not_change_the_trail(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings that change what `git log` lists are overridden: with `log.showRoot=false`
    the first commit's files listed nothing, and a model created there "had no commits"."""
    expected = model_history(repo.catalog, "merchant-encoder")
    settings = {"log.showRoot": "false", "log.follow": "true", "diff.renames": "false"}
    monkeypatch.setenv("GIT_CONFIG_COUNT", str(len(settings)))
    for number, (key, value) in enumerate(settings.items()):
        monkeypatch.setenv(f"GIT_CONFIG_KEY_{number}", key)
        monkeypatch.setenv(f"GIT_CONFIG_VALUE_{number}", value)
    assert model_history(repo.catalog, "merchant-encoder") == expected
    assert [r.status for r in expected.revisions] == ["renamed", "added"]


def test_any_entitys_history_by_its_reference(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A data asset's or a team's history, named by reference: the auditor's "who
    deprecated this dataset, and when"."""
    repo.edit("data/card-transactions.yaml", "status: active", "status: deprecated")
    repo.commit("Deprecate card-transactions", when="2026-09-01T09:00:00+00:00", author="Cy Ng")
    found = entity_history(repo.catalog, "dataset:card-transactions")
    assert (found.ref, found.name, found.path) == (
        "dataset:card-transactions",
        "card-transactions",
        "catalog/data/card-transactions.yaml",
    )
    assert [(r.commit.author, r.status, r.changes) for r in found.revisions] == [
        ("Cy Ng", "modified", (Change("spec.status", "active", "deprecated"),)),
        ("Ana Lima", "added", (Change("spec.status", None, "active"),)),
    ]
    team = entity_history(repo.catalog, "team:payments-ml")
    assert [(r.commit.subject, r.changes) for r in team.revisions] == [("Add the inventory", ())]
    catalog = ["--catalog", str(repo.catalog)]
    assert main(["history", "dataset:card-transactions", *catalog]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "dataset:card-transactions: catalog/data/card-transactions.yaml, 2 commits"
    assert out[3] == "    spec.status: active -> deprecated"
    assert main(["history", "dataset:card-transactions", *catalog, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["version", "ref", "path", "revisions"]  # "model": for models only
    assert main(["history", "stream:no-such-stream", *catalog]) == 2
    assert capsys.readouterr().err.startswith("modelinv: no stream 'no-such-stream' in ")
    assert main(["history", "data:card-transactions", *catalog]) == 2
    assert capsys.readouterr().err.startswith(
        "modelinv: 'data:card-transactions' is not a reference (KIND:ID, KIND one of team:,"
    )


def test_the_inventory_on_a_date_names_a_merges_own_change_as_the_last(
    git_repo: GitRepo,
) -> None:
    """`history --at` lists the last change of each model as `history MODEL` does: a
    conflict resolved in a merge is the merge's change; a clean merge is not a change."""
    repo = git_repo
    _retitled_on_a_branch(repo, "feature", "Feature Title", "Feature title")
    repo.git("checkout", "-q", "main")
    repo.edit(FRAUD, "title: Card Fraud Detector", "title: Main Title")
    repo.edit(EMBEDDER, "lifecycle: development", "lifecycle: staging")
    repo.commit("Main title", when="2026-07-02T09:00:00+00:00")
    _branch(repo, "embedder")
    repo.edit(EMBEDDER, "title: ", "title: Renamed ")
    repo.commit("Retitle the embedder", when="2026-07-02T10:00:00+00:00", author="Ben Okafor")
    repo.git("checkout", "-q", "main")
    _merge(repo, "feature", "2026-07-03T09:00:00+00:00", conflict=True)
    repo.resolve_conflict(FRAUD, "  title: Resolved Title")
    resolved = repo.commit("Merge feature", when="2026-07-03T09:00:00+00:00", author="Cy Ng")
    _merge(repo, "embedder", "2026-07-04T09:00:00+00:00")  # clean
    snapshot = inventory_at(repo.catalog, dt.date(2026, 7, 5))
    last = {m.model: m.last_change for m in snapshot.models}
    fraud, embedder = last["fraud-detector"], last["merchant-embedder"]
    assert fraud is not None and (fraud.commit, fraud.author) == (resolved, "Cy Ng")
    assert embedder is not None and embedder.subject == "Retitle the embedder"
    # The same as each model's history says.
    for model, change in last.items():
        assert change is not None
        newest = model_history(repo.catalog, model).revisions[0].commit
        assert (newest.commit, newest.subject) == (change.commit, change.subject)


@pytest.mark.parametrize("args", [["fraud-detector"], ["--at", "2026-11-01"]])
def test_a_repository_without_commits_says_what_to_do(
    git_repo: GitRepo, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Before the first commit git answers "fatal: ambiguous argument 'HEAD'" or "your
    current branch 'main' does not have any commits yet": the message says what to do."""
    assert main(["history", *args, "--catalog", str(git_repo.catalog)]) == 2
    assert capsys.readouterr().err == (
        "modelinv: the repository has no commits yet: commit the catalog, and its history "
        "starts there\n"
    )


def test_the_inventory_on_a_date_says_which_model_files_it_did_not_read(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model file the day's catalog held but validate would have refused (a committed
    link to a file or to a folder, a `*.YAML` name, an oversized file) or could not read
    (not YAML) was left out of `history --at` without a word. Each is listed with the
    finding the catalog at that commit has (YML010 word for word, hint included), in text
    and JSON; exit 0, as for a version invalid then. A link to a file under another name
    and a hidden file are not catalog files, as on disk."""
    root = repo.path
    (root / "ext").mkdir()
    (root / "ext" / "ext-model.yaml").write_text("kind: Model\n")
    (root / "README.md").write_text("notes\n")
    models = repo.catalog / "models"
    (models / "legacy").symlink_to("../../ext")
    (models / "linked.yaml").symlink_to("fraud-detector.yaml")
    (models / "link.YAML").symlink_to("fraud-detector.yaml")  # its name judged first
    (models / "notes").symlink_to("../../README.md")
    (models / "churn.YAML").write_text((models / "fraud-detector.yaml").read_text())
    (models / "broken.yaml").write_text("spec: [unclosed\n")
    (models / ".draft.yaml").write_text("spec: [unclosed\n")
    repo.commit("Odd files", when="2026-09-01T12:00:00+00:00")
    monkeypatch.chdir(root)

    snapshot = inventory_at(repo.catalog, dt.date(2026, 9, 1))
    assert [m.model for m in snapshot.models] == ["fraud-detector", "merchant-encoder"]
    found = [(f.location.path, f.code, f.message, f.hint) for f in snapshot.not_read]
    assert [(path, code) for path, code, _, _ in found] == [
        ("catalog/models/broken.yaml", "YML001"),
        ("catalog/models/churn.YAML", "YML010"),
        ("catalog/models/legacy", "YML010"),
        ("catalog/models/link.YAML", "YML010"),
        ("catalog/models/linked.yaml", "YML010"),
    ]
    # The same findings, word for word, as the catalog at that commit (diff, --base).
    head = load_index(repo.catalog, Options(today=dt.date(2026, 11, 26)))
    (at,) = indexes_at(head, ["HEAD"])
    refused = {
        (f.location.path, f.code, f.message, f.hint)
        for entry in at.entries
        for f in entry.findings
        if f.code == "YML010"
    }
    assert {item for item in found if item[1] == "YML010"} == refused
    assert found[2][2:] == (
        "symbolic link to a folder refused: none of its files is read",
        "commit the folder and its files in the catalog, not a link to a folder",
    )

    assert main(["history", "--at", "2026-09-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index("2 models: 1 deprecated, 1 development") + 1 :] == [
        "",
        "5 model files not read, left out:",
        "catalog/models/broken.yaml:2:1: YML001 invalid YAML: expected ',' or ']', but got"
        " '<stream end>'",
        "catalog/models/churn.YAML:1:1: YML010 not read: catalog files end in .yaml or .yml,"
        " not .YAML (rename it to churn.yaml)",
        "catalog/models/legacy:1:1: YML010 symbolic link to a folder refused: none of its files"
        " is read (commit the folder and its files in the catalog, not a link to a folder)",
        "catalog/models/link.YAML:1:1: YML010 not read: catalog files end in .yaml or .yml,"
        " not .YAML (rename it to link.yaml)",
        "catalog/models/linked.yaml:1:1: YML010 symbolic link refused (commit the entity as a"
        " regular file, not a link)",
    ]
    assert main(["history", "--at", "2026-09-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["version", "at", "commit", "truncated", "models", "not_read"]
    assert [(f["path"], f["code"], f["line"]) for f in data["not_read"]] == [
        ("catalog/models/broken.yaml", "YML001", 2),
        ("catalog/models/churn.YAML", "YML010", 1),
        ("catalog/models/legacy", "YML010", 1),
        ("catalog/models/link.YAML", "YML010", 1),
        ("catalog/models/linked.yaml", "YML010", 1),
    ]
    assert data["not_read"][2]["hint"] == found[2][3]
    # A day without such files lists none.
    assert inventory_at(repo.catalog, dt.date(2026, 8, 31)).not_read == ()


def _validate_findings_at(repo: GitRepo, codes: set[str]) -> set[tuple[str, str, str, str | None]]:
    """(path, code, message, hint) of each finding with one of `codes` that validate gives
    the catalog at HEAD (as `diff` and `--base` read it): what `history --at` must say."""
    head = load_index(repo.catalog, Options(today=dt.date(2026, 11, 26)))
    (at,) = indexes_at(head, ["HEAD"])
    return {
        (f.location.path, f.code, f.message, f.hint)
        for entry in at.entries
        for f in entry.findings
        if f.code in codes
    }


def test_the_inventory_on_a_date_lists_a_file_of_another_kind_in_the_models_folder(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A team's or a data asset's file put in the models folder (or a folder in it), a
    misspelt kind (`kind: Modle`) and a missing one were left out of `history --at` without
    a word: neither in the list of models nor among the files not read. Each is listed as
    not read with the finding validate gives it (ID004, SCH011), word for word, in text
    and JSON."""
    models = repo.catalog / "models"
    shutil.copy(repo.catalog / "teams" / "payments-ml.yaml", models / "payments-ml.yaml")
    (models / "sub").mkdir()
    shutil.copy(repo.catalog / "data" / "clickstream.yaml", models / "sub" / "clickstream.yaml")
    fraud = (models / "fraud-detector.yaml").read_text()
    (models / "fraud-typo.yaml").write_text(
        fraud.replace("kind: Model", "kind: Modle").replace(
            "name: fraud-detector", "name: fraud-typo"
        )
    )
    (models / "nokind.yaml").write_text(
        "apiVersion: modelinv/v1\nmetadata: {name: nokind}\nspec: {lifecycle: production}\n"
    )
    repo.commit("Files of other kinds", when="2026-09-01T12:00:00+00:00")
    monkeypatch.chdir(repo.path)

    snapshot = inventory_at(repo.catalog, dt.date(2026, 9, 1))
    assert [m.model for m in snapshot.models] == ["fraud-detector", "merchant-encoder"]
    found = [(f.location.path, f.code, f.message, f.hint) for f in snapshot.not_read]
    assert [(path, code) for path, code, _, _ in found] == [
        ("catalog/models/fraud-typo.yaml", "SCH011"),
        ("catalog/models/nokind.yaml", "SCH011"),
        ("catalog/models/payments-ml.yaml", "ID004"),
        ("catalog/models/sub/clickstream.yaml", "ID004"),
    ]
    assert set(found) == _validate_findings_at(repo, {"ID004", "SCH011"})
    assert [f.location.line for f in snapshot.not_read] == [2, 1, 2, 2]

    assert main(["history", "--at", "2026-09-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index("2 models: 1 deprecated, 1 development") + 1 :] == [
        "",
        "4 model files not read, left out:",
        "catalog/models/fraud-typo.yaml:2:7: SCH011 unknown kind 'Modle' (did you mean 'Model'?)",
        "catalog/models/nokind.yaml:1:1: SCH011 missing 'kind' (add 'kind: Model' (or Team,"
        " DataAsset, Consumer))",
        "catalog/models/payments-ml.yaml:2:7: ID004 a Team must be under teams/, not"
        " models/payments-ml.yaml (move it to teams/payments-ml.yaml)",
        "catalog/models/sub/clickstream.yaml:2:7: ID004 a DataAsset must be under data/, not"
        " models/sub/clickstream.yaml (move it to data/clickstream.yaml)",
    ]
    assert main(["history", "--at", "2026-09-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(f["path"], f["code"]) for f in data["not_read"]] == [
        (path, code) for path, code, _, _ in found
    ]


def test_the_inventory_on_a_date_refuses_an_unsafe_file_name_as_validate_does(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model file whose name holds a character validate refuses (YML012: `#`, a tab, a
    bidirectional control; a link so named too, its name judged first) was read and listed
    as a model by `history --at`. Each is listed as not read with validate's YML012, word
    for word, and the name escaped in text output."""
    models = repo.catalog / "models"
    fraud = (models / "fraud-detector.yaml").read_text()
    for name in ("fraud#x.yaml", "tab\tname.yaml", "evil\u202egnp.yaml"):
        (models / name).write_text(fraud)
    (models / "link*.yaml").symlink_to("fraud-detector.yaml")
    repo.commit("Unsafe names", when="2026-09-01T12:00:00+00:00")
    monkeypatch.chdir(repo.path)

    snapshot = inventory_at(repo.catalog, dt.date(2026, 9, 1))
    assert [m.model for m in snapshot.models] == ["fraud-detector", "merchant-encoder"]
    found = [(f.location.path, f.code, f.message, f.hint) for f in snapshot.not_read]
    assert sorted(path for path, _, _, _ in found) == sorted(
        f"catalog/models/{name}"
        for name in ("fraud#x.yaml", "tab\tname.yaml", "evil\u202egnp.yaml", "link*.yaml")
    )
    assert {code for _, code, _, _ in found} == {"YML012"}
    assert set(found) == _validate_findings_at(repo, {"YML012"})

    assert main(["history", "--at", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    assert "\t" not in out and "\u202e" not in out
    tail = out.splitlines()[out.splitlines().index("4 model files not read, left out:") + 1 :]
    assert tail[0] == (
        "catalog/models/evil\\u202egnp.yaml:1:1: YML012 file name 'models/evil\\u202egnp.yaml'"
        " holds U+202E RIGHT-TO-LEFT OVERRIDE; the file is not read"
        " (rename the file after its id, with letters, digits, '-', '_', '.' and spaces)"
    )
    assert [line.split(": ", 1)[0] for line in tail[1:]] == [
        "catalog/models/fraud#x.yaml:1:1",
        "catalog/models/link*.yaml:1:1",
        "catalog/models/tab\\u0009name.yaml:1:1",
    ]
