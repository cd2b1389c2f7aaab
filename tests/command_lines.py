"""Test helper: does a modelinv command line name commands and options that exist?"""

from __future__ import annotations

import click

from modelinv.cli import cli


def parses(argv: list[str]) -> None:
    """The command line names an existing (sub)command and options it accepts; click parses
    and converts every value as it would before running the command (nothing runs)."""
    command: click.Command = cli
    words = list(argv)
    name = "modelinv"
    while isinstance(command, click.Group):
        name = words.pop(0)
        found = command.get_command(click.Context(command), name)
        assert found is not None, f"no command '{name}' in 'modelinv {' '.join(argv)}'"
        command = found
    with command.make_context(name, words):
        pass
