"""``python -m newsmark`` runs the command line (and, without a command, the window)."""

import sys

from newsmark.cli import main

sys.exit(main())
