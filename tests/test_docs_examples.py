"""Every shell and Python example in README.md and docs/*.md runs as written, on a copy of
the example repository; the few that cannot run here say why in a `<!-- not-run: REASON
-->` line right above the block.

Each block runs as one bash script (`set -e -o pipefail`: every command must succeed) in a
fresh temporary git repository holding this repository's catalog/, examples/, schemas/ and
.github/ (the policy requires its CODEOWNERS), with `origin/main` (the ref the docs compare
with) and the environment a GitHub workflow gives (`BASE_REF=main`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from command_lines import parses
from modelinv.cli.action import Inputs, command_line
from modelinv.cli.main import command
from modelinv.governance.policy import DEFAULT

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NOT_RUN = re.compile(r"^<!-- not-run: (?P<reason>\S.*\S) -->$")
BIN = Path(sys.executable).parent
COPIED = ("catalog", "examples", "schemas", ".github")


@dataclass(frozen=True)
class Block:
    doc: str
    line: int  # of the opening fence
    script: str
    not_run: str | None  # the reason, when marked


def blocks(text: str, doc: str, language: str = "sh") -> list[Block]:
    """The ```sh (or other `language`) blocks of a Markdown text, each with the marker line
    above it, if any."""
    found = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == f"```{language}":
            end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
            above = lines[index - 1] if index else ""
            marker = NOT_RUN.match(above)
            script = "\n".join(lines[index + 1 : end]) + "\n"
            found.append(Block(doc, index + 1, script, marker["reason"] if marker else None))
            index = end
        index += 1
    return found


ALL = [b for path in DOCS for b in blocks(path.read_text("utf-8"), path.relative_to(ROOT).name)]
RUN = [b for b in ALL if b.not_run is None]
# ```text blocks that show a modelinv command (`$ modelinv ...`) and what it prints.
TRANSCRIPTS = [
    b
    for path in DOCS
    for b in blocks(path.read_text("utf-8"), path.relative_to(ROOT).name, "text")
    if b.not_run is None and b.script.startswith("$ modelinv ")
]
PYTHON = [
    b
    for path in DOCS
    for b in blocks(path.read_text("utf-8"), path.relative_to(ROOT).name, "python")
    if b.not_run is None
]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "inventory"
    repo.mkdir()
    for name in COPIED:
        shutil.copytree(ROOT / name, repo / name)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Docs")
    _git(repo, "config", "user.email", "docs@example.com")
    _git(repo, "config", "commit.gpgsign", "false")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "example inventory")
    _git(tmp_path, "clone", "-q", "--bare", str(repo), "origin.git")
    _git(repo, "remote", "add", "origin", str(tmp_path / "origin.git"))
    _git(repo, "fetch", "-q", "origin")
    return repo


def test_blocks_are_found_and_marked_with_a_reason() -> None:
    assert len(RUN) >= 5, [f"{b.doc}:{b.line}" for b in RUN]
    for block in ALL:
        assert block.script.strip(), f"{block.doc}:{block.line}: empty block"


def test_marker_is_recognised_only_right_above_a_block() -> None:
    text = (
        "<!-- not-run: a reason -->\n```sh\nfalse\n```\n\n<!-- not-run: x -->\n\n```sh\ntrue\n```\n"
    )
    first, second = blocks(text, "t.md")
    assert first.not_run == "a reason" and first.script == "false\n"
    assert second.not_run is None and second.line == 8


def _run(argv: list[str], repo: Path) -> subprocess.CompletedProcess[str]:
    """`argv` run in the example repository as a workflow would: this environment's
    modelinv first on the PATH, `BASE_REF=main`, no GIT_* or GitHub Actions variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["BASE_REF"] = "main"
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("block", RUN, ids=[f"{b.doc}:{b.line}" for b in RUN])
def test_shell_example_runs(block: Block, example_repo: Path) -> None:
    done = _run(["bash", "-e", "-o", "pipefail", "-c", block.script], example_repo)
    assert done.returncode == 0, (
        f"{block.doc}:{block.line} fails (exit {done.returncode}):\n{block.script}\n"
        f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}"
    )


@pytest.mark.parametrize("block", PYTHON, ids=[f"{b.doc}:{b.line}" for b in PYTHON])
def test_python_example_runs(block: Block, example_repo: Path) -> None:
    """The Python API examples import what exists and run (they had named modules that
    moved: `modelinv.history`, `modelinv.gate`)."""
    done = _run([sys.executable, "-c", block.script], example_repo)
    assert done.returncode == 0, (
        f"{block.doc}:{block.line} fails (exit {done.returncode}):\n{block.script}\n"
        f"stderr:\n{done.stderr[-3000:]}"
    )


@pytest.mark.parametrize("block", TRANSCRIPTS, ids=[f"{b.doc}:{b.line}" for b in TRANSCRIPTS])
def test_transcript_is_what_the_command_prints(block: Block, example_repo: Path) -> None:
    """A shown command prints exactly the lines shown (stdout and stderr together), up to a
    last line `...` when the rest is left out."""
    command, *shown = block.script.rstrip("\n").split("\n")
    if shown and shown[-1] == "...":
        shown = shown[:-1]
    done = _run(["bash", "-c", command.removeprefix("$ ") + " 2>&1"], example_repo)
    printed = done.stdout.splitlines()
    assert printed[: len(shown)] == shown, f"{block.doc}:{block.line}:\n{done.stdout}"
    if block.script.rstrip("\n").split("\n")[-1] != "...":
        assert len(printed) == len(shown), f"{block.doc}:{block.line}:\n{done.stdout}"


def test_readme_sample_finding_is_the_real_one(example_repo: Path) -> None:
    """The README shows the finding for a typo in a reference: make that typo at that
    position, and validate must print exactly that line."""
    readme = (ROOT / "README.md").read_text("utf-8")
    sample = re.search(
        r"^(?P<path>catalog/\S+):(?P<line>\d+):(?P<col>\d+): REF001 unknown reference "
        r"'(?P<typo>[^']+)' \(did you mean '(?P<right>[^']+)'\?\)$",
        readme,
        re.MULTILINE,
    )
    assert sample, "README.md has no sample REF001 finding"
    path = example_repo / sample["path"]
    lines = path.read_text("utf-8").splitlines(keepends=True)
    line, col = int(sample["line"]) - 1, int(sample["col"]) - 1
    assert lines[line][col:].startswith(sample["right"]), "the sample points elsewhere"
    lines[line] = lines[line][:col] + sample["typo"] + lines[line][col + len(sample["right"]) :]
    path.write_text("".join(lines), encoding="utf-8")
    done = subprocess.run(
        [str(BIN / "modelinv"), "validate", "catalog", "--today", "2026-11-26"],
        cwd=example_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert sample.group(0) in done.stdout.splitlines(), done.stdout


def _options(command: click.Command) -> set[str]:
    """Every long option of `command` and of its subcommands."""
    found = {name for param in command.params for name in param.opts if name.startswith("--")}
    if isinstance(command, click.Group):
        for name in command.list_commands(click.Context(command)):
            sub = command.get_command(click.Context(command), name)
            found |= _options(sub) if sub is not None else set()
    return found


def test_readme_command_table_names_options_that_exist() -> None:
    """Each `--option` the README's command table gives a command is one it takes."""
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index("## Commands") : readme.index("`python -m modelinv` works")]
    checked = 0
    for row in table.splitlines():
        name = re.match(r"\| `modelinv ([a-z-]+)", row)
        if name is None:
            continue
        found = command(name[1])
        assert found is not None, row
        missing = set(re.findall(r"(--[a-z][a-z-]+)", row)) - _options(found)
        assert not missing, f"{name[1]}: {sorted(missing)}"
        checked += 1
    assert checked >= 15


def _keys_differ(shown: Any, real: Any, where: str = "") -> list[str]:
    """Where a documented JSON sample's keys (in order, nested, first list items) are not
    the real output's."""
    if isinstance(shown, dict) and isinstance(real, dict):
        found = (
            [f"{where or '.'}: {list(shown)} != {list(real)}"] if list(shown) != list(real) else []
        )
        return found + [
            d for k in shown if k in real for d in _keys_differ(shown[k], real[k], f"{where}.{k}")
        ]
    if isinstance(shown, list) and isinstance(real, list) and shown and real:
        return _keys_differ(shown[0], real[0], f"{where}[0]")
    return []


@pytest.mark.parametrize(
    ("doc", "number", "command"),
    [
        ("governance-git.md", 0, "modelinv history fraud-detector --format json"),
        ("governance-git.md", 1, "modelinv history --at 2030-01-01 --format json"),
        (
            "gate.md",
            0,
            "modelinv gate fraud-detector -e production --today 2026-11-26 --format json",
        ),
    ],
)
def test_json_samples_have_the_real_shape(
    doc: str, number: int, command: str, example_repo: Path
) -> None:
    """The documented JSON outputs name the keys the commands write, in their order."""
    text = (ROOT / "docs" / doc).read_text("utf-8")
    shown = json.loads(re.findall(r"```json\n(.*?)```", text, re.S)[number])
    done = _run(["bash", "-c", f"{command} 2>/dev/null || true"], example_repo)  # gate: 0 or 1
    assert _keys_differ(shown, json.loads(done.stdout)) == []


def test_readme_policy_defaults_are_the_real_ones() -> None:
    """The README lists "the defaults" of the policy file: they are the ones in force."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### The policy file") :]
    block = section[section.index("```yaml\n") + len("```yaml\n") :]
    shown = yaml.safe_load(block[: block.index("```\n")])["spec"]
    real = DEFAULT.model_dump(by_alias=True)["spec"]
    assert len(shown) >= 7
    assert {key: real[key] for key in shown} == shown


def test_format_reference_has_a_complete_model_that_validates(example_repo: Path) -> None:
    """docs/format.md's complete model file validates in the example catalog, with every
    attribute group (it is in production, where CMP001 asks for all twelve)."""
    text = (ROOT / "docs" / "format.md").read_text("utf-8")
    section = text[text.index("## A complete model file") :]
    block = section[section.index("```yaml\n") + len("```yaml\n") :]
    block = block[: block.index("```\n")]
    name = re.search(r"^  name: (\S+)$", block, re.MULTILINE)
    assert name and "lifecycle: production" in block and "waivers:" in block
    path = example_repo / "catalog" / "models" / f"{name[1]}.yaml"
    path.write_text(block, encoding="utf-8")
    done = subprocess.run(
        [str(BIN / "modelinv"), "validate", "catalog", "--today", "2026-11-26", "--format", "json"],
        cwd=example_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"models/{name[1]}.yaml" not in done.stdout


def _action_steps(node: object) -> list[dict[str, Any]]:
    """Every mapping in a parsed YAML snippet that uses the modelinv action."""
    if isinstance(node, list):
        return [step for item in node for step in _action_steps(item)]
    if not isinstance(node, dict):
        return []
    found = [node] if str(node.get("uses", "")).startswith("modelinv/modelinv@") else []
    return found + [step for value in node.values() for step in _action_steps(value)]


def test_action_snippets_use_existing_inputs_and_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workflow snippets of README.md and docs/ that use the action give it inputs it
    has and name commands that exist."""
    monkeypatch.chdir(ROOT)  # where `catalog` exists, as in the inventory repository
    inputs = set(yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))["inputs"])
    steps = []
    for path in DOCS:
        text = path.read_text("utf-8")
        for snippet in re.findall(r"```yaml\n(.*?)```", text, re.S):
            if "modelinv/modelinv@" in snippet:
                steps += _action_steps(yaml.load(textwrap.dedent(snippet), yaml.BaseLoader))
    assert len(steps) >= 4
    for step in steps:
        given = step.get("with", {})
        assert set(given) <= inputs, set(given) - inputs
        parses(
            command_line(
                Inputs(
                    command=given.get("command", "validate"),
                    base_ref=given.get("base-ref", ""),
                    output_format=given.get("format", ""),
                    args=given.get("args", ""),
                    output=given.get("output", ""),
                )
            )
        )
