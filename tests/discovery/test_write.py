"""`discover --write`: scaffolds for shadow models, the grace period, idempotence."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelinv.checks.engine import Options, load_inventory
from modelinv.cli import cli, main
from modelinv.discovery.compare import Discovery, Item
from modelinv.discovery.observation import Observation
from modelinv.discovery.scaffold import scaffold

ROOT = Path(__file__).resolve().parent.parent.parent
MANIFESTS = ROOT / "tests" / "deploy" / "gate" / "manifests"
TODAY = "2026-11-26"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    with (root / "policy.yaml").open("a") as policy:
        policy.write("  discoveryTriageTeam: team:ml-platform\n  discoveryGraceDays: 30\n")
    return root


def _write(catalog: Path, *manifests: str) -> tuple[int, str]:
    args = ["discover", "--catalog", str(catalog), "--today", TODAY, "-e", "production"]
    for name in manifests:
        args += ["--k8s", str(MANIFESTS / name)]
    result = CliRunner().invoke(cli, [*args, "--write"])
    return result.exit_code, result.stderr


def test_scaffold_records_only_what_was_observed(catalog: Path) -> None:
    code, err = _write(catalog, "shadow.yaml")
    assert code == 0
    assert "wrote " in err and "discover --write: 1 written, 0 skipped" in err
    text = (catalog / "models" / "shadow-scorer.yaml").read_text()
    assert "  owner: team:ml-platform\n" in text  # the policy's triage team
    assert "  lifecycle: production\n" in text  # the environment the manifests describe
    [where] = [line for line in text.splitlines() if line.startswith("    where: ")]
    assert where == f'    where: "{MANIFESTS / "shadow.yaml"}:1"'
    assert f"    when: {TODAY}\n" in text
    assert "      resource: ml-serving/inferenceservice/shadow-scorer\n" in text
    assert "maintainer:" not in text  # nobody observed one: left for the owner
    assert "fill in what nobody could observe: maintainer" in text


def test_incompleteness_is_a_warning_until_the_grace_period_ends(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _write(catalog, "shadow.yaml")[0] == 0
    assert main(["validate", str(catalog), "--today", TODAY]) == 0
    within = capsys.readouterr().out
    assert "CMP001 production model is missing" in within
    assert "[discovered entry: a warning until 2026-12-26]" in within
    assert main(["validate", str(catalog), "--today", "2026-12-27"]) == 1
    after = capsys.readouterr().out
    [line] = [x for x in after.splitlines() if "shadow-scorer.yaml:10:14: CMP001" in x]
    assert "discovered entry" not in line
    assert not line.endswith("[warning]")


def test_second_run_writes_nothing_and_never_overwrites(catalog: Path) -> None:
    assert _write(catalog, "shadow.yaml")[0] == 0
    path = catalog / "models" / "shadow-scorer.yaml"
    written = path.read_bytes()
    code, err = _write(catalog, "shadow.yaml")
    assert (code, path.read_bytes()) == (0, written)
    assert "discover --write: 0 written, 0 skipped" in err


def test_a_human_written_file_is_never_overwritten(catalog: Path) -> None:
    human = catalog / "models" / "shadow-scorer.yml"
    human.write_text("# someone's draft, not yet valid\n")
    code, err = _write(catalog, "shadow.yaml")
    assert code == 0
    assert human.read_text() == "# someone's draft, not yet valid\n"
    assert not (catalog / "models" / "shadow-scorer.yaml").exists()
    # the draft is the model's entry (unreadable, named by its file): no longer a shadow
    assert "discover --write: 0 written, 0 skipped" in err


def test_no_owner_anywhere_is_skipped_with_the_reason(catalog: Path) -> None:
    policy = catalog / "policy.yaml"
    policy.write_text(policy.read_text().replace("  discoveryTriageTeam: team:ml-platform\n", ""))
    code, err = _write(catalog, "shadow.yaml")
    assert code == 0
    assert "skipped shadow-scorer: no owner team in the catalog (observed: none)" in err
    assert not (catalog / "models" / "shadow-scorer.yaml").exists()


def test_maintainer_stays_required_for_entries_people_write(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = catalog / "models" / "churn-logreg.yaml"
    lines = [line for line in model.read_text().splitlines() if "maintainer:" not in line]
    model.write_text("\n".join(lines) + "\n")
    assert main(["validate", str(catalog), "--today", TODAY]) == 1
    assert "SCH002 missing required field 'maintainer' in spec" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["123", "null", "2026-11-26", "shadow-scorer"])
def test_an_id_yaml_reads_as_no_text_is_quoted(name: str, catalog: Path) -> None:
    """A model id that YAML reads as a number, null or a date when unquoted was written
    plain, and the entry then failed its own check (SCH003) and was skipped."""
    inventory = load_inventory(catalog, Options(today=dt.date(2026, 11, 26)))
    seen = Observation(
        source="kubernetes",
        model=name,
        name=name,
        kind="InferenceService",
        evidence="x.yaml:1",
        owner="team:payments-ml",
    )
    item = Item("shadow", name, "m", ("x.yaml:1",), ("kubernetes",), (seen,))
    changes, skipped = scaffold(inventory, Discovery(("kubernetes",), (seen,), (item,)))
    assert skipped == []
    [change] = changes
    quoted = name if name == "shadow-scorer" else f'"{name}"'
    assert f"  name: {quoted}\n" in change.after.decode()
