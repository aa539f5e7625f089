"""Back/forward history of visited notes, the way a browser keeps it.

Kept free of Qt so it can be tested on its own: the window only asks ``back()``/``forward()`` for the
place to show and calls ``visit()`` when the user goes somewhere new.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Place:
    """A note and, optionally, the heading anchor it was opened at."""

    path: Path
    anchor: str | None = None


class History:
    """A list of places with a cursor; visiting a new place drops everything after the cursor."""

    def __init__(self, limit: int = 200) -> None:
        self._places: list[Place] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    def visit(self, place: Place) -> None:
        if self.current == place:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def back(self) -> Place | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Place | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self.current

    def rename(self, old: Path, new: Path) -> None:
        """A note moved: every place on it now points at its new path (same note, new name)."""
        self._places = [Place(new, p.anchor) if p.path == old else p for p in self._places]

    def clear(self) -> None:
        self._places.clear()
        self._index = -1
