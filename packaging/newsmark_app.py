"""The frozen application's entry point: the ``newsmark`` command, which without a command
opens the window (and answers ``--version`` and ``--self-test``)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Suggestions for many documents run in a spawned child process: in a frozen app the
    # child starts this executable again, and freeze_support hands it over to the child's code.
    multiprocessing.freeze_support()
    from newsmark.cli import main

    sys.exit(main())
