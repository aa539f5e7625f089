"""The section each line of a note belongs to: the nearest ATX heading above it (``# …`` to ``###### …``).

Why here: the linker scopes an equation to the module built in its own section, and the engine's model
finder names each module's section; both must agree on what a section is. Headings inside fenced code
are code, not headings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from app.vault.blocks import code_line_mask

RE_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


@dataclass(frozen=True)
class Section:
    line: int  # the heading's 1-based note line (0 for the text before the first heading)
    level: int
    title: str


class Sections:
    """The headings of one note, for ``at(line)`` lookups in O(log n)."""

    def __init__(self, text: str) -> None:
        mask = code_line_mask(text)
        self.headings: list[Section] = []
        for n, line in enumerate(text.split("\n"), start=1):
            if line.startswith(("#", " ")) and not mask[n - 1]:
                m = RE_HEADING.match(line)
                if m:
                    self.headings.append(Section(n, len(m.group(1)), m.group(2).strip()))
        self._lines = [h.line for h in self.headings]

    def at(self, line: int) -> Section:
        """The section holding ``line`` (the untitled top section before any heading)."""
        k = bisect.bisect_right(self._lines, line) - 1
        return self.headings[k] if k >= 0 else Section(0, 0, "")
