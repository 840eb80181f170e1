"""Starting the app: run_app's event loop and the newsmark-gui script's arguments."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from newsmark.gui import app as gui_app
from newsmark.gui import settings as prefs
from newsmark.gui.main_window import MainWindow


def visible_windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def test_run_app_opens_the_project_and_returns_the_exit_code(qapp, sample_project: Path):
    seen = {}

    def look_and_leave() -> None:
        [window] = visible_windows()
        seen["title"] = window.windowTitle()
        seen["organization"] = QApplication.organizationName()
        QApplication.exit(5)

    QTimer.singleShot(0, look_and_leave)
    assert gui_app.run_app(sample_project) == 5
    assert seen == {"title": "Newsmark — sample.nmk", "organization": "Newsmark"}
    # The window was closed on the way out: no loader thread or project left open.
    assert visible_windows() == []


def test_run_app_without_a_project_opens_the_last_one(qapp, sample_project: Path):
    prefs.remember_project(sample_project)
    titles = []

    def look_and_leave() -> None:
        titles.extend(w.windowTitle() for w in visible_windows())
        QApplication.exit(0)

    QTimer.singleShot(0, look_and_leave)
    assert gui_app.run_app(None) == 0
    assert titles == ["Newsmark — sample.nmk"]


def test_main_passes_the_project_argument(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    calls = []
    monkeypatch.setattr(gui_app, "run_app", lambda project, argv=None: calls.append(project) or 7)
    monkeypatch.setattr("sys.argv", ["newsmark-gui", str(tmp_path / "a.nmk")])
    assert gui_app.main() == 7
    monkeypatch.setattr("sys.argv", ["newsmark-gui"])
    assert gui_app.main() == 7
    assert calls == [tmp_path / "a.nmk", None]


def test_main_has_help(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr("sys.argv", ["newsmark-gui", "--help"])
    with pytest.raises(SystemExit) as exited:
        gui_app.main()
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "usage: newsmark-gui [-h] [--version] [project]" in out
    assert "project file (.nmk) to open" in out
