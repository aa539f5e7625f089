"""The dialog shown when a save finds the note changed on disk: the diff, and reload / overwrite / save-as.

It is opened with ``open()`` (window-modal, not a nested event loop), so the panel reacts to the
``chosen`` signal; tests drive it the same way with :meth:`ConflictDialog.choose`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.ui.code_panel.editor import code_font
from app.ui.common import contain

translate = QCoreApplication.translate  # lupdate collects translate("ConflictDialog", "…")

CHOICES = {  # choice -> (button text, tooltip), English source texts translated when the dialog is built
    "reload": (
        QT_TRANSLATE_NOOP("ConflictDialog", "Reload"),
        QT_TRANSLATE_NOOP("ConflictDialog", "Read the note on disk again and replace this block with its "
                                            "content (undoable in the editor)"),
    ),
    "overwrite": (
        QT_TRANSLATE_NOOP("ConflictDialog", "Overwrite"),
        QT_TRANSLATE_NOOP("ConflictDialog", "Discard the changes on disk and save the panel's content"),
    ),
    "save_as": (
        QT_TRANSLATE_NOOP("ConflictDialog", "Save As…"),
        QT_TRANSLATE_NOOP("ConflictDialog", "Leave the original note as it is and save the panel's content "
                                            "to a new file"),
    ),
    "cancel": (
        QT_TRANSLATE_NOOP("ConflictDialog", "Cancel"),
        QT_TRANSLATE_NOOP("ConflictDialog", "Save nothing"),
    ),
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
    if rows:
        return "".join(rows)
    return "<i>" + translate("ConflictDialog", "The difference cannot be shown.") + "</i>"


class ConflictDialog(QDialog):
    """Shows disk → panel differences; emits ``chosen`` with one of :data:`CHOICES`' keys."""

    chosen = Signal(str)

    def __init__(self, message: str, diff: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(translate("ConflictDialog", "Save Conflict"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{html.escape(message)}</b>")
        contain(title)
        layout.addWidget(title)
        explain = QLabel(translate(
            "ConflictDialog",
            "The differences between the note on disk (−) and what you were saving (+). What now?",
        ))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.diff = QTextBrowser()
        self.diff.setFont(code_font(9))
        self.diff.setHtml(diff_html(diff))
        layout.addWidget(self.diff, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, (text, tip) in CHOICES.items():
            button = QPushButton(translate("ConflictDialog", str(text)))
            button.setToolTip(translate("ConflictDialog", str(tip)))
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
