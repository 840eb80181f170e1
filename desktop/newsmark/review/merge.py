"""Merging annotators' project files into one team project.

Each annotator works in a copy of the project; ``newsmark merge A.nmk B.nmk --into TEAM.nmk``
brings them together. Documents are matched by content (a document the team project lacks is
added whole: text, original text, what cleaning removed, metadata, status); registry actors by
id and name (:meth:`Store.merge_registry_actor`, which reports an id that means two different
actors, or the same actor described differently, instead of overwriting anything); every span,
event, claim and relation is kept with its annotator, status, origin and score, exactly as a
Newsmark JSONL import keeps them. Merging the same file twice adds nothing. Names the team
schema lacks are added to it and reported; a team project with no documents and no schema of
its own takes the first file's schema whole (colours, hotkeys and descriptions included).
Pure Python; never imports Qt.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsmark.core.annotation_import import ImportDefaults
from newsmark.core.documents import Document
from newsmark.core.errors import NewsmarkError
from newsmark.core.imported import ImportedActor, ImportedDocument, ImportProblem, Key
from newsmark.exchange.importing import (
    AnnotationImportReport,
    NameMap,
    SchemaFitter,
    import_items,
)
from newsmark.exchange.native import document_line
from newsmark.exchange.native_import import document_from_line
from newsmark.exchange.records import ExportOptions, RecordReader

if TYPE_CHECKING:
    from newsmark.core.store import Store

MERGE_ORIGIN = "merge"  # the origin of records that carry none (never, from a project)


class MergeError(NewsmarkError):
    """A merge that cannot start (a source is the target itself); the message names it."""


def merge_projects(
    target: Store,
    sources: Sequence[str | os.PathLike[str]],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> AnnotationImportReport:
    """Merge every project file of ``sources`` into ``target``; one report for all.

    A source that cannot be opened (missing, not a project, damaged, from a newer version) is
    refused by name and the others are merged. ``progress(done, total, path)`` is called after
    each source.
    """
    from newsmark.core.store import Store

    report = AnnotationImportReport(project=str(target.path), action="Merged annotations")
    paths = [Path(source) for source in sources]
    for path in paths:
        if path.resolve() == Path(target.path).resolve():
            raise MergeError(f"{path}: is the project merged into; name the other files")
    fitter: SchemaFitter | None = None
    for done, path in enumerate(paths, start=1):
        try:
            source = Store.open(path, create=False)
        except NewsmarkError as exc:
            report.refused.append(ImportProblem(str(path), str(exc)))
        else:
            with source:
                if fitter is None:
                    _adopt_schema(target, source)
                    fitter = SchemaFitter(target, NameMap(), report.schema)
                report.files.append((str(path), "project"))
                _merge_one(target, source, path, fitter, report)
        if progress is not None:
            progress(done, len(paths), str(path))
    target.index_pending()
    return report


def _adopt_schema(target: Store, source: Store) -> None:
    """A fresh team project takes the first file's schema as it is."""
    if source.has_own_schema() and not target.has_own_schema() and not target.document_ids():
        target.set_project_schema(source.project_schema(), source=str(source.path))


def _merge_one(
    target: Store,
    source: Store,
    path: Path,
    fitter: SchemaFitter,
    report: AnnotationImportReport,
) -> None:
    actor_ids: dict[Key, int] = {}
    for actor in source.list_actors():
        imported = ImportedActor(
            key=actor["id"],
            name=actor["name"],
            type=actor["type"],
            country=actor["country"],
            aliases=tuple(actor["aliases"]),
            external_ids=dict(actor["external_ids"]),
        )
        actor_id, conflict, created = target.merge_registry_actor(imported)
        actor_ids[actor["id"]] = actor_id
        report.counts.actors += created
        if conflict:
            report.conflicts.append(f"{path}: {conflict}")
    defaults = ImportDefaults(origin=MERGE_ORIGIN, keep_recorded=True)
    import_items(
        target,
        _documents(target, source, path, report),
        defaults,
        fitter,
        report,
        actor_ids=actor_ids,
    )


def _documents(
    target: Store, source: Store, path: Path, report: AnnotationImportReport
) -> Iterator[ImportedDocument | ImportProblem]:
    """The source's documents with every record, each first added whole to the target when
    the target lacks it (so that its original text and cleaning record come along)."""
    reader = RecordReader(source, ExportOptions(status="all"))
    for doc_id in reader.document_ids():
        records = reader.read(doc_id)
        stored = records.document
        added = target.add_documents(
            [
                Document(
                    text=stored.text,
                    title=stored.title,
                    author=stored.author,
                    published=stored.published,
                    source=stored.source,
                    url=stored.url,
                    external_id=stored.external_id,
                    original_text=stored.original_text,
                    removals=stored.removals,
                    meta=dict(stored.meta),
                    origin=stored.origin,
                    content_hash=stored.content_hash,
                )
            ],
            index=False,
        )
        if added[0].outcome == "imported":
            target.set_document_status(added[0].doc_id, stored.status)
            report.counts.new_documents += 1
        problems: list[ImportProblem] = []
        yield document_from_line(document_line(records), f"{path}: document {doc_id}", problems)
        yield from problems
