"""The window's Korean menus and toolbar. Plugins add to them through ``MainWindow.menu(name)``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStyle

from app.ui import theme

if TYPE_CHECKING:
    from app.ui.window import MainWindow

SHORTCUTS = """<table cellspacing=4>
<tr><td><b>Alt+←</b> / <b>Alt+→</b></td><td>뒤로 / 앞으로</td></tr>
<tr><td><b>Ctrl+=</b> / <b>Ctrl+-</b> / <b>Ctrl+0</b></td><td>확대 / 축소 / 원래 크기</td></tr>
<tr><td><b>F5</b></td><td>노트 다시 불러오기</td></tr>
<tr><td><b>Ctrl+O</b></td><td>빠른 전환 (노트 이름·초성으로 찾기)</td></tr>
<tr><td><b>Ctrl+Shift+F</b></td><td>볼트 검색</td></tr>
<tr><td><b>Ctrl+Alt+O</b></td><td>볼트 열기</td></tr>
</table>
<p>수식을 누르면 그 수식의 id와 LaTeX가, 코드 블록을 누르면 코드의 첫 줄과 줄 범위가
상태 표시줄에 나옵니다.</p>"""


def _choose_vault(window: MainWindow) -> None:
    start = str(window.vault.root) if window.vault else str(Path.home())
    folder = QFileDialog.getExistingDirectory(window, "볼트로 열 폴더 고르기", start)
    if folder:
        window.open_vault(Path(folder))


def _choose_note(window: MainWindow) -> None:
    start = str(window.vault.root) if window.vault else str(Path.home())
    path, _ = QFileDialog.getOpenFileName(window, "노트 열기", start, "마크다운 노트 (*.md *.markdown)")
    if not path:
        return
    note = Path(path)
    if window.vault is None or not window.vault.contains(note):
        window.open_vault(note.parent, note)
    else:
        window.open_note(note)


def _about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        "Tensornote 정보",
        "<h3>Tensornote</h3><p>딥러닝을 공부하는 학생을 위한 노트 앱입니다. "
        "노트의 수식을 누르면 그 수식이 가리키는 텐서를 PyTorch로 계산해 보여 줍니다.</p>"
        "<p>Obsidian 볼트를 그대로 열 수 있습니다.</p>",
    )


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Create the menus (stored on ``window.menus_by_name``) and toolbar; return the actions by key."""
    bar = window.menuBar()
    menus = {
        "file": bar.addMenu("파일(&F)"),
        "view": bar.addMenu("보기(&V)"),
        "go": bar.addMenu("이동(&G)"),
        "help": bar.addMenu("도움말(&H)"),
    }
    window.menus_by_name = menus
    style = window.style()
    actions: dict[str, QAction] = {}

    def add(key: str, menu: str, text: str, slot: Any,
            shortcut: QKeySequence | QKeySequence.StandardKey | list[Any] | None = None,
            checkable: bool = False, icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, window)
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

    add("open_vault", "file", "볼트 열기…", lambda: _choose_vault(window), QKeySequence("Ctrl+Alt+O"),
        icon=QStyle.StandardPixmap.SP_DirOpenIcon)
    add("open_note", "file", "노트 파일 열기…", lambda: _choose_note(window), QKeySequence("Ctrl+Shift+O"))
    add("reload", "file", "다시 불러오기", lambda: window.reload(), QKeySequence.StandardKey.Refresh,
        icon=QStyle.StandardPixmap.SP_BrowserReload)
    menus["file"].addSeparator()
    add("quit", "file", "끝내기", window.close, QKeySequence.StandardKey.Quit)

    view = window.note_view
    add("zoom_in", "view", "확대", view.zoom_in, [QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    add("zoom_out", "view", "축소", view.zoom_out, QKeySequence("Ctrl+-"))
    add("zoom_reset", "view", "원래 크기", view.zoom_reset, QKeySequence("Ctrl+0"))
    menus["view"].addSeparator()
    add("attachments", "view", "첨부 파일 보이기", window.set_show_attachments, checkable=True)
    add("tree", "view", "볼트 목록 보이기", window.set_tree_visible,
        QKeySequence("Ctrl+Shift+E"),
        checkable=True).setChecked(True)
    theme_menu = menus["view"].addMenu("테마")
    group = QActionGroup(window)
    for choice in theme.THEMES:
        action = QAction(theme.THEME_LABELS[choice], window, checkable=True)
        action.triggered.connect(lambda _c=False, c=choice: window.set_theme(c))
        group.addAction(action)
        theme_menu.addAction(action)
        actions[f"theme:{choice}"] = action
    menus["view"].addSeparator()

    add("back", "go", "뒤로", window.go_back, [QKeySequence("Alt+Left"), QKeySequence.StandardKey.Back],
        icon=QStyle.StandardPixmap.SP_ArrowBack)
    add("forward", "go", "앞으로", window.go_forward,
        [QKeySequence("Alt+Right"), QKeySequence.StandardKey.Forward],
        icon=QStyle.StandardPixmap.SP_ArrowForward)

    add("shortcuts", "help", "단축키", lambda: QMessageBox.information(window, "단축키", SHORTCUTS))
    add("about", "help", "Tensornote 정보", lambda: _about(window))

    toolbar = window.addToolBar("도구 모음")
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
