"""`validate --base REF` in real git repositories: the base catalog, pairing, the rules."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from git_support import GitRepo, edit
from modelinv import Options, validate
from modelinv.checks.engine import ConfigError, load_index, load_inventory
from modelinv.cli import main
from modelinv.findings import Finding
from modelinv.gitdata import at_commit
from modelinv.gitdata.changes import changes
from modelinv.gitdata.git import GitError, read_blobs
from modelinv.gitdata.inventory_diff import inventory_diff, load_pair
from modelinv.gitdata.transitions import load_base
from modelinv.inventory.index import Index
from modelinv.inventory.inventory import Inventory
from modelinv.support.forked_half import in_two

BASE = Path(__file__).resolve().parents[1] / "checks" / "rules" / "base"
TODAY = dt.date(2026, 11, 26)
pytestmark = pytest.mark.usefixtures("hermetic_git")


def new_repo(path: Path, catalog: str = "catalog") -> Path:
    """A repository at `path` whose first commit holds the rule cases' base catalog."""
    GitRepo.init(path, catalog_from=BASE, catalog=catalog).commit("Add the inventory")
    return path / catalog


def found(root: Path, base: str = "HEAD", cache_dir: Path | None = None) -> list[str]:
    result = validate(root, Options(jobs=1, today=TODAY, base=base, cache_dir=cache_dir))
    return [f"{f.code} {f.location} {f.message}" for f in result.findings]


def codes(root: Path, base: str = "HEAD") -> list[str]:
    return [line.split()[0] for line in found(root, base)]


def transition(root: Path, base: str = "HEAD") -> list[Finding]:
    result = validate(root, Options(jobs=1, today=TODAY, base=base))
    return [f for f in result.findings if f.code.startswith("LC00") and f.code != "LC004"]


MODEL = """\
apiVersion: modelinv/v1
kind: Model
metadata:
  name: {name}
  title: {title}
  description: Predicts which customers will stop paying with their card next month.
spec:
  lifecycle: {lifecycle}
  owner: team:payments-ml
  maintainer: {{name: Ben Okafor, email: ben.okafor@example.com}}
"""


def write_model(root: Path, name: str, lifecycle: str, title: str = "Churn Scorer") -> Path:
    path = root / "models" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MODEL.format(name=name, title=title, lifecycle=lifecycle))
    return path


def test_unchanged_catalog_has_no_transition_findings(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    assert found(root) == []
    head = load_index(root, Options(today=TODAY))
    base = load_base(head, "HEAD")
    # Identical files are parsed once: both catalogs share their entries.
    assert [id(e) for e in base.entries] == [id(e) for e in head.entries]
    assert changes(base, Inventory(head)).changed == ()


def test_skip_against_an_older_commit(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    repo = root.parent
    GitRepo(repo).git("tag", "v1")
    edit(root / "models" / "merchant-embedder.yaml", "development", "staging")
    GitRepo(repo).commit("Promote to staging (incomplete)")
    edit(root / "models" / "merchant-embedder.yaml", "staging", "production")
    # One step from staging, but two from the tag.
    lines = found(root, base="v1")
    assert any("LC001" in line and "development -> production" in line for line in lines)
    assert not any(line.startswith("LC001") for line in found(root, base="HEAD"))
    assert any(line.startswith("LC001") for line in found(root, base="HEAD~1"))


def test_lifecycle_skip_message_and_hint(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    edit(root / "models" / "merchant-embedder.yaml", "development", "deprecated")
    (finding,) = [f for f in transition(root) if f.code == "LC001"]
    assert str(finding.location) == f"{root}/models/merchant-embedder.yaml:7:14"
    assert finding.message == "lifecycle development -> deprecated is not an allowed move"
    assert finding.hint == (
        "from development the next stage is staging or archived: move one stage at a time"
    )


def test_archived_is_the_end(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    write_model(root, "old-scorer", "archived")
    GitRepo(root.parent).commit("Archive")
    write_model(root, "old-scorer", "staging")
    (finding,) = [f for f in transition(root) if f.code == "LC001"]
    assert finding.hint == "archived is the end state: register a new model instead"


def test_production_readiness_lists_every_reason(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    edit(root / "models" / "merchant-embedder.yaml", "development", "staging")
    GitRepo(root.parent).commit("Staging")
    edit(root / "models" / "merchant-embedder.yaml", "staging", "production")
    (finding,) = [f for f in transition(root) if f.code == "LC002"]
    assert finding.message.startswith("staging -> production, but not ready: missing deployments;")
    assert "no production deployment" in finding.message
    assert "no documentation" in finding.message
    assert finding.location.line == 7


def test_production_already_is_not_judged_again(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    # Below its threshold now, but it did not enter production in this change.
    edit(root / "models" / "fraud-detector.yaml", "value: 0.934", "value: 0.5")
    assert transition(root) == []


def test_deleted_model_points_at_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    root = new_repo(repo)
    write_model(root, "old-scorer", "archived")
    GitRepo(repo).commit("Archive old-scorer")
    (root / "models" / "old-scorer.yaml").unlink()
    monkeypatch.chdir(repo)
    result = validate("catalog", Options(jobs=1, today=TODAY, base="HEAD"))
    (finding,) = result.findings
    assert (finding.code, str(finding.location)) == ("LC005", "catalog/models/old-scorer.yaml:1:1")
    assert finding.message == (
        "model 'old-scorer' was deleted; it is at HEAD:catalog/models/old-scorer.yaml"
    )
    assert finding.hint is not None
    assert "git show HEAD:catalog/models/old-scorer.yaml > catalog/models/old-scorer.yaml" in (
        finding.hint
    )
    assert "spec.lifecycle: archived" in finding.hint


def test_a_branch_behind_its_base_is_judged_on_its_own_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--base main` on a branch forked before main moved on compares with the fork point:
    a model main added since is not "deleted" by the branch, main's own lifecycle move is
    not judged, and the branch's own deletion still is, named at the fork point."""
    repo = GitRepo(tmp_path / "repo")
    root = new_repo(repo.path)
    write_model(root, "old-scorer", "archived")
    fork = repo.commit("Archive old-scorer")
    repo.git("checkout", "-q", "-b", "cleanup")
    (root / "models" / "old-scorer.yaml").unlink()
    repo.commit("Delete old-scorer")
    repo.git("checkout", "-q", "main")
    write_model(root, "churn-scorer", "development")
    repo.edit("models/fraud-detector.yaml", "lifecycle: production", "lifecycle: development")
    repo.commit("Main moves on")
    repo.git("checkout", "-q", "cleanup")
    monkeypatch.chdir(repo.path)
    result = validate("catalog", Options(jobs=1, today=TODAY, base="main"))
    short = repo.git("rev-parse", "--short=12", fork).strip()
    assert [(f.code, str(f.location), f.message) for f in result.findings] == [
        (
            "LC005",
            "catalog/models/old-scorer.yaml:1:1",
            f"model 'old-scorer' was deleted; it is at {short}:catalog/models/old-scorer.yaml",
        )
    ]
    # Merged into main (as a pull request's CI checks it out), main itself is the base.
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge cleanup", "cleanup")
    merged = validate("catalog", Options(jobs=1, today=TODAY, base="main~1"))
    assert [(f.code, f.message.split(";")[1]) for f in merged.findings] == [
        ("LC005", " it is at main~1:catalog/models/old-scorer.yaml")
    ]


def test_a_base_with_no_common_commit_is_a_usage_error(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    root = new_repo(repo.path)
    repo.git("checkout", "-q", "--orphan", "elsewhere")
    repo.commit("Unrelated history")
    with pytest.raises(ConfigError, match=r"^--base: 'main' and HEAD have no commit in common$"):
        validate(root, Options(base="main"))


def test_deleted_team_and_its_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    root = new_repo(repo)
    (root / "consumers" / "checkout-api.yaml").unlink()
    monkeypatch.chdir(repo)
    lines = found(Path("catalog"))
    assert [line.split()[:2] for line in lines] == [
        ["LC005", "catalog/consumers/checkout-api.yaml:1:1"],
        ["REF001", "catalog/models/fraud-detector.yaml:21:15"],
    ]
    assert "deprecate or retire it" in str(transition(Path("catalog"))[0].hint)


def test_rename_with_stale_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    root = new_repo(repo)
    GitRepo(repo).git(
        "mv", "catalog/data/card-transactions.yaml", "catalog/data/card-payments.yaml"
    )
    edit(root / "data" / "card-payments.yaml", "name: card-transactions", "name: card-payments")
    monkeypatch.chdir(repo)
    result = validate("catalog", Options(jobs=1, today=TODAY, base="HEAD"))
    by_code = {f.code: f for f in result.findings}
    assert sorted(by_code) == ["LC006", "REF001"]
    renamed = by_code["LC006"]
    assert str(renamed.location) == "catalog/data/card-payments.yaml:4:9"
    assert renamed.message == (
        "dataset id 'card-transactions' renamed to 'card-payments' "
        "(was HEAD:catalog/data/card-transactions.yaml)"
    )
    # The references still naming the old id are listed, so REF001 makes sense.
    assert [str(r) for r in renamed.related] == [
        "catalog/models/fraud-detector.yaml:17:16",
        "catalog/models/fraud-detector.yaml:20:14",
    ]
    assert renamed.hint is not None
    assert "2 reference(s) to dataset:card-transactions remain (REF001)" in renamed.hint
    assert renamed.severity.value == "warning"


def test_rename_in_place_and_skip_judged_against_the_old_id(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    path = root / "models" / "merchant-embedder.yaml"
    edit(path, "name: merchant-embedder", "name: merchant-encoder")
    edit(path, "lifecycle: development", "lifecycle: deprecated")
    # LC003: a deprecated model needs its deprecation block.
    assert sorted(codes(root)) == ["ID002", "LC001", "LC003", "LC006"]
    (skip,) = [f for f in transition(root) if f.code == "LC001"]
    assert "development -> deprecated" in skip.message


def test_nearly_same_content_is_a_rename(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    write_model(root, "churn-scorer", "development")
    GitRepo(root.parent).commit("Add churn-scorer")
    (root / "models" / "churn-scorer.yaml").unlink()
    write_model(root, "churn-predictor", "development", title="Churn Predictor")
    assert codes(root) == ["LC006"]


def test_different_content_is_a_deletion_and_an_addition(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    write_model(root, "churn-scorer", "development")
    GitRepo(root.parent).commit("Add churn-scorer")
    (root / "models" / "churn-scorer.yaml").unlink()
    path = write_model(root, "ltv-estimator", "development", title="Lifetime Value")
    edit(path, "Predicts which customers will stop", "Estimates what customers will spend")
    edit(path, "Ben Okafor, email: ben.okafor", "Ana Lima, email: ana.lima")
    assert codes(root) == ["LC005"]


def test_moved_to_a_subfolder_is_neither(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    (root / "models" / "legacy").mkdir()
    GitRepo(root.parent).git(
        "mv", "catalog/models/merchant-embedder.yaml", "catalog/models/legacy/"
    )
    assert found(root) == []


def test_catalog_in_a_subfolder_seen_from_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_repo(tmp_path / "repo", catalog="inventory/catalog")
    (root / "data" / "clickstream.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    lines = found(Path("repo/inventory/catalog"))
    assert lines == [
        "LC005 repo/inventory/catalog/data/clickstream.yaml:1:1 data asset 'clickstream' "
        "was deleted; it is at HEAD:inventory/catalog/data/clickstream.yaml"
    ]


def test_catalog_at_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_repo(tmp_path / "repo")
    for item in root.iterdir():
        shutil.move(item, root.parent / item.name)
    root.rmdir()
    GitRepo(tmp_path / "repo").commit("Catalog at the root")
    (tmp_path / "repo" / "data" / "clickstream.yaml").unlink()
    monkeypatch.chdir(tmp_path / "repo")
    assert found(Path()) == [
        "LC005 data/clickstream.yaml:1:1 data asset 'clickstream' was deleted; "
        "it is at HEAD:data/clickstream.yaml"
    ]


def test_production_at_an_invalid_base_is_not_judged_again(tmp_path: Path) -> None:
    """The base version failed validation but wrote `production`: repairing it is no
    promotion, whatever the model's readiness now."""
    root = new_repo(tmp_path / "repo")
    path = root / "models" / "fraud-detector.yaml"
    edit(path, "  owner: team:payments-ml", "  owner: team:payments-ml\n  tier: gold")
    GitRepo(root.parent).commit("An unknown field")
    edit(path, "  tier: gold\n", "")
    edit(path, "value: 0.934", "value: 0.5")
    assert transition(root) == []


def test_production_from_an_unknown_stage_must_be_ready(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    invalid_at_base(root, "churn-scorer", "development", "  colour: [x\n")
    write_model(root, "churn-scorer", "production")
    by_code = {f.code: f for f in transition(root)}
    assert sorted(by_code) == ["LC002", "LC008"]
    assert by_code["LC002"].message.startswith(
        "moved to production from an unknown stage (see LC008), but not ready: missing "
    )


def test_new_model_at_production_must_be_ready(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    write_model(root, "churn-scorer", "production")
    (finding,) = [f for f in transition(root) if f.code == "LC002"]
    assert finding.message.startswith("new model at production, but not ready: ")


def test_invalid_at_base_and_unreadable_files(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    (root / "models" / "broken.yaml").write_text("kind: Model\nmetadata: {name: [\n")
    (root / "models" / "link.yaml").symlink_to("broken.yaml")
    (root / "models" / ".hidden.yaml").write_text("not: [closed\n")
    (root / "policy.yaml").write_text("apiVersion: modelinv/v1\nkind: Policy\n")
    GitRepo(root.parent).commit("Odd files")
    write_model(root, "broken", "development")
    (root / "models" / "link.yaml").unlink()
    head = load_index(root, Options(today=TODAY))
    base = load_base(head, "HEAD")
    assert sorted(e.rel for e in base.entries if not e.valid) == [
        "models/broken.yaml",
        "models/link.yaml",
    ]
    # The link was never an entity worth keeping; the broken file is now valid, but what
    # its lifecycle was cannot be told (LC008, a warning).
    assert sorted(codes(root)) == ["LC005", "LC008"]


def invalid_at_base(root: Path, name: str, lifecycle: str, problem: str) -> Path:
    """Commit model `name` at `lifecycle`, made invalid by `problem` appended to its spec."""
    path = write_model(root, name, lifecycle)
    path.write_text(path.read_text() + problem)
    GitRepo(root.parent).commit(f"Add {name}, invalid")
    return path


@pytest.mark.parametrize("parser", ["libyaml", "ruamel"])
def test_a_move_from_an_invalid_base_is_judged_by_what_it_wrote(
    tmp_path: Path, parser: str
) -> None:
    """The file at the base failed validation (an unknown field) but its YAML loaded: the
    move is judged from the `spec.lifecycle` it wrote, however the YAML quoted it."""
    root = new_repo(tmp_path / "repo")
    path = invalid_at_base(root, "old-scorer", '"archived"', "  colour: grey\n")
    write_model(root, "old-scorer", "development")
    head = load_index(root, Options(today=TODAY, parser=parser))  # type: ignore[arg-type]
    base = load_base(head, "HEAD", parser)  # type: ignore[arg-type]
    (old,) = [e for e in base.entries if e.name == "old-scorer"]
    assert not old.valid and old.facts.written_lifecycle == "archived"
    (finding,) = [f for f in transition(root) if f.code.startswith("LC00")]
    assert finding.code == "LC001"
    assert str(finding.location) == f"{path}:8:14"
    assert finding.message == (
        "lifecycle archived -> development is not an allowed move (archived as written at "
        f"{old.path}, invalid there)"
    )
    assert finding.hint == "archived is the end state: register a new model instead"


def test_an_allowed_move_from_an_invalid_base_passes(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    invalid_at_base(root, "old-scorer", "development", "  colour: grey\n")
    write_model(root, "old-scorer", "archived")  # abandoned early
    assert found(root) == []


def test_a_rename_from_an_invalid_base_is_judged_by_what_it_wrote(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    path = invalid_at_base(root, "old-scorer", "archived", "  colour: grey\n")
    path.write_text(MODEL.format(name="old-scorer-v2", title="Churn Scorer", lifecycle="staging"))
    lc001 = [f for f in transition(root) if f.code == "LC001"]
    assert [f.message.split(" (")[0] for f in lc001] == [
        "lifecycle archived -> staging is not an allowed move"
    ]


@pytest.mark.parametrize(
    ("lifecycle", "problem", "why"),
    [
        ("archived", "  colour: [x\n", "(YML001) and it could not be read as YAML"),
        ("[archived]", "", "(SCH004) and it held no spec.lifecycle string"),
        ("retired", "", "(SCH004) and its spec.lifecycle 'retired' is not a lifecycle stage"),
        ('"ret\\u202eired"', "", "and its spec.lifecycle 'ret\\u202eired' is not a"),
    ],
)
def test_a_move_from_a_base_that_tells_no_stage_is_reported_unchecked(
    tmp_path: Path, lifecycle: str, problem: str, why: str
) -> None:
    root = new_repo(tmp_path / "repo")
    path = invalid_at_base(root, "old-scorer", lifecycle, problem)
    write_model(root, "old-scorer", "development")
    (finding,) = transition(root)
    (old,) = [e for e in load_base(load_index(root), "HEAD").entries if e.name == "old-scorer"]
    assert (finding.code, finding.severity.value) == ("LC008", "warning")
    assert str(finding.location) == f"{path}:8:14"  # the working tree's spec.lifecycle
    assert finding.message.startswith(
        f"lifecycle move to development not checked: {old.path} failed validation "
    )
    assert why in finding.message
    assert finding.hint == (
        f"read its stage there (git show {old.path}, or modelinv history old-scorer) "
        "and check that the move to development is allowed"
    )


def test_repairing_a_broken_file_warns_and_blocks_only_with_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = new_repo(tmp_path / "repo")
    invalid_at_base(root, "old-scorer", "archived", "  colour: [x\n")
    write_model(root, "old-scorer", "development")
    args = ["validate", str(root), "--base", "HEAD", "--today", TODAY.isoformat()]
    assert main(args) == 0
    assert "LC008 lifecycle move to development not checked" in capsys.readouterr().out
    assert main([*args, "--strict"]) == 1


def test_invalid_entries_keep_the_lifecycle_they_wrote_in_the_cache(tmp_path: Path) -> None:
    """The fact is part of the entry, as stored and served back by the cache."""
    root = new_repo(tmp_path / "repo")
    for name, lifecycle in [("a", "staging"), ("b", "12")]:
        write_model(root, name, lifecycle).write_text(
            MODEL.format(name=name, title="T", lifecycle=lifecycle) + "  colour: grey\n"
        )
    write_model(root, "c", "production").write_text(
        MODEL.format(name="c", title="T", lifecycle="x" * 80) + "  colour: grey\n"
    )
    (root / "models" / "d.yaml").write_text("kind: Model\nspec: {lifecycle: staging\n")
    fresh = load_index(root, Options(today=TODAY))
    expected = {
        "models/a.yaml": "staging",
        "models/b.yaml": "",  # not a string
        "models/c.yaml": "x" * 63 + "…",
        "models/d.yaml": None,  # not YAML
        "models/fraud-detector.yaml": None,  # valid
    }
    written = {e.rel: e.facts.written_lifecycle for e in fresh.entries if e.kind == "Model"}
    assert {rel: written[rel] for rel in expected} == expected
    options = Options(today=TODAY, cache_dir=tmp_path / "cache")
    load_index(root, options)
    cached = load_index(root, options)
    assert {e.rel: e.facts for e in cached.entries} == {e.rel: e.facts for e in fresh.entries}


def test_cached_runs_give_the_same_answer(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    edit(root / "models" / "merchant-embedder.yaml", "development", "production")
    first = found(root, cache_dir=tmp_path / "cache")
    again = found(root, cache_dir=tmp_path / "cache")
    assert first == again
    assert {"LC001", "LC002"} <= {line.split()[0] for line in again}


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no-such-branch", "--base: unknown git ref 'no-such-branch'"),
        ("--output=/tmp/x", "--base: invalid git ref '--output=/tmp/x'"),
        ("HEAD~5", "--base: unknown git ref 'HEAD~5'"),
    ],
)
def test_bad_ref_is_a_usage_error(tmp_path: Path, ref: str, message: str) -> None:
    root = new_repo(tmp_path / "repo")
    with pytest.raises(ConfigError, match="^" + message.replace("/", ".")):
        validate(root, Options(base=ref))


def test_catalog_outside_git_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(BASE, tmp_path / "catalog")
    assert main(["validate", "--no-cache", "--base", "main", str(tmp_path / "catalog")]) == 2
    err = capsys.readouterr().err
    assert err == f"modelinv: --base: {tmp_path / 'catalog'} is not in a git repository\n"


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = new_repo(tmp_path / "repo")
    args = ["validate", "--no-cache", "--today", "2026-11-26", "--base", "HEAD", str(root)]
    assert main(args) == 0
    write_model(root, "churn-scorer", "development")
    GitRepo(root.parent).commit("Add churn-scorer")
    (root / "models" / "churn-scorer.yaml").rename(root / "models" / "churn-predictor.yaml")
    edit(root / "models" / "churn-predictor.yaml", "churn-scorer", "churn-predictor")
    capsys.readouterr()
    assert main(args) == 0  # a rename is a warning
    assert main([*args, "--strict"]) == 1
    assert "LC006 model id 'churn-scorer' renamed to 'churn-predictor'" in capsys.readouterr().out
    (root / "data" / "clickstream.yaml").unlink()
    assert main(args) == 1


def test_read_blobs_reports_missing_objects(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    odd = ["HEAD:catalog/no thing", "HEAD:catalog/new\nline", "HEAD:catalog/nothing"]
    blobs = read_blobs(root, ["HEAD:catalog/teams/payments-ml.yaml", *odd], 1 << 20)
    assert [blobs[name] for name in odd] == [None, None, None]
    assert blobs["HEAD:catalog/teams/payments-ml.yaml"] == (
        (BASE / "teams" / "payments-ml.yaml").read_bytes()
    )
    with pytest.raises(GitError):
        read_blobs(tmp_path, ["HEAD"], 1 << 20)


def test_changes_pairing_is_symmetric_for_identical_catalogs(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    catalog = load_inventory(root, Options(today=TODAY))
    empty = Inventory(Index(str(root), [], catalog.context))
    forward, backward = changes(empty, catalog), changes(catalog, empty)
    assert len(forward.added) == len(backward.deleted) == len(catalog.entries)
    assert forward.renamed == backward.renamed == ()


def test_many_changed_files_are_checked_in_two_processes_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more than one job, the base's changed files are split with a forked process
    (`validate --base`, `diff`): the same findings as one process, and the same diff."""
    root = new_repo(tmp_path / "repo")
    repo = GitRepo(root.parent)
    repo.git("tag", "v1")
    edit(root / "models" / "merchant-embedder.yaml", "development", "staging")
    for path in sorted(root.rglob("*.yaml")):
        path.write_text(path.read_text() + "# edited\n")
    repo.commit("Edit every file")
    edit(root / "models" / "merchant-embedder.yaml", "staging", "production")
    split: list[int] = []
    real = in_two

    def spy(items, work):  # type: ignore[no-untyped-def]
        split.append(len(items))
        return real(items, work)

    monkeypatch.setattr(at_commit, "in_two", spy)
    monkeypatch.setattr(at_commit, "PARALLEL_MIN", 2)
    alone = [
        f"{f.code} {f.location} {f.message}"
        for f in validate(root, Options(jobs=1, today=TODAY, base="v1")).findings
    ]
    assert not split
    both = [
        f"{f.code} {f.location} {f.message}"
        for f in validate(root, Options(jobs=2, today=TODAY, base="v1")).findings
    ]
    assert split and split[0] >= 4  # every file differs from v1
    assert both == alone
    assert any("LC001" in line and "development -> production" in line for line in both)
    pairs = [load_pair(root, "v1", "HEAD", Options(jobs=jobs, today=TODAY)) for jobs in (1, 2)]
    assert len(split) == 2  # v1 again; HEAD differs from the working tree in one file
    diffs = [inventory_diff(base, head, "v1", "HEAD") for base, head in pairs]
    assert diffs[0] == diffs[1] and not diffs[0].empty


@pytest.mark.parametrize("command", ["diff", "validate"])
def test_an_option_like_ref_runs_no_git_option(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """A ref such as `--output=FILE` is refused before any git command sees it: looking
    for where the catalog folder was at the ref once ran `git diff --output=FILE` first."""
    root = new_repo(tmp_path / "repo")
    target = tmp_path / "written"
    monkeypatch.chdir(root.parent)
    args = (
        ["diff", "--catalog", str(root), "--", f"--output={target}"]
        if command == "diff"
        else ["validate", str(root), f"--base=--output={target}"]
    )
    assert main(args) == 2
    assert "invalid git ref '--output=" in capsys.readouterr().err
    assert not target.exists()


def test_the_first_commit_is_judged_against_no_catalog(tmp_path: Path) -> None:
    """`--base HEAD` in a pre-commit hook (governance-git.md) before the first commit: HEAD
    names no commit yet, and the catalog about to be committed is all new (as git diffs a
    first commit with the empty tree), not a usage error that blocks the first commit."""
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    write_model(repo.catalog, "churn-scorer", "production")
    (finding,) = [f for f in transition(repo.catalog) if f.code == "LC002"]
    assert finding.message.startswith("new model at production, but not ready: ")
    (repo.catalog / "models" / "churn-scorer.yaml").unlink()
    assert transition(repo.catalog) == []


def test_another_ref_before_the_first_commit_says_what_to_do(tmp_path: Path) -> None:
    """HEAD names no commit, so no history meets REF's: said so, not "unknown git ref
    'HEAD'" (a ref the user did not give)."""
    origin = new_repo(tmp_path / "origin").parent
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    repo.git("fetch", "-q", str(origin), "main:refs/remotes/origin/main")
    with pytest.raises(ConfigError) as raised:
        validate(repo.catalog, Options(jobs=1, base="origin/main"))
    assert str(raised.value) == (
        "--base: the current branch has no commits yet, so none in common with "
        "'origin/main': commit the catalog first (--base HEAD judges a first commit "
        "against no catalog)"
    )


def test_an_unknown_ref_before_the_first_commit_is_named(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo", catalog_from=BASE)
    with pytest.raises(ConfigError, match=r"^--base: unknown git ref 'no-such-branch' "):
        validate(repo.catalog, Options(jobs=1, base="no-such-branch"))
