"""What rendering a note produces: the HTML body plus everything the UI and ``check`` need to know."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.markup.blocks import CodeBlock
from app.markup.mathscan import Equation


@dataclass(frozen=True)
class MathError:
    line: int  # 1-based note line
    latex: str
    reason: str  # in the user's language (app.i18n), shown on hover


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str  # the element id (see ``app.markup.anchors.slug``)
    line: int


@dataclass
class RenderedNote:
    body_html: str
    equations: list[Equation] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    math_count: int = 0
    math_errors: list[MathError] = field(default_factory=list)
    unresolved_links: list[str] = field(default_factory=list)
    missing_embeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    code_errors: list[str] = field(default_factory=list)
    partial: bool = False  # only the first screen of a long note (``firstscreen``); the rest follows
