"""pytest-qt: the quick switcher dialog over a real index (choseong, aliases, keyboard)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.vault_panels.switcher import PATH_ROLE, QuickSwitcherDialog
from app.vault.index import VaultIndex
from app.vault.switcher import QuickSwitcher
from tests.ui.conftest import type_text


def make_dialog(qtbot, index: VaultIndex) -> QuickSwitcherDialog:
    dialog = QuickSwitcherDialog(QuickSwitcher(index.notes()))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def paths(dialog: QuickSwitcherDialog) -> list[str]:
    return [dialog.results.item(i).data(PATH_ROLE) for i in range(dialog.results.count())]


def test_choseong_typed_then_enter_chooses_the_note(qtbot, index: VaultIndex) -> None:
    dialog = make_dialog(qtbot, index)
    assert len(paths(dialog)) == 4  # every note before typing
    type_text(dialog.query, "ㄱㅇㅌ")
    assert paths(dialog)[0] == "게이트 정리.md"
    with qtbot.waitSignal(dialog.noteChosen, timeout=2000) as signal:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert signal.args == ["게이트 정리.md"]
    assert not dialog.isVisible()


def test_arrow_keys_move_the_selection(qtbot, index: VaultIndex) -> None:
    dialog = make_dialog(qtbot, index)
    qtbot.keyClicks(dialog.query, "r")
    first, second = paths(dialog)[:2]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.noteChosen, timeout=2000) as signal:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert signal.args == [second] and second != first


def test_alias_match_is_shown(qtbot, index: VaultIndex) -> None:
    dialog = make_dialog(qtbot, index)
    qtbot.keyClicks(dialog.query, "gates")
    assert paths(dialog) == ["게이트 정리.md"]
    label = dialog.results.itemWidget(dialog.results.item(0))
    assert "gates" in label.text()  # the alias that matched is shown next to the title
    dialog.reset()
    assert dialog.query.text() == "" and len(paths(dialog)) == 4
