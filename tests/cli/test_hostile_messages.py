"""Error and usage messages quote what they were given (arguments, file names, usage data
from a pull request) without letting it reach the terminal or the CI log as itself: no
escape sequence, no bidi override, no line break that would forge a line of its own
(issue 12, item 11: "escape control characters in every output")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from git_support import GitRepo
from modelinv.cli import main

TODAY = "2026-11-26"
EXAMPLE_RULES = Path(__file__).resolve().parents[2] / "catalog" / "rules"
# An OSC title sequence, BEL, a bidi override and a line break that would print a line of
# its own, each once.
EVIL = "x\x1b]0;t\x07\u202e\nmodelinv: all checks passed"
SHOWN = "x\\u001b]0;t\\u0007\\u202e\\u000amodelinv: all checks passed"
RAW = ("\x1b", "\x07", "\u202e", "\r")


def _forged(text: str) -> list[str]:
    """Lines of `text` that start with what EVIL tries to forge."""
    return [line for line in text.splitlines() if line.startswith("modelinv: all checks")]


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    git_repo.commit("inventory")
    monkeypatch.chdir(git_repo.path)
    return git_repo


@pytest.mark.parametrize(
    "args",
    [
        ["validate", EVIL],
        ["validate", "catalog", "--today", EVIL],
        ["check-files", EVIL],
        ["rules", EVIL],
        ["history", EVIL],
        ["history", "fraud-detector", "--catalog", EVIL],
        ["diff", EVIL],
        ["diff", f"{EVIL}...HEAD"],
        ["gate", EVIL, "-e", "production", "--today", TODAY],
        ["codeowners", "--fallback", EVIL],
        ["codeowners", "--catalog", EVIL, "--check"],
        ["report", "retirement", EVIL],
        ["build", EVIL, "--out", "site"],
        ["review", EVIL, "--reviewer", "Ana Lima"],
        ["promote", EVIL, "--to", "production"],
        ["export", EVIL],
        ["search", "fraud", "--db", EVIL],
        ["docs", "--readme", EVIL, "--check"],
        [EVIL],
        ["validate", f"--{EVIL}"],
    ],
    ids=lambda args: " ".join(a if a != EVIL else "EVIL" for a in args).replace(EVIL, "EVIL"),
)
def test_a_message_never_writes_what_it_quotes_as_itself(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code = main(args)
    out, err = capsys.readouterr()
    assert code in (1, 2), (code, out, err)
    for char in RAW:
        assert char not in out + err, (char, out, err)
    assert _forged(out + err) == [], err
    # The message still says what it was given, escaped (ours as `\\u` escapes, click's as
    # Python writes a string).
    assert "x\\u001b]0;t\\u0007\\u202e" in out + err or "x\\x1b]0;t\\x07\\u202e" in err, err


def test_a_usage_message_keeps_the_whole_argument_on_its_line(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", EVIL]) == 2
    err = capsys.readouterr().err
    assert err == f"modelinv: no rule '{SHOWN}' (see 'modelinv rules')\n"


def test_usage_data_problems_are_shown_escaped(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    usage = repo.path / "usage.csv"
    # A quoted CSV field may hold a line break and anything else.
    usage.write_text(f'model,date,requests\n"{EVIL}",2026-11-01,5\n', encoding="utf-8")
    args = ["report", "retirement", "--usage", str(usage), "--today", TODAY]
    assert main(args) == 2
    err = capsys.readouterr().err
    for char in RAW:
        assert char not in err
    assert _forged(err) == []
    assert SHOWN in err
    assert err.endswith("modelinv: the usage data has problems (see above); no report made\n")


def test_the_crash_guard_escapes_the_exception_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from modelinv.cli import rules_cmd

    def explode(*_: object) -> None:
        raise RuntimeError(EVIL)

    monkeypatch.setattr(rules_cmd, "_org_rules", explode)
    monkeypatch.chdir(tmp_path)
    assert main(["rules"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"modelinv: internal error: RuntimeError: {SHOWN} (please report")
    assert err.count("\n") == 1


def test_organisation_rules_are_listed_escaped(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """An organisation rule's file name and message come from the pull request too."""
    example = EXAMPLE_RULES / "high-risk-accountability.schema.json"
    rule = json.loads(example.read_text(encoding="utf-8"))
    rule["x-modelinv"] = {**rule["x-modelinv"], "code": "ORG002", "message": EVIL}
    (repo.catalog / "rules").mkdir()
    (repo.catalog / "rules" / "ev\u202eil.schema.json").write_text(json.dumps(rule))
    for args in (["rules"], ["rules", "ORG002"]):
        assert main(args) == 0
        out = capsys.readouterr().out
        for char in RAW:
            assert char not in out, (args, out)
        assert _forged(out) == []
        assert SHOWN in out
        assert "ev\\u202eil" in out


def test_history_shows_the_files_path_escaped(
    hermetic_git: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The path `history` names comes from git: any folder a pull request renamed."""
    folder = "in\x1b]0;t\x07v"
    repo = GitRepo.init(tmp_path / "repo", catalog=folder)
    repo.commit("inventory")
    assert main(["history", "fraud-detector", "--catalog", str(repo.catalog)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("fraud-detector: in\\u001b]0;t\\u0007v/models/fraud-detector.yaml, ")
    for char in RAW:
        assert char not in out
