"""`python -m modelinv`."""

from modelinv.cli import run

run()
