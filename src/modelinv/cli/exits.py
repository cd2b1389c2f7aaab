"""The exit codes every command shares."""

EXIT_OK = 0
EXIT_FINDINGS = 1  # findings, a blocked gate, drift, a refused edit: something to fix
EXIT_USAGE = 2  # a usage or configuration error: the run could not start
EXIT_CRASH = 3  # an internal error, reported in one line
