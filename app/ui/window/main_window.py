"""The main window: the vault tree on the left, the note in the middle, feature panels beside it.

This is the hub the feature panels plug into (docs/CONTRACTS.md §5). It owns no feature logic itself:
it opens vaults and notes, keeps history, reloads a note that changed on disk, and re-emits the note
page's clicks as Qt signals (``equationClicked``, ``codeClicked``, ``symbolHovered``). Until a panel
listens, the status bar shows what was clicked and its source.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QFileSystemWatcher, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.fonts import korean_font
from app.ui.common import contain, plain, theme, tip
from app.ui.note_view import NoteView, Renderer, RenderResult, pages
from app.ui.vault_panels import VaultTree
from app.ui.window.docks import DockColumns
from app.ui.window.history import History, Place
from app.ui.window.menus import build_menus
from app.ui.window.status import Banner, describe_click
from app.vault import Vault
from app.vault.vault import is_note

log = logging.getLogger(__name__)

ORGANIZATION = "Tensornote"
APPLICATION = "Tensornote"
RELOAD_DEBOUNCE_MS = 200
REFLOW_MS = 250  # the page reflows to its width once the plugins' docks appear
STATE_VERSION = 1  # QMainWindow.saveState version of the dock layout
FOLLOW_MS = 150  # after a folder change, look where the open note went
MISSING_POLL_MS = 1000  # while the open note is missing, look for it again this often
translate = QCoreApplication.translate  # lupdate collects translate("MainWindow", "…")

class MainWindow(DockColumns):
    """See the module docstring. Public API: docs/CONTRACTS.md §5 plus the vault helpers below."""

    noteOpened = Signal(object, object)  # path, RenderedNote (None when the note could not be rendered)
    equationClicked = Signal(str, str)  # equation id, piece id ("" for the whole equation)
    codeClicked = Signal(str)  # code block id
    symbolHovered = Signal(str, str)  # equation id, piece id ("", "" when the pointer leaves)
    vaultOpened = Signal(object)  # Vault
    pagePainted = Signal(object)  # path of the note whose page is now painted
    screenshotReleased = Signal()  # every hold_screenshot() was released
    pluginsInstalled = Signal()  # app.ui.main installed the feature panels (after the first paint)
    themeChanged = Signal(str)  # the concrete theme, "light" or "dark", after View → Theme or the system
    noteMoved = Signal(object, object)  # old path, new path: the open note was renamed or moved on disk

    def __init__(self, settings: QSettings | None = None, *, theme_choice: str | None = None,
                 remember: bool = True) -> None:
        super().__init__()
        self.settings = settings or QSettings(ORGANIZATION, APPLICATION)
        self.remember = remember
        self._vault: Vault | None = None
        self._path: Path | None = None
        self._result: RenderResult | None = None
        self._pending: tuple[Path, str | None, float | None] | None = None
        self.history = History()
        self.menus_by_name: dict[str, QMenu] = {}
        # Screenshot hooks for plugins (see app.ui.main): the requested --equation/--symbol/--step/--code
        # values, and holds that delay the screenshot until a panel has drawn what was asked.
        self.screenshot_requests: dict[str, Any] = {}
        self._holds: set[int] = set()
        self.plugins_installed = False
        self._hold_ids = iter(range(1, 1 << 30))

        self.setWindowTitle("Tensornote")
        self.setObjectName("tensornote-main")
        self.tree = VaultTree(self)
        self._note_view = NoteView(self)
        self.banner = Banner(self)
        right = QWidget(self)
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self._note_view, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        self.vault_label = QLabel("", left)
        self.vault_label.setObjectName("tensornote-vault-label")
        self.vault_label.setStyleSheet("#tensornote-vault-label { font-weight: bold; padding: 6px 8px; }")
        contain(plain(self.vault_label))  # a long vault name wraps; a folder name is text, never HTML
        left_layout.addWidget(self.vault_label)
        left_layout.addWidget(self.tree, 1)
        self.tree.setMinimumWidth(150)
        # The vault tree heads the left dock column (search, tags and unresolved links become tabs
        # behind it, see DockColumns); the right and bottom areas hold the feature panels.
        self.setCentralWidget(right)
        self.tree_dock = self.add_dock(left, translate("MainWindow", "Notes"),
                                       Qt.DockWidgetArea.LeftDockWidgetArea, in_view_menu=False)
        self.tree_dock.setObjectName("dock-vault-tree")

        self.renderer = Renderer(self)
        self.renderer.finished.connect(self._on_rendered)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DEBOUNCE_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._tree_timer = QTimer(self, singleShot=True, interval=400)
        self._tree_timer.timeout.connect(self.tree.refresh)
        self.watcher.directoryChanged.connect(self._on_directory_changed)
        # Following the open note on disk: a delete drops QFileSystemWatcher's watch, a restore (git,
        # a sync tool, the trash) or a rename shows up as a change of a watched folder, and while the
        # note is missing a slow poll looks for it again (its folder may not be watched).
        self._note_id: tuple[int, int] | None = None  # (st_dev, st_ino) of the open note
        self._vault_warnings: list[str] = []  # folders of the vault that could not be read
        self._missing = False
        self._follow_timer = QTimer(self, singleShot=True, interval=FOLLOW_MS)
        self._follow_timer.timeout.connect(self.follow_open_note)
        self._missing_timer = QTimer(self, interval=MISSING_POLL_MS)
        self._missing_timer.timeout.connect(self.follow_open_note)

        self.zoom_label = QLabel("100%", self)
        self.note_label = QLabel("", self)
        self.statusBar().addPermanentWidget(self.note_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.theme_choice = theme_choice or str(self.settings.value("view/theme", "system"))
        self.actions_by_name = build_menus(self)
        self.tree_dock.toggleViewAction().toggled.connect(self.actions_by_name["tree"].setChecked)

        self.tree.noteActivated.connect(lambda p: self.open_note(p))
        self._note_view.clicked.connect(self._on_click)
        self._note_view.hovered.connect(self._on_hover)
        self._note_view.linkRequested.connect(lambda p, a: self.open_note(Path(p), a or None))
        self._note_view.painted.connect(lambda: self.pagePainted.emit(self._path))
        self._note_view.zoomChanged.connect(self._on_zoom)

        # A bound slot (not a lambda) on the app-wide hints: Qt drops it when this window is deleted.
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._follow_system)
        theme.apply(self.theme)
        self.set_show_attachments(bool(self.settings.value("view/attachments", False, type=bool)))
        if self.remember:
            zoom = self.settings.value("view/zoom", 1.0, type=float)
            self._note_view.set_zoom(zoom if isinstance(zoom, float) else 1.0)

    # ---- contract §5 -----------------------------------------------------------------------------
    @property
    def note_view(self) -> NoteView:
        return self._note_view

    def current_note(self) -> Path | None:
        return self._path

    @property
    def rendered(self) -> Any | None:
        """The current note's RenderedNote (None before the first note, or when it failed to render)."""
        return self._result.rendered if self._result else None

    def add_dock(self, widget: QWidget, title: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea, *,
                 in_view_menu: bool = True) -> QDockWidget:
        """Add a feature panel as a dock (see DockColumns.add_dock); its show/hide toggle goes into
        the View menu."""
        dock = super().add_dock(widget, title, area)
        if in_view_menu:
            self.menu("view").addAction(dock.toggleViewAction())
        return dock

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def menu(self, name: str) -> QMenu:
        """A top-level menu by key ("file", "view", "go", "help") or title; created when missing."""
        menus = self.menus_by_name
        if name in menus:
            return menus[name]
        for menu in menus.values():
            if menu.title().replace("&", "").split("(")[0] == name:
                return menu
        menu = QMenu(name, self)
        self.menuBar().insertMenu(menus["help"].menuAction(), menu)
        menus[name] = menu
        return menu

    # ---- vaults and notes ------------------------------------------------------------------------
    @property
    def vault(self) -> Vault | None:
        return self._vault

    def open_vault(self, path: Path, note: Path | None = None) -> Vault:
        """Open a folder as the vault and show ``note`` (or the remembered/first note)."""
        vault = Vault(Path(path))
        self._vault = vault
        self.tree.set_vault(vault)
        count = len(vault.notes())
        label = translate("MainWindow", "Vault: {0}  ·  %n note(s)", None, count)
        self.vault_label.setText(label.format(vault.root.name))
        self.vault_label.setToolTip(tip(str(vault.root)))
        self._note_view.set_roots([vault.root, korean_font().regular.parent])
        dirs = [str(vault.root), *sorted({str(p.parent) for p in vault.files if p.parent != vault.root})]
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.watcher.addPaths(dirs[:512])
        self.history.clear()
        self.setWindowTitle(f"{vault.root.name} — Tensornote")
        if self.remember:
            self.settings.setValue("vault/last", str(vault.root))
        self.vaultOpened.emit(vault)
        target = note or self._default_note(vault)
        unreadable = self._vault_warnings = self._unreadable_folders(vault)
        if target is not None:
            self.open_note(target)
        elif any(folder == vault.root for folder, _reason in vault.unreadable):
            self._path = None
            reason = dict(vault.unreadable)[vault.root]
            title = translate("MainWindow", "This folder cannot be read")
            lines = [translate("MainWindow", "{0}: {1}").format(vault.root, reason),
                     translate("MainWindow", "Check its permissions, or use File → Open Vault… for another "
                               "folder.")]
            self._note_view.show_page(None, pages.message_page(title, lines, self.theme))
        else:
            self._path = None
            self._note_view.show_page(None, pages.welcome_page(vault.root.name, 0, self.theme))
        if unreadable:
            self.banner.show_warnings(unreadable)
        return vault

    def _unreadable_folders(self, vault: Vault) -> list[str]:
        """One warning per folder of the vault that could not be listed (its notes are missing)."""
        text = translate("MainWindow",
                         "This folder could not be read, so its notes are not listed: {0} ({1})")
        return [text.format(folder, reason) for folder, reason in vault.unreadable]

    def _default_note(self, vault: Vault) -> Path | None:
        remembered = self.settings.value(f"vault/{vault.root.as_posix()}/note", "") if self.remember else ""
        if remembered and Path(str(remembered)).is_file() and vault.contains(Path(str(remembered))):
            return Path(str(remembered))
        notes = sorted(vault.notes(), key=lambda p: (len(p.relative_to(vault.root).parts), str(p).casefold()))
        return notes[0] if notes else None

    def open_note(self, path: Path, anchor: str | None = None, *, record: bool = True,
                  scroll_y: float | None = None) -> None:
        """Show a note (rendered on a worker thread); ``anchor`` scrolls to a heading once painted."""
        path = Path(path).resolve()
        if self._path == path and self._pending is None and scroll_y is None and self._result is not None:
            if anchor:
                self._note_view.scroll_to_anchor(anchor)
            if record:
                self.history.visit(Place(path, anchor))
                self._update_nav()
            return
        if record:
            self.history.visit(Place(path, anchor))
        self._pending = (path, anchor, scroll_y)
        self.show_status(translate("MainWindow", "Opening {0}…").format(path.stem))
        self.renderer.request(path, self._vault, self.theme)
        self._update_nav()

    def reload(self, *, keep_scroll: bool = True) -> None:
        """Render the current note again (after a change on disk, or a theme change)."""
        path = self._path
        if path is None or self._pending is not None:  # a newer open is in flight and reads the disk
            return
        if path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))  # editors that save by rename drop the watch
        if not keep_scroll or not self._note_view.is_painted:
            self.open_note(path, record=False, scroll_y=0.0)
            return
        self._note_view.scroll_y(lambda y: self.open_note(path, record=False, scroll_y=y))

    def _on_rendered(self, result: RenderResult) -> None:
        if self._pending is None and self._result is not None and self._result.partial \
                and result.path == self._path and not result.partial:
            self._on_whole_note(result)
            return
        if self._pending is None or self._pending[0] != result.path:
            return
        _path, anchor, scroll_y = self._pending
        self._pending = None
        if self._path != result.path:
            if self._path is not None and str(self._path) in self.watcher.files():
                self.watcher.removePath(str(self._path))
            if result.path.exists():
                self.watcher.addPath(str(result.path))
        self._path, self._result = result.path, result
        self._note_id = _file_id(result.path)
        self._missing = False
        self._missing_timer.stop()
        self.tree.select(result.path)
        self.banner.show_warnings([*result.warnings, *self._vault_warnings])
        self._note_view.show_page(result.path, result.html, scroll_y=scroll_y, anchor=anchor)
        name = result.path.stem
        self.setWindowTitle(f"{name} — {self._vault.root.name if self._vault else ''} — Tensornote")
        rendered = result.rendered
        if rendered is not None:
            self.note_label.setText(translate("MainWindow", "Equations {0} · Code {1}").format(
                len(rendered.equations), len(rendered.code_blocks)))
            self.show_status(f"{name} ({result.elapsed_ms:.0f} ms)", 4000)
        else:
            self.note_label.setText("")
            self.show_status(result.error or name, 8000)
        if self.remember and self._vault is not None:
            self.settings.setValue(f"vault/{self._vault.root.as_posix()}/note", str(result.path))
        self.noteOpened.emit(result.path, rendered)

    def _on_whole_note(self, result: RenderResult) -> None:
        """The whole of a long note arrives after its first screen: swap it in where the reader is."""
        self._result = result
        self.banner.show_warnings([*result.warnings, *self._vault_warnings])
        path = result.path
        self._note_view.scroll_y(lambda y: self._note_view.show_page(path, result.html, scroll_y=y))
        if result.rendered is not None:
            self.note_label.setText(translate("MainWindow", "Equations {0} · Code {1}").format(
                len(result.rendered.equations), len(result.rendered.code_blocks)))
        self.noteOpened.emit(path, result.rendered)

    def _on_file_changed(self, path: str) -> None:
        if self._path is not None and Path(path) == self._path:
            if self._path.exists():
                self._reload_timer.start()
            else:  # deleted or renamed: the watcher has dropped the path
                self._follow_timer.start()

    def _on_directory_changed(self, _folder: str) -> None:
        self._tree_timer.start()
        self._follow_timer.start()

    def follow_open_note(self) -> None:
        """Follow the open note on disk: reload it when it comes back (and watch it again), open it at
        its new path when it was renamed or moved inside the vault (same file, found by its inode), and
        say so when it is gone, keeping the page on screen until it returns."""
        path = self._path
        if path is None or self._pending is not None:
            return
        if path.exists():
            watched = str(path) in self.watcher.files()
            if not watched:
                self.watcher.addPath(str(path))
            if self._missing or not watched or _file_id(path) != self._note_id:
                self._missing = False
                self._missing_timer.stop()
                self.reload()
            return
        moved = self._find_moved(path)
        if moved is not None:
            self._missing_timer.stop()
            self._missing = False
            self.history.rename(path, moved)
            self.watcher.addPath(str(moved))
            if self._vault is not None:
                self._vault.refresh()
            self.noteMoved.emit(path, moved)
            self.tree.refresh()
            self._path = moved
            self.reload()
            self.show_status(translate("MainWindow", "The note was renamed: {0}").format(moved.name), 6000)
            return
        if not self._missing:
            self._missing = True
            self._missing_timer.start()
            gone = translate("MainWindow", "This note was deleted or moved out of the vault: {0}. "
                             "It is shown again as soon as it comes back.")
            self.banner.show_warnings([gone.format(path.name)])

    def _find_moved(self, old: Path) -> Path | None:
        """The note's new path, when a file with its inode now lies in a watched folder of the vault."""
        if self._note_id is None:
            return None
        folders = [str(old.parent), *self.watcher.directories()]
        for folder in dict.fromkeys(folders):
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.inode() == self._note_id[1] and is_note(Path(entry.path)) and \
                                _file_id(Path(entry.path)) == self._note_id:
                            return Path(entry.path).resolve()
            except OSError:
                continue
        return None

    # ---- history ---------------------------------------------------------------------------------
    def go_back(self) -> None:
        place = self.history.back()
        if place is not None:
            self.open_note(place.path, place.anchor, record=False)
        self._update_nav()

    def go_forward(self) -> None:
        place = self.history.forward()
        if place is not None:
            self.open_note(place.path, place.anchor, record=False)
        self._update_nav()

    def _update_nav(self) -> None:
        self.actions_by_name["back"].setEnabled(self.history.can_go_back())
        self.actions_by_name["forward"].setEnabled(self.history.can_go_forward())

    # ---- page events -----------------------------------------------------------------------------
    def _on_click(self, detail: dict[str, Any]) -> None:
        kind = detail.get("kind")
        ident = str(detail.get("id") or "")
        if kind == "equation":
            self._note_view.set_active([ident])
            self.equationClicked.emit(ident, "")
        elif kind == "piece":
            equation = str(detail.get("equation") or "")
            self._note_view.set_active([equation, ident])
            self.equationClicked.emit(equation, ident)
        elif kind == "code":
            self._note_view.set_active([ident])
            self.codeClicked.emit(ident)
        elif kind == "link":
            self._follow_link(str(detail.get("target") or ""), detail.get("anchor") or None)
            return
        else:
            return
        self.show_status(describe_click(detail, self.rendered))

    def _on_hover(self, detail: dict[str, Any]) -> None:
        ident = detail.get("id")
        if not ident:
            self.symbolHovered.emit("", "")
        elif detail.get("kind") == "piece":
            self.symbolHovered.emit(str(detail.get("equation") or ""), str(ident))
        elif detail.get("kind") == "equation":
            self.symbolHovered.emit(str(ident), "")

    def _follow_link(self, target: str, anchor: str | None) -> None:
        if not target:
            if anchor and self._path is not None:
                self.open_note(self._path, anchor)
            return
        path = (self._vault.root / target) if self._vault else Path(target)
        if self._vault is not None and not self._vault.contains(path):
            outside = translate("MainWindow", "Not opened: the link points outside the vault: {0}")
            self.show_status(outside.format(target), 6000)
        elif not path.is_file():
            missing = translate("MainWindow", "This note does not exist yet: {0}")
            self.show_status(missing.format(target), 6000)
        elif is_note(path):
            self.open_note(path, anchor)
        else:
            self.show_status(translate("MainWindow", "This file is not a note: {0}").format(target), 6000)

    # ---- view options ----------------------------------------------------------------------------
    @property
    def theme(self) -> str:
        return theme.resolve(self.theme_choice)

    def set_theme(self, choice: str) -> None:
        self.theme_choice = choice if choice in theme.THEMES else "system"
        if self.remember:
            self.settings.setValue("view/theme", self.theme_choice)
        theme.apply(self.theme)
        self.themeChanged.emit(self.theme)
        for key, action in self.actions_by_name.items():
            if key.startswith("theme:"):
                action.setChecked(key == f"theme:{self.theme_choice}")
        self.reload()

    def _follow_system(self, _scheme: object = None) -> None:
        if self.theme_choice == "system":
            self.set_theme("system")

    def set_tree_visible(self, visible: bool) -> None:
        """Show or hide the vault tree's dock (raised in front of its tabs when shown)."""
        self.tree_dock.setVisible(visible)
        if visible:
            self.tree_dock.raise_()

    def set_show_attachments(self, show: bool) -> None:
        self.tree.set_show_attachments(show)
        self.actions_by_name["attachments"].setChecked(show)
        if self.remember:
            self.settings.setValue("view/attachments", show)

    def _on_zoom(self, factor: float) -> None:
        self.zoom_label.setText(f"{factor * 100:.0f}%")
        if self.remember:
            self.settings.setValue("view/zoom", factor)

    # ---- screenshot holds (used by app.ui.main and by plugins honouring --equation etc.) ---------
    def hold_screenshot(self) -> Callable[[], None]:
        """Delay ``--screenshot`` until the returned function is called (e.g. a panel finished drawing)."""
        ident = next(self._hold_ids)
        self._holds.add(ident)

        def release() -> None:
            self._holds.discard(ident)
            if not self._holds:
                self.screenshotReleased.emit()

        return release

    @property
    def screenshot_held(self) -> bool:
        return bool(self._holds)

    def mark_plugins_installed(self) -> None:
        """Called by app.ui.main once the plugins are in: replays ``noteOpened`` for the note already
        shown (plugins are installed after the first paint, so they missed it), then announces it."""
        self.plugins_installed = True
        if self._path is not None and self._result is not None and self._pending is None:
            self.noteOpened.emit(self._path, self._result.rendered)
        self._show_requested_targets()
        self.pluginsInstalled.emit()

    def _show_requested_targets(self) -> None:
        """``--screenshot`` with ``--equation ID`` / ``--code ID``: the note is scrolled to that block
        and marks it, as a click would; ``--code`` also opens it in the code panel. The screenshot waits
        until the page has scrolled (after the docks' reflow)."""
        requests = self.screenshot_requests
        ident = str(requests.get("equation") or requests.get("code") or "")
        if not ident or self._path is None:
            return
        if requests.get("code"):
            self.codeClicked.emit(str(requests["code"]))
        release = self.hold_screenshot()

        def scrolled(top: float | None) -> None:
            if top is None:
                self.show_status(translate("MainWindow", "Not in this note: {0}").format(ident), 8000)
            release()

        QTimer.singleShot(
            REFLOW_MS, self, lambda: self._note_view.set_active([ident], scroll=True, callback=scrolled))

    # ---- state -----------------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        """Restore the window's size and place (before it is shown), repaired to fit the screen; with
        nothing saved (a first start) the window covers about 80% of the available screen."""
        value = self.settings.value("window/geometry") if self.remember else None
        if isinstance(value, QByteArray | bytes) and self.restoreGeometry(QByteArray(value)):
            self.fit_to_screen()
        else:
            self.first_start_size()

    def restore_state(self) -> None:
        """Restore geometry and docks (after the default layout); call after plugins added their docks."""
        self.arrange_docks()
        if not self.remember:
            return
        # A layout saved before the one-column sides (version 0) would put search back beside the tree.
        restored = False
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", lambda s: self.restoreState(s, STATE_VERSION))):
            value = self.settings.value(key)
            if isinstance(value, QByteArray | bytes) and restore(QByteArray(value)):
                restored = True
                if key == "window/state":
                    self._fit_left_tabs = False  # the user's own dock widths win
        if restored:
            self.fit_to_screen()  # a state saved on a larger screen (or by an old bug) is repaired
        self.cap_docks()

    def save_state(self) -> None:
        if not self.remember:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(STATE_VERSION))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.renderer.shutdown()
        super().closeEvent(event)


def _file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a file: a rename keeps it, a delete-and-restore does not."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
