"""`modelinv new model`: a file `modelinv validate` accepts, or a refusal."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from edit_support import FIXTURE, TODAY, fresh_catalog, run

from git_support import hermetic_env
from modelinv import edit
from modelinv.cli import main

MAINTAINER = ("--maintainer-name", "Ben Okafor", "--maintainer-email", "ben.okafor@example.com")


def test_new_model_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "teams").mkdir(parents=True)
    shutil.copy(FIXTURE / "teams" / "payments-ml.yaml", catalog / "teams")
    code, out, err = run(
        catalog, capsys, "new", "model", "churn-v2", "--owner", "payments-ml", *MAINTAINER
    )
    assert (code, err) == (0, "")
    assert out.endswith("models/churn-v2.yaml: model:churn-v2: new development model\n")
    created = catalog / "models" / "churn-v2.yaml"
    text = created.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schemas/model.schema.json"
    )
    assert "  title: Churn V2\n" in text
    assert "  lifecycle: development\n" in text
    assert "  created: 2026-11-26\n" in text
    assert main(["validate", str(catalog), "--today", TODAY, "--no-cache"]) == 0


@pytest.mark.parametrize(
    ("name", "owner", "message"),
    [
        ("Churn_V2", "team:payments-ml", "invalid id 'Churn_V2'"),
        ("churn--v2", "team:payments-ml", "invalid id 'churn--v2'"),
        ("x" * 64, "team:payments-ml", "at most 63 characters"),
        ("fraud-detector", "team:payments-ml", "model 'fraud-detector' already exists"),
        (
            "churn-v2",
            "team:payment-ml",
            "owner 'team:payment-ml' is not a team in the catalog "
            "(did you mean 'team:payments-ml'?)",
        ),
        ("churn-v2", "consumer:checkout-api", "owner 'consumer:checkout-api' is not a team"),
    ],
)
def test_new_model_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, owner: str, message: str
) -> None:
    catalog = fresh_catalog(tmp_path)
    before = sorted(p.name for p in (catalog / "models").iterdir())
    code, out, err = run(catalog, capsys, "new", "model", name, "--owner", owner, *MAINTAINER)
    assert (code, out) == (1, "")
    assert message in err
    assert "Traceback" not in err
    assert sorted(p.name for p in (catalog / "models").iterdir()) == before


@pytest.mark.parametrize("title", ["", " "])
def test_new_model_refuses_an_empty_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    """An empty --title is a mistake to report, not a cue to make one up from the id."""
    catalog = fresh_catalog(tmp_path)
    code, out, err = run(
        catalog, capsys, "new", "model", "churn-v2", "--owner", "payments-ml", *MAINTAINER,
        "--title", title,
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert "the result would not validate: SCH009 metadata.title: must not be empty" in err
    assert not (catalog / "models" / "churn-v2.yaml").exists()


def test_new_model_refuses_a_file_of_that_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = fresh_catalog(tmp_path)
    stray = catalog / "models" / "churn-v2.yml"
    stray.write_text("not: a model\n", encoding="utf-8")
    code, _, err = run(
        catalog, capsys, "new", "model", "churn-v2", "--owner", "payments-ml", *MAINTAINER
    )
    assert code == 1
    assert "cannot create model: model 'churn-v2' already exists (" in err
    assert err.rstrip().endswith("churn-v2.yml)")
    assert not (catalog / "models" / "churn-v2.yaml").exists()


def test_new_model_refuses_a_maintainer_outside_the_team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = fresh_catalog(tmp_path)
    code, _, err = run(
        catalog,
        capsys,
        *("new", "model", "churn-v2", "--owner", "team:payments-ml"),
        *("--maintainer-name", "Carla Diaz", "--maintainer-email", "carla.diaz@example.com"),
    )
    assert code == 1
    assert "the result would not validate: OWN004" in err
    # ... and says what to do, as `validate` would
    assert "(name a member of team:payments-ml, or add them to " in err
    assert "catalog/teams/payments-ml.yaml)" in err
    assert not (catalog / "models" / "churn-v2.yaml").exists()


def test_new_model_refuses_a_bad_email(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = fresh_catalog(tmp_path)
    code, _, err = run(
        catalog,
        capsys,
        *("new", "model", "churn-v2", "--owner", "team:payments-ml"),
        *("--maintainer-name", "Ben Okafor", "--maintainer-email", "ben.okafor@"),
    )
    assert code == 1
    assert "the result would not validate: OWN002" in err
    assert not (catalog / "models" / "churn-v2.yaml").exists()


def test_new_model_never_writes_through_a_linked_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/security.md: `catalog/models` a link to a folder outside the catalog is refused
    (exit 2, naming the link), before anything is written."""
    catalog = fresh_catalog(tmp_path)
    outside = tmp_path / "outside"
    (catalog / "models").rename(outside)
    (catalog / "models").symlink_to("../outside")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        Path("catalog"), capsys, "new", "model", "churn-v2", "--owner", "payments-ml", *MAINTAINER
    )
    assert (code, out) == (2, "")
    assert err == (
        "modelinv: catalog/models/churn-v2.yaml: catalog/models is a symbolic link "
        "(to ../outside); nothing is written through a link: make it a real folder of the "
        "catalog\n"
    )
    assert not (outside / "churn-v2.yaml").exists()


def test_no_edit_writes_through_a_linked_folder(tmp_path: Path) -> None:
    """The last guard, in `write_change`, for every edit command."""
    catalog = fresh_catalog(tmp_path)
    outside = tmp_path / "outside"
    (catalog / "models").rename(outside)
    (catalog / "models").symlink_to(outside)
    target = catalog / "models" / "fraud-detector.yaml"
    before = target.read_bytes()
    change = edit.Change(target, "fraud-detector.yaml", before, before + b"# x\n", "x")
    with pytest.raises(edit.LinkRefused, match="models is a symbolic link"):
        edit.write_change(change)
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("123", '"123"'),
        ("null", '"null"'),
        ("true", '"true"'),
        ("007", '"007"'),
        ("1e5", '"1e5"'),
        ("2026-11-26", '"2026-11-26"'),
        ("churn-v2", "churn-v2"),
    ],
)
def test_new_model_quotes_an_id_yaml_reads_as_no_text(
    name: str, written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Valid ids by the id pattern, which YAML reads as a number, null, a boolean or a
    date when unquoted: the file was written with `name: 123` and then refused (SCH003)."""
    catalog = fresh_catalog(tmp_path)
    code, _, err = run(catalog, capsys, "new", "model", name, "--owner", "payments-ml", *MAINTAINER)
    assert (code, err) == (0, "")
    created = catalog / "models" / f"{name}.yaml"
    assert f"  name: {written}\n" in created.read_text(encoding="utf-8")
    assert main(["check-files", "--catalog", str(catalog), "--today", TODAY, str(created)]) == 0


def _repository_with_codeowners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path]:
    """A git repository holding the fixture catalog, whose policy asks for a generated
    CODEOWNERS, generated by `modelinv codeowners` (the working directory is its root)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=hermetic_env())
    catalog = fresh_catalog(repo)
    (catalog / "policy.yaml").write_text(
        "apiVersion: modelinv/v1\nkind: Policy\n"
        "spec:\n  codeowners: {fallback: '@acme/platform'}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(repo)
    assert main(["codeowners"]) == 0
    capsys.readouterr()
    return Path("catalog"), repo / ".github" / "CODEOWNERS"


def test_new_model_adds_its_line_to_a_generated_codeowners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`new` used to leave a generated CODEOWNERS without the new file's line, so the next
    `modelinv validate` failed (OWN005) with no hint from `new`."""
    catalog, codeowners = _repository_with_codeowners(tmp_path, monkeypatch, capsys)
    before = codeowners.read_text(encoding="utf-8")
    code, out, err = run(
        catalog, capsys, "new", "model", "churn-v2", "--owner", "payments-ml", *MAINTAINER
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "catalog/models/churn-v2.yaml: model:churn-v2: new development model",
        ".github/CODEOWNERS: added /catalog/models/churn-v2.yaml @acme/platform",
    ]
    after = codeowners.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [
        "# models/churn-v2.yaml: owner team:payments-ml has no handle; falls back to "
        "@acme/platform",
        "/catalog/models/churn-v2.yaml @acme/platform",
    ]
    assert main(["codeowners", "--check"]) == 0
    main(["validate", "catalog", "--today", TODAY, "--no-cache"])
    assert "OWN005" not in capsys.readouterr().out


def test_new_model_leaves_a_stale_codeowners_alone_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Out of date before the new model: regenerating it would bring in changes nobody
    asked for, so `new` says what to run instead."""
    catalog, codeowners = _repository_with_codeowners(tmp_path, monkeypatch, capsys)
    stale = codeowners.read_bytes().replace(b"/catalog/ @acme/platform", b"/catalog/ @acme/old")
    codeowners.write_bytes(stale)
    code, out, err = run(
        catalog, capsys, "new", "model", "churn-v2", "--owner", "payments-ml", *MAINTAINER
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "note: .github/CODEOWNERS not updated: it does not match the catalog even without "
        "this model (OWN005): run modelinv codeowners"
    ]
    assert codeowners.read_bytes() == stale
    assert (catalog / "models" / "churn-v2.yaml").exists()


def test_new_model_leaves_a_hand_written_codeowners_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog, codeowners = _repository_with_codeowners(tmp_path, monkeypatch, capsys)
    (catalog / "policy.yaml").unlink()  # nothing requires a generated file
    codeowners.write_text("* @acme/everyone\n", encoding="utf-8")
    code, out, err = run(
        catalog, capsys, "new", "model", "churn-v2", "--owner", "payments-ml", *MAINTAINER
    )
    assert (code, err) == (0, "")
    assert out == "catalog/models/churn-v2.yaml: model:churn-v2: new development model\n"
    assert codeowners.read_text(encoding="utf-8") == "* @acme/everyone\n"
