"""The section each line of a note belongs to: the headings above it (``# …`` to ``###### …``).

Why here: the linker scopes an equation to the module built in its own section, and the engine's model
finder names each module's section; both must agree on what a section is. Headings inside fenced code
are code, not headings. A section's span runs to the next heading of the same or a higher level, so
``# GRU`` holds its ``## 수식`` and ``## 코드`` subsections.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from app.vault.blocks import code_line_mask, front_matter_end

RE_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
RE_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")  # "Title" then "=====" (level 1) or "-----" (level 2)
RE_NOT_PARAGRAPH = re.compile(r"^\s*(?:$|[#>|`$]|[-*+]\s|\d+[.)]\s)")


@dataclass(frozen=True)
class Section:
    line: int  # the heading's 1-based note line (0 for the text before the first heading)
    level: int
    title: str
    end: int = 10**9  # the last line of its span (before the next heading of the same or a higher level)

    def holds(self, line: int) -> bool:
        return self.line <= line <= self.end


class Sections:
    """The headings of one note, for ``at(line)`` and ``chain(line)`` lookups."""

    def __init__(self, text: str) -> None:
        mask = code_line_mask(text)
        skip = front_matter_end(text)
        lines = text.split("\n")
        found: list[tuple[int, int, str]] = []
        for n, line in enumerate(lines, start=1):
            if n <= skip or mask[n - 1]:
                continue
            if line.lstrip(" ").startswith("#"):
                m = RE_HEADING.match(line)
                if m:
                    found.append((n, len(m.group(1)), m.group(2).strip()))
                continue
            setext = RE_SETEXT.match(line) if line[:1] in " =-" else None
            if setext and n - 1 > skip and not mask[n - 2] and not RE_NOT_PARAGRAPH.match(lines[n - 2]):
                found.append((n - 1, 1 if setext.group(1)[0] == "=" else 2, lines[n - 2].strip()))
        self.headings: list[Section] = []
        for k, (at, level, title) in enumerate(found):
            end = next((other[0] - 1 for other in found[k + 1 :] if other[1] <= level), len(lines))
            self.headings.append(Section(at, level, title, end))
        self._lines = [h.line for h in self.headings]
        self._parent: list[int] = []  # the enclosing heading's index (-1 at the top)
        for k, heading in enumerate(self.headings):
            j = k - 1
            while j >= 0 and self.headings[j].level >= heading.level:
                j = self._parent[j]
            self._parent.append(j)

    def at(self, line: int) -> Section:
        """The innermost section holding ``line`` (the untitled top section before any heading)."""
        k = bisect.bisect_right(self._lines, line) - 1
        return self.headings[k] if k >= 0 else Section(0, 0, "")

    def chain(self, line: int) -> list[Section]:
        """The sections holding ``line``, innermost first, then the untitled whole note."""
        k = bisect.bisect_right(self._lines, line) - 1
        out = []
        while k >= 0:  # the last heading above always holds the line; then its ancestors
            out.append(self.headings[k])
            k = self._parent[k]
        return [*out, Section(0, 0, "")]
