"""Reading input files into raw articles: decoding, format parsing, per-record errors.

A reader never stops at the first bad record: it yields an :class:`InputError` for that
record (naming the file and line) and goes on with the next one.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsmark.core.errors import InputError

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Well-known binary signatures, so the message can say what the file is rather than "binary".
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)
_GLOB_CHARS = frozenset("*?[")
# Column names scrapers and spreadsheet exports commonly give the article text.
TEXT_COLUMN_NAMES = ("text", "body", "content", "article", "full_text", "story")


@dataclass(slots=True)
class RawArticle:
    """One article as read from its file, before cleaning: text plus the metadata it came with."""

    location: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    original: str | None = None  # the source as stored when it is not the text itself (HTML)
    warnings: list[str] = field(default_factory=list)
    fmt: str = "txt"


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which CSV columns hold the text, the id and each metadata field.

    ``text=None`` takes the first of :data:`TEXT_COLUMN_NAMES` the header has.
    """

    text: str | None = None
    id: str = "id"
    meta: Mapping[str, str] = field(default_factory=dict)  # metadata field -> column name


# ---------------------------------------------------------------------------------------------
# Finding the files
# ---------------------------------------------------------------------------------------------


def expand_inputs(paths: list[str]) -> tuple[list[Path], list[InputError], int]:
    """Turn the user's paths (files, folders, globs) into the list of files to read.

    Returns the files in a stable order, an error per path that gives nothing usable, and how
    many files inside folders were passed over for an unsupported type.
    """
    files: list[Path] = []
    errors: list[InputError] = []
    passed_over = 0
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found, skipped = _walk_folder(path)
            passed_over += skipped
            for item in found:
                add(item)
        elif path.is_file():
            if path.suffix.lower() in FORMATS:
                add(path)
            else:
                errors.append(InputError(str(path), _unsupported(path)))
        elif _GLOB_CHARS & set(raw):
            matches = sorted(glob.glob(os.path.expanduser(raw), recursive=True))
            if not matches:
                errors.append(InputError(raw, "no file matches this pattern"))
            for match in matches:
                match_path = Path(match)
                if match_path.is_dir():
                    found, skipped = _walk_folder(match_path)
                    passed_over += skipped
                    for item in found:
                        add(item)
                elif match_path.suffix.lower() in FORMATS:
                    add(match_path)
                else:
                    passed_over += 1
        else:
            errors.append(InputError(raw, "no such file or folder"))
    return files, errors, passed_over


def _walk_folder(folder: Path) -> tuple[list[Path], int]:
    found: list[Path] = []
    skipped = 0
    for root, dirs, names in os.walk(folder):
        # Hidden folders (.git, .venv) never hold a corpus and can be huge.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if path.suffix.lower() in FORMATS:
                found.append(path)
            else:
                skipped += 1
    return found, skipped


def _unsupported(path: Path) -> str:
    kinds = " ".join(sorted(FORMATS))
    suffix = path.suffix or "(none)"
    return f"unsupported file type {suffix}; Newsmark imports {kinds}"


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------


def decode_bytes(data: bytes, location: str) -> tuple[str, list[str]]:
    """Decode a text file: UTF-8 (or UTF-16 with a BOM), else Windows-1252 with a warning.

    Raises :class:`InputError` for empty and binary files and bytes no encoding explains.
    """
    if not data.strip():
        raise InputError(location, "empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise InputError(location, f"damaged UTF-16 text ({exc.reason})") from exc
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(location, f"binary file ({kind}), not text")
    # Anywhere in the file, not just its start: a NUL deep inside would otherwise end up in a
    # stored text, where it is invisible and cuts C-string tools short.
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(
            location, f"binary file (contains NUL bytes), not text: the first is on line {line}"
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc2:
            raise InputError(
                location,
                f"not UTF-8 ({where}) and not Windows-1252 either "
                f"(byte 0x{data[exc2.start]:02x} at offset {exc2.start}); save it as UTF-8",
            ) from exc2
        return text, [f"not valid UTF-8 ({where}); read as Windows-1252"]


def _read_limited(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            str(path), f"file too large ({_megabytes(size)}; the limit is {_megabytes(max_bytes)})"
        )
    return path.read_bytes()


def _megabytes(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB"


# ---------------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------------


def read_file(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    csv_columns: CsvColumns | None = None,
) -> Iterator[RawArticle | JsonRecord | InputError]:
    """Yield the articles in one file, or an error per record (or for the whole file).

    JSONL lines come as :class:`JsonRecord`, parsed later by the build step.
    """
    fmt = FORMATS.get(path.suffix.lower())
    try:
        if fmt in ("txt", "md"):
            yield _read_plain(path, fmt, max_bytes)
        elif fmt == "html":
            yield _read_html(path, max_bytes)
        elif fmt == "jsonl":
            yield from _read_jsonl(path, max_bytes)
        elif fmt == "csv":
            yield from _read_csv(path, max_bytes, csv_columns or CsvColumns())
        else:
            yield InputError(str(path), _unsupported(path))
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(path), f"cannot be read ({exc.strerror or exc})")


def _read_plain(path: Path, fmt: str, max_bytes: int) -> RawArticle:
    text, warnings = decode_bytes(_read_limited(path, max_bytes), str(path))
    return RawArticle(str(path), text, warnings=warnings, fmt=fmt)


def _read_html(path: Path, max_bytes: int) -> RawArticle:
    # Extraction is the slow part of HTML import; it happens in the build step, which may run in
    # a worker process (see newsmark.corpus.building).
    location = str(path)
    html, warnings = decode_bytes(_read_limited(path, max_bytes), location)
    return RawArticle(location, "", original=html, warnings=warnings, fmt="html")


def extract_html(html: str, *, clean: bool = True) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page, via trafilatura; never touches the network.

    trafilatura reads only the string it is given (no URL is passed, so nothing is fetched);
    scripts, styles and remote resources are dropped by its parser. With ``clean`` off it keeps
    as much of the page as it can (favour recall) instead of only the main article.
    """
    import trafilatura  # heavy; only needed for HTML

    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=not clean,
        favor_precision=False,
    )
    if extracted is None:
        return "", {}
    # trafilatura separates paragraphs with one newline; Newsmark's texts use a blank line.
    text = "\n\n".join(line.strip() for line in (extracted.text or "").split("\n") if line.strip())
    meta: dict[str, Any] = {}
    for ours, theirs in (
        ("title", "title"),
        ("author", "author"),
        ("published", "date"),
        ("source", "sitename"),
        ("url", "url"),
        ("description", "description"),
        ("language", "language"),
    ):
        value = getattr(extracted, theirs, None)
        if value:
            meta[ours] = str(value)
    return text, meta


@dataclass(frozen=True, slots=True)
class JsonRecord:
    """One line of a JSONL file, not parsed yet.

    Parsing is left to the build step, which runs in worker processes on large imports, so
    the process writing to the project only splits lines.
    """

    location: str
    line: bytes

    def parse(self) -> RawArticle:
        """The article this line holds; raises InputError naming the file and line."""
        try:
            record = json.loads(self.line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError(
                self.location, f"not valid UTF-8 (byte offset {exc.start} in the line)"
            ) from exc
        except json.JSONDecodeError as exc:
            raise InputError(
                self.location, f"invalid JSON ({exc.msg}, column {exc.colno})"
            ) from exc
        return _article_from_record(record, self.location)


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[JsonRecord | InputError]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)  # not part of the first record
            if not line.strip():
                continue
            location = f"{path}:{number}"
            if len(line) > max_bytes:
                yield InputError(location, f"record too large ({_megabytes(len(line))})")
                continue
            yield JsonRecord(location, line)


def _article_from_record(record: Any, location: str) -> RawArticle:
    if not isinstance(record, dict):
        raise InputError(location, f"expected a JSON object, found {type(record).__name__}")
    text = record.get("text")
    if text is None:
        raise InputError(location, "missing field 'text'")
    if not isinstance(text, str):
        raise InputError(location, f"field 'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError(location, "field 'text' is empty")
    if "\x00" in text:  # a \u0000 escape: refused as a NUL byte in a text file is
        raise InputError(location, f"field 'text' holds a NUL character (at {text.index(chr(0))})")
    meta = record.get("meta", {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(location, f"field 'meta' must be an object, not {type(meta).__name__}")
    meta = dict(meta)
    # Other top-level fields (title, url, ...) are metadata too; meta's own values win.
    for key, value in record.items():
        if key not in ("text", "meta", "id") and value is not None:
            meta.setdefault(key, value)
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, str | int):
        raise InputError(
            location, f"field 'id' must be a string or number, not {type(raw_id).__name__}"
        )
    external_id = str(raw_id) if raw_id is not None else None
    return RawArticle(location, text, meta, external_id=external_id, fmt="jsonl")


def _read_csv(path: Path, max_bytes: int, columns: CsvColumns) -> Iterator[RawArticle | InputError]:
    location = str(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError(location, "empty file")
    text, warnings = decode_bytes(path.read_bytes(), location)
    text = text.removeprefix("\ufeff")  # Excel's BOM would otherwise stick to the first column
    csv.field_size_limit(max(max_bytes, 131_072))
    # strict: a stray quote is an error to report, not a silently mangled field.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError(location, "empty file") from exc
    except csv.Error as exc:
        raise InputError(f"{location}:1", f"malformed CSV header ({exc})") from exc
    header = [name.strip() for name in header]
    wanted = (columns.text,) if columns.text else TEXT_COLUMN_NAMES
    text_column = next((name for name in wanted if name in header), None)
    if text_column is None:
        looked_for = " or ".join(repr(name) for name in wanted)
        raise InputError(
            location,
            f"no text column {looked_for} (columns: {', '.join(header) or 'none'}); "
            "name the text column with --text-column",
        )
    for field_name, column in columns.meta.items():
        if column not in header:
            raise InputError(
                location, f"no column {column!r} for {field_name} (columns: {', '.join(header)})"
            )
    text_index = header.index(text_column)
    id_index = header.index(columns.id) if columns.id in header else None
    renamed = {column: field_name for field_name, column in columns.meta.items()}
    line = 1
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The csv module cannot resynchronise after a broken quote: stop this file here.
            yield InputError(
                f"{location}:{reader.line_num}", f"malformed CSV ({exc}); rest of file not read"
            )
            return
        line = reader.line_num
        record_location = f"{location}:{start}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            fields = "1 field" if len(row) == 1 else f"{len(row)} fields"
            yield InputError(record_location, f"{fields} where the header has {len(header)}")
            continue
        body = row[text_index]
        if not body.strip():
            yield InputError(record_location, f"column {text_column!r} is empty")
            continue
        if len(body.encode("utf-8")) > max_bytes:
            yield InputError(record_location, f"text too large (limit {_megabytes(max_bytes)})")
            continue
        meta: dict[str, Any] = {}
        for index, name in enumerate(header):
            if index in (text_index, id_index) or not row[index].strip():
                continue
            meta[renamed.get(name, name)] = row[index].strip()
        external_id = row[id_index].strip() or None if id_index is not None else None
        yield RawArticle(
            record_location, body, meta, external_id=external_id, warnings=list(warnings), fmt="csv"
        )
        warnings = []  # an encoding warning concerns the file: say it once
