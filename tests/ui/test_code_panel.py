"""The code panel in the real window: a real WebEngine click, a real Jupyter kernel, real torch, real files.

The note is a byte-exact copy of the user's seed note in a temporary vault, so saves can be checked
byte for byte and the window's live reload (it watches the file) runs for real.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from app.markup.blocks import CodeBlock, find_code_blocks
from app.ui.code_panel import panel as code_panel
from app.ui.common import i18n
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.conftest import NOTES
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

pytestmark = pytest.mark.slow
SEED = sorted(NOTES.glob("20*.md"))[0]
KERNEL_TIMEOUT = 120.0  # a cold kernel imports torch; the shared machine can be busy


@pytest.fixture(scope="module")
def note(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vault = tmp_path_factory.mktemp("vault")
    path = vault / SEED.name
    shutil.copyfile(SEED, path)
    return path.resolve()


@pytest.fixture(scope="module")
def window(ui_app: QApplication, note: Path) -> Iterator[MainWindow]:
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1400, 1000)
    code_panel.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(note.parent, note)
    wait_until(lambda: bool(painted), 30)
    yield win
    kernel_pool(win).shutdown_all()
    win.close()
    dispose(win)


def controller(window: MainWindow) -> code_panel.CodePanelController:
    ctl = window.code_panel  # type: ignore[attr-defined]
    assert isinstance(ctl, code_panel.CodePanelController)
    return ctl


def forward_block(path: Path) -> CodeBlock:
    text = path.read_bytes().decode("utf-8")
    return next(b for b in find_code_blocks(text) if "def forward" in b.source)


def click_block(window: MainWindow, block: CodeBlock) -> None:
    """A real click on the block in the rendered page (note.js → QWebChannel → codeClicked)."""
    ctl = controller(window)
    selector = f".tn-code[data-code=\"{block.id}\"]"
    run_js(window.note_view, f"(() => {{ const el = document.querySelector('{selector}');"
                             " el.scrollIntoView({block: 'center'}); el.click(); return true; })()")
    wait_until(lambda: ctl.block is not None and ctl.block.index == block.index, 20)


def run_and_wait(window: MainWindow, qtbot, all_blocks: bool = False) -> dict:
    ctl = controller(window)
    ctl.last_result = None
    (ctl.panel.run_all_button if all_blocks else ctl.panel.run_button).click()
    qtbot.waitUntil(lambda: ctl._run is None and ctl.last_result is not None,
                    timeout=int(KERNEL_TIMEOUT * 1000))
    assert ctl.last_result is not None
    return ctl.last_result


def reset_editor(window: MainWindow, note: Path) -> None:
    """Back to the note's own forward block (tests share the window)."""
    ctl = controller(window)
    block = forward_block(note)
    click_block(window, block)
    if ctl.dirty():
        ctl.editor.replace_code(ctl.saved_source)


def test_forward_block_runs_with_the_shapes_of_each_line(window: MainWindow, note: Path, qtbot) -> None:
    block = forward_block(note)
    click_block(window, block)
    ctl = controller(window)
    assert ctl.panel.isVisible()
    assert ctl.editor.first_line == block.content_lines[0]  # the gutter counts note lines
    assert ctl.panel.fix_bar.isVisible()  # the tab/NBSP repair is explained before anything runs
    assert "67행" in ctl.panel.fix_bar.notes.toolTip() and "탭" in ctl.panel.fix_bar.notes.toolTip()
    result = run_and_wait(window, qtbot)
    assert result["error"] is None, result["error"]
    shapes = {chip.name: chip.shape for n in ctl.editor.line_notes().values() for chip in n.chips}
    assert shapes["h0"] == (3, 1, 256)
    assert shapes["rnn_out"] == (1, 28, 256)
    assert shapes["out"] == (1, 10)
    lines = ctl.editor.line_notes()
    text = note.read_text(encoding="utf-8").split("\n")
    h0_line = next(n for n, chip_note in lines.items() if any(c.name == "h0" for c in chip_note.chips))
    assert text[h0_line - 1].lstrip("\u00a0 ").startswith("h0 = torch.zeros")  # chips sit at their note line
    out = next(c for n in lines.values() for c in n.chips if c.name == "out")
    assert "min" in out.tooltip() and "float32" in out.tooltip()  # values on hover
    assert "1\n28\n" in ctl.panel.output.toPlainText()  # the block's print(x.size(0)), print(x.size(1))
    assert note.read_bytes() == SEED.read_bytes()  # running changes nothing in the note
    ctl.panel.grab()  # paints the chips
    assert any("rnn_out" in tip for tip in ctl.editor.chip_labels())


def test_tab_inserts_four_spaces_and_shift_tab_removes_them(window: MainWindow, note: Path, qtbot) -> None:
    reset_editor(window, note)
    editor = controller(window).editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("\n")
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.textCursor().block().text() == "    "
    qtbot.keyClicks(editor, "x = 1")
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert editor.textCursor().block().text() == "x = 1"
    editor.replace_code(controller(window).saved_source)


def test_save_writes_only_the_block_and_undo_survives_it(window: MainWindow, note: Path, qtbot) -> None:
    reset_editor(window, note)
    ctl = controller(window)
    before = note.read_bytes()
    block = forward_block(note)
    editor = ctl.editor
    target = editor.block_for_line(block.content_lines[0] + 1)  # the "# Set initial …" comment line
    cursor = QTextCursor(target)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText(" (편집함)")
    assert ctl.dirty()
    reloaded: list[object] = []
    window.noteOpened.connect(lambda p, _r: reloaded.append(p))
    assert ctl.save()
    after = note.read_bytes()
    old_lines, new_lines = before.split(b"\n"), after.split(b"\n")
    assert len(old_lines) == len(new_lines)
    diff = [n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert diff == [block.content_lines[0]]  # 0-based index of note line first+1
    assert new_lines[diff[0]].endswith(" (편집함)".encode())
    assert "\u00a0".encode() in new_lines[diff[0]]  # the NBSP indentation of that line is kept
    qtbot.waitUntil(lambda: bool(reloaded), timeout=10000)  # the window's live reload
    assert ctl.block is not None and ctl.block.index == block.index and ctl.block.id != block.id
    assert not ctl.dirty()
    editor.undo()  # the undo history survived the save
    assert ctl.dirty()
    assert ctl.save()
    assert note.read_bytes() == before  # undo + save restores the original bytes exactly


def test_changed_on_disk_gives_the_conflict_dialog(window: MainWindow, note: Path, qtbot) -> None:
    reset_editor(window, note)
    ctl = controller(window)
    original = note.read_bytes()
    editor = ctl.editor
    cursor = QTextCursor(editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText("\n# 패널에서 추가")
    other = original.replace("오늘 마무리".encode(), "오늘 꼭 마무리".encode(), 1)
    assert other != original
    note.write_bytes(other)  # another editor saved meanwhile
    assert not ctl.save()
    dialog = ctl.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    diff = dialog.diff.toPlainText()
    assert "-1. 오늘 꼭 마무리" in diff.replace("\u00a0", " ") or "오늘 꼭 마무리" in diff
    assert "+# 패널에서 추가" in diff
    # Save as: a copy with our block, the note keeps the other editor's text.
    copy = note.with_name("사본.md")
    ctl.ask_save_path = lambda _p: copy
    dialog.choose("save_as")
    assert note.read_bytes() == other
    assert "# 패널에서 추가" in copy.read_text(encoding="utf-8")
    copy.unlink()
    # Overwrite: ours wins.
    assert not ctl.save()
    ctl.conflict_dialog.choose("overwrite")  # type: ignore[union-attr]
    written = note.read_bytes()
    assert b"# \xed\x8c\xa8" in written and "오늘 꼭 마무리".encode() not in written
    # Reload: the disk's block comes back into the editor, undoably.
    note.write_bytes(original)
    editor.replace_code(ctl.saved_source + "\n# 또 추가")
    assert not ctl.save()
    ctl.conflict_dialog.choose("reload")  # type: ignore[union-attr]
    assert ctl.editor.code() == forward_block(note).source
    assert not ctl.dirty()
    assert note.read_bytes() == original


def test_stdout_is_streamed_while_the_block_runs(window: MainWindow, note: Path, qtbot) -> None:
    reset_editor(window, note)
    ctl = controller(window)
    ctl.editor.replace_code(
        "import time\nfor i in range(3):\n    print('줄', i, flush=True)\n    time.sleep(1.0)"
    )
    ctl.panel.output.clear()
    ctl.panel.run_button.click()
    qtbot.waitUntil(lambda: "줄 0" in ctl.panel.output.toPlainText(), timeout=int(KERNEL_TIMEOUT * 1000))
    assert ctl._run is not None and "줄 2" not in ctl.panel.output.toPlainText()  # still running
    qtbot.waitUntil(lambda: ctl._run is None, timeout=20000)
    assert "줄 2" in ctl.panel.output.toPlainText()
    ctl.editor.replace_code(ctl.saved_source)


def test_shape_error_is_shown_at_its_line(window: MainWindow, note: Path, qtbot) -> None:
    reset_editor(window, note)
    ctl = controller(window)
    first = ctl.editor.first_line
    ctl.editor.replace_code("import torch\nx = torch.zeros(1, 28, 28)\nW = torch.zeros(256, 28)\ny = x @ W")
    result = run_and_wait(window, qtbot)
    assert result["error"] is not None and result["error"]["line"] == first + 3
    note_at = ctl.editor.line_notes()[first + 3]
    assert note_at.error and "256" in note_at.error and "28" in note_at.error
    assert "Traceback" in ctl.panel.output.toPlainText() or "y = x @ W" in ctl.panel.output.toPlainText()
    assert ctl.editor.textCursor().blockNumber() == 3  # the cursor jumps to the failing line
    ctl.editor.replace_code(ctl.saved_source)


def test_interrupt_stops_an_infinite_loop(window: MainWindow, note: Path, qtbot) -> None:
    reset_editor(window, note)
    ctl = controller(window)
    ctl.editor.replace_code("print('무한 루프 시작', flush=True)\nwhile True:\n    pass")
    ctl.last_result = None
    ctl.panel.run_button.click()
    # Interrupt only once the loop itself runs (not a preceding call such as state.set_note).
    started = lambda: "무한 루프 시작" in ctl.panel.output.toPlainText()  # noqa: E731
    qtbot.waitUntil(started, timeout=int(KERNEL_TIMEOUT * 1000))
    assert ctl.panel.interrupt_button.isEnabled()
    ctl.panel.interrupt_button.click()
    qtbot.waitUntil(lambda: ctl.last_result is not None, timeout=2000)  # within 2 s
    result = ctl.last_result
    assert result is not None and result["error"]["type"] == "KeyboardInterrupt"
    ctl.editor.replace_code(ctl.saved_source)


def test_fix_bar_speaks_the_ui_language(window: MainWindow, note: Path, ui_app: QApplication) -> None:
    """The repair notes are coded by notecode and worded by the UI: English on an English system."""
    click_block(window, forward_block(note))
    ctl = controller(window)
    i18n.install_translator(ui_app, "en")
    try:
        ctl.update_fixes()
        tip = ctl.panel.fix_bar.notes.toolTip()
        assert "line 67" in tip and "tab" in tip.lower()
        assert not any("\uac00" <= c <= "\ud7a3" for c in tip)
    finally:
        i18n.install_translator(ui_app, "ko")
    ctl.update_fixes()
    assert "67행" in ctl.panel.fix_bar.notes.toolTip()
