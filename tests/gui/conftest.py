"""Projects to browse, a main window, and message boxes that record instead of blocking."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

# Also set by tests/conftest.py; repeated so this folder runs on its own without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from newsmark.core.documents import Document, Removal
from newsmark.core.store import Store
from newsmark.gui.corpus_model import CorpusModel
from newsmark.gui.main_window import MainWindow

LOAD_TIMEOUT_MS = 10_000

HTML_TITLE = "<b>html</b> in a <i>headline</i> & more"

CLEANED_ORIGINAL = (
    "BREAKING NEWS\n"
    "Subscribe to our newsletter!\n"
    "Protesters gathered outside the ministry on Monday.\n"
    "Advertisement\n"
    "Police said 12 people were detained.\n"
    "Advertisement\n"
    "Share this article\n"
)
CLEANED_TEXT = (
    "Protesters gathered outside the ministry on Monday.\nPolice said 12 people were detained.\n"
)
CLEANED_REMOVALS = (
    Removal("banner", "BREAKING NEWS", 1),
    Removal("newsletter prompt", "Subscribe to our newsletter!", 2),
    Removal("advertisement", "Advertisement", 4),
    Removal("advertisement", "Advertisement", 6),
    Removal("share links", "Share this article", 7),
)

EMOJI_TEXT = (
    "The crowd 🎉🎊 cheered in Zürich. Double-struck 𝔸𝕓𝕔 and a rare ideograph 𠀀 follow.\n"
    "Second line after the astral characters."
)
EMOJI_ORIGINAL = "🎉 Live 🎊 updates\n" + EMOJI_TEXT + "\n📣 Follow us 𝕏\n"
EMOJI_REMOVALS = (
    Removal("live banner", "🎉 Live 🎊 updates", 1),
    Removal("social prompt", "📣 Follow us 𝕏", 4),
)


def sample_documents() -> list[Document]:
    """Documents with the shapes that break viewers: cleaned, non-BMP text, HTML in a title."""
    return [
        Document(
            text=CLEANED_TEXT,
            title="Protest outside the ministry",
            author="A. Reporter",
            published="2024-03-04",
            source="Daily Example",
            url="https://news.example/2024/03/04/protest-outside-the-ministry",
            original_text=CLEANED_ORIGINAL,
            removals=CLEANED_REMOVALS,
            origin="corpus/protest.html",
        ),
        Document(
            text=EMOJI_TEXT,
            title="Fans celebrate 🎉 in Zürich",
            published="2024-05-01",
            source="Wire 𝕏",
            original_text=EMOJI_ORIGINAL,
            removals=EMOJI_REMOVALS,
            origin="corpus/fans.txt",
        ),
        Document(
            text="The body of the article whose title looks like markup.",
            title=HTML_TITLE,
            published="2023-12-31",
            source="<i>Feed</i>",
        ),
        Document(
            text="An article nobody gave a title. The convoy was ambushed near the bridge.",
            published="2022",
        ),
    ]


def numbered_documents(count: int) -> list[Document]:
    """``count`` distinct articles; every tenth mentions an ambush (for search tests)."""
    sources = ("Reuters", "AP", "AFP", "BBC")
    documents = []
    for i in range(count):
        event = "an ambush on the road" if i % 10 == 0 else "a council meeting"
        documents.append(
            Document(
                text=f"Article number {i} reports {event}. Officials commented on day {i}.",
                title=f"Report {i:04d}",
                published=f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                source=sources[i % len(sources)],
                origin=f"bulk/{i}.txt",
            )
        )
    return documents


def build_project(path: Path, documents: Sequence[Document]) -> Path:
    with Store.open(path) as store:
        store.add_documents(list(documents))
    return path


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    return build_project(tmp_path / "sample.nmk", sample_documents())


@pytest.fixture
def big_project(tmp_path: Path) -> Path:
    return build_project(tmp_path / "big.nmk", numbered_documents(1000))


@pytest.fixture
def model(qtbot) -> Iterator[CorpusModel]:
    model = CorpusModel()
    yield model
    model.close()


@pytest.fixture
def wait_loaded(qtbot) -> Callable[[CorpusModel], None]:
    """A function that waits until a model's current query has been answered."""

    def wait(model: CorpusModel) -> None:
        qtbot.waitUntil(lambda: model.is_open() and not model.is_loading(), timeout=LOAD_TIMEOUT_MS)

    return wait


@pytest.fixture
def samples() -> SimpleNamespace:
    """The sample documents' distinctive values, for assertions."""
    return SimpleNamespace(
        html_title=HTML_TITLE,
        cleaned_original=CLEANED_ORIGINAL,
        cleaned_text=CLEANED_TEXT,
        cleaned_removals=CLEANED_REMOVALS,
        emoji_text=EMOJI_TEXT,
        emoji_original=EMOJI_ORIGINAL,
        emoji_removals=EMOJI_REMOVALS,
    )


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    QTest.qWaitForWindowExposed(window)
    yield window
    window.close()


@pytest.fixture
def open_window(window: MainWindow, wait_loaded) -> Callable[[Path], MainWindow]:
    """Open a project in the window and wait for its first page of documents."""

    def open_(path: Path) -> MainWindow:
        assert window.open_project(path)
        wait_loaded(window.model)
        return window

    return open_


@dataclass
class MessageBoxes:
    """What the code under test tried to show, and the button the fake 'user' presses."""

    shown: list[tuple[QMessageBox.Icon, str, str]] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok

    def texts(self) -> list[str]:
        return [text for _icon, _title, text in self.shown]


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    boxes = MessageBoxes()

    def fake_exec(box: QMessageBox) -> QMessageBox.StandardButton:
        boxes.shown.append((box.icon(), box.windowTitle(), box.text()))
        return boxes.answer

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes
