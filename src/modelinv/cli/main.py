"""The `modelinv` click group and the crash guard around it."""

from __future__ import annotations

import errno
import gc
import importlib
import os
import sys

import click

from modelinv import __version__
from modelinv.cli.exits import EXIT_CRASH, EXIT_USAGE, complain
from modelinv.support import lifetime

REPORT_URL = "https://github.com/modelinv/modelinv/issues"

# Command name -> "module:attribute". A command's module (and what it needs: pydantic, the
# site's templates, git plumbing) is imported only when that command runs, so
# `modelinv --version` or a cached `validate` pays for nothing else.
COMMANDS: dict[str, str] = {
    "validate": "modelinv.cli.validate_cmd:validate",
    "schema": "modelinv.cli.schema_cmd:schema",
    "rules": "modelinv.cli.rules_cmd:rules",
    "docs": "modelinv.cli.docs_cmd:docs",
    "new": "modelinv.cli.edit_cmds:new",
    "promote": "modelinv.cli.edit_cmds:promote",
    "deprecate": "modelinv.cli.edit_cmds:deprecate",
    "retire-check": "modelinv.cli.edit_cmds:retire_check",
    "archive": "modelinv.cli.edit_cmds:archive",
    "review": "modelinv.cli.edit_cmds:review",
    "gate": "modelinv.cli.gate_cmd:gate",
    "history": "modelinv.cli.history_cmd:history",
    "diff": "modelinv.cli.diff_cmd:diff",
    "report": "modelinv.cli.report_cmd:report",
    "build": "modelinv.cli.build_cmd:build",
    "check-files": "modelinv.cli.check_files_cmd:check_files",
    "codeowners": "modelinv.cli.codeowners_cmd:codeowners",
    "discover": "modelinv.cli.discover_cmd:discover",
    "sync": "modelinv.cli.sync_cmd:sync",
    "init": "modelinv.cli.init_cmd:init",
    "export": "modelinv.cli.export_cmd:export",
    "search": "modelinv.cli.export_cmd:search",
}


def command(name: str) -> click.Command | None:
    """The command called `name`, imported now; None when there is no such command."""
    target = COMMANDS.get(name)
    if target is None:
        return None
    module, _, attribute = target.partition(":")
    found = getattr(importlib.import_module(module), attribute)
    assert isinstance(found, click.Command)
    return found


class LazyGroup(click.Group):
    """A group whose commands are named in `COMMANDS` and imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return command(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="modelinv")
def cli() -> None:
    """Model inventory management done the GitOps way."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a crash becomes one line on stderr and exit code 3, never a traceback."""
    if os.name != "posix":
        # Edits lock the file they rewrite with fcntl, and the cache and the site open
        # their files with O_NOFOLLOW so a planted link is never followed: neither exists
        # on Windows, where a command would otherwise stop halfway with an internal error.
        click.echo(
            "modelinv: runs on Linux and other POSIX systems such as macOS (it needs POSIX "
            "file locks and O_NOFOLLOW); on Windows, run it in WSL or a Linux container",
            err=True,
        )
        return EXIT_USAGE
    try:
        # Without standalone mode click returns an Exit's code instead of exiting.
        code = cli.main(args=argv, prog_name="modelinv", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        # click quotes the arguments it names as Python writes a string ('x\x1b'); the
        # messages of our own option callbacks make them `visible` (`options.parse_date`).
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        full = _no_room(exc)
        if full is not None:
            complain(full)
            return EXIT_USAGE
        complain(f"internal error: {type(exc).__name__}: {exc} (please report it at {REPORT_URL})")
        return EXIT_CRASH
    return code if isinstance(code, int) else 0


# A disk or quota that is full: no fault of modelinv's to report, nor of the catalog's.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _no_room(exc: BaseException) -> str | None:
    """What to say when `exc` is a full disk (`modelinv validate > report.txt` on a full
    disk, a cache or site file); None for anything else."""
    if not isinstance(exc, OSError) or exc.errno not in _FULL:
        return None
    where = exc.filename if exc.filename is not None else "standard output"
    return f"cannot write {where}: {exc.strerror}; make room and run again"


def run() -> None:
    """The console script: `main`, then an exit that skips the interpreter's teardown.

    A large run leaves millions of objects; freeing them one by one at exit costs more than
    half a second at 10,000 files and serves nobody. Everything the commands write is
    flushed (and their files closed) before they return, so nothing is lost. The cyclic
    garbage collector is also told to leave the objects built at start-up alone, and
    large loaded catalogs are kept rather than freed (`support.lifetime`).
    """
    lifetime.declare_one_shot()
    # pydantic looks for plugins among the entry points of every installed distribution
    # when it builds the first model (~0.03 s in a virtualenv of 160 packages, a tenth of
    # a cached `validate`); a plugin could also observe or change how catalog files
    # validate. Someone who wants them sets the variable (e.g. to an empty string).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    code = main()
    try:
        sys.stdout.flush()
    except OSError as exc:  # what the command printed last, on a full disk
        # A reader gone says nothing; a command that stopped with exit 2 has said why
        # (a full disk met while it ran leaves its unwritten output to fail here again).
        full = _no_room(exc) if exc.errno != errno.EPIPE and code != EXIT_USAGE else None
        if full is not None:
            complain(full)
            code = EXIT_USAGE
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
