"""The command line: each command parses options, calls the engine, prints and exits."""

from modelinv.cli.main import cli, main, run

__all__ = ["cli", "main", "run"]
