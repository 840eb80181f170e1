"""Starting the desktop app: the QApplication, the main window, the ``newsmark-gui`` script."""

from __future__ import annotations

import argparse
import os
import pathlib
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from newsmark import __version__
from newsmark.gui.main_window import MainWindow
from newsmark.gui.settings import APPLICATION, ORGANIZATION

# Set in the environment, the app prints "window shown" once its window is up, and quits.
STARTUP_PROBE = "NEWSMARK_STARTUP_PROBE"


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication: the existing one (tests, an embedding host) or a new one."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv if argv is None else argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("newsmark")
    return app


def run_app(project: pathlib.Path | None, argv: list[str] | None = None) -> int:
    """Open the main window on ``project`` and run the event loop until it closes.

    ``project`` None opens the project used last (from the settings) or, failing that, the
    default project in the data folder. Returns the event loop's exit code.
    """
    created = QApplication.instance() is None
    app = application(argv)
    if created:
        # Qt's event loop never hands control back to Python's SIGINT handler, so Ctrl+C in
        # the terminal would do nothing. Every acknowledged change is already committed.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    window = MainWindow()
    window.show()
    window.open_initial(project)
    if os.environ.get(STARTUP_PROBE):
        # For the start-up benchmark: say when the window is up and its first events are
        # handled, then leave.
        QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
    else:
        window.ask_first_annotator_name()
    try:
        return int(app.exec())
    finally:
        # The loop can also end without the window closing (QApplication.quit from elsewhere):
        # stop the corpus loader thread and close the project either way.
        window.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsmark-gui",
        description="Open the Newsmark window to browse and annotate a project's articles.",
    )
    parser.add_argument(
        "project",
        nargs="?",
        type=pathlib.Path,
        help="project file (.nmk) to open; default: the last one opened, else the default project",
    )
    parser.add_argument("--version", action="version", version=f"newsmark-gui {__version__}")
    return parser


def main() -> int:
    args = build_parser().parse_args(sys.argv[1:])
    return run_app(args.project, [sys.argv[0]])


if __name__ == "__main__":
    sys.exit(main())
