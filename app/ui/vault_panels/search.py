"""The search panel (Ctrl+Shift+F): full-text search over the vault with highlighted snippets.

It is built on a :class:`VaultIndex` alone, so it can be tested without the main window. Searching runs on
the UI thread (a query takes milliseconds, see ``benchmarks/bench_vault.py``), debounced while typing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.ui.common import contain, plain, tip
from app.vault.index import VaultIndex
from app.vault.search import SearchHit

DEBOUNCE_MS = 150
LIMIT = 100
PATH_ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPanel(QWidget):
    """A query box and a list of hits; activating a hit asks to open the note at that line."""

    openRequested = Signal(str, int)  # vault-relative path, 1-based line (0: top of the note)

    def __init__(self, index: VaultIndex | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search-panel")
        self.index = index
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search the vault (words, LaTeX, code)"))
        self.query.setClearButtonEnabled(True)
        self.summary = plain(QLabel(self))  # it repeats the query: text, never HTML (issue 11, F3)
        self.summary.setObjectName("search-summary")
        contain(self.summary)  # "no notes contain <a 1,000-character query>" wraps, the dock keeps its width
        self.results = QListWidget(self)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._on_return)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)
        self.hits: list[SearchHit] = []

    def set_index(self, index: VaultIndex | None) -> None:
        """Search another vault's index (None while none is open); re-runs the current query."""
        self.index = index
        self.run_search()

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def run_search(self) -> None:
        """Search now for the box's text and show the hits."""
        self._timer.stop()
        text = self.query.text().strip()
        self.results.clear()
        self.hits = self.index.search(text, limit=LIMIT) if (self.index is not None and text) else []
        if not text:
            self.summary.setText("")
        elif self.index is None:
            self.summary.setText(self.tr("No vault is open."))
        elif not self.hits:
            self.summary.setText(self.tr("No notes contain “%1”.").replace("%1", text))
        elif len(self.hits) >= LIMIT:
            self.summary.setText(self.tr("The first %n notes", "", len(self.hits)))
        else:
            self.summary.setText(self.tr("%n note(s)", "", len(self.hits)))
        for hit in self.hits:
            self._add(hit)

    def _add(self, hit: SearchHit) -> None:
        item = QListWidgetItem(self.results)
        item.setData(PATH_ROLE, hit.path)
        item.setData(LINE_ROLE, hit.line)
        folder = hit.path.rsplit("/", 1)[0] if "/" in hit.path else ""
        where = f" <span style='color:gray'>{html.escape(folder)}</span>" if folder else ""
        at = html.escape(self.tr("line %1").replace("%1", str(hit.line)))
        line = f" <span style='color:gray'>· {at}</span>" if hit.line else ""
        label = QLabel(f"<b>{html.escape(hit.title)}</b>{where}{line}<br>{hit.snippet_html('mark')}")
        contain(label)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setContentsMargins(4, 2, 4, 2)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        item.setToolTip(tip(hit.path))
        item.setSizeHint(label.sizeHint())
        self.results.setItemWidget(item, label)

    def _on_return(self) -> None:
        if self._timer.isActive() or not self.hits:
            self.run_search()
        elif self.results.count():
            self._activate(self.results.currentItem() or self.results.item(0))

    def _activate(self, item: QListWidgetItem) -> None:
        self.openRequested.emit(str(item.data(PATH_ROLE)), int(item.data(LINE_ROLE) or 0))
