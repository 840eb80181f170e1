"""Long work off the UI thread: import, suggest, loading the pipeline.

A task is a plain function that takes a :class:`TaskContext` (to report progress and to ask
whether the curator pressed Cancel) and returns a result. :class:`TaskRunner` runs it on a
thread of superqt's worker pool, shows a progress dialog with Cancel, and hands the result,
or the error as a message, back on the UI thread. The function opens its own Store when it
needs one: a Store belongs to the thread that opened it.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from superqt.utils import create_worker

from newsmark.core.errors import NewsmarkError


class TaskCancelled(Exception):
    """Raised inside a task function to stop early; the runner reports it as cancelled."""


class _Progress(QObject):
    """Carries progress from the worker thread to the UI thread (a queued connection)."""

    sig_progress = Signal(int, int, str)  # done, total (0: unknown), what is being done
    sig_partial = Signal(object)  # a piece of the result that is ready (e.g. stored doc ids)


class TaskContext:
    """What a task function gets: report progress, hand over partial results, poll Cancel.

    Threading: made on the UI thread, used from the worker thread; the cancel flag is a
    ``threading.Event`` and the reports are signals queued to the UI thread.
    """

    def __init__(self, progress: _Progress):
        self._progress = progress
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self._progress.sig_progress.emit(done, total, text)

    def partial(self, value: object) -> None:
        self._progress.sig_partial.emit(value)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass(frozen=True, slots=True)
class TaskFailure:
    """How a task ended badly: a message for the curator and, for bugs, the traceback."""

    title: str
    message: str
    details: str = ""


class Task(QObject):
    """One run of a task function, with its progress dialog (if any) and its outcome signals.

    ``sig_done(result)`` or ``sig_failed(TaskFailure)`` is emitted once, on the UI thread;
    ``sig_finished`` always follows. A :class:`~newsmark.core.errors.NewsmarkError` becomes
    its own message; any other exception is a bug, reported with its traceback as details
    instead of being printed on stderr.

    Threading: UI thread only, apart from the function itself.
    """

    sig_progress = Signal(int, int, str)
    sig_partial = Signal(object)
    sig_done = Signal(object)
    sig_failed = Signal(object)
    sig_finished = Signal()

    def __init__(
        self,
        title: str,
        function: Callable[[TaskContext], Any],
        parent: QWidget | None = None,
        *,
        dialog: bool = True,
    ):
        super().__init__(parent)
        self.title = title
        self._progress = _Progress()
        self.context = TaskContext(self._progress)
        self._progress.sig_progress.connect(self._on_progress)
        self._progress.sig_partial.connect(self.sig_partial)
        self._running = False
        self.dialog: QProgressDialog | None = None
        if dialog:
            self.dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            # Not modal: the curator keeps reading and annotating while the work runs.
            self.dialog.setWindowModality(Qt.WindowModality.NonModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
        self._worker = create_worker(
            _call_with_traceback, function, self.context, _start_thread=False, _ignore_errors=True
        )
        self._worker.returned.connect(self._on_returned)
        self._worker.errored.connect(self._on_errored)
        self._worker.finished.connect(self._on_finished)

    def start(self) -> None:
        self._running = True
        if self.dialog is not None:
            self.dialog.setValue(0)
        self._worker.start()

    def is_running(self) -> bool:
        return self._running

    def cancel(self) -> None:
        self.context.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(f"{self.title}: cancelling…")

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.sig_progress.emit(done, total, text)
        dialog = self.dialog
        if dialog is None or self.context.cancelled():
            return
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        else:
            dialog.setMaximum(0)
        if text:
            dialog.setLabelText(text)

    def _on_returned(self, result: object) -> None:
        if isinstance(result, _Failed):
            self.sig_failed.emit(result.failure(self.title))
        else:
            self.sig_done.emit(result)

    def _on_errored(self, exc: BaseException) -> None:
        # Only reached if the wrapper itself failed; the wrapper turns task errors into _Failed.
        self.sig_failed.emit(TaskFailure(self.title, str(exc) or type(exc).__name__))

    def _on_finished(self) -> None:
        self._running = False
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.sig_finished.emit()


@dataclass(frozen=True, slots=True)
class _Failed:
    exception: BaseException
    trace: str

    def failure(self, title: str) -> TaskFailure:
        if isinstance(self.exception, TaskCancelled):
            return TaskFailure(title, "Cancelled.")
        if isinstance(self.exception, NewsmarkError | OSError):
            return TaskFailure(title, str(self.exception), getattr(self.exception, "details", ""))
        return TaskFailure(
            title,
            f"{title} stopped because of an error in Newsmark: "
            f"{type(self.exception).__name__}: {self.exception}",
            self.trace,
        )


def _call_with_traceback(function: Callable[[TaskContext], Any], context: TaskContext) -> Any:
    # The traceback is taken here, on the worker thread, while it still exists.
    try:
        return function(context)
    except BaseException as exc:  # every failure, bugs included, becomes a message
        return _Failed(exc, traceback.format_exc())


def wait_for_tasks(timeout_ms: int = 30_000) -> bool:
    """Wait for every running task to end (at shutdown, after cancelling them)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
