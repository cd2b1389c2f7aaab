"""The GitHub Action's entry point (`action.yml`): its inputs, read from the environment,
become one modelinv command line, which runs with its output in the log or the job summary.

The commands disagree on how they take the catalog (`validate catalog` but `diff --catalog
catalog`) and the base ref (`validate --base REF` but `diff REF HEAD`); the table below
knows, so a workflow only names the command and the action's inputs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from modelinv.cli.exits import EXIT_USAGE


class ActionInputError(Exception):
    """An input the action cannot turn into a command line."""


@dataclass(frozen=True, slots=True)
class Shape:
    """How one command takes the action's inputs."""

    catalog: Literal["argument", "option"]
    base: Literal["option", "argument", "unused"]
    formats: bool  # whether it has --format
    subcommand: bool = False  # `report NAME`


COMMANDS: dict[str, Shape] = {
    "validate": Shape(catalog="argument", base="option", formats=True),
    "check-files": Shape(catalog="option", base="unused", formats=True),
    "codeowners": Shape(catalog="option", base="unused", formats=False),
    "diff": Shape(catalog="option", base="argument", formats=True),
    "report": Shape(catalog="argument", base="unused", formats=True, subcommand=True),
    "build": Shape(catalog="argument", base="unused", formats=False),
    "history": Shape(catalog="option", base="unused", formats=True),
    "gate": Shape(catalog="option", base="unused", formats=True),
}


@dataclass(frozen=True, slots=True)
class Inputs:
    command: str = "validate"
    catalog: str = "catalog"
    base_ref: str = ""
    output_format: str = ""
    args: str = ""
    summary: bool = False
    output: str = ""  # a file for the command's output (e.g. SARIF), instead of the log

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        summary = env.get("INPUT_SUMMARY", "false").strip().lower()
        if summary not in ("true", "false", ""):
            raise ActionInputError(f"summary: expected true or false, got {summary!r}")
        return cls(
            command=env.get("INPUT_COMMAND", "").strip() or "validate",
            catalog=env.get("INPUT_CATALOG", "").strip() or "catalog",
            base_ref=env.get("INPUT_BASE_REF", "").strip(),
            output_format=env.get("INPUT_FORMAT", "").strip(),
            args=env.get("INPUT_ARGS", ""),
            summary=summary == "true",
            output=env.get("INPUT_OUTPUT", "").strip(),
        )


def _split(text: str, what: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise ActionInputError(f"{what}: {exc}") from None


def command_line(inputs: Inputs) -> list[str]:
    """The arguments of `modelinv` for these inputs."""
    words = _split(inputs.command, "command")
    name = words[0] if words else ""
    shape = COMMANDS.get(name)
    if shape is None:
        raise ActionInputError(
            f"command: {name!r} is not one the action runs (one of: {', '.join(COMMANDS)})"
        )
    argv = [name]
    if shape.subcommand:
        if len(words) != 2:
            raise ActionInputError(f"command: '{name}' needs one more word, e.g. '{name} NAME'")
        argv.append(words[1])
    elif len(words) != 1:
        raise ActionInputError(f"command: one word expected, got {inputs.command!r} (use args)")
    for_base: list[str] = []
    if inputs.base_ref.startswith("-"):
        raise ActionInputError(f"base-ref: not a git ref: {inputs.base_ref!r}")
    if shape.base == "argument":
        if not inputs.base_ref:
            raise ActionInputError(f"base-ref: '{name}' needs the ref to compare with")
        argv += [inputs.base_ref, "HEAD"]
    elif shape.base == "option" and inputs.base_ref:
        for_base = ["--base", inputs.base_ref]
    elif shape.base == "unused" and inputs.base_ref:
        raise ActionInputError(f"base-ref: '{name}' does not compare with a ref")
    argv += [inputs.catalog] if shape.catalog == "argument" else ["--catalog", inputs.catalog]
    argv += for_base
    if inputs.output_format:
        if not shape.formats:
            raise ActionInputError(f"format: '{name}' has no --format")
        argv += ["--format", inputs.output_format]
    return argv + _split(inputs.args, "args")


def main(env: Mapping[str, str] | None = None) -> int:
    """Run the command the inputs describe; its exit code is the step's."""
    env = os.environ if env is None else env
    try:
        inputs = Inputs.from_env(env)
        argv = command_line(inputs)
    except ActionInputError as exc:
        print(f"modelinv action: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"modelinv {shlex.join(argv)}", file=sys.stderr, flush=True)
    program = [sys.executable, "-m", "modelinv", *argv]
    if inputs.summary and inputs.output:
        print("modelinv action: give summary or output, not both", file=sys.stderr)
        return EXIT_USAGE
    if inputs.output:
        return _run_into(program, inputs.output, "w", "output")
    if not inputs.summary:
        return subprocess.run(program, check=False).returncode
    summary = env.get("GITHUB_STEP_SUMMARY", "")
    if not summary:
        print("modelinv action: summary: GITHUB_STEP_SUMMARY is not set", file=sys.stderr)
        return EXIT_USAGE
    return _run_into(program, summary, "a", "summary")


def _run_into(program: list[str], path: str, mode: Literal["w", "a"], what: str) -> int:
    """Run `program` with its output written (`w`, as > does) or appended (`a`, as >> does)
    to `path`; a file that cannot be opened is a usage error naming the input, not a
    traceback whose exit code reads as findings."""
    try:
        handle = open(path, mode, encoding="utf-8")  # noqa: PTH123, SIM115 (as > does)
    except OSError as exc:
        print(
            f"modelinv action: {what}: cannot write {path}: {exc.strerror or exc}", file=sys.stderr
        )
        return EXIT_USAGE
    with handle:
        return subprocess.run(program, stdout=handle, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
