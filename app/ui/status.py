"""Small status widgets: the warnings banner above the note, and the status-bar text for a click."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

SOURCE_PREVIEW = 120


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
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("알림 닫기")
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
    """'수식 eq-… (줄 12): f_t=σ(…)' — what was clicked and its source, for the status bar."""
    kind = detail.get("kind")
    ident = str(detail.get("id") or "")
    equations = {eq.id: eq for eq in getattr(rendered, "equations", []) or []}
    if kind == "equation":
        eq = equations.get(ident)
        if eq is None:
            return f"수식 {ident}"
        return f"수식 {ident} ({_lines(eq.lines)}): {_short(eq.latex)}"
    if kind == "piece":
        eq = equations.get(str(detail.get("equation") or ""))
        piece = next((p for p in eq.pieces if p.id == ident), None) if eq else None
        if piece is None:
            return f"기호 {ident}"
        return f"기호 {ident} (수식 {eq.id if eq else ''}, 줄 {piece.line}): {_short(piece.latex)}"
    if kind == "code":
        block = next((b for b in getattr(rendered, "code_blocks", []) or [] if b.id == ident), None)
        if block is None:
            return f"코드 {ident}"
        first = next((line for line in block.source.splitlines() if line.strip()), "")
        span = _lines((block.first_line, block.last_line))
        return f"코드 {ident} ({block.lang or '텍스트'}, {span}): {_short(first)}"
    return ""


def _lines(lines: tuple[int, int]) -> str:
    a, b = lines
    return f"줄 {a}" if a == b else f"줄 {a}–{b}"
