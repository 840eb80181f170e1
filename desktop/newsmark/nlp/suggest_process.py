"""Suggesting in a child process, so that a desktop window's Python thread never waits for it.

spaCy's compiled code holds Python's GIL for tens of milliseconds at a time; run on a thread of
the window's process, that stalls the window's event loop whenever it needs Python. In a child
process the parse has its own interpreter. The child loads the pipeline, runs
:func:`~newsmark.nlp.suggest.suggest_project` on its own Store, and sends messages back on a
queue: ``("progress", done, total, stored_ids)`` after each commit, then ``("done", report)``
or ``("failed", message, traceback)``. Setting ``cancel`` stops it at the next commit. Pure
Python, never imports Qt (the child does not need a display).
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsmark.core.errors import NewsmarkError
from newsmark.core.store import Store


def run_in_child(
    project: str,
    pipeline: str | None,
    doc_ids: Sequence[int] | None,
    commit_every: int,
    messages: Any,  # a multiprocessing queue
    cancel: Any,  # a multiprocessing event
) -> None:
    """The child's entry point (see the module docstring); ``pipeline`` as for the CLI."""
    try:
        from newsmark.nlp.loading import (
            PipelineUnavailable,
            PipelineUnavailableError,
            choose_pipeline,
            load_pipeline,
        )
        from newsmark.nlp.suggest import SuggestOptions, SuggestProgress, suggest_project

        choice = choose_pipeline(pipeline)
        if isinstance(choice, PipelineUnavailable):
            raise PipelineUnavailableError(choice.reason)
        loaded = load_pipeline(choice)

        def progress(state: SuggestProgress) -> None:
            messages.put(("progress", state.done, state.total, tuple(state.stored)))

        options = SuggestOptions(
            doc_ids=list(doc_ids) if doc_ids is not None else None, commit_every=commit_every
        )
        with Store.open(Path(project), create=False) as store:
            report = suggest_project(
                store, options, progress=progress, should_cancel=cancel.is_set, pipeline=loaded
            )
        messages.put(("done", report))
    except NewsmarkError as exc:
        messages.put(("failed", str(exc), ""))
    except BaseException as exc:  # every failure, bugs included, goes back as a message
        messages.put(("failed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
