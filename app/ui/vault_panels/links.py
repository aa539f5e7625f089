"""Link panes: the current note's backlinks and outgoing links, and the vault's unresolved links.

Each pane reads the :class:`VaultIndex` (never the renderer), so it shows the whole vault's picture even
for notes that are not open. Items carry the note and line to open; a click emits ``openRequested``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.ui.common import tip
from app.vault.index import LinkRef, VaultIndex

PATH_ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


def _title(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if name.lower().endswith((".md", ".markdown")) else name


def _item(
    parent: QTreeWidget | QTreeWidgetItem, text: str, path: str | None, line: int = 0
) -> QTreeWidgetItem:
    item = QTreeWidgetItem(parent, [text])
    if path is not None:
        item.setData(0, PATH_ROLE, path)
        item.setData(0, LINE_ROLE, line)
        item.setToolTip(0, tip(path))
    return item


class _TreePane(QWidget):
    """A heading label over a tree whose items open notes."""

    openRequested = Signal(str, int)  # vault-relative path, 1-based line (0: top)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)

    def _section(self, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [text])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _activate(self, item: QTreeWidgetItem) -> None:
        path = item.data(0, PATH_ROLE)
        if path:
            self.openRequested.emit(str(path), int(item.data(0, LINE_ROLE) or 0))


class LinksPanel(_TreePane):
    """Backlinks (who links here, at which line) and outgoing links of the current note."""

    def __init__(self, index: VaultIndex | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("links-panel")
        self.index = index
        self.note: str | None = None
        self._layout.addWidget(self.tree)

    def set_index(self, index: VaultIndex | None) -> None:
        self.index = index
        self.refresh()

    def set_note(self, path: str | None) -> None:
        self.note = path
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        if self.index is None or self.note is None:
            return
        back = self.index.backlinks(self.note)
        out = self.index.outgoing(self.note)
        section = self._section(self.tr("Backlinks (%n)", "", len({b.source for b in back})))
        if not back:
            _item(section, self.tr("No note links here."), None).setDisabled(True)
        by_source: dict[str, list[LinkRef]] = {}
        for ref in back:
            by_source.setdefault(ref.source, []).append(ref)
        for source, refs in by_source.items():
            parent = _item(section, _title(source), source, refs[0].line)
            for ref in refs:
                _item(parent, self.tr("line %1").replace("%1", str(ref.line)), source, ref.line)
        section = self._section(self.tr("Outgoing links (%n)", "", len(out)))
        if not out:
            _item(section, self.tr("This note links nowhere."), None).setDisabled(True)
        for ref in out:
            if ref.resolved is not None:
                _item(section, _title(ref.resolved), ref.resolved, 0)
            else:
                missing = _item(section, self.tr("%1 (missing)").replace("%1", ref.target), None)
                missing.setForeground(0, Qt.GlobalColor.gray)
                why = self.tr("No note or file is named “%1”.").replace("%1", ref.target)
                missing.setToolTip(0, tip(why))
        self.tree.expandAll()


class UnresolvedPanel(_TreePane):
    """Every link target in the vault that does not exist, with the notes (and lines) that use it."""

    def __init__(self, index: VaultIndex | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unresolved-panel")
        self.index = index
        self.summary = QLabel(self)
        self._layout.addWidget(self.summary)
        self._layout.addWidget(self.tree)

    def set_index(self, index: VaultIndex | None) -> None:
        self.index = index
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        refs = self.index.unresolved() if self.index is not None else []
        by_target: dict[str, list[LinkRef]] = {}
        for ref in refs:
            by_target.setdefault(ref.target or "", []).append(ref)
        self.summary.setText(self.tr("%n unresolved link target(s)", "", len(by_target)))
        for target in sorted(by_target, key=str.casefold):
            uses = by_target[target]
            top = _item(self.tree, f"{target}  ({len(uses)})", None)
            for ref in uses:
                _item(top, f"{_title(ref.source)} · {ref.line}", ref.source, ref.line)
