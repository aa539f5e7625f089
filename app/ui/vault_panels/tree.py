"""The vault tree: folders and notes of the open vault, attachments hidden unless asked for.

Built from :class:`app.vault.Vault`'s listing (not QFileSystemModel) so the tree shows exactly what
links can resolve to: hidden folders like ``.obsidian`` are skipped the same way everywhere.
Notes are labelled by name without ``.md``, as Obsidian does; folders sort before files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QStyle, QTreeView, QWidget

from app.ui.common import tip
from app.vault import Vault
from app.vault.vault import is_note

translate = QCoreApplication.translate  # lupdate collects translate("VaultTree", "…")

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "folder" | "note" | "attachment"
HAS_NOTES_ROLE = Qt.ItemDataRole.UserRole + 4  # folders: whether any note lies below
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


def build_model(vault: Vault, parent: QWidget | None = None) -> QStandardItemModel:
    """One item per folder, note and attachment below the vault root."""
    model = QStandardItemModel(parent)
    style = parent.style() if parent is not None else None
    folder_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon) if style else None
    note_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon) if style else None
    folders: dict[Path, QStandardItem] = {}

    def folder_item(folder: Path) -> QStandardItem:
        if folder == vault.root:
            return model.invisibleRootItem()
        if folder not in folders:
            item = QStandardItem(folder.name)
            item.setEditable(False)
            item.setData(str(folder), PATH_ROLE)
            item.setData("folder", KIND_ROLE)
            item.setData(f"0{folder.name.casefold()}", SORT_ROLE)
            item.setToolTip(tip(translate("VaultTree", "Folder: {0}").format(vault.relative(folder))))
            if folder_icon is not None:
                item.setIcon(folder_icon)
            folder_item(folder.parent).appendRow(item)
            folders[folder] = item
        return folders[folder]

    for path in vault.files:
        note = is_note(path)
        item = QStandardItem(path.stem if note else path.name)
        item.setEditable(False)
        item.setData(str(path), PATH_ROLE)
        item.setData("note" if note else "attachment", KIND_ROLE)
        item.setData(f"1{path.name.casefold()}", SORT_ROLE)
        kind = translate("VaultTree", "Note: {0}") if note else translate("VaultTree", "Attachment: {0}")
        item.setToolTip(tip(kind.format(vault.relative(path))))
        if note_icon is not None and note:
            item.setIcon(note_icon)
        folder_item(path.parent).appendRow(item)
        if note:
            for folder in path.parents:
                if folder == vault.root or folder not in folders:
                    break
                folders[folder].setData(True, HAS_NOTES_ROLE)
    return model


class _Filter(QSortFilterProxyModel):
    """Hides attachments (unless shown) and sorts folders first, then by name."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.show_attachments = False
        self.setSortRole(SORT_ROLE)
        self.setRecursiveFilteringEnabled(False)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        kind = index.data(KIND_ROLE)
        if self.show_attachments or kind == "note":
            return True
        return kind == "folder" and bool(index.data(HAS_NOTES_ROLE))


class VaultTree(QTreeView):
    """Emits ``noteActivated(path)`` when the user opens a note (click or Enter)."""

    noteActivated = Signal(object)
    attachmentActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter = _Filter(self)
        self.setModel(self._filter)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setAnimated(True)
        self.setIndentation(16)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAccessibleName(translate("VaultTree", "Vault note list"))
        self.activated.connect(self._on_activated)
        self.clicked.connect(self._on_activated)
        self.vault: Vault | None = None

    def set_vault(self, vault: Vault) -> None:
        self.vault = vault
        old = self._filter.sourceModel()
        self._filter.setSourceModel(build_model(vault, self))
        if old is not None:
            old.deleteLater()
        self._filter.sort(0)
        self.expandToDepth(0)

    def refresh(self) -> None:
        """Re-list the vault (after files were added or removed), keeping the current selection."""
        if self.vault is None:
            return
        current = self.current_path()
        self.vault.refresh()
        self.set_vault(self.vault)
        if current is not None:
            self.select(current)

    def set_show_attachments(self, show: bool) -> None:
        if hasattr(self._filter, "beginFilterChange"):  # Qt >= 6.10
            self._filter.beginFilterChange()
            self._filter.show_attachments = show
            self._filter.endFilterChange()
        else:  # pragma: no cover - older Qt
            self._filter.show_attachments = show
            self._filter.invalidateFilter()

    @property
    def show_attachments(self) -> bool:
        return self._filter.show_attachments

    def current_path(self) -> Path | None:
        value = self.currentIndex().data(PATH_ROLE)
        return Path(value) if value else None

    def index_of(self, path: Path) -> QModelIndex:
        source = self._filter.sourceModel()
        if source is None:
            return QModelIndex()
        matches = source.match(source.index(0, 0), PATH_ROLE, str(path), 1,
                               Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return self._filter.mapFromSource(matches[0]) if matches else QModelIndex()

    def select(self, path: Path) -> None:
        """Select (and reveal) a note without emitting ``noteActivated``."""
        index = self.index_of(Path(path).resolve())
        if index.isValid():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)
            self.scrollTo(index)

    def visible_notes(self) -> list[Path]:
        """Paths of the notes (and attachments, when shown) the tree currently lists, in order."""
        out: list[Path] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self._filter.rowCount(parent)):
                index = self._filter.index(row, 0, parent)
                if index.data(KIND_ROLE) != "folder":
                    out.append(Path(index.data(PATH_ROLE)))
                walk(index)

        walk(QModelIndex())
        return out

    def _on_activated(self, index: QModelIndex) -> None:
        value = index.data(PATH_ROLE)
        if not value:
            return
        kind = index.data(KIND_ROLE)
        if kind == "note":
            self.noteActivated.emit(Path(value))
        elif kind == "attachment":
            self.attachmentActivated.emit(Path(value))
