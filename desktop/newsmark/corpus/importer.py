"""Import of articles into a project: read, clean, extract metadata, deduplicate, store.

One bad file or record never stops the others; each document is stored whole or not at all
(documents go in by batches, each batch in one transaction).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsmark.core.documents import Document
from newsmark.core.errors import InputError
from newsmark.core.store import Store
from newsmark.corpus.building import build_all, worker_count
from newsmark.corpus.readers import (
    DEFAULT_MAX_BYTES,
    CsvColumns,
    JsonRecord,
    RawArticle,
    expand_inputs,
    read_file,
)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: cleaning on or off, size limit, CSV column names, batch size."""

    clean: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    csv_columns: CsvColumns = field(default_factory=CsvColumns)
    batch_size: int = 250
    # Index for search every this many stored documents: in bulk, which is much faster than
    # one by one, yet often enough that indexing overlaps with the workers' cleaning.
    index_every: int = 2000
    workers: int | None = None  # processes that clean articles; None: decide by input size


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Where an import stands, for a progress bar."""

    files_done: int
    files_total: int
    articles: int  # articles read so far (cleaning and storing follow them closely)
    current: str


@dataclass(slots=True)
class ImportReport:
    """What an import did: every input ends up imported, duplicate or rejected."""

    project: str
    files: int = 0
    imported: list[tuple[str, int, str | None]] = field(default_factory=list)  # location, id, title
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # location, existing id
    rejected: list[InputError] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # location, message
    passed_over: int = 0  # files in folders with a type Newsmark does not read
    # Documents that came with annotations (Newsmark, Prodigy, doccano JSONL, brat): location,
    # id, and what was added to them. They are not pre-highlighted: they carry their own.
    annotated: list[tuple[str, int, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "files": self.files,
            "imported": [{"location": loc, "id": i, "title": t} for loc, i, t in self.imported],
            "duplicates": [{"location": loc, "same_as": i} for loc, i in self.duplicates],
            "rejected": [{"location": e.location, "error": e.message} for e in self.rejected],
            "warnings": [{"location": loc, "warning": w} for loc, w in self.warnings],
            "passed_over": self.passed_over,
            "cancelled": self.cancelled,
            "annotated": [{"location": loc, "id": i, "added": a} for loc, i, a in self.annotated],
        }


# ---------------------------------------------------------------------------------------------
# Many files
# ---------------------------------------------------------------------------------------------


def import_paths(
    store: Store,
    paths: Iterable[str],
    options: ImportOptions | None = None,
    *,
    progress: Callable[[ImportProgress], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files, folders and globs into ``store``; see the module docstring for guarantees.

    ``should_cancel`` is polled between batches: what was stored before stays stored.
    """
    options = options or ImportOptions()
    report = ImportReport(project=str(store.path))
    files, errors, report.passed_over = expand_inputs(list(paths))
    report.rejected.extend(errors)
    report.files = len(files)
    input_bytes = sum(_size(path) for path in files)
    workers = worker_count(input_bytes, options.workers)
    raws = _raw_articles(files, options, report, progress)
    batch: list[Document] = []
    unindexed = 0
    try:
        for built in build_all(raws, clean=options.clean, workers=workers):
            if built.document is None:
                report.rejected.append(InputError(built.location, built.error or "refused"))
                continue
            report.warnings.extend((built.location, w) for w in built.warnings)
            batch.append(built.document)
            if len(batch) >= options.batch_size:
                _store_batch(store, batch, report)
                unindexed += len(batch)
                batch.clear()
                if unindexed >= options.index_every:
                    store.index_pending()
                    unindexed = 0
                if should_cancel is not None and should_cancel():
                    report.cancelled = True
                    return report
        _store_batch(store, batch, report)
    finally:
        # One bulk pass over everything this import stored, also after a cancel or an error.
        store.index_pending()
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports it


def _raw_articles(
    files: list[Path],
    options: ImportOptions,
    report: ImportReport,
    progress: Callable[[ImportProgress], None] | None,
) -> Iterator[RawArticle | JsonRecord]:
    read = 0
    for index, path in enumerate(files):
        for item in read_file(path, max_bytes=options.max_bytes, csv_columns=options.csv_columns):
            if isinstance(item, InputError):
                report.rejected.append(item)
            else:
                read += 1
                yield item
        if progress is not None:
            progress(ImportProgress(index + 1, len(files), read, str(path)))


def _store_batch(store: Store, batch: list[Document], report: ImportReport) -> None:
    if not batch:
        return
    try:
        results = store.add_documents(batch, index=False)
    except sqlite3.Error:
        # Find the document the database refused by storing the batch one by one.
        results = []
        for document in batch:
            try:
                results.extend(store.add_documents([document], index=False))
            except sqlite3.Error as exc:
                report.rejected.append(InputError(document.origin, f"could not be stored ({exc})"))
    for result in results:
        if result.outcome == "imported":
            report.imported.append((result.document.origin, result.doc_id, result.document.title))
        else:
            report.duplicates.append((result.document.origin, result.doc_id))
