"""The GUI's persistent preferences: recent projects, window layout, reading font size.

Settings live as an INI file inside :func:`newsmark.core.paths.data_dir`, next to the default
project, instead of Qt's native store (the registry, ~/.config): one folder holds everything
Newsmark keeps for a user, and ``NEWSMARK_HOME`` moves all of it at once, which is what keeps
tests and portable installs away from the real user's files.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QSettings

from newsmark.core.paths import data_dir

ORGANIZATION = "Newsmark"
APPLICATION = "Newsmark"
MAX_RECENT = 10

KEY_LAST_PROJECT = "projects/last"
KEY_RECENT = "projects/recent"
KEY_ANNOTATOR = "annotator/name"


def settings() -> QSettings:
    """A QSettings on ``<data_dir>/Newsmark/Newsmark.ini`` (UI thread only, cheap to create).

    The path is set on every call because ``NEWSMARK_HOME`` may change between calls (tests
    give each test its own folder), and QSettings.setPath is process-wide.
    """
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data_dir()))
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def _as_list(value: object) -> list[str]:
    # An INI file cannot tell a one-item list from a string, so QSettings hands either back.
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]  # type: ignore[attr-defined]


def recent_projects() -> list[Path]:
    return [Path(item) for item in _as_list(settings().value(KEY_RECENT))]


def remember_project(path: Path) -> None:
    """Put ``path`` first in the recent list and make it the project the next start opens."""
    resolved = str(path.resolve())
    store = settings()
    recent = [item for item in _as_list(store.value(KEY_RECENT)) if item != resolved]
    store.setValue(KEY_RECENT, [resolved, *recent][:MAX_RECENT])
    store.setValue(KEY_LAST_PROJECT, resolved)


def forget_project(path: Path) -> None:
    resolved = str(path.resolve())
    store = settings()
    recent = [item for item in _as_list(store.value(KEY_RECENT)) if item != resolved]
    store.setValue(KEY_RECENT, recent)
    if store.value(KEY_LAST_PROJECT) == resolved:
        store.remove(KEY_LAST_PROJECT)


def clear_recent_projects() -> None:
    settings().remove(KEY_RECENT)


def last_project() -> Path | None:
    value = settings().value(KEY_LAST_PROJECT)
    return Path(str(value)) if value else None


def annotator_name() -> str:
    """The name recorded on this user's annotations: the one set, else the login name."""
    value = settings().value(KEY_ANNOTATOR)
    if value:
        return str(value)
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):  # no login name (some containers, odd Windows set-ups)
        return "annotator"


def has_annotator_name() -> bool:
    """Whether this user has chosen the name their annotations carry (asked once)."""
    return bool(settings().value(KEY_ANNOTATOR))


def set_annotator_name(name: str) -> None:
    settings().setValue(KEY_ANNOTATOR, " ".join(name.split()))
