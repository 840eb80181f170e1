"""Writing export files safely: all or nothing under the final name, never outside a folder.

An export is written to a temporary file next to its target, flushed to disk, and only then
renamed over the target (``os.replace`` is atomic on one file system). A failure or an
interruption at any point leaves the target as it was (absent, or the previous export) and no
temporary file behind. Pure Python; never imports Qt.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from newsmark.core.errors import NewsmarkError


@dataclass(frozen=True, slots=True)
class SpanMismatch:
    """A stored span whose text is not what its offsets cover in its document's text."""

    doc_id: int
    span_id: int
    start: int
    end: int
    stored: str  # the span's own text
    found: str  # what text[start:end] holds

    def __str__(self) -> str:
        return (
            f"document {self.doc_id}, span {self.span_id} ({self.start}-{self.end}): stored "
            f"{self.stored!r} but the text there is {self.found!r}"
        )


SHOWN_MISMATCHES = 10  # spans named in a refusal; the others are counted


class ExportError(NewsmarkError):
    """An export that cannot be written as asked; nothing was written under the target name.

    ``mismatches`` lists the spans whose offsets do not cover their text, when that is why.
    """

    def __init__(self, message: str, mismatches: tuple[SpanMismatch, ...] = ()):
        super().__init__(message)
        self.mismatches = mismatches

    @classmethod
    def for_mismatches(cls, mismatches: Sequence[SpanMismatch], target: object) -> ExportError:
        """The refusal of an export to ``target`` because spans do not match their text;
        the first few are named, the rest counted."""
        shown = "; ".join(str(m) for m in mismatches[:SHOWN_MISMATCHES])
        more = len(mismatches) - SHOWN_MISMATCHES
        tail = f"; and {more} more" if more > 0 else ""
        return cls(
            f"{target}: nothing written: {len(mismatches)} span(s) do not match the text at "
            f"their offsets (the project file may be damaged): {shown}{tail}",
            tuple(mismatches),
        )


@contextlib.contextmanager
def export_folder(path: str | os.PathLike[str], what: str) -> Iterator[Path]:
    """The folder a ``what`` export writes into, made when missing; when the export fails a
    folder it made is removed again (it is empty: its files are written all or nothing)."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: is a file; {what} exports go into a folder")
    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        yield target
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                target.rmdir()
        raise


def check_target(target: Path) -> None:
    """Refuse, with ExportError, a file target whose folder is missing or that is a folder."""
    if not target.parent.is_dir():
        raise ExportError(f"{target}: the folder {target.parent} does not exist")
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name")


@contextlib.contextmanager
def atomic_text_file(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """Open a UTF-8 text file that appears under ``path`` only if the block ends normally.

    Lines are written with ``\\n`` whatever the platform. On any exception (KeyboardInterrupt
    included) the temporary file is removed and the exception goes on.
    """
    with _atomic_file(path, binary=False) as handle:
        yield handle


@contextlib.contextmanager
def atomic_bytes_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """The binary twin of :func:`atomic_text_file` (a spaCy DocBin, for one)."""
    with _atomic_file(path, binary=True) as handle:
        yield handle


@contextlib.contextmanager
def _atomic_file(path: str | os.PathLike[str], *, binary: bool) -> Iterator[Any]:
    target = Path(path)
    check_target(target)
    folder = target.parent
    # Same folder as the target, so the final rename never crosses file systems.
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    temp = Path(temp_name)
    try:
        text_options = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        with open(fd, "wb" if binary else "w", **text_options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened this way on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def safe_join(folder: str | os.PathLike[str], *parts: str) -> Path:
    """``folder / parts...``, refused with ExportError when the result would lie outside
    ``folder`` (an absolute part, ``..``, or a symbolic link leading out)."""
    root = Path(folder).resolve()
    for part in parts:
        if not part or Path(part).is_absolute() or Path(part).drive:
            raise ExportError(f"{part!r}: not a name inside {root}")
    joined = root.joinpath(*parts).resolve()
    if joined == root or not joined.is_relative_to(root):
        raise ExportError(f"{'/'.join(parts)!r}: leads outside the export folder {root}")
    return joined
