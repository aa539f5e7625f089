"""The window's menus and toolbar. Plugins add to them through ``MainWindow.menu(name)``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QStyle

from app.ui.common import theme


class MenuHost(Protocol):
    """What the menus need of the main window. A protocol rather than an import of ``MainWindow``: the window
    builds its menus, so importing it here would make the two modules import each other."""

    @property
    def vault(self) -> Any: ...  # app.vault.Vault | None
    @property
    def note_view(self) -> Any: ...
    theme_choice: str
    menus_by_name: dict[str, QMenu]

    def open_vault(self, path: Path, note: Path | None = None) -> Any: ...
    def open_note(self, path: Path) -> Any: ...
    def go_back(self) -> None: ...
    def go_forward(self) -> None: ...
    def reload(self) -> None: ...
    def set_theme(self, choice: str) -> None: ...
    def set_tree_visible(self, visible: bool) -> None: ...
    def set_show_attachments(self, show: bool) -> None: ...



def _qt(window: MenuHost) -> QMainWindow:
    """The window as the QMainWindow it is (for dialogs' parent, menu bar, toolbar and style)."""
    return cast(QMainWindow, window)

translate = QCoreApplication.translate  # lupdate collects translate("Menus", "…")


def shortcuts_html() -> str:
    """The Help → Shortcuts table, translated when shown (the translator is installed by then)."""
    rows = [
        ("<b>Alt+←</b> / <b>Alt+→</b>", translate("Menus", "Back / Forward")),
        ("<b>Ctrl+=</b> / <b>Ctrl+-</b> / <b>Ctrl+0</b>",
         translate("Menus", "Zoom in / Zoom out / Actual size")),
        ("<b>F5</b>", translate("Menus", "Reload the note")),
        ("<b>Ctrl+O</b>", translate("Menus", "Quick switcher (find notes by name or initial consonants)")),
        ("<b>Ctrl+Shift+F</b>", translate("Menus", "Search the vault")),
        ("<b>Ctrl+Alt+O</b>", translate("Menus", "Open a vault")),
    ]
    table = "".join(f"<tr><td>{keys}</td><td>{text}</td></tr>" for keys, text in rows)
    hint = translate(
        "Menus",
        "Click an equation to see its id and LaTeX in the status bar; click a code block to see its "
        "first line and line range.",
    )
    return f"<table cellspacing=4>\n{table}\n</table>\n<p>{hint}</p>"


def _choose_vault(window: MenuHost) -> None:
    start = str(window.vault.root) if window.vault else str(Path.home())
    title = translate("Menus", "Choose a folder to open as a vault")
    folder = QFileDialog.getExistingDirectory(_qt(window), title, start)
    if folder:
        window.open_vault(Path(folder))


def _choose_note(window: MenuHost) -> None:
    start = str(window.vault.root) if window.vault else str(Path.home())
    path, _ = QFileDialog.getOpenFileName(_qt(window), translate("Menus", "Open a note"), start,
                                          translate("Menus", "Markdown notes (*.md *.markdown)"))
    if not path:
        return
    note = Path(path)
    if window.vault is None or not window.vault.contains(note):
        window.open_vault(note.parent, note)
    else:
        window.open_note(note)


def _about(window: MenuHost) -> None:
    QMessageBox.about(
        _qt(window),
        translate("Menus", "About Tensornote"),
        translate(
            "Menus",
            "<h3>Tensornote</h3><p>A note app for students of deep learning. "
            "Click an equation in a note and it computes the tensors it refers to with PyTorch.</p>"
            "<p>Obsidian vaults open as they are.</p>",
        ),
    )


def build_menus(window: MenuHost) -> dict[str, QAction]:
    """Create the menus (stored on ``window.menus_by_name``) and toolbar; return the actions by key."""
    bar = _qt(window).menuBar()
    menus = {
        "file": bar.addMenu(translate("Menus", "&File")),
        "view": bar.addMenu(translate("Menus", "&View")),
        "go": bar.addMenu(translate("Menus", "&Go")),
        "help": bar.addMenu(translate("Menus", "&Help")),
    }
    window.menus_by_name = menus
    style = _qt(window).style()
    actions: dict[str, QAction] = {}

    def add(key: str, menu: str, text: str, slot: Any,
            shortcut: QKeySequence | QKeySequence.StandardKey | list[Any] | None = None,
            checkable: bool = False, icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, _qt(window))
        if icon is not None:
            action.setIcon(style.standardIcon(icon))
        if shortcut is not None:
            if isinstance(shortcut, list):
                # Platform keys (StandardKey.Back is Alt+Left on Linux) may repeat ours; a repeated
                # sequence on one action makes Qt call the shortcut ambiguous and fire nothing.
                keys: dict[str, QKeySequence] = {}
                for wanted in shortcut:
                    if isinstance(wanted, QKeySequence.StandardKey):
                        sequences = QKeySequence.keyBindings(wanted)
                    else:
                        sequences = [QKeySequence(wanted)]
                    for sequence in sequences:
                        keys.setdefault(sequence.toString(), sequence)
                action.setShortcuts(list(keys.values()))
            else:
                action.setShortcut(shortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menus[menu].addAction(action)
        actions[key] = action
        return action

    add("open_vault", "file", translate("Menus", "Open Vault…"), lambda: _choose_vault(window),
        QKeySequence("Ctrl+Alt+O"),
        icon=QStyle.StandardPixmap.SP_DirOpenIcon)
    add("open_note", "file", translate("Menus", "Open Note File…"), lambda: _choose_note(window),
        QKeySequence("Ctrl+Shift+O"))
    add("reload", "file", translate("Menus", "Reload"), lambda: window.reload(),
        QKeySequence.StandardKey.Refresh,
        icon=QStyle.StandardPixmap.SP_BrowserReload)
    menus["file"].addSeparator()
    add("quit", "file", translate("Menus", "Quit"), _qt(window).close, QKeySequence.StandardKey.Quit)

    view = window.note_view
    add("zoom_in", "view", translate("Menus", "Zoom In"), view.zoom_in,
        [QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    add("zoom_out", "view", translate("Menus", "Zoom Out"), view.zoom_out, QKeySequence("Ctrl+-"))
    add("zoom_reset", "view", translate("Menus", "Actual Size"), view.zoom_reset, QKeySequence("Ctrl+0"))
    menus["view"].addSeparator()
    add("attachments", "view", translate("Menus", "Show Attachments"), window.set_show_attachments,
        checkable=True)
    add("tree", "view", translate("Menus", "Show Vault List"), window.set_tree_visible,
        QKeySequence("Ctrl+Shift+E"),
        checkable=True).setChecked(True)
    theme_menu = menus["view"].addMenu(translate("Menus", "Theme"))
    group = QActionGroup(_qt(window))
    for choice in theme.THEMES:
        action = QAction(theme.theme_label(choice), _qt(window), checkable=True)
        action.triggered.connect(lambda _c=False, c=choice: window.set_theme(c))
        group.addAction(action)
        theme_menu.addAction(action)
        actions[f"theme:{choice}"] = action
    menus["view"].addSeparator()

    add("back", "go", translate("Menus", "Back"), window.go_back,
        [QKeySequence("Alt+Left"), QKeySequence.StandardKey.Back],
        icon=QStyle.StandardPixmap.SP_ArrowBack)
    add("forward", "go", translate("Menus", "Forward"), window.go_forward,
        [QKeySequence("Alt+Right"), QKeySequence.StandardKey.Forward],
        icon=QStyle.StandardPixmap.SP_ArrowForward)

    add("shortcuts", "help", translate("Menus", "Keyboard Shortcuts"), lambda: QMessageBox.information(
        _qt(window), translate("Menus", "Keyboard Shortcuts"), shortcuts_html()))
    add("about", "help", translate("Menus", "About Tensornote"), lambda: _about(window))

    toolbar = _qt(window).addToolBar(translate("Menus", "Toolbar"))
    toolbar.setObjectName("tensornote-toolbar")
    toolbar.setMovable(False)
    toolbar.addAction(actions["back"])
    toolbar.addAction(actions["forward"])
    toolbar.addSeparator()
    toolbar.addAction(actions["reload"])
    toolbar.addAction(actions["open_vault"])
    actions["back"].setEnabled(False)
    actions["forward"].setEnabled(False)
    actions[f"theme:{window.theme_choice}"].setChecked(True)
    return actions
