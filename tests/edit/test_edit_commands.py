"""The edit commands through the real CLI: what they refuse, print and exit with."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_support import fresh_catalog, run

from modelinv.cli import main


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    return fresh_catalog(tmp_path)


def model_file(catalog: Path, name: str) -> Path:
    return catalog / "models" / f"{name}.yaml"


def test_deprecate_lists_consumers_with_contacts(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        catalog,
        capsys,
        *("deprecate", "fraud-detector", "--no-replacement", "Replaced by rules"),
        *("--decommission-date", "2027-01-31"),
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "notify before 2027-01-31:",
        "  consumer:checkout-api (consumes it) Checkout API: "
        "checkout-oncall@example.com, #checkout-api",
        # No contact of its own: its owning team's.
        "  consumer:fraud-console (consumes it) Fraud Console: "
        "team:payments-ml, payments-ml@example.com, #payments-ml",
    ]


def test_deprecate_lists_dependent_models(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        catalog,
        capsys,
        *("deprecate", "merchant-embedder", "--replacement", "merchant-embedder-v2"),
        *("--decommission-date", "2027-01-31"),
    )
    assert code == 0
    assert out.splitlines()[0].endswith(
        "merchant-embedder.yaml: model:merchant-embedder: production -> deprecated, "
        "decommission on 2027-01-31"
    )
    assert out.splitlines()[2:] == [
        "  model:fraud-detector (depends on it) Card Fraud Detector: Ana Lima "
        "<ana.lima@example.com>, team:payments-ml, payments-ml@example.com, #payments-ml"
    ]
    assert (
        b"replacement: model:merchant-embedder-v2"
        in model_file(catalog, "merchant-embedder").read_bytes()
    )


@pytest.mark.parametrize(
    ("broken", "damage", "model", "successor", "line"),
    [
        (
            "consumers/checkout-api.yaml",
            (b"apiVersion: modelinv/v1", b"apiVersion: ["),  # does not even parse
            "fraud-detector",
            ["--no-replacement", "Replaced by rules"],
            "  consumer:checkout-api (consumes it): its file {catalog}/consumers/checkout-api.yaml "
            "fails validation, so its contact is unknown (see modelinv validate)",
        ),
        (
            "models/fraud-detector.yaml",
            (b"lifecycle: production", b"lifecycle: live"),  # SCH004, references still read
            "merchant-embedder",
            ["--replacement", "merchant-embedder-v2"],
            "  model:fraud-detector (depends on it): its file {catalog}/models/fraud-detector.yaml "
            "fails validation, so its contact is unknown (see modelinv validate)",
        ),
    ],
    ids=["consumer", "dependent-model"],
)
def test_deprecate_says_a_contact_is_unknown_when_a_file_is_invalid(
    broken: str,
    damage: tuple[bytes, bytes],
    model: str,
    successor: list[str],
    line: str,
    catalog: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A consumer or dependent model whose file fails validation used to be listed with
    "no contact in the catalog", as if the catalog had none for it."""
    path = catalog / broken
    path.write_bytes(path.read_bytes().replace(*damage))
    code, out, err = run(
        catalog, capsys, "deprecate", model, *successor, "--decommission-date", "2027-01-31"
    )
    assert (code, err) == (0, "")
    assert line.format(catalog=catalog) in out.splitlines()
    assert "no contact in the catalog" not in out


def test_deprecate_says_which_files_it_could_not_read_for_references(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fraud-detector depends on merchant-embedder; with its file unreadable (a YAML error)
    its dependency is unknown, and the list left it out without a word."""
    broken = model_file(catalog, "fraud-detector")
    broken.write_text("apiVersion: [\n", encoding="utf-8")
    code, out, err = run(
        catalog,
        capsys,
        *("deprecate", "merchant-embedder", "--replacement", "merchant-embedder-v2"),
        *("--decommission-date", "2027-01-31"),
    )
    assert code == 0
    assert "model:fraud-detector" not in out
    assert "note: 1 file could not be read for references" in err
    assert "fraud-detector.yaml" in err and "is not listed" in err


@pytest.mark.parametrize(
    ("model", "extra", "message"),
    [
        (
            "fraud-detector",
            ["--no-replacement", "x", "--decommission-date", "2026-12-01"],
            "cannot deprecate: decommission 2026-12-01 is less than the 30-day notice period "
            "after the notice "
            "on 2026-11-26",
        ),
        (
            "legacy-ranker",
            ["--no-replacement", "x", "--decommission-date", "2027-06-01"],
            "cannot deprecate: only a production model can be deprecated, it is deprecated",
        ),
        (
            "fraud-detector",
            ["--replacement", "model:fraud-detector-v9", "--decommission-date", "2027-06-01"],
            "cannot deprecate: replacement model:fraud-detector-v9 is not in the catalog",
        ),
        (
            "fraud-detector",
            ["--replacement", "fraud-detector", "--decommission-date", "2027-06-01"],
            "cannot deprecate: a model cannot replace itself",
        ),
        (
            "fraud-detector",
            ["--replacement", "legacy-ranker", "--decommission-date", "2027-06-01"],
            "cannot deprecate: replacement model:legacy-ranker is itself deprecated",
        ),
        (
            "fraud-detector",
            ["--replacement", "team:payments-ml", "--decommission-date", "2027-06-01"],
            "cannot deprecate: replacement 'team:payments-ml' is not a model reference",
        ),
    ],
)
def test_deprecate_refusals(
    catalog: Path,
    capsys: pytest.CaptureFixture[str],
    model: str,
    extra: list[str],
    message: str,
) -> None:
    before = model_file(catalog, model).read_bytes()
    code, out, err = run(catalog, capsys, "deprecate", model, *extra)
    assert (code, out) == (1, "")
    assert message in err
    assert len(err.splitlines()) == 1
    assert model_file(catalog, model).read_bytes() == before


@pytest.mark.parametrize(
    "flags",
    [[], ["--replacement", "merchant-embedder-v2", "--no-replacement", "both"]],
)
def test_deprecate_needs_exactly_one_successor_option(
    catalog: Path, capsys: pytest.CaptureFixture[str], flags: list[str]
) -> None:
    code, _, err = run(
        catalog,
        capsys,
        *("deprecate", "merchant-embedder", *flags, "--decommission-date", "2027-01-31"),
    )
    assert code == 2
    assert "exactly one of --replacement or --no-replacement" in err


def test_retire_check_complete_exits_0(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(catalog, capsys, "retire-check", "old-scorer")
    assert code == 0
    assert out.splitlines() == [
        "[x] deprecation block written",
        "[x] decommission date reached: 2026-10-31",
        "[x] consumers notified: 2026-08-01",
        "[x] traffic migrated: 2026-10-15",
        "[x] artifacts archived: s3://archive/models/old-scorer/",
        "[x] documentation archived: https://wiki.example.com/archive/old-scorer",
        "[x] serving infrastructure removed: 2026-11-03",
        "[x] no deployments left",
        "8 of 8 done as of 2026-11-26.",
    ]


def test_retire_check_step_dated_after_today_is_not_done(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As of 2026-11-02, old-scorer's infrastructureRemoved (2026-11-03) is a plan, not a
    # step done: neither the checklist nor archive may count it.
    before = model_file(catalog, "old-scorer").read_bytes()
    args = ["--catalog", str(catalog), "--today", "2026-11-02"]
    assert main(["retire-check", "old-scorer", *args]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "[ ] serving infrastructure removed: 2026-11-03 is after 2026-11-02: not done yet" in out
    assert "[x] artifacts archived: s3://archive/models/old-scorer/" in out
    assert out[-1] == "7 of 8 done as of 2026-11-02."
    assert main(["retire-check", "old-scorer", "--catalog", str(catalog), "--today", "2026-11-01"])
    earlier = capsys.readouterr().out
    assert "[ ] artifacts archived: s3://archive/models/old-scorer/ on 2026-11-02, " in earlier
    assert main(["archive", "old-scorer", *args]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1].endswith("cannot archive: not done: serving infrastructure removed")
    assert model_file(catalog, "old-scorer").read_bytes() == before


def test_retire_check_of_a_model_abandoned_before_production_is_its_deployments(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A development or staging model never deprecated is archived once its deployments
    are gone (archive, LC004): retire-check used to list all eight items, told to run
    `deprecate` (which refuses it) and exited 1 while `archive` went ahead."""
    path = model_file(catalog, "risk-model")
    code, out, _ = run(catalog, capsys, "retire-check", "risk-model")
    assert (code, out.splitlines()) == (
        0,
        [
            "[x] no deployments left",
            "1 of 1 done as of 2026-11-26 (never deprecated: a model retired before "
            "production needs only its deployments gone).",
        ],
    )
    staged = path.read_bytes().replace(b"development   #", b"staging   #") + (
        b"  deployments: [{environment: staging, platform: kserve}]\n"
    )
    path.write_bytes(staged)
    code, out, _ = run(catalog, capsys, "retire-check", "risk-model")
    assert code == 1
    assert out.splitlines()[0] == "[ ] no deployments left: staging"
    assert out.splitlines()[-1].startswith("0 of 1 done as of 2026-11-26 (never deprecated")
    # Archived that way, it stays a one-item checklist, as LC004 judges it.
    path.write_bytes(
        staged.replace(b"  deployments: [{environment: staging, platform: kserve}]\n", b"")
    )
    assert run(catalog, capsys, "archive", "risk-model")[0] == 0
    code, out, _ = run(catalog, capsys, "retire-check", "risk-model")
    assert code == 0
    assert out.splitlines()[0] == "[x] no deployments left"
    # A production model is retired through deprecation: the whole checklist.
    code, out, _ = run(catalog, capsys, "retire-check", "fraud-detector")
    assert code == 1
    assert out.splitlines()[0] == "[ ] deprecation block written: run modelinv deprecate"
    assert out.splitlines()[-1] == "0 of 8 done as of 2026-11-26."


def test_retire_check_incomplete_exits_1(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(catalog, capsys, "retire-check", "model:legacy-ranker")
    assert code == 1
    assert "[ ] decommission date reached: 2027-01-15" in out
    assert "[ ] no deployments left: production" in out
    assert out.splitlines()[-1] == "2 of 8 done as of 2026-11-26."


def test_archive_refuses_until_the_checklist_is_done(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = model_file(catalog, "legacy-ranker").read_bytes()
    code, _, err = run(catalog, capsys, "archive", "legacy-ranker")
    assert code == 1
    assert [line.split(": ", 2)[-1] for line in err.splitlines()] == [
        "cannot archive: not done: decommission date reached",
        "cannot archive: not done: traffic migrated",
        "cannot archive: not done: artifacts archived",
        "cannot archive: not done: documentation archived",
        "cannot archive: not done: serving infrastructure removed",
        "cannot archive: not done: no deployments left",
    ]
    assert model_file(catalog, "legacy-ranker").read_bytes() == before


def test_archive_refuses_while_a_model_in_service_depends_on_it(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # old-scorer's checklist is complete, but churn-scorer still lists it upstream:
    # archiving it would give churn-scorer a GR002 error, which validate rejects.
    dependent = model_file(catalog, "churn-scorer")
    uses = dependent.read_bytes().replace(b"upstream: []", b"upstream: [model:old-scorer]")
    dependent.write_bytes(uses)
    before = model_file(catalog, "old-scorer").read_bytes()
    code, out, err = run(catalog, capsys, "archive", "old-scorer")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"modelinv: {model_file(catalog, 'old-scorer')}: it would make another "
        f"file fail validation: {dependent}:19:14: GR002 depends on archived model:old-scorer "
        "(depend on its replacement, or archive this model too)"
    ]
    assert model_file(catalog, "old-scorer").read_bytes() == before
    # Once the dependent moved to the replacement, the model is archived.
    dependent.write_bytes(uses.replace(b"model:old-scorer", b"model:merchant-embedder"))
    code, out, err = run(catalog, capsys, "archive", "old-scorer")
    assert (code, err) == (0, "")
    assert out.endswith("model:old-scorer: deprecated -> archived\n")


def test_an_error_another_file_already_had_does_not_block_an_edit(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # churn-scorer's GR002 on an archived model is there before the edit: not the edit's.
    old = model_file(catalog, "old-scorer")
    old.write_bytes(old.read_bytes().replace(b'lifecycle: "deprecated"', b'lifecycle: "archived"'))
    dependent = model_file(catalog, "churn-scorer")
    dependent.write_bytes(
        dependent.read_bytes().replace(b"upstream: []", b"upstream: [model:old-scorer]")
    )
    code, _, err = run(catalog, capsys, "review", "fraud-detector", "--reviewer", "Ana Lima")
    assert (code, err) == (0, "")


def test_archive_refuses_a_production_model(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(catalog, capsys, "archive", "fraud-detector")
    assert code == 1
    assert (
        "cannot archive: production -> archived is not an allowed move "
        "(from production: staging, deprecated)" in err
    )


def test_promote_to_the_current_stage_changes_nothing(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = model_file(catalog, "fraud-detector").read_bytes()
    code, out, _ = run(catalog, capsys, "promote", "fraud-detector", "--to", "production")
    assert code == 0
    assert out.endswith("nothing to change: model:fraud-detector is already production\n")
    assert model_file(catalog, "fraud-detector").read_bytes() == before


def test_rollback_to_staging_is_allowed(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(catalog, capsys, "promote", "fraud-detector", "--to", "staging")
    assert (code, err) == (0, "")
    assert out.endswith("model:fraud-detector: production -> staging\n")
    assert (
        b"  lifecycle: staging  # since 2026-03-01\n"
        in model_file(catalog, "fraud-detector").read_bytes()
    )


def test_promote_from_development_straight_to_production_is_refused(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(catalog, capsys, "promote", "risk-model", "--to", "production")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].endswith(
        "cannot promote to production: development -> production is not an allowed move "
        "(from development: staging, archived)"
    )
    assert any(line.endswith("missing deployments") for line in lines)


def test_review_without_reviewer_drops_the_old_one(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(catalog, capsys, "review", "churn-scorer")
    assert code == 0
    assert out.splitlines()[1] == (
        "note: removed reviewer Ben Okafor (of the review on 2026-11-01); "
        "pass --reviewer to name today's reviewer"
    )
    text = model_file(catalog, "churn-scorer").read_bytes()
    assert b"  review: {lastReviewed: 2026-11-26}\r\n" in text


@pytest.mark.parametrize(
    ("model", "today", "reasons"),
    [
        (
            "churn-scorer",
            "2026-10-31",
            ["the model's last review is recorded on 2026-11-01 by Ben Okafor, which is later"],
        ),
        (
            "churn-scorer",
            "2020-01-01",
            [
                "the model's last review is recorded on 2026-11-01 by Ben Okafor, which is later",
                "the model was only created on 2025-06-01",
            ],
        ),
        ("risk-model", "2025-05-31", ["the model was only created on 2025-06-01"]),  # no review
    ],
)
def test_review_refuses_a_date_before_the_recorded_review_or_creation(
    model: str,
    today: str,
    reasons: list[str],
    catalog: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An earlier --today used to move lastReviewed back (even before `created`) and erase
    the real reviewer, with exit 0."""
    path = model_file(catalog, model)
    text = path.read_bytes()
    eol = b"\r\n" if b"\r\n" in text else b"\n"
    text = text.replace(b"  owner: team:payments-ml" + eol, b"  owner: team:payments-ml" + eol
                        + b"  created: 2025-06-01" + eol)  # fmt: skip
    path.write_bytes(text)
    code = main(["review", model, "--reviewer", "A", "--catalog", str(catalog), "--today", today])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"modelinv: {path}: cannot record a review on {today}: {r} (check --today)" for r in reasons
    ]
    assert path.read_bytes() == text


def test_review_on_the_recorded_date_is_allowed(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = model_file(catalog, "churn-scorer")
    code = main(
        ["review", "churn-scorer", "--reviewer", "A", "--catalog", str(catalog),
         "--today", "2026-11-01"]
    )  # fmt: skip
    assert (code, capsys.readouterr().err) == (0, "")
    assert b"  review: {lastReviewed: 2026-11-01, reviewer: A}\r\n" in path.read_bytes()


def test_unknown_model(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(catalog, capsys, "review", "fraud-detektor")
    assert (code, out) == (1, "")
    assert err.endswith(
        "no model 'fraud-detektor' in " + str(catalog) + " (did you mean 'fraud-detector'?)\n"
    )


def test_not_a_model_reference(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(catalog, capsys, "archive", "team:payments-ml")
    assert code == 1
    assert "'team:payments-ml' is not a model id" in err


def test_invalid_file_is_not_edited(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = model_file(catalog, "fraud-detector")
    broken = path.read_bytes().replace(b"lifecycle: production", b"lifecycle: live")
    path.write_bytes(broken)
    code, _, err = run(catalog, capsys, "review", "fraud-detector")
    assert code == 1
    assert "the file is not valid, fix it first:" in err
    assert "fraud-detector.yaml:9:14 SCH004" in err
    assert path.read_bytes() == broken


def test_file_with_a_duplicate_key_is_not_edited(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file is at fault, not the edit: say so, with the position, as for any error."""
    path = model_file(catalog, "fraud-detector")
    broken = path.read_bytes().replace(
        b"  owner: team:payments-ml\n", b"  owner: team:payments-ml\n  owner: team:payments-ml\n"
    )
    assert broken != path.read_bytes()
    path.write_bytes(broken)
    code, out, err = run(catalog, capsys, "review", "fraud-detector", "--reviewer", "Ana Lima")
    assert (code, out) == (1, "")
    assert "the file is not valid, fix it first:" in err
    assert "fraud-detector.yaml:11:3 YML002 duplicate key 'owner'" in err
    assert "the edit would not parse" not in err
    assert path.read_bytes() == broken


@pytest.mark.parametrize(
    "args",
    [
        ["review", "fraud-detector", "--reviewer", "Ana Lima"],
        ["promote", "fraud-detector", "--to", "staging"],
        ["deprecate", "fraud-detector", "--no-replacement", "x",
         "--decommission-date", "2027-01-31"],
        ["retire-check", "fraud-detector"],
    ],
    ids=lambda a: a[0],
)  # fmt: skip
def test_a_duplicate_id_is_refused(
    args: list[str], catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two files declaring one id (ID003): the commands used to edit whichever came first
    in path order (here the copy in archive/) and exit 0."""
    (catalog / "models" / "archive").mkdir()
    original = model_file(catalog, "fraud-detector")
    copy = catalog / "models" / "archive" / "fraud-detector.yaml"
    copy.write_bytes(original.read_bytes())
    before = original.read_bytes()
    code, out, err = run(catalog, capsys, *args)
    assert (code, out) == (1, "")
    assert err == (
        f"modelinv: {catalog}/models/archive/fraud-detector.yaml: model id 'fraud-detector' is "
        f"also declared in {catalog}/models/fraud-detector.yaml (ID003 duplicate-id): resolve "
        "the duplicate first (rename or remove one of the files); nothing is edited\n"
    )
    assert original.read_bytes() == before
    assert copy.read_bytes() == before


def test_missing_catalog_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(tmp_path / "nope", capsys, "review", "fraud-detector")
    assert code == 2
    assert "catalog directory not found" in err


def test_bad_date_is_a_usage_error(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        catalog,
        capsys,
        *("deprecate", "fraud-detector", "--no-replacement", "x"),
        *("--decommission-date", "2027-02-30"),
    )
    assert code == 2
    assert "'2027-02-30' is not a date YYYY-MM-DD" in err


@pytest.mark.parametrize("day", ["20261126", "2026-W48", "2026-W48-4", "2026W484", "2026-330"])
def test_a_date_in_another_iso_form_is_a_usage_error(
    catalog: Path, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    """Only YYYY-MM-DD: `2026-W48` is not silently read as Monday 2026-11-23."""
    path = model_file(catalog, "fraud-detector")
    before = path.read_bytes()
    code = main(["review", "fraud-detector", "--catalog", str(catalog), "--today", day])
    assert code == 2
    assert f"'{day}' is not a date YYYY-MM-DD" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_promote_refused_by_a_rule_unless_waived(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = model_file(catalog, "churn-scorer")
    stale = path.read_bytes().replace(b"lastReviewed: 2026-11-01", b"lastReviewed: 2026-05-01")
    path.write_bytes(stale)
    code, _, err = run(catalog, capsys, "promote", "churn-scorer", "--to", "production")
    assert code == 1
    assert "the result would not validate: TM001 last reviewed 2026-05-01" in err
    assert path.read_bytes() == stale
    waived = stale.replace(
        b"  title: Churn Scorer\r\n",
        b"  title: Churn Scorer\r\n  waivers:\r\n"
        b"    - {rule: TM001, reason: review booked, approvedBy: Risk board, expires: 2026-12-31}"
        b"\r\n",
    )
    path.write_bytes(waived)
    code, _, err = run(catalog, capsys, "promote", "churn-scorer", "--to", "production")
    assert (code, err) == (0, "")


def test_deprecate_rewrites_an_existing_deprecation_block(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = model_file(catalog, "merchant-embedder")
    planned = path.read_bytes() + (
        b"  deprecation:  # planned\n"
        b"    notified: 2026-11-01\n"
        b"    decommission: 2027-03-01\n"
        b"    replacement: model:merchant-embedder-v2\n"
    )
    path.write_bytes(planned)
    code, _, err = run(
        catalog,
        capsys,
        *("deprecate", "merchant-embedder", "--no-replacement", "v2 was cancelled"),
        *("--decommission-date", "2027-02-01"),
    )
    assert (code, err) == (0, "")
    assert path.read_bytes().endswith(
        b"  deprecation:  # planned\n"
        b"    notified: 2026-11-26\n"
        b"    decommission: 2027-02-01\n"
        b"    noReplacement: v2 was cancelled\n"
    )


@pytest.mark.parametrize(
    ("block", "swapped"),
    [
        (
            b"  deprecation:   # planned\n"
            b"    notified: 2026-11-01\n"
            b"    noReplacement: 'none'  # keep me\n"
            b"    decommission: 2027-03-01\n",
            b"  deprecation:   # planned\n"
            b"    notified: 2026-11-26\n"
            b"    replacement: 'model:merchant-embedder-v2'  # keep me\n"
            b"    decommission: 2027-01-31\n",
        ),
        (
            b"  deprecation: {notified: 2026-11-01, noReplacement: none, decommission: 2027-03-01}"
            b"  # planned\n",
            b"  deprecation: {notified: 2026-11-26, replacement: model:merchant-embedder-v2, "
            b"decommission: 2027-01-31}  # planned\n",
        ),
    ],
    ids=["block", "flow"],
)
def test_deprecate_swaps_the_successor_key_in_place(
    block: bytes, swapped: bytes, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Switching a planned block from a reason to a replacement used to delete the
    `noReplacement` line with its comment and append `replacement` at the end."""
    path = model_file(catalog, "merchant-embedder")
    before = path.read_bytes()
    path.write_bytes(before + block)
    code, _, err = run(
        catalog,
        capsys,
        *("deprecate", "merchant-embedder", "--replacement", "merchant-embedder-v2"),
        *("--decommission-date", "2027-01-31"),
    )
    assert (code, err) == (0, "")
    assert path.read_bytes() == (
        before.replace(b"lifecycle: production", b"lifecycle: deprecated") + swapped
    )


@pytest.mark.parametrize(
    "args",
    [
        ["deprecate", "fraud-detector", "--no-replacement", "x",
         "--decommission-date", "2027-01-01"],
        ["promote", "churn-scorer", "--to", "staging"],
        ["review", "fraud-detector", "--reviewer", "Ana Lima"],
        ["archive", "legacy-ranker"],
        ["retire-check", "legacy-ranker"],
        ["new", "model", "churn-v2", "--owner", "payments-ml", "--maintainer-name", "Ana Lima",
         "--maintainer-email", "ana.lima@example.com"],
    ],
    ids=lambda a: a[0],
)  # fmt: skip
def test_an_invalid_policy_is_a_usage_error(
    args: list[str], catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commands judge by the policy (the notice period, review intervals); with an
    invalid policy file they used to judge by the defaults: a 2027-01-01 decommission was
    written although the organisation's notice period is 60 days."""
    (catalog / "policy.yaml").write_text(
        'apiVersion: modelinv/v1\nkind: Policy\nspec:\n  noticePeriodDays: "60"\n'
    )
    before = {p: p.read_bytes() for p in catalog.rglob("*.yaml")}
    code, out, err = run(catalog, capsys, *args)
    assert (code, out) == (2, "")
    assert err == (
        f"modelinv: {catalog}/policy.yaml:4:21: SCH003 spec.noticePeriodDays: expected a whole "
        "number, got text '60': the policy file is not valid, so nothing is edited; fix it "
        "first (see modelinv validate)\n"
    )
    assert {p: p.read_bytes() for p in catalog.rglob("*.yaml")} == before
