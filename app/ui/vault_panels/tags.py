"""The tags tree (``#a/b`` nests under ``a``) and the current note's outline.

A tag's count is the number of notes that carry it or any tag nested under it, as in Obsidian. Clicking a
tag lists its notes below the tree. The outline shows headings nested by level; a click asks the note
view to scroll to that heading's line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.common import tip
from app.vault.index import VaultIndex
from app.vault.links import Heading

TAG_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole
LINE_ROLE = Qt.ItemDataRole.UserRole + 1


def tag_tree(tags: dict[str, int]) -> dict[str, dict]:
    """Nest flat tags: {"rnn/lstm": 2, "rnn": 1} -> {"rnn": {"lstm": {}}}."""
    root: dict[str, dict] = {}
    for tag in tags:
        node = root
        for part in tag.split("/"):
            node = node.setdefault(part, {})
    return root


class TagsPanel(QWidget):
    """Nested tags with note counts; the notes of the selected tag below."""

    openRequested = Signal(str, int)  # vault-relative path, line (0)

    def __init__(self, index: VaultIndex | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tags-panel")
        self.index = index
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.notes = QListWidget(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.notes)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.tree.currentItemChanged.connect(
            lambda item, _prev: self.show_tag(item.data(0, TAG_ROLE) if item else None)
        )
        self.notes.itemActivated.connect(self._activate)
        self.notes.itemClicked.connect(self._activate)

    def set_index(self, index: VaultIndex | None) -> None:
        self.index = index
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        self.notes.clear()
        if self.index is None:
            return
        tags = self.index.tags()

        def add(parent: QTreeWidget | QTreeWidgetItem, node: dict[str, dict], prefix: str) -> None:
            for name in sorted(node, key=str.casefold):
                full = f"{prefix}{name}"
                count = len(self.index.notes_with_tag(full)) if self.index is not None else 0
                item = QTreeWidgetItem(parent, [f"#{name}", str(count)])
                item.setData(0, TAG_ROLE, full)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                add(item, node[name], full + "/")

        add(self.tree, tag_tree(tags), "")
        self.tree.resizeColumnToContents(1)

    def show_tag(self, tag: str | None) -> None:
        """List the notes carrying ``tag`` (or a tag nested under it)."""
        self.notes.clear()
        if tag is None or self.index is None:
            return
        for path in self.index.notes_with_tag(tag):
            name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            item = QListWidgetItem(name, self.notes)
            item.setData(PATH_ROLE, path)
            item.setToolTip(tip(path))

    def _activate(self, item: QListWidgetItem) -> None:
        self.openRequested.emit(str(item.data(PATH_ROLE)), 0)


class OutlinePanel(QWidget):
    """The headings of the current note, nested by level."""

    lineRequested = Signal(int)  # 1-based line of the heading

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline-panel")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)

    def set_headings(self, headings: list[Heading]) -> None:
        """Show ``headings`` (document order); a deeper level nests under the last shallower one."""
        self.tree.clear()
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for heading in headings:
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            item = QTreeWidgetItem([heading.text or self.tr("(untitled heading)")])
            item.setData(0, LINE_ROLE, heading.line)
            item.setToolTip(0, self.tr("line %1").replace("%1", str(heading.line)))
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            stack.append((heading.level, item))
        self.tree.expandAll()
        if not headings:
            empty = QTreeWidgetItem(self.tree, [self.tr("This note has no headings.")])
            empty.setDisabled(True)

    def _activate(self, item: QTreeWidgetItem) -> None:
        line = item.data(0, LINE_ROLE)
        if line:
            self.lineRequested.emit(int(line))
