"""The dialog shown when a save finds the note changed on disk: the diff, and reload / overwrite / save-as.

It is opened with ``open()`` (window-modal, not a nested event loop), so the panel reacts to the
``chosen`` signal; tests drive it the same way with :meth:`ConflictDialog.choose`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.ui.code_editor import code_font

CHOICES = {  # choice -> (button text, tooltip)
    "reload": (
        "다시 불러오기",
        "디스크의 노트를 다시 읽어 이 블록을 그 내용으로 바꿉니다 (편집기에서 실행 취소 가능)",
    ),
    "overwrite": ("덮어쓰기", "디스크에서 바뀐 내용을 버리고 패널의 내용으로 저장합니다"),
    "save_as": ("다른 이름으로 저장…", "원래 노트는 그대로 두고 패널의 내용을 새 파일로 저장합니다"),
    "cancel": ("취소", "아무것도 저장하지 않습니다"),
}


def diff_html(diff: str) -> str:
    """A unified diff coloured like a code review: removed red, added green, hunks grey."""
    rows = []
    for line in diff.splitlines():
        colour, bg = "#1f2328", "transparent"
        if line.startswith(("+++", "---")):
            colour = "#57606a"
        elif line.startswith("@@"):
            colour, bg = "#0550ae", "#ddf4ff"
        elif line.startswith("+"):
            colour, bg = "#116329", "#dafbe1"
        elif line.startswith("-"):
            colour, bg = "#82071e", "#ffebe9"
        style = f"color:{colour}; background:{bg}; white-space:pre"
        rows.append(f"<div style='{style}'>{html.escape(line) or ' '}</div>")
    return "".join(rows) or "<i>차이를 표시할 수 없습니다.</i>"


class ConflictDialog(QDialog):
    """Shows disk → panel differences; emits ``chosen`` with one of :data:`CHOICES`' keys."""

    chosen = Signal(str)

    def __init__(self, message: str, diff: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("저장 충돌")
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{html.escape(message)}</b>")
        title.setWordWrap(True)
        layout.addWidget(title)
        explain = QLabel("디스크의 노트(−)와 저장하려던 내용(+)의 차이입니다. 어떻게 할까요?")
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.diff = QTextBrowser()
        self.diff.setFont(code_font(9))
        self.diff.setHtml(diff_html(diff))
        layout.addWidget(self.diff, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, (text, tip) in CHOICES.items():
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
            self.buttons[key] = button
            if key == "cancel":
                row.addStretch(1)
            row.addWidget(button)
        layout.addLayout(row)
        self.choice: str | None = None

    def choose(self, key: str) -> None:
        """Close with ``key`` ("reload", "overwrite", "save_as" or "cancel")."""
        if key not in CHOICES:
            raise ValueError(f"unknown choice {key!r}")
        self.choice = key
        self.chosen.emit(key)
        if key == "cancel":
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:
        if self.choice is None:  # Esc or the window's close button
            self.choice = "cancel"
            self.chosen.emit("cancel")
        super().reject()
