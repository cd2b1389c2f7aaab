"""The exit codes every command shares, and the one way a command complains on stderr."""

from __future__ import annotations

from typing import NoReturn

import click

from modelinv.support.unsafe_text import visible

EXIT_OK = 0
EXIT_FINDINGS = 1  # findings, a blocked gate, drift, a refused edit: something to fix
EXIT_USAGE = 2  # a usage or configuration error: the run could not start
EXIT_CRASH = 3  # an internal error, reported in one line


def complain(message: str) -> None:
    """`modelinv: message` on stderr, on one line. Messages quote what users and catalogs
    give (arguments, file names, values from a pull request): a newline, an escape sequence
    or a bidi override in one is shown as a `\\uXXXX` escape, never written as itself."""
    click.echo(f"modelinv: {visible(message)}", err=True)


def usage_error(message: str) -> NoReturn:
    """Complain, then stop with EXIT_USAGE."""
    complain(message)
    raise click.exceptions.Exit(EXIT_USAGE)
