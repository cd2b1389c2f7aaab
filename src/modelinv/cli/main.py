"""The `modelinv` click group and the crash guard around it."""

from __future__ import annotations

import sys

import click

from modelinv import __version__
from modelinv.cli import build_cmd, docs_cmd, edit_cmds, rules_cmd, schema_cmd, validate_cmd
from modelinv.cli.check_files_cmd import check_files
from modelinv.cli.codeowners_cmd import codeowners
from modelinv.cli.diff_cmd import diff
from modelinv.cli.export_cmd import export, search
from modelinv.cli.gate_cmd import gate
from modelinv.cli.history_cmd import history
from modelinv.cli.report_cmd import report

EXIT_CRASH = 3
REPORT_URL = "https://github.com/modelinv/modelinv/issues"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="modelinv")
def cli() -> None:
    """Model inventory management done the GitOps way."""


cli.add_command(validate_cmd.validate)
cli.add_command(schema_cmd.schema)
cli.add_command(rules_cmd.rules)
cli.add_command(docs_cmd.docs)
cli.add_command(edit_cmds.new)
cli.add_command(edit_cmds.promote)
cli.add_command(edit_cmds.deprecate)
cli.add_command(edit_cmds.retire_check)
cli.add_command(edit_cmds.archive)
cli.add_command(edit_cmds.review)
cli.add_command(gate)
cli.add_command(history)
cli.add_command(diff)
cli.add_command(report)
cli.add_command(build_cmd.build)
cli.add_command(check_files)
cli.add_command(codeowners)
cli.add_command(export)
cli.add_command(search)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a crash becomes one line on stderr and exit code 3, never a traceback."""
    try:
        # Without standalone mode click returns an Exit's code instead of exiting.
        code = cli.main(args=argv, prog_name="modelinv", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        click.echo(
            f"modelinv: internal error: {type(exc).__name__}: {exc} "
            f"(please report it at {REPORT_URL})",
            err=True,
        )
        return EXIT_CRASH
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
