"""Import of articles into a project: read, clean, extract metadata, deduplicate, store.

One bad file or record never stops the others; each document is stored whole or not at all
(documents go in by batches, each batch in one transaction).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsmark.core.documents import Document, normalize_text
from newsmark.core.errors import InputError
from newsmark.core.store import Store
from newsmark.corpus.cleaning import clean_article
from newsmark.corpus.metadata import extract_metadata
from newsmark.corpus.readers import (
    DEFAULT_MAX_BYTES,
    CsvColumns,
    RawArticle,
    expand_inputs,
    read_file,
)

# Names other tools and scrapers use for the metadata fields Newsmark keeps in columns.
META_ALIASES: Mapping[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "author": ("author", "byline", "authors", "creator"),
    "published": (
        "published",
        "date",
        "pubdate",
        "published_at",
        "publication_date",
        "date_published",
        "datePublished",
    ),
    "source": ("source", "publisher", "sitename", "site_name", "site", "outlet"),
    "url": ("url", "link", "source_url", "canonical_url"),
}


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: cleaning on or off, size limit, CSV column names, batch size."""

    clean: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    csv_columns: CsvColumns = field(default_factory=CsvColumns)
    batch_size: int = 250


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Where an import stands, for a progress bar."""

    files_done: int
    files_total: int
    documents: int
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
        }


# ---------------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------------


def build_document(raw: RawArticle, *, clean: bool = True) -> tuple[Document, list[str]]:
    """Turn a raw article into a storable Document (plus warnings), or raise InputError.

    Metadata given with the article (JSONL meta, CSV columns, HTML tags) wins over what the
    heuristics read from the text; the heuristics fill what is missing.
    """
    warnings = list(raw.warnings)
    text = normalize_text(raw.text)
    removals: tuple = ()
    if clean:
        cleaned = clean_article(text)
        body = cleaned.text
        removals = cleaned.removals
        warnings.extend(cleaned.warnings)
    else:
        body = text
    if not body.strip():
        raise InputError(raw.location, "no text left after cleaning" if clean else "empty text")
    original = raw.original if raw.original is not None else raw.text
    given, rest = _split_meta(raw.meta, raw.location, warnings)
    found = extract_metadata(body, removals)
    meta = dict(rest)
    if found.published_text and not given.get("published"):
        meta["published_text"] = found.published_text
    document = Document(
        text=body,
        title=given.get("title") or found.title,
        author=given.get("author") or found.author,
        published=given.get("published") or found.published,
        source=given.get("source") or found.source,
        url=given.get("url") or found.url,
        external_id=raw.external_id,
        original_text=None if original == body else original,
        removals=tuple(removals),
        meta={"format": raw.fmt, **meta},
        origin=raw.location,
    )
    return document, warnings


def _split_meta(
    meta: Mapping[str, Any], location: str, warnings: list[str]
) -> tuple[dict[str, str], dict[str, Any]]:
    """Pick the known fields (under any of their usual names) out of free-form metadata."""
    given: dict[str, str] = {}
    rest = dict(meta)
    for fieldname, aliases in META_ALIASES.items():
        for alias in aliases:
            if alias in rest and rest[alias] not in (None, "", []):
                value = rest.pop(alias)
                if fieldname in given:
                    rest[alias] = value  # a second name for a field already set: keep as is
                    continue
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value)
                given[fieldname] = str(value).strip()
    if "published" in given:
        iso = normalize_date(given["published"])
        if iso is None:
            warnings.append(f"cannot read the date {given['published']!r}; kept as published_raw")
            rest["published_raw"] = given.pop("published")
        else:
            given["published"] = iso
    return given, rest


def normalize_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all there is) from a date string."""
    value = value.strip()
    if len(value) in (4, 7) and value.replace("-", "").isdigit():
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    import dateparser  # slow to import; most dates are ISO already

    parsed = dateparser.parse(
        value, settings={"STRICT_PARSING": False, "PREFER_DAY_OF_MONTH": "first"}
    )
    if parsed is None:
        return None
    return date(parsed.year, parsed.month, parsed.day).isoformat()


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
    batch: list[Document] = []

    def flush() -> None:
        _store_batch(store, batch, report)
        batch.clear()

    for index, path in enumerate(files):
        for item in _documents_in(path, options, report):
            batch.append(item)
            if len(batch) >= options.batch_size:
                flush()
                if should_cancel is not None and should_cancel():
                    report.cancelled = True
                    return report
        if progress is not None:
            progress(
                ImportProgress(index + 1, len(files), len(report.imported) + len(batch), str(path))
            )
    flush()
    return report


def _documents_in(path: Path, options: ImportOptions, report: ImportReport) -> Iterator[Document]:
    for item in read_file(
        path, max_bytes=options.max_bytes, clean=options.clean, csv_columns=options.csv_columns
    ):
        if isinstance(item, InputError):
            report.rejected.append(item)
            continue
        try:
            document, warnings = build_document(item, clean=options.clean)
        except InputError as exc:
            report.rejected.append(exc)
            continue
        report.warnings.extend((item.location, w) for w in warnings)
        yield document


def _store_batch(store: Store, batch: list[Document], report: ImportReport) -> None:
    if not batch:
        return
    try:
        results = store.add_documents(batch)
    except sqlite3.Error:
        # Find the document the database refused by storing the batch one by one.
        results = []
        for document in batch:
            try:
                results.extend(store.add_documents([document]))
            except sqlite3.Error as exc:
                report.rejected.append(InputError(document.origin, f"could not be stored ({exc})"))
    for result in results:
        if result.outcome == "imported":
            report.imported.append((result.document.origin, result.doc_id, result.document.title))
        else:
            report.duplicates.append((result.document.origin, result.doc_id))
