"""Rolling backups of project files, and restoring one.

Curators spend weeks in one project file, so each time the window (or a command that writes)
opens a project, a copy is taken first with SQLite's online backup API (consistent even while
another program writes to the file, WAL included) into the user's data folder:
``<data>/backups/<project name>-<8 hex of its full path>/<UTC time>.nmk``. The newest
:data:`KEEP` are kept. No copy is taken when the project has not changed since the newest
one, or when that one is younger than :data:`MIN_INTERVAL` (a few commands in a row must not
push the older backups out). Restoring copies a backup back into the project
file with the same API, after taking one more backup of what is there, so that a restore can
itself be undone. Pure Python; never imports Qt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsmark.core.errors import NewsmarkError
from newsmark.core.paths import data_dir

KEEP = 5
MIN_INTERVAL = 10 * 60  # seconds
SUFFIX = ".nmk"
_STAMP = "%Y%m%dT%H%M%S%fZ"


class BackupError(NewsmarkError):
    """A backup that cannot be taken or restored; the message names the file."""


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup of a project: its file, when it was taken (UTC), its size and how many
    documents it holds (None when it cannot be read)."""

    path: Path
    taken: datetime
    size: int
    documents: int | None

    def describe(self) -> str:
        docs = "unreadable" if self.documents is None else f"{self.documents} documents"
        stamp = self.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{stamp}  {self.size / 1e6:.1f} MB  {docs}  {self.path}"


def backup_folder(project: str | os.PathLike[str]) -> Path:
    """Where the backups of ``project`` go (one folder per project file)."""
    full = Path(project).expanduser().resolve()
    digest = hashlib.sha256(str(full).encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{full.stem}-{digest}"


def list_backups(project: str | os.PathLike[str]) -> list[Backup]:
    """The backups of ``project``, newest first."""
    folder = backup_folder(project)
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        try:
            taken = datetime.strptime(path.stem, _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # not one of ours
        found.append(Backup(path, taken, path.stat().st_size, _document_count(path)))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def take_backup(
    project: str | os.PathLike[str], *, force: bool = False, keep: int = KEEP
) -> Path | None:
    """Copy ``project`` into its backup folder and drop the oldest beyond ``keep``.

    Returns the new backup, or None when none was needed (a recent one, the project
    unchanged since) or the project file does not exist yet.
    """
    source = Path(project).expanduser()
    if not source.is_file() or source.stat().st_size == 0:
        return None
    existing = list_backups(source)
    if not force and existing and _unchanged_since(source, existing[0]):
        return None
    folder = backup_folder(source)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{os.getpid()}.part"
    try:
        _copy_database(source, partial)
        # Named after the copy is complete: the project is unchanged up to that moment.
        target = folder / (datetime.now(UTC).strftime(_STAMP) + SUFFIX)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise BackupError(f"{source}: cannot take a backup into {folder} ({exc})") from exc
    for old in list_backups(source)[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            old.path.unlink()
    return target


def restore_backup(project: str | os.PathLike[str], backup: str | os.PathLike[str]) -> Path:
    """Put ``backup`` back into ``project``, after backing up what is there now (returned)."""
    target = Path(project).expanduser()
    source = Path(backup)
    if _document_count(source) is None:
        raise BackupError(f"{source}: not a readable Newsmark backup")
    safety = take_backup(target, force=True) if target.is_file() else None
    try:
        _copy_database(source, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"{target}: cannot restore {source} ({exc})") from exc
    return safety or target


def _copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while another connection writes."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _unchanged_since(project: Path, newest: Backup) -> bool:
    recent = time.time() - newest.taken.timestamp() < MIN_INTERVAL
    # An empty write-ahead log holds no change (a reader may create one).
    files = [project, Path(f"{project}-wal")]
    changed = max(
        (f.stat().st_mtime for f in files if f.exists() and f.stat().st_size > 0), default=0.0
    )
    return recent or changed <= newest.taken.timestamp()


def _document_count(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None
