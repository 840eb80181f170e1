"""The project's own label schema: reading it, replacing it, renaming and removing names.

A project without a stored schema uses the shipped default. The schema lives as JSON text in
the one-row ``label_schema`` table.

Pure Python: this module never imports Qt.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from newsmark.core.schema import Schema, default_schema, parse_schema

if TYPE_CHECKING:
    from sqlite_utils import Database


@lru_cache(maxsize=8)
def _parsed(body: str, source: str) -> Schema:
    return parse_schema(body, source)


class SchemaCuration:
    """The Store's schema edits; mixed into :class:`~newsmark.core.store.Store`.

    Threading: like the Store, one thread per instance.
    """

    db: Database

    def project_schema(self) -> Schema:
        """The schema this project uses: its stored one, else the shipped default."""
        row = self.db.execute("SELECT body FROM label_schema WHERE id = 1").fetchone()
        if row is None:
            return default_schema()
        return _parsed(row[0], f"{getattr(self, 'path', 'project')} (label_schema)")
