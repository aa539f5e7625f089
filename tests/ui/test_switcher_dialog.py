"""pytest-qt: the quick switcher dialog over a real index (choseong, aliases, keyboard)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.switcher_dialog import PATH_ROLE, QuickSwitcherDialog
from app.vault.index import VaultIndex
from app.vault.switcher import QuickSwitcher
from tests.vault.sample import write_vault


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` as an input method commits it: one key event per character carrying that character.

    (QTest's keyClicks maps only ASCII characters to keys and aborts on Hangul.)
    """
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def make_dialog(qtbot, tmp_path: Path) -> QuickSwitcherDialog:
    ix = VaultIndex(write_vault(tmp_path / "vault"), tmp_path / "db.sqlite3")
    ix.update()
    dialog = QuickSwitcherDialog(QuickSwitcher(ix.notes()))
    ix.close()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def paths(dialog: QuickSwitcherDialog) -> list[str]:
    return [dialog.results.item(i).data(PATH_ROLE) for i in range(dialog.results.count())]


def test_choseong_typed_then_enter_chooses_the_note(qtbot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    assert len(paths(dialog)) == 4  # every note before typing
    type_text(dialog.query, "ㄱㅇㅌ")
    assert paths(dialog)[0] == "게이트 정리.md"
    with qtbot.waitSignal(dialog.noteChosen, timeout=2000) as signal:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert signal.args == ["게이트 정리.md"]
    assert not dialog.isVisible()


def test_arrow_keys_move_the_selection(qtbot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    qtbot.keyClicks(dialog.query, "r")
    first, second = paths(dialog)[:2]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.noteChosen, timeout=2000) as signal:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert signal.args == [second] and second != first


def test_alias_match_is_shown(qtbot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    qtbot.keyClicks(dialog.query, "gates")
    assert paths(dialog) == ["게이트 정리.md"]
    label = dialog.results.itemWidget(dialog.results.item(0))
    assert "gates" in label.text()  # the alias that matched is shown next to the title
    dialog.reset()
    assert dialog.query.text() == "" and len(paths(dialog)) == 4
