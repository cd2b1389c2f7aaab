"""`python -m modelinv`."""

import sys

from modelinv.cli import main

sys.exit(main())
