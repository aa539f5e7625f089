"""The English UI speaks English on every message path, none of which holds Hangul (issue 11, F5).

A window in English (translator and coded messages both, as ``--lang en`` gives) over a vault whose notes
are ASCII only, so any Hangul on screen came from the app, not from a note. Each path is driven for real:
an encoding banner, a binary note, a note that can't be read, a run interrupted, a kernel that dies
(real kernels), a save error, a save conflict and its diff, and the code panel opening an unreadable note.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QPlainTextEdit, QTextBrowser, QWidget

from app.ui.common import i18n
from app.ui.main import install_plugins
from app.ui.window.main_window import MainWindow
from tests.ui.conftest import dispose, open_and_wait, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow

CODE_NOTE = """# Code

```python
import time
x = 1
```

```python
import os
os._exit(3)
```

```python
import time
while True:
    time.sleep(0.05)
```
"""


def hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" for ch in text)


def screen_texts(window: MainWindow) -> list[str]:
    """What the window shows in its own words: labels, buttons, output, dialogs, status bar, title."""
    widgets: list[QWidget] = [window, *QApplication.topLevelWidgets()]
    texts = [window.windowTitle(), window.statusBar().currentMessage(), window.banner.text]
    for top in widgets:
        for label in top.findChildren(QLabel):
            if label.isVisible():
                texts.append(label.text())
        for button in top.findChildren(QAbstractButton):
            if button.isVisible():
                texts.append(button.text())
        for view in top.findChildren(QPlainTextEdit) + top.findChildren(QTextBrowser):
            if view.isVisible() and view.isReadOnly():
                texts.append(view.toPlainText())
    return [t for t in texts if t]


def no_hangul(window: MainWindow, where: str) -> None:
    QApplication.processEvents()
    leaks = [t for t in screen_texts(window) if hangul(t)]
    assert not leaks, (where, leaks)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("english") / "vault"
    root.mkdir()
    (root / "code.md").write_text(CODE_NOTE, encoding="utf-8")
    (root / "legacy.md").write_bytes(b"# Legacy\n\nHanja in CP949: \xf1\xa1\n")  # not UTF-8
    (root / "picture.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    os.mkfifo(root / "pipe.md")
    return root


@pytest.fixture(scope="module")
def window(qapp: QApplication, ui_app: QApplication, vault: Path) -> Iterator[MainWindow]:
    i18n.install_translator(qapp, "en")  # also app.i18n and TENSORNOTE_LANG for the kernels it starts
    win = MainWindow(temp_settings("english"), theme_choice="light")
    win.resize(1400, 900)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(vault, vault / "code.md")
    wait_until(lambda: bool(painted), 30)
    install_plugins(win)
    win.restore_state()
    win.mark_plugins_installed()
    yield win
    from app.ui.kernels import kernel_pool

    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)
    i18n.install_translator(qapp, "ko")


@pytest.fixture(autouse=True)
def english_each(qapp: QApplication) -> None:
    """tests/ui/conftest.py turns Korean on before each test: this module stays English."""
    if i18n.current_language() != "en":
        i18n.install_translator(qapp, "en")


def test_reading_paths(window: MainWindow, vault: Path) -> None:
    open_and_wait(window, vault / "legacy.md")
    assert "CP949" in window.banner.text and "read as" in window.banner.text
    no_hangul(window, "encoding banner")
    open_and_wait(window, vault / "picture.md")
    assert "binary" in window.banner.text
    page = str(run_js(window.note_view, "document.body.innerText"))
    assert not hangul(page), page
    no_hangul(window, "binary note")
    open_and_wait(window, vault / "pipe.md")
    page = str(run_js(window.note_view, "document.body.innerText"))
    assert "Not a regular file" in page and not hangul(page), page
    no_hangul(window, "unreadable note")


def test_kernel_and_run_paths(window: MainWindow, vault: Path) -> None:
    note = vault / "code.md"
    open_and_wait(window, note)
    code = window.code_panel  # type: ignore[attr-defined]
    blocks = window.rendered.code_blocks  # type: ignore[union-attr]
    window.codeClicked.emit(blocks[2].id)  # the endless loop
    wait_until(lambda: code.block is not None and code.block.id == blocks[2].id, 10)
    code.attach_kernel()
    events: list[object] = []
    code.handler.progress.connect(events.append)
    code.run()
    # the note's text goes first (state.set_note, while torch loads), then the block: its first line's
    # event says the loop is running
    wait_until(lambda: any(isinstance(e, dict) and e.get("event") == "line" for e in events), 180)
    code.interrupt()
    shown = lambda: code.panel.output.toPlainText() + code.panel.message.text()  # noqa: E731
    try:
        wait_until(lambda: "interrupted" in shown(), 60)
    except TimeoutError:
        raise AssertionError(shown()) from None
    no_hangul(window, "run interrupted")
    window.codeClicked.emit(blocks[1].id)  # os._exit(3)
    wait_until(lambda: code.block is not None and code.block.id == blocks[1].id, 10)
    code.run()
    wait_until(lambda: "exit code 3" in code.panel.output.toPlainText(), 120)
    wait_until(lambda: "exit code 3" in window.statusBar().currentMessage(), 20)
    no_hangul(window, "kernel died")


def test_save_paths(window: MainWindow, vault: Path) -> None:
    note = vault / "code.md"
    open_and_wait(window, note)
    code = window.code_panel  # type: ignore[attr-defined]
    block = window.rendered.code_blocks[0]  # type: ignore[union-attr]
    window.codeClicked.emit(block.id)
    wait_until(lambda: code.block is not None and code.block.id == block.id, 10)
    # a line that would close the fence: refused with a worded reason
    code.editor.replace_code("import time\n```\nx = 2\n")
    assert code.save() is False
    assert "close the code block" in code.panel.message.text()
    no_hangul(window, "save error")
    # changed on disk since the panel opened it: the conflict dialog and its diff
    code.editor.replace_code("import time\nx = 3\n")
    note.write_text(CODE_NOTE.replace("x = 1", "x = 10"), encoding="utf-8")
    assert code.save() is False
    dialog = code.conflict_dialog
    wait_until(lambda: dialog is not None and dialog.isVisible(), 10)
    diff = dialog.diff.toPlainText()
    assert "on disk: code.md" in diff and "code panel: code.md" in diff
    assert "changed elsewhere" in "".join(lb.text() for lb in dialog.findChildren(QLabel))
    no_hangul(window, "save conflict")
    dialog.reject()
    note.write_text(CODE_NOTE, encoding="utf-8")
