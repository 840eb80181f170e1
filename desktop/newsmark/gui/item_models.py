"""What the window's item models share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def role_set(*roles: Qt.ItemDataRole) -> frozenset[int]:
    """The roles a model answers, as the ints ``data`` receives, for a quick first test."""
    return frozenset(int(role.value) for role in roles)


class OneCallPerCell:
    """Answers all the roles a view asks of one cell in one call from Qt into Python.

    A view's delegate asks each cell for seven or more roles; through ``data`` that is seven
    calls from Qt into Python, and while a worker thread runs, each call first waits for the
    GIL. Qt 6 asks through ``multiData`` when the model provides it, so providing it makes the
    wait once per cell. Mix in before the Qt model class; ``data`` stays the one source.
    """

    def multiData(self, index: Any, roles: Any) -> None:
        data = self.data  # type: ignore[attr-defined]
        for i in range(roles.size()):
            item = roles[i]
            value = data(index, item.role())
            if value is None:
                item.clearData()
            else:
                item.setData(value)
