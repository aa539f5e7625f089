"""The quick switcher (Ctrl+O): type part of a title, an alias or its initial consonants, press Enter.

Matching is :mod:`app.vault.switcher` (pure); this dialog only shows it. Each opening starts a new
matching session, so typing narrows the previous matches instead of re-scanning every note.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.ui.common import contain
from app.vault.switcher import QuickSwitcher, SwitcherMatch

PATH_ROLE = Qt.ItemDataRole.UserRole
SHOWN = 50


class QuickSwitcherDialog(QDialog):
    """A frameless-looking popup with a query box over a ranked list of notes."""

    noteChosen = Signal(str)  # vault-relative path

    def __init__(self, switcher: QuickSwitcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quick-switcher")
        self.setWindowTitle(self.tr("Quick switcher"))
        self.setModal(True)
        self.resize(560, 420)
        self.switcher = switcher
        self._session = switcher.session()
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Note title, alias or initial consonants (ㄱㅇㅌ)"))
        self.results = QListWidget(self)
        self.hint = QLabel(self.tr("↑↓ to move · Enter to open · Esc to close"), self)
        self.hint.setStyleSheet("color: gray")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self.query.textChanged.connect(self.update_matches)
        self.query.installEventFilter(self)
        self.results.itemActivated.connect(self._choose)
        self.results.itemClicked.connect(self._choose)
        self.matches: list[SwitcherMatch] = []
        self.update_matches("")

    def set_switcher(self, switcher: QuickSwitcher) -> None:
        """Use a fresh matcher (after the index changed) and start over."""
        self.switcher = switcher
        self.reset()

    def reset(self) -> None:
        """Clear the query for a new opening."""
        self._session = self.switcher.session()
        self.query.blockSignals(True)
        self.query.clear()
        self.query.blockSignals(False)
        self.update_matches("")
        self.query.setFocus()

    def update_matches(self, text: str) -> None:
        self.matches = self._session.match(text, limit=SHOWN)
        self.results.clear()
        for match in self.matches:
            item = QListWidgetItem(self.results)
            item.setData(PATH_ROLE, match.path)
            extra = ""
            if match.via_alias:
                extra = f" <span style='color:gray'>← {html.escape(match.matched)}</span>"
            where = f"<small style='color:gray'>{html.escape(match.path)}</small>"
            label = QLabel(f"{html.escape(match.title)}{extra}<br>{where}")
            contain(label)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(4, 2, 4, 2)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(label.sizeHint())
            self.results.setItemWidget(item, label)
        if self.results.count():
            self.results.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys and Enter in the query box drive the list, as in Obsidian."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            row = self.results.currentRow()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.results.setCurrentRow((row + step) % self.results.count())
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.results.currentItem()
                if item is not None:
                    self._choose(item)
                return True
        return super().eventFilter(watched, event)

    def _choose(self, item: QListWidgetItem) -> None:
        path = str(item.data(PATH_ROLE))
        self.accept()
        self.noteChosen.emit(path)
