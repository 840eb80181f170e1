"""Errors the core raises; each message names the file (and line or field) it is about."""

from __future__ import annotations


class NewsmarkError(Exception):
    """Base of every error Newsmark reports to a user rather than as a traceback."""


class ProjectError(NewsmarkError):
    """A project file cannot be opened as asked; nothing on disk was changed."""


class ProjectNotFoundError(ProjectError):
    pass


class NotAProjectError(ProjectError):
    pass


class ProjectTooNewError(ProjectError):
    pass


class ProjectCorruptError(ProjectError):
    pass


class SearchQueryError(NewsmarkError):
    """A full-text query SQLite's FTS5 cannot parse (e.g. an operator with nothing after it)."""


class InputError(NewsmarkError):
    """One input (a file, or a line of one) cannot be imported.

    ``location`` is ``path`` or ``path:line``; the message says what is wrong with it.
    """

    def __init__(self, location: str, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message
