"""Workflow commands: what modelinv means is what GitHub's runner reads back."""

from __future__ import annotations

import pytest

from github_support import parse
from modelinv.support.workflow_commands import command


@pytest.mark.parametrize(
    "path",
    ["catalog/models/a.yaml", "deploy/a,b.yaml", "C:/deploy/x.yaml", "100%/a:b,c=d.yaml"],
)
def test_properties_and_message_survive_the_runner(path: str) -> None:
    message = "50% of it: a, b\nand :: more"
    line = command("warning", [("file", path), ("line", 3), ("title", "modelinv drift")], message)
    assert parse(line) == (
        "warning",
        {"file": path, "line": "3", "title": "modelinv drift"},
        message.replace("\n", "\\u000a"),  # a line break is shown, not kept
    )


def test_without_properties_the_name_stands_alone() -> None:
    assert command("notice", [], "hi") == "::notice::hi"
    assert parse(command("warning", [("title", "modelinv orphan")], "x")) == (
        "warning",
        {"title": "modelinv orphan"},
        "x",
    )


def test_hidden_characters_are_shown_as_escapes() -> None:
    line = command("error", [("title", "t\x1b]0;x\x07")], "evil\x1b[2J\u202e")
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert parse(line)[2] == "evil\\u001b[2J\\u202e"
