"""The window's long jobs as task functions for :class:`~newsmark.gui.tasks.Task`.

Each function runs on a worker thread, opens its own Store on the project file (a Store
belongs to the thread that opened it; WAL lets the window keep reading and writing while it
runs), reports progress through the :class:`~newsmark.gui.tasks.TaskContext` and returns the
core's own report.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsmark.core.errors import InputError, NewsmarkError
from newsmark.core.store import Store
from newsmark.corpus.importer import ImportOptions, ImportProgress, ImportReport, import_paths
from newsmark.exchange.importing import (
    AnnotationImportReport,
    detect_format,
    import_annotations,
)
from newsmark.gui.tasks import TaskContext

# Fewer documents per transaction than on the command line: the window redraws a document
# as soon as its suggestions are committed, and the curator may be waiting for that one.
GUI_COMMIT_EVERY = 8

# Pipelines loaded in this process, by what was loaded: opening another project that uses the
# same pipeline (or a second window) takes it from here instead of loading it again.
_loaded: dict[str, tuple[Any, Any]] = {}
_loaded_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class LoadedPipeline:
    """A spaCy pipeline loaded for the window, or why there is none (``reason``)."""

    nlp: Any = None
    info: Any = None  # newsmark.nlp.loading.PipelineInfo
    reason: str = ""
    wanted: str | None = None  # what was asked for: the project's choice, None for default

    @property
    def ready(self) -> bool:
        return self.nlp is not None


def load_pipeline_task(preferred: str | None) -> Callable[[TaskContext], LoadedPipeline]:
    """Choose and load the project's pipeline (spaCy is imported here, off the UI thread)."""

    def run(context: TaskContext) -> LoadedPipeline:
        context.report(0, 0, "Loading the language pipeline…")
        from newsmark.nlp.loading import (
            PipelineUnavailable,
            PipelineUnavailableError,
            choose_pipeline,
            load_pipeline,
        )

        choice = choose_pipeline(preferred)
        if isinstance(choice, PipelineUnavailable):
            return LoadedPipeline(reason=choice.reason, wanted=preferred)
        with _loaded_lock:
            if choice not in _loaded:
                try:
                    _loaded[choice] = load_pipeline(choice)
                except PipelineUnavailableError as exc:
                    return LoadedPipeline(reason=exc.reason, wanted=preferred)
            nlp, info = _loaded[choice]
        # Warm the tokenizer used to snap selections to words, while nobody waits for it.
        from newsmark.nlp.tokens import warm_up

        warm_up()
        return LoadedPipeline(nlp, info, wanted=preferred)

    return run


def import_task(project: Path, inputs: Sequence[str]) -> Callable[[TaskContext], ImportReport]:
    """Import files and folders into the project, as ``newsmark import`` does: articles, and
    annotation files (Newsmark, Prodigy, doccano JSONL; brat folders) told by their content."""

    def run(context: TaskContext) -> ImportReport:
        def progress(state: ImportProgress) -> None:
            name = Path(state.current).name if state.current else ""
            context.report(
                state.files_done,
                state.files_total,
                f"Importing {name} ({state.articles:,} articles read)",
            )

        annotated = [path for path in inputs if detect_format(path) is not None]
        articles = [path for path in inputs if path not in annotated]
        with Store.open(project, create=False) as store:
            report = import_paths(
                store,
                articles,
                ImportOptions(),
                progress=progress,
                should_cancel=context.cancelled,
            )
            if annotated and not context.cancelled():
                found = import_annotations(
                    store,
                    annotated,
                    progress=lambda done, total, path: context.report(
                        done, total, f"Importing annotations from {Path(path).name}"
                    ),
                )
                _add_annotations(report, found)
            return report

    return run


def merge_task(project: Path, sources: Sequence[str]) -> Callable[[TaskContext], ImportReport]:
    """Merge annotators' project files into the project, as ``newsmark merge`` does."""

    def run(context: TaskContext) -> ImportReport:
        from newsmark.review.merge import merge_projects

        with Store.open(project, create=False) as store:
            found = merge_projects(
                store,
                sources,
                progress=lambda done, total, path: context.report(
                    done, total, f"Merging {Path(path).name}"
                ),
            )
        report = ImportReport(project=str(project))
        _add_annotations(report, found)
        return report

    return run


def _add_annotations(report: ImportReport, found: AnnotationImportReport) -> None:
    """Fold an annotation import into the import report the window shows."""
    report.files += len(found.files)
    for location, doc_id, new, counts in found.documents:
        added = counts.records() + (" (new document)" if new else "")
        report.annotated.append((location, doc_id, added))
    report.rejected.extend(InputError(p.location, p.message) for p in found.refused)
    report.warnings.extend((p.location, p.message) for p in found.left_out)
    report.warnings.extend(found.notes())


@dataclass(frozen=True, slots=True)
class StoredBatch:
    """What one commit of a suggest run changed, for the window: the documents' corpus-list
    rows and, when the document on screen (``shown``) is among them, its spans."""

    rows: list[Any]  # newsmark.core.store.DocumentRow
    shown: int | None = None
    spans: list[Any] | None = None  # newsmark.core.store.StoredSpan, of ``shown``


def suggest_task(
    project: Path,
    pipeline: LoadedPipeline,
    doc_ids: Sequence[int] | None,
    shown: Callable[[], int | None] = lambda: None,
) -> Callable[[TaskContext], Any]:
    """Run the suggesters on the project's documents (``doc_ids`` None: all not yet seen).

    After each commit a :class:`StoredBatch` goes to ``context.partial``. Its rows and spans
    are read here: queries on the UI thread would wait for the GIL behind this thread at every
    step. ``shown`` says which document the window shows; it must only read a plain attribute
    (it is called on this thread).
    """

    def run(context: TaskContext) -> Any:
        from newsmark.nlp.suggest import SuggestOptions, SuggestProgress, suggest_project

        options = SuggestOptions(
            doc_ids=list(doc_ids) if doc_ids is not None else None,
            commit_every=GUI_COMMIT_EVERY,
        )
        with Store.open(project, create=False) as store:

            def progress(state: SuggestProgress) -> None:
                context.report(
                    state.done, state.total, f"Suggesting: {state.done:,} of {state.total:,}"
                )
                if state.stored:
                    context.partial(_stored_batch(store, state.stored, shown()))

            return suggest_project(
                store,
                options,
                progress=progress,
                should_cancel=context.cancelled,
                pipeline=(pipeline.nlp, pipeline.info),
            )

    return run


# Runs on more documents than this go to a child process (see suggest_process_task); a few
# documents are suggested on a thread with the pipeline the window already holds, without
# the seconds a child needs to load its own.
PROCESS_ABOVE = 20


class SuggestProcessError(NewsmarkError):
    """The suggest child process failed; ``details`` holds its traceback, if it had one."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


def suggest_process_task(
    project: Path,
    pipeline: LoadedPipeline,
    doc_ids: Sequence[int] | None,
    shown: Callable[[], int | None] = lambda: None,
) -> Callable[[TaskContext], Any]:
    """As :func:`suggest_task`, with the parsing in a child process
    (:mod:`newsmark.nlp.suggest_process`): this thread only relays its messages, waiting for
    them in C, so the window's thread has Python to itself."""

    def run(context: TaskContext) -> Any:
        import multiprocessing
        import queue

        from newsmark.nlp.suggest_process import run_in_child

        spawn = multiprocessing.get_context("spawn")  # never fork a process running Qt
        messages = spawn.Queue()
        cancel = spawn.Event()
        wanted = pipeline.info.source if pipeline.info is not None else pipeline.wanted
        ids = list(doc_ids) if doc_ids is not None else None
        child = spawn.Process(
            target=run_in_child,
            args=(str(project), wanted, ids, GUI_COMMIT_EVERY, messages, cancel),
            name="newsmark-suggest",
            daemon=True,
        )
        context.report(0, 0, "Starting the suggesters…")
        child.start()
        try:
            with Store.open(project, create=False) as store:
                while True:
                    if context.cancelled():
                        cancel.set()
                    try:
                        message = messages.get(timeout=0.2)
                    except queue.Empty:
                        if not child.is_alive():
                            raise SuggestProcessError(
                                f"the suggest process stopped unexpectedly "
                                f"(exit code {child.exitcode})"
                            ) from None
                        continue
                    if message[0] == "progress":
                        _, done, total, stored = message
                        context.report(done, total, f"Suggesting: {done:,} of {total:,}")
                        if stored:
                            context.partial(_stored_batch(store, stored, shown()))
                    elif message[0] == "done":
                        return message[1]
                    else:
                        raise SuggestProcessError(message[1], message[2])
        finally:
            cancel.set()
            child.join(timeout=30)
            if child.is_alive():
                child.terminate()
                child.join()

    return run


def _stored_batch(store: Store, stored: Sequence[int], on_screen: int | None) -> StoredBatch:
    rows = [store.document_row(doc_id) for doc_id in stored]
    if on_screen in stored:
        return StoredBatch(rows, on_screen, store.document_spans(on_screen))
    return StoredBatch(rows)
