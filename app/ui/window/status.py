"""Small status widgets: the warnings banner above the note, and the status-bar text for a click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app.ui.common import contain, plain

SOURCE_PREVIEW = 120
translate = QCoreApplication.translate  # lupdate collects translate("Status", "…")


class Banner(QFrame):
    """A yellow strip listing the renderer's warnings (encoding fallback, binary file…)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tensornote-banner")
        self.setStyleSheet(
            "#tensornote-banner { background: #fff8c5; border-bottom: 1px solid #d4a72c; }"
            "#tensornote-banner QLabel { color: #3b2300; }"
            "#tensornote-banner QToolButton { color: #3b2300; border: none; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = plain(QLabel(self))  # warnings name files: text, never HTML
        contain(self.label)  # a warning naming a long path wraps, the window keeps its width
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(translate("Status", "Dismiss"))
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_warnings(self, warnings: list[str]) -> None:
        if not warnings:
            self.label.clear()
            self.hide()
            return
        self.label.setText("⚠ " + "\n⚠ ".join(warnings))
        self.show()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SOURCE_PREVIEW else text[: SOURCE_PREVIEW - 1] + "…"


def describe_click(detail: dict[str, Any], rendered: Any | None) -> str:
    """'Equation eq-… (line 12): f_t=σ(…)' — what was clicked and its source, for the status bar."""
    kind = detail.get("kind")
    ident = str(detail.get("id") or "")
    equations = {eq.id: eq for eq in getattr(rendered, "equations", []) or []}
    if kind == "equation":
        eq = equations.get(ident)
        if eq is None:
            return translate("Status", "Equation {0}").format(ident)
        where = translate("Status", "Equation {0} ({1}): {2}")
        return where.format(ident, _lines(eq.lines), _short(eq.latex))
    if kind == "piece":
        eq = equations.get(str(detail.get("equation") or ""))
        piece = next((p for p in eq.pieces if p.id == ident), None) if eq else None
        if piece is None:
            return translate("Status", "Symbol {0}").format(ident)
        where = translate("Status", "Symbol {0} (equation {1}, line {2}): {3}")
        return where.format(ident, eq.id if eq else "", piece.line, _short(piece.latex))
    if kind == "code":
        block = next((b for b in getattr(rendered, "code_blocks", []) or [] if b.id == ident), None)
        if block is None:
            return translate("Status", "Code {0}").format(ident)
        first = next((line for line in block.source.splitlines() if line.strip()), "")
        span = _lines((block.first_line, block.last_line))
        lang = block.lang or translate("Status", "text")
        return translate("Status", "Code {0} ({1}, {2}): {3}").format(ident, lang, span, _short(first))
    return ""


def _lines(lines: tuple[int, int]) -> str:
    a, b = lines
    if a == b:
        return translate("Status", "line {0}").format(a)
    return translate("Status", "lines {0}–{1}").format(a, b)
