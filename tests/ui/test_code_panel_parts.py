"""The code panel's parts without a kernel: chip wording, highlighting, the gutter, keys, the diff view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from app.ui.code_panel.annotations import LineNote, TensorChip, error_summary, notes_from_result
from app.ui.code_panel.conflict import ConflictDialog
from app.ui.code_panel.editor import CodeEditor


def test_chip_labels_and_tooltips() -> None:
    chip = TensorChip("h0", (3, 1, 256), "float32", "cpu", "[0, 0] min 0 max 0 mean 0")
    assert chip.label == "h0 (3, 1, 256)"
    assert TensorChip("v", (5,), "int64", "cuda:0", "").label == "v (5,) int64 cuda:0"
    assert "3 × 1 × 256" in chip.tooltip() and "min 0" in chip.tooltip()


def test_notes_from_a_runner_result() -> None:
    result = {
        "lines": [{"line": 58, "text": "h0 = …", "tensors": {"h0": {"shape": [3, 1, 256], "dtype": "float32",
                                                                   "device": "cpu", "preview": "[0]"}},
                   "stdout": ""}],
        "error": {"type": "RuntimeError", "message": "mat1 and mat2 shapes cannot be multiplied", "line": 61,
                  "shapes": "matmul: x (1, 28, 28) @ W (256, 28): inner dims 28 ≠ 256", "hint": None,
                  "traceback": ""},
    }
    notes = notes_from_result(result)
    assert notes[58].chips[0].shape == (3, 1, 256)
    assert notes[61].error == "matmul: x (1, 28, 28) @ W (256, 28): inner dims 28 ≠ 256"
    assert error_summary({"type": "NameError", "message": "name 'q' is not defined"}) == (
        "NameError: name 'q' is not defined")


def test_editor_gutter_keys_and_highlight(ui_app: QApplication, qtbot) -> None:
    editor = CodeEditor()
    qtbot.addWidget(editor)
    editor.set_code("def f(x):\n\u00a0 \u00a0return x  # 주석", 56)
    editor.show()
    assert editor.block_for_line(57).text().endswith("# 주석")
    assert editor.code() == "def f(x):\n\u00a0 \u00a0return x  # 주석"  # NBSP kept (toPlainText drops it)
    keyword = editor.document().firstBlock().layout().formats()[0]
    assert keyword.start == 0 and keyword.format.foreground().color() == QColor("#cf222e")
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.textCursor().block().text() == "\u00a0 \u00a0"  # Enter keeps the indentation
    editor.set_line_note(LineNote(57, [TensorChip("x", (1, 10), "float32", "cpu", "")]))
    assert list(editor.line_notes()) == [57]
    editor.textCursor().insertText("y = 1\n")
    editor.moveCursor(editor.textCursor().MoveOperation.Start)
    editor.textCursor().insertText("# 위에 한 줄\n")
    assert list(editor.line_notes()) == [58] and editor.stale  # the chip moved with its line


def test_conflict_dialog_choices(ui_app: QApplication, qtbot) -> None:
    dialog = ConflictDialog("바뀌었습니다", "--- a\n+++ b\n@@ -1 +1 @@\n-x = 1\n+x = 2\n")
    qtbot.addWidget(dialog)
    chosen: list[str] = []
    dialog.chosen.connect(chosen.append)
    assert "-x = 1" in dialog.diff.toPlainText() and "+x = 2" in dialog.diff.toPlainText()
    dialog.buttons["overwrite"].click()
    assert chosen == ["overwrite"]
