"""Take the README screenshot: the main window on a project, with one document open.

Run it under an X server the size of the picture you want, for example:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python packaging/screenshot.py \\
        demo.nmk docs/screenshot.png

The window fills the screen; the document with the most removed boilerplate among the first
rows (or ``--document ID``) is opened on its Original tab (or ``--tab``), where the removed
pieces are highlighted; the screen is captured with ImageMagick's ``import -window root`` when
it is installed, else with Qt's own screen grab. Settings go to a temporary folder, so neither
the user's window layout nor their recent projects show up in (or are changed by) the picture.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer

TABS = {"text": 0, "original": 1, "removed": 2}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="project file (.nmk) to show")
    parser.add_argument("output", type=Path, help="PNG file to write")
    parser.add_argument("--document", type=int, help="id of the document to open")
    parser.add_argument(
        "--tab", choices=sorted(TABS), default="original", help="document tab (default original)"
    )
    parser.add_argument(
        "--delay", type=int, default=800, help="milliseconds to let the window paint (800)"
    )
    parser.add_argument(
        "--accept",
        type=int,
        default=0,
        help="accept this many suggestions of the document first (N then A, as a curator "
        "would), on a copy of the project so the file given is not changed",
    )
    parser.add_argument(
        "--inspector",
        choices=["spans", "events", "claims", "relations", "actors"],
        default="spans",
        help="inspector tab to show (default spans)",
    )
    parser.add_argument(
        "--accept-event",
        action="store_true",
        help="with --inspector events: accept the document's first suggested event and "
        "confirm its proposed date, as a curator would (on a copy of the project)",
    )
    return parser.parse_args(argv)


def pick_document(project: Path) -> int | None:
    """The document whose cleaning removed the most pieces, among the first 50 by id."""
    from newsmark.core.store import Store

    with Store.open(project, create=False) as store:
        rows = store.list_documents(limit=50)
        if not rows:
            return None
        return max(rows, key=lambda row: (len(store.get_document(row.id).removals), -row.id)).id


def capture(output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    if shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(output)], check=True)
        return
    from PySide6.QtGui import QGuiApplication

    if not QGuiApplication.primaryScreen().grabWindow(0).save(str(output)):
        raise SystemExit(f"could not write {output}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print("no display: run this under xvfb-run (see the docstring)", file=sys.stderr)
        return 2
    home = tempfile.TemporaryDirectory(prefix="newsmark-screenshot-")
    os.environ["NEWSMARK_HOME"] = home.name
    if args.accept or args.accept_event:
        copy = Path(home.name) / args.project.name
        shutil.copyfile(args.project, copy)
        args.project = copy

    from newsmark.core.errors import ProjectError
    from newsmark.gui.app import application
    from newsmark.gui.main_window import MainWindow

    try:
        doc_id = args.document if args.document is not None else pick_document(args.project)
    except ProjectError as exc:
        print(exc, file=sys.stderr)
        return 2

    app = application([sys.argv[0]])
    window = MainWindow()
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    if not window.open_project(args.project):
        return 2

    def select() -> None:
        window.model.sig_reset_done.disconnect(select)
        if doc_id is not None:
            row = window.model.row_of(doc_id)
            if row is not None:
                window.corpus_panel.select_row(row)
            else:
                window.show_document(doc_id)
            window.document_view.tabs.setCurrentIndex(TABS[args.tab])
            for _ in range(args.accept):
                window.annotating.go_to_suggestion(1)
                window.annotating.accept_focused()
            show_inspector()
        QTimer.singleShot(args.delay, shoot)

    def show_inspector() -> None:
        inspector = window.inspector
        for index in range(inspector.count()):
            if inspector.tabText(index).lower().startswith(args.inspector):
                inspector.setCurrentIndex(index)
        store = window.store()
        if not args.accept_event or store is None or doc_id is None:
            return
        suggested = [e for e in store.document_events(doc_id) if e.status == "suggested"]
        if suggested:
            event = suggested[0]
            window.event_panel.select(event.id)
            window.event_panel.set_status(event.id, "accepted")
            proposal = store.propose_event_date(event.id)
            if proposal is not None:
                window.event_panel.confirm_date(event.id, proposal)
            if event.trigger is not None:
                window.document_view.go_to_span(event.trigger.span_id)

    def shoot() -> None:
        capture(args.output)
        print(f"wrote {args.output}")
        window.close()
        app.quit()

    window.model.sig_reset_done.connect(select)
    code = app.exec()
    home.cleanup()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
