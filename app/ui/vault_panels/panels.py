"""Vault features in the main window: search, quick switcher, links, tags, outline, recent vaults, language.

``install(window)`` (called by ``app.ui.main`` through ``app.ui.window.plugins``) adds the docks and menu
entries
and keeps one :class:`IndexController` per open vault. The window paints the first note at once; the
index catches up in the background with a progress bar in the status bar, and later refreshes (a note
saved, a folder changed) only re-read what changed.

The widgets themselves live in ``search_panel``, ``switcher_dialog``, ``vault_panels_links`` and
``vault_panels_tags`` and take a :class:`VaultIndex`, so they are tested without a window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QProgressBar

from app.ui.common import i18n
from app.ui.vault_panels.index import IndexController
from app.ui.vault_panels.links import LinksPanel, UnresolvedPanel
from app.ui.vault_panels.search import SearchPanel
from app.ui.vault_panels.switcher import QuickSwitcherDialog
from app.ui.vault_panels.tags import OutlinePanel, TagsPanel
from app.vault.index import UpdateStats
from app.vault.switcher import QuickSwitcher

RECENT_KEY = "vault/recent"
RECENT_MAX = 10
REFRESH_DEBOUNCE_MS = 800


def recent_vaults(settings: QSettings) -> list[str]:
    """Recently opened vault folders, newest first, only those that still exist."""
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    return [str(v) for v in items if isinstance(v, str) and Path(v).is_dir()]


def remember_vault(settings: QSettings, root: Path) -> list[str]:
    items = [str(root), *(v for v in recent_vaults(settings) if v != str(root))][:RECENT_MAX]
    settings.setValue(RECENT_KEY, items)
    return items


class VaultPanels(QObject):
    """Everything ``install`` adds, and the wiring between the window, the index and the panes."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.controller: IndexController | None = None
        self._switcher: QuickSwitcher | None = None
        self._pending_line: tuple[Path, int] | None = None
        self.search = SearchPanel()
        self.links = LinksPanel()
        self.unresolved = UnresolvedPanel()
        self.tags = TagsPanel()
        self.outline = OutlinePanel()
        self.dialog: QuickSwitcherDialog | None = None
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setFormat(QCoreApplication.translate("VaultPanels", "Indexing %v/%m"))
        self.progress.hide()
        window.statusBar().addPermanentWidget(self.progress)
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS)
        self._refresh_timer.timeout.connect(self.refresh_index)

        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.search_dock = window.add_dock(
            self.search, QCoreApplication.translate("VaultPanels", "Search"), left
        )
        tags_dock = window.add_dock(self.tags, QCoreApplication.translate("VaultPanels", "Tags"), left)
        unresolved_dock = window.add_dock(
            self.unresolved, QCoreApplication.translate("VaultPanels", "Unresolved links"), left
        )
        window.tabifyDockWidget(self.search_dock, tags_dock)
        window.tabifyDockWidget(tags_dock, unresolved_dock)  # behind the vault tree's tab (window.add_dock)
        outline_dock = window.add_dock(
            self.outline, QCoreApplication.translate("VaultPanels", "Outline"), right
        )
        links_dock = window.add_dock(self.links, QCoreApplication.translate("VaultPanels", "Links"), right)
        window.tabifyDockWidget(outline_dock, links_dock)
        outline_dock.raise_()

        for pane in (self.search, self.links, self.unresolved, self.tags):
            pane.openRequested.connect(self.open_at)
        self.outline.lineRequested.connect(lambda line: window.note_view.scroll_to_line(line))
        self._add_actions()
        window.vaultOpened.connect(self.on_vault_opened)
        window.noteOpened.connect(self.on_note_opened)
        window.pagePainted.connect(self._on_painted)
        if hasattr(window, "watcher"):
            window.watcher.directoryChanged.connect(lambda _d: self._refresh_timer.start())
            window.watcher.fileChanged.connect(lambda _f: self._refresh_timer.start())
        if window.vault is not None:
            self.on_vault_opened(window.vault)

    # ---- menus ---------------------------------------------------------------------------------
    def _add_actions(self) -> None:
        window = self.window
        # Ctrl+O is the quick switcher (as in Obsidian); the window opens a vault with Ctrl+Alt+O.
        switcher = QAction(QCoreApplication.translate("VaultPanels", "Quick switcher…"), window)
        switcher.setShortcut(QKeySequence("Ctrl+O"))
        switcher.triggered.connect(self.show_switcher)
        window.menu("go").addAction(switcher)
        search = QAction(QCoreApplication.translate("VaultPanels", "Search the vault"), window)
        search.setShortcut(QKeySequence("Ctrl+Shift+F"))
        search.triggered.connect(self.show_search)
        window.menu("view").addAction(search)

        self.recent_menu = QMenu(QCoreApplication.translate("VaultPanels", "Recent vaults"), window)
        file_menu = window.menu("file")
        first = file_menu.actions()[1] if len(file_menu.actions()) > 1 else None
        file_menu.insertMenu(first, self.recent_menu) if first else file_menu.addMenu(self.recent_menu)
        self._fill_recent()

        language = window.menu("view").addMenu(QCoreApplication.translate("VaultPanels", "Language"))
        group = QActionGroup(window)
        choice = i18n.saved_choice(window.settings)
        labels = {
            "system": QCoreApplication.translate("VaultPanels", "System language"),
            "ko": "한국어",
            "en": "English",
        }
        for key in i18n.LANGUAGES:
            action = QAction(labels[key], window, checkable=True)
            action.setChecked(key == choice)
            action.triggered.connect(lambda _c=False, k=key: self.set_language(k))
            group.addAction(action)
            language.addAction(action)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = recent_vaults(self.window.settings)
        for folder in items:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _c=False, f=folder: self.window.open_vault(Path(f)))
        self.recent_menu.setEnabled(bool(items))

    def set_language(self, choice: str) -> None:
        i18n.save_choice(self.window.settings, choice)
        QMessageBox.information(
            self.window,
            QCoreApplication.translate("VaultPanels", "Language"),
            QCoreApplication.translate("VaultPanels", "The new language is used after Tensornote restarts."),
        )

    # ---- vault and index -------------------------------------------------------------------------
    def on_vault_opened(self, vault: Any) -> None:
        if self.controller is not None and self.controller.root == vault.root:
            self.refresh_index()
            return
        if self.controller is not None:
            self.controller.close()
        if self.window.remember:
            remember_vault(self.window.settings, vault.root)
            self._fill_recent()
        self._switcher = None
        self.controller = IndexController(vault.root, parent=self)
        self.controller.progress.connect(self._on_progress)
        self.controller.updated.connect(self._on_updated)
        self.controller.failed.connect(
            lambda msg: self.window.show_status(
                QCoreApplication.translate("VaultPanels", "Indexing failed: %1").replace("%1", msg)
            )
        )
        index = self.controller.index
        for pane in (self.search, self.links, self.unresolved, self.tags):
            pane.set_index(index)
        folder = vault.attachment_folder()
        if folder is not None:
            self.window.show_status(
                QCoreApplication.translate("VaultPanels", "Attachments folder: %1").replace(
                    "%1", vault.relative(folder)
                ),
                5000,
            )
        self.refresh_index()

    def refresh_index(self) -> None:
        if self.controller is not None:
            self.controller.refresh()

    def _on_progress(self, done: int, total: int) -> None:
        if total < 50:  # small updates finish before a bar would be readable
            return
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setVisible(done < total)

    def _on_updated(self, stats: UpdateStats) -> None:
        self.progress.hide()
        if not stats.touched and self._switcher is not None:
            return
        self._switcher = None
        self.search.run_search()
        self.unresolved.refresh()
        self.tags.refresh()
        self.links.refresh()
        current = self.window.current_note()
        if current is not None and self.window.rendered is None:
            self._show_outline_from_index(current)
        if stats.touched and stats.added + stats.changed > 50:
            self.window.show_status(
                QCoreApplication.translate(
                    "VaultPanels", "Indexed %n note(s)", None, stats.added + stats.changed
                ),
                4000,
            )

    def switcher(self) -> QuickSwitcher:
        if self._switcher is None:
            notes = self.controller.index.notes() if self.controller is not None else []
            self._switcher = QuickSwitcher(notes)
        return self._switcher

    # ---- notes -----------------------------------------------------------------------------------
    def rel(self, path: Path) -> str | None:
        return self.controller.index.relative(path) if self.controller is not None else None

    def on_note_opened(self, path: Path, rendered: Any) -> None:
        rel = self.rel(path)
        self.links.set_note(rel)
        headings = getattr(rendered, "headings", None)
        if headings is not None:
            from app.vault.links import Heading

            self.outline.set_headings([Heading(h.level, h.text, h.line) for h in headings])
        else:
            self._show_outline_from_index(path)

    def _show_outline_from_index(self, path: Path) -> None:
        rel = self.rel(path)
        if rel is not None and self.controller is not None:
            self.outline.set_headings(self.controller.index.headings(rel))

    def open_at(self, rel: str, line: int) -> None:
        """Open a vault-relative note, then scroll to ``line`` once its page is painted."""
        if self.controller is None:
            return
        path = (self.controller.root / rel).resolve()
        if not path.is_file():
            self.window.show_status(
                QCoreApplication.translate("VaultPanels", "The note no longer exists: %1").replace("%1", rel),
                5000,
            )
            self.refresh_index()
            return
        if not path.name.lower().endswith((".md", ".markdown")):
            self.window.show_status(rel, 5000)
            return
        if self.window.current_note() == path and line:
            self.window.note_view.scroll_to_line(line)
            return
        self._pending_line = (path, line) if line else None
        self.window.open_note(path)

    def _on_painted(self, path: object) -> None:
        if self._pending_line is not None and path == self._pending_line[0]:
            self.window.note_view.scroll_to_line(self._pending_line[1])
            self._pending_line = None

    def show_switcher(self) -> None:
        if self.dialog is None:
            self.dialog = QuickSwitcherDialog(self.switcher(), self.window)
            self.dialog.noteChosen.connect(lambda rel: self.open_at(rel, 0))
        else:
            self.dialog.set_switcher(self.switcher())
        self.dialog.reset()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_query()

    def close(self) -> None:
        if self.controller is not None:
            self.controller.close()


def install(window: Any) -> VaultPanels:
    """Plug the vault panes into the main window (see the module docstring)."""
    app = QCoreApplication.instance()
    if app is not None and not app.property("tensornote-translator"):
        i18n.install_translator(app, i18n.saved_choice(window.settings))
        app.setProperty("tensornote-translator", True)
    panels = VaultPanels(window)
    window.vault_panels = panels
    if app is not None:
        app.aboutToQuit.connect(panels.close)
    return panels


__all__ = ["VaultPanels", "install", "recent_vaults", "remember_vault"]
