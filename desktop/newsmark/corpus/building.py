"""From a raw article to a storable Document: decode HTML, clean, read metadata; in parallel
worker processes when an import is large enough to gain from the second core.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsmark.core.documents import Document, normalize_text
from newsmark.core.errors import InputError
from newsmark.corpus.cleaning import clean_article
from newsmark.corpus.metadata import extract_metadata, parse_date
from newsmark.corpus.readers import JsonRecord, RawArticle, extract_html

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


# ---------------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------------


def build_document(raw: RawArticle, *, clean: bool = True) -> tuple[Document, list[str]]:
    """Turn a raw article into a storable Document (plus warnings), or raise InputError.

    Metadata given with the article (JSONL meta, CSV columns, HTML tags) wins over what the
    heuristics read from the text; the heuristics fill what is missing.
    """
    warnings = list(raw.warnings)
    given_meta: Mapping[str, Any] = raw.meta
    if raw.fmt == "html":
        extracted, html_meta = extract_html(raw.original or "", clean=clean)
        if not extracted.strip():
            raise InputError(raw.location, "no article text found in this HTML page")
        raw = RawArticle(
            raw.location, extracted, raw.meta, raw.external_id, raw.original, fmt="html"
        )
        given_meta = {**html_meta, **raw.meta}
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
    given, rest = _split_meta(given_meta, raw.location, warnings)
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
    """An ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when that is all there is) from a date string.

    ISO dates and timestamps, what feeds and exports mostly carry, are read directly; any
    other form is read as header dates are (see newsmark.corpus.metadata.parse_date).
    """
    value = value.strip()
    if len(value) in (4, 7) and value.replace("-", "").isdigit():
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return parse_date(value)


# ---------------------------------------------------------------------------------------------
# Many articles, maybe in parallel
# ---------------------------------------------------------------------------------------------

# Articles per task sent to a worker: large enough that pickling overhead is small, small
# enough that the writer is never idle for long.
CHUNK = 64
# Below this much input, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Built:
    """The outcome of building one article: a Document, or the reason it was refused."""

    location: str
    document: Document | None
    error: str | None
    warnings: tuple[str, ...] = ()


def build_one(raw: RawArticle | JsonRecord, clean: bool) -> Built:
    """Build one article; never raises, so one odd article cannot stop an import."""
    try:
        if isinstance(raw, JsonRecord):
            raw = raw.parse()
        document, warnings = build_document(raw, clean=clean)
    except InputError as exc:
        return Built(raw.location, None, exc.message)
    except Exception as exc:  # a bug on odd input must not lose the rest of the corpus
        return Built(raw.location, None, f"could not be processed ({type(exc).__name__}: {exc})")
    return Built(raw.location, document, None, tuple(warnings))


def _build_chunk(chunk: list[RawArticle | JsonRecord], clean: bool) -> list[Built]:
    return [build_one(raw, clean) for raw in chunk]


def worker_count(input_bytes: int, requested: int | None) -> int:
    """How many worker processes to use: ``requested`` if given, else 0 for small imports and
    one per core otherwise (the writer mostly waits on SQLite, so it shares a core well)."""
    if requested is not None:
        return max(0, requested)
    cores = os.cpu_count() or 1
    return cores if cores > 1 and input_bytes >= PARALLEL_MIN_BYTES else 0


def _start_method() -> multiprocessing.context.BaseContext:
    # fork starts workers instantly but is only safe in a single-threaded process on Linux;
    # anywhere else (the GUI's worker thread, macOS, Windows) spawn is the safe choice.
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _lower_priority() -> None:
    # The process that writes to the project is the bottleneck of a large import; workers
    # that yield the core to it keep it fed without slowing it down.
    if hasattr(os, "nice"):
        os.nice(5)


def build_all(
    raws: Iterable[RawArticle | JsonRecord], *, clean: bool, workers: int
) -> Iterator[Built]:
    """Build every article, in input order.

    With ``workers`` > 0, articles go to a process pool in chunks while the caller stores
    what comes back; at most a few chunks per worker are in flight, so memory stays bounded
    however large the corpus.
    """
    if workers <= 0:
        for raw in raws:
            yield build_one(raw, clean)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_start_method(), initializer=_lower_priority
    )
    pending: deque[Future[list[Built]]] = deque()
    try:
        chunk: list[RawArticle | JsonRecord] = []
        for raw in raws:
            chunk.append(raw)
            if len(chunk) >= CHUNK:
                pending.append(pool.submit(_build_chunk, chunk, clean))
                chunk = []
                while len(pending) >= workers * 3:
                    yield from pending.popleft().result()
        if chunk:
            pending.append(pool.submit(_build_chunk, chunk, clean))
        while pending:
            yield from pending.popleft().result()
    finally:
        # Reached early when the caller cancels: drop what is queued, do not wait for it.
        pool.shutdown(wait=False, cancel_futures=True)
