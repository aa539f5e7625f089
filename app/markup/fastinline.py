"""Python-Markdown's inline pass, without trying patterns that cannot match the text at hand.

Python-Markdown runs each of its ~22 inline patterns over every text node; on a long note most tries
cannot match (no ``[`` in the text, no ``*``, no ``<``…), and the per-try overhead — a registry lookup
and a method call before the regex even runs — was ~15 % of rendering the 2 MB benchmark note. Each
pattern named here has characters without which its regex cannot match; when none is in the text the
pattern is skipped. Unknown patterns (and magiclink's, whose rules are many) are always tried, so the
output is exactly Python-Markdown's (the goldens and the fuzz tests would show a difference).
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown, util
from markdown.treeprocessors import InlineProcessor

# registry name -> substrings of which at least one must be in the text for the pattern to match
TRIGGERS: dict[str, str | tuple[str, str]] = {
    "tn-d2l": ":`", "backtick": "`", "escape": "\\", "tn-wikilink": "[[", "footnote": "[^",
    "tn-block-id": "^", "reference": "[", "link": "[", "image_link": "![", "image_reference": "![",
    "short_reference": "[", "short_image_ref": "![", "autolink": "<", "automail": "<",
    "linebreak": "  \n", "html": "<", "entity": "&", "em_strong": ("*", "_"), "delimiter": ("~", "="),
    "tn-tag": "#", "nl": "\n",
}  # fmt: skip


class FastInlineProcessor(InlineProcessor):
    """``InlineProcessor`` whose per-text loop skips patterns that cannot match (see the module)."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self._plain: list[Any] = []
        self._triggers: list[str | tuple[str, str] | None] = []

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        registry = self.md.inlinePatterns
        self._plain = list(registry)  # in priority order, as registry[i] gives them
        self._triggers = [None] * len(self._plain)
        for name, needs in TRIGGERS.items():
            if name in registry:
                self._triggers[registry.get_index_for_name(name)] = needs
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, triggers = self._plain, self._triggers
        if len(patterns) != len(self.inlinePatterns):  # patterns changed since run(): the plain loop
            return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc, no-any-return]
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        count = len(patterns)
        while patternIndex < count:
            needs = triggers[patternIndex]
            if needs is not None and (
                needs not in data if needs.__class__ is str else needs[0] not in data and needs[1] not in data
            ):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data
