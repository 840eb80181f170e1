"""A dialog that runs one long job in the background: a message line, a progress bar, Cancel.

The export and agreement dialogs both run a :class:`~newsmark.gui.tasks.Task` on a worker
thread, show its progress, let the curator cancel it, and give it up when they are closed or
the window closes. That plumbing lives here; a subclass builds its own form and says what a
result, a failure and its buttons look like.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QProgressBar, QWidget

from newsmark.gui.tasks import Task, TaskContext, TaskFailure
from newsmark.gui.widgets import plain_label


class TaskDialog(QDialog):
    """Runs one background job at a time (:meth:`run_task`) with ``message`` and ``progress``
    widgets the subclass places in its layout.

    Subclasses override :meth:`task_failed` (how a failure or a cancellation is said),
    :meth:`task_ended` and :meth:`update_buttons`; ``progress_unit`` ("documents") makes the
    bar read "3 of 12 documents". Threading: UI thread only, apart from the job itself.
    """

    progress_unit: str | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.last_failure: TaskFailure | None = None
        self.message = plain_label(wrap=True)
        self.progress = QProgressBar()
        if parent is not None:
            # Closing the window gives up the job under way, as closing the dialog does.
            parent.installEventFilter(self)

    def is_running(self) -> bool:
        return self.task is not None

    def run_task(
        self,
        name: str,
        job: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None],
        busy_text: str,
    ) -> Task:
        """Start ``job`` on a worker; ``on_done(result)`` runs on the UI thread."""
        self.last_failure = None
        task = self.task = Task(name, job, self, dialog=False)
        task.sig_progress.connect(self._on_progress)
        task.sig_done.connect(on_done)
        task.sig_failed.connect(self._on_failed)
        task.sig_finished.connect(self._on_finished)
        self.message.setText(busy_text)
        self.message.setToolTip("")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.show()
        task.start()
        self.update_buttons()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.message.setText("Cancelling…")

    def task_failed(self, failure: TaskFailure, cancelled: bool) -> None:
        """Say in the dialog why the job ended without a result."""
        self.message.setText("Cancelled." if cancelled else f"Failed: {failure.message}")

    def task_ended(self) -> None:
        """After a result or a failure, once the job is gone."""

    def update_buttons(self) -> None:
        """Enable what makes sense while a job runs, or not."""

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.task is None or self.task.context.cancelled():
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))
        if self.progress_unit:
            self.progress.setFormat(f"%v of %m {self.progress_unit}")
            self.progress.setTextVisible(total > 0)
        if text:
            self.message.setText(text)

    def _on_failed(self, failure: TaskFailure) -> None:
        self.last_failure = failure
        cancelled = self.task is not None and self.task.context.cancelled()
        self.task_failed(failure, cancelled and failure.message == "Cancelled.")

    def _on_finished(self) -> None:
        if self.task is not None:
            self.task.deleteLater()
        self.task = None
        self.task_ended()
        self.update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.cancel()
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        # Closing the dialog gives up the job under way; an export writes nothing of it.
        self.cancel()
        super().reject()
