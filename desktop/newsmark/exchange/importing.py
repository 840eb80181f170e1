"""Importing annotations from files: which format a file is in, names fitted to the project's
schema, each document written on its own, and a report of everything that happened.

A file in Newsmark's own JSONL keeps the origin, status and annotator of every record; the
other formats come in as pre-annotations (origin ``import:<format>``, status ``suggested``
unless asked otherwise). A label, event type, sub-type, role, claim type, stance or relation
label the schema lacks is added to it (or renamed with a label map) and reported: nothing is
dropped without a word. One bad file, line or record never stops the others. Pure Python;
never imports Qt.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsmark.core.annotation_import import ImportDefaults, ImportedCounts, PendingLink
from newsmark.core.errors import NewsmarkError
from newsmark.core.imported import ImportedDocument, ImportProblem, Key
from newsmark.core.schema_curation import schema_names

if TYPE_CHECKING:
    from newsmark.core.store import Store

# format -> "module:reader"; each reader yields ImportedDocument and ImportProblem.
READERS = {
    "jsonl": "newsmark.exchange.native_import:read_native",
    "prodigy": "newsmark.exchange.prodigy:read_prodigy",
    "doccano": "newsmark.exchange.doccano:read_doccano",
    "brat": "newsmark.exchange.brat_reader:read_brat",
}
ANNOTATION_FORMATS = tuple(READERS)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
DOCUMENTS_PER_COMMIT = 100
# Kinds of names the schema holds, and the label-map sections that rename them.
MAP_SECTIONS = {
    "labels": "label",
    "event_types": "event_type",
    "subtypes": "subtype",
    "roles": "role",
    "claim_types": "claim_type",
    "stances": "stance",
    "relations": "relation",
}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class ImportFileError(NewsmarkError):
    """A file given to an import that cannot be read as asked (the message names it)."""


def detect_format(path: str | os.PathLike[str]) -> str | None:
    """The annotation format of ``path``, or None for a file of articles (or anything else).

    A folder holding ``.ann`` files is brat; a JSONL file is told by its first record:
    ``"format": "newsmark/1"`` is Newsmark's own, ``entities`` or ``label`` lists are doccano,
    ``spans`` or ``tokens`` are Prodigy.
    """
    source = Path(path)
    if source.is_dir():
        return "brat" if next(source.rglob("*.ann"), None) is not None else None
    if source.suffix.lower() not in JSONL_SUFFIXES or not source.is_file():
        return None
    first = _first_record(source)
    if not isinstance(first, dict) or not isinstance(first.get("text"), str):
        return None
    if first.get("format") == "newsmark/1":
        return "jsonl"
    if any(isinstance(first.get(key), list) for key in ("entities", "label", "labels")):
        return "doccano"
    if isinstance(first.get("spans"), list) or isinstance(first.get("tokens"), list):
        return "prodigy"
    return None


def _first_record(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            for raw in handle:
                if raw.strip():
                    return json.loads(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return None


# -- the label map ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameMap:
    """Renames for names met in imported files: per kind (``label``, ``event_type``, ...),
    foreign name -> schema name, or None to leave those records out. ``everywhere`` applies
    to every kind that has no rename of its own for the name."""

    by_kind: dict[str, dict[str, str | None]] = field(default_factory=dict)
    everywhere: dict[str, str | None] = field(default_factory=dict)

    def get(self, kind: str, name: str) -> tuple[bool, str | None]:
        """(found, target) for ``name`` of ``kind``."""
        own = self.by_kind.get(kind, {})
        if name in own:
            return True, own[name]
        if name in self.everywhere:
            return True, self.everywhere[name]
        return False, None


def load_name_map(path: str | os.PathLike[str]) -> NameMap:
    """Read a label map: a JSON object ``{"PER": "PERSON", "MISC": null}`` applying to every
    kind of name, and/or sections ``{"labels": {...}, "event_types": {...}, "roles": {...},
    "subtypes": {...}, "claim_types": {...}, "stances": {...}, "relations": {...}}``."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ImportFileError(f"{source}: cannot read the label map ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"{source}: the label map is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ImportFileError(f'{source}: a label map is a JSON object {{"FROM": "TO", ...}}')
    by_kind: dict[str, dict[str, str | None]] = {}
    everywhere: dict[str, str | None] = {}
    for key, value in data.items():
        if key in MAP_SECTIONS and isinstance(value, dict):
            by_kind[MAP_SECTIONS[key]] = {
                str(k): _map_target(source, f"{key}.{k}", v) for k, v in value.items()
            }
        else:
            everywhere[str(key)] = _map_target(source, key, value)
    return NameMap(by_kind, everywhere)


def _map_target(source: Path, where: str, value: Any) -> str | None:
    if value is None or (isinstance(value, str) and value.strip()):
        return value.strip() if isinstance(value, str) else None
    raise ImportFileError(
        f"{source}: {where}: a label map value is a name or null, not {json.dumps(value)}"
    )


def _norm(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


def _snake(name: str) -> str:
    return "_".join(part for part in _NOT_ALNUM.split(name.lower()) if part)


# -- fitting names to the schema ---------------------------------------------------------------


@dataclass(slots=True)
class SchemaFit:
    """What fitting names to the schema did, for the report."""

    added: list[str] = field(default_factory=list)  # "label 'WEAPON'", ...
    renamed: dict[str, str] = field(default_factory=dict)  # "label 'per'" -> "PERSON"
    dropped: dict[str, int] = field(default_factory=dict)  # "label 'MISC'" -> records
    refused: dict[str, str] = field(default_factory=dict)  # "role 'A B'" -> why


class SchemaFitter:
    """Turns each name an imported document uses into one the project's schema has: kept
    when the schema has it, renamed by the label map or to the schema's spelling (case and
    punctuation aside), else added to the schema."""

    def __init__(self, store: Store, names: NameMap, fit: SchemaFit):
        self.store = store
        self.names = names
        self.fit = fit
        self.cache: dict[tuple[str, str, str | None], str | None] = {}
        self.schema = store.project_schema()

    def name(self, kind: str, name: str, event_type: str | None = None) -> str | None:
        key = (kind, name, event_type)
        if key not in self.cache:
            self.cache[key] = self._fitted(kind, name, event_type)
        return self.cache[key]

    def _fitted(self, kind: str, name: str, event_type: str | None) -> str | None:
        shown = f"{kind.replace('_', ' ')} {name!r}" + (f" of {event_type!r}" if event_type else "")
        mapped, target = self.names.get(kind, name)
        if mapped:
            if target is None:
                return None
            self.fit.renamed[shown] = target
            name = target
        known = schema_names(self.schema, kind, event_type)
        if name in known:
            return name
        by_norm = {_norm(n): n for n in known}
        if _norm(name) in by_norm:
            self.fit.renamed[shown] = by_norm[_norm(name)]
            return by_norm[_norm(name)]
        for candidate in dict.fromkeys([name.strip(), _snake(name)]):
            if not candidate:
                continue
            try:
                self.store.add_to_schema(kind, candidate, event_type=event_type)
            except (NewsmarkError, ValueError) as exc:
                self.fit.refused[shown] = str(exc)
                continue
            self.schema = self.store.project_schema()
            self.fit.refused.pop(shown, None)
            self.fit.added.append(
                f"{kind.replace('_', ' ')} {candidate!r}"
                + (f" of {event_type!r}" if event_type else "")
            )
            if candidate != name:
                self.fit.renamed[shown] = candidate
            return candidate
        return None

    def document(self, doc: ImportedDocument) -> tuple[ImportedDocument, list[ImportProblem]]:
        """``doc`` with every name fitted; records whose name is left out become problems."""
        problems: list[ImportProblem] = []

        def fitted(kind: str, name: str | None, what: str, event_type: str | None = None):
            if name is None:
                return True, None
            target = self.name(kind, name, event_type)
            if target is None:
                shown = f"{kind.replace('_', ' ')} {name!r}"
                self.fit.dropped[shown] = self.fit.dropped.get(shown, 0) + 1
                if shown in self.fit.refused:
                    problems.append(
                        ImportProblem(
                            doc.location,
                            f"{what}: {shown} cannot join the schema "
                            f"({self.fit.refused[shown]}); left out (map it with --label-map)",
                            fatal=False,
                        )
                    )
                return False, None
            return True, target

        spans = []
        for span in doc.spans:
            ok, label = fitted("label", span.label, f"span {span.key!r}")
            if ok:
                spans.append(dataclasses.replace(span, label=label))
        events = []
        for event in doc.events:
            ok, type_ = fitted("event_type", event.type, f"event {event.key!r}")
            if not ok:
                continue
            ok, subtype = fitted("subtype", event.subtype, f"event {event.key!r}", type_)
            arguments = []
            for argument in event.arguments:
                kept, role = fitted("role", argument.role, f"event {event.key!r}")
                if kept:
                    arguments.append(dataclasses.replace(argument, role=role))
            events.append(
                dataclasses.replace(
                    event, type=type_, subtype=subtype if ok else None, arguments=tuple(arguments)
                )
            )
        claims = []
        for claim in doc.claims:
            ok, type_ = fitted("claim_type", claim.type, f"claim {claim.key!r}")
            if not ok:
                continue
            kept, stance = fitted("stance", claim.stance, f"claim {claim.key!r}")
            claims.append(dataclasses.replace(claim, type=type_, stance=stance if kept else None))
        relations = []
        for relation in doc.relations:
            ok, label = fitted("relation", relation.label, f"relation {relation.key!r}")
            if ok:
                relations.append(dataclasses.replace(relation, label=label))
        kinds = self.schema.actor_kinds
        actors = []
        for actor in doc.actors:
            if actor.type is not None and actor.type not in kinds:
                problems.append(
                    ImportProblem(
                        doc.location,
                        f"actor {actor.name!r}: type {actor.type!r} is not an actor kind of the "
                        f"schema ({', '.join(sorted(kinds))}); imported without a type",
                        fatal=False,
                    )
                )
                actor = dataclasses.replace(actor, type=None)
            actors.append(actor)
        fitted_doc = dataclasses.replace(
            doc,
            spans=tuple(spans),
            events=tuple(events),
            claims=tuple(claims),
            relations=tuple(relations),
            actors=tuple(actors),
        )
        return fitted_doc, problems


# -- the import ------------------------------------------------------------------------------


@dataclass(slots=True)
class AnnotationImportReport:
    """What an import of annotation files did: per file its format, the records written and
    found already there, the documents refused and the parts left out (each located), and
    what changed in the schema."""

    project: str
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, format)
    action: str = "Imported annotations"
    counts: ImportedCounts = field(default_factory=ImportedCounts)
    refused: list[ImportProblem] = field(default_factory=list)
    left_out: list[ImportProblem] = field(default_factory=list)
    schema: SchemaFit = field(default_factory=SchemaFit)
    linked_across: int = 0
    # Registry actors of a merged project that disagree with this project's (kept as here).
    conflicts: list[str] = field(default_factory=list)
    # Per document written: where it was read, its id, whether it is new, what was added.
    documents: list[tuple[str, int, bool, ImportedCounts]] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[int]:
        return [doc_id for _location, doc_id, _new, _counts in self.documents]

    @property
    def exit_code(self) -> int:
        return 1 if self.refused else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "files": [{"path": p, "format": f} for p, f in self.files],
            "counts": {name: getattr(self.counts, name) for name in self.counts.__slots__},
            "linked_across_documents": self.linked_across,
            "refused": [str(p) for p in self.refused],
            "left_out": [str(p) for p in self.left_out],
            "schema_added": list(self.schema.added),
            "renamed": dict(self.schema.renamed),
            "dropped": dict(self.schema.dropped),
            "conflicts": list(self.conflicts),
        }

    def notes(self) -> list[tuple[str, str]]:
        """(where, what) for each change to the schema, for a report window."""
        found = [("schema", f"added {name}") for name in self.schema.added]
        found += [("schema", f"{old} taken as {new!r}") for old, new in self.schema.renamed.items()]
        found += [
            ("schema", f"{name}: {count} record(s) left out")
            for name, count in self.schema.dropped.items()
        ]
        found += [("registry", f"conflict: {conflict}") for conflict in self.conflicts]
        return found

    def summary_lines(self) -> list[str]:
        c = self.counts
        lines = [
            f"{self.action} from {len(self.files)} file(s) into {self.project}: "
            f"{c.documents} document(s) ({c.new_documents} new), {c.spans} spans, "
            f"{c.events} events, {c.claims} claims, {c.relations} relations, {c.actors} new "
            f"actors; {c.already_there} already there; {len(self.refused)} refused."
        ]
        if self.schema.added:
            lines.append(f"  added to the schema: {', '.join(self.schema.added)}")
        for old, new in self.schema.renamed.items():
            lines.append(f"  {old} taken as {new!r}")
        for name, count in self.schema.dropped.items():
            lines.append(f"  {name}: {count} record(s) left out")
        lines.extend(f"  conflict: {conflict}" for conflict in self.conflicts)
        return lines


ProgressCallback = Callable[[int, int, str], None]


def import_annotations(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    fmt: str | None = None,
    status: str = "suggested",
    annotator: str | None = None,
    names: NameMap | None = None,
    progress: ProgressCallback | None = None,
) -> AnnotationImportReport:
    """Import every annotation file in ``paths`` (format ``fmt``, or found per file).

    ``status`` and ``annotator`` apply to pre-annotations of other tools; Newsmark's own
    JSONL keeps each record's own and uses these only where a record has none.
    ``progress(files_done, files_total, path)`` is called after each file.
    """
    report = AnnotationImportReport(project=str(store.path))
    fitter = SchemaFitter(store, names or NameMap(), report.schema)
    sources = [Path(p) for p in paths]
    for done, source in enumerate(sources, start=1):
        file_format = fmt or detect_format(source)
        if file_format is None:
            report.refused.append(
                ImportProblem(
                    str(source),
                    "not an annotation file Newsmark reads (Newsmark, Prodigy or doccano JSONL, "
                    "or a folder of brat .ann/.txt files)",
                )
            )
        elif not source.exists():
            report.refused.append(ImportProblem(str(source), "no such file or folder"))
        else:
            report.files.append((str(source), file_format))
            _import_file(store, source, file_format, status, annotator, fitter, report)
        if progress is not None:
            progress(done, len(sources), str(source))
    store.index_pending()
    return report


def _reader(file_format: str) -> Callable[[Path], Iterator[ImportedDocument | ImportProblem]]:
    if file_format not in READERS:
        raise ImportFileError(f"format {file_format!r}: use one of {', '.join(ANNOTATION_FORMATS)}")
    module, _, name = READERS[file_format].partition(":")
    return getattr(importlib.import_module(module), name)


def _import_document(
    store: Store,
    item: ImportedDocument,
    defaults: ImportDefaults,
    actor_ids: dict[Key, int],
    fitter: SchemaFitter,
    report: AnnotationImportReport,
    keys: dict[tuple[Any, str, Key], int],
    pending: list[PendingLink],
) -> None:
    doc, problems = fitter.document(item)
    report.left_out.extend(problems)
    result = store.import_document(doc, defaults, actor_ids)
    for problem in result.problems:
        (report.refused if problem.fatal else report.left_out).append(problem)
    if result.doc_id is None:
        return
    report.counts.add(result.counts)
    report.documents.append(
        (doc.location, result.doc_id, bool(result.counts.new_documents), result.counts)
    )
    for (kind, key), record_id in result.keys.items():
        keys[(doc.key, kind, key)] = record_id
    pending.extend(result.pending)


def _import_file(
    store: Store,
    source: Path,
    file_format: str,
    status: str,
    annotator: str | None,
    fitter: SchemaFitter,
    report: AnnotationImportReport,
) -> None:
    defaults = ImportDefaults(
        origin=f"import:{file_format}",
        status=status,
        annotator=annotator,
        keep_recorded=file_format == "jsonl",
    )
    try:
        import_items(store, _reader(file_format)(source), defaults, fitter, report)
    except OSError as exc:
        report.refused.append(ImportProblem(str(source), f"cannot be read ({exc.strerror or exc})"))


def import_items(
    store: Store,
    items: Iterable[ImportedDocument | ImportProblem],
    defaults: ImportDefaults,
    fitter: SchemaFitter,
    report: AnnotationImportReport,
    actor_ids: dict[Key, int] | None = None,
) -> None:
    """Write the documents of one source (a file, a project) into ``store``, adding to
    ``report``. ``actor_ids`` maps the source's actor keys to registry ids already known.
    Links into other documents of the source are made once all of them are written."""
    actor_ids = {} if actor_ids is None else actor_ids
    keys: dict[tuple[Any, str, Key], int] = {}
    pending: list[PendingLink] = []
    items = iter(items)
    # Documents are committed a batch at a time: a commit waits for the disk, and one per
    # article would make the import several times slower. Each document is still all or
    # nothing (a savepoint inside the batch), and files are read outside the transaction.
    while batch := list(itertools.islice(items, DOCUMENTS_PER_COMMIT)):
        with store.transaction():
            for item in batch:
                if isinstance(item, ImportProblem):
                    (report.refused if item.fatal else report.left_out).append(item)
                else:
                    _import_document(
                        store, item, defaults, actor_ids, fitter, report, keys, pending
                    )
    if pending:
        linked, problems = store.link_pending(pending, keys)
        report.linked_across += linked
        report.left_out.extend(problems)
