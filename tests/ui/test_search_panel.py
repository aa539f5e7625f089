"""pytest-qt: the search panel on a real index of a temporary vault."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.vault_panels.search import LINE_ROLE, PATH_ROLE, SearchPanel
from app.vault.index import VaultIndex
from tests.ui.conftest import type_text


def test_typing_a_korean_query_shows_highlighted_hits(qtbot, index: VaultIndex) -> None:
    panel = SearchPanel(index)
    qtbot.addWidget(panel)
    type_text(panel.query, "모델")  # typed: only "모델을" is in the note
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=3000)
    item = panel.results.item(0)
    assert item.data(PATH_ROLE) == "게이트 정리.md"
    assert item.data(LINE_ROLE) == 7
    label = panel.results.itemWidget(item)
    assert "<mark>모델</mark>을" in label.text()
    assert panel.summary.text()  # a count is shown


def test_enter_opens_the_first_hit_at_its_line(qtbot, index: VaultIndex) -> None:
    panel = SearchPanel(index)
    qtbot.addWidget(panel)
    panel.query.setText("softmax")
    panel.run_search()
    with qtbot.waitSignal(panel.openRequested, timeout=2000) as signal:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert signal.args == ["English.md", 2]


def test_click_on_a_hit_emits_open(qtbot, index: VaultIndex) -> None:
    panel = SearchPanel(index)
    qtbot.addWidget(panel)
    panel.show()
    panel.query.setText("은닉")
    panel.run_search()
    rect = panel.results.visualItemRect(panel.results.item(0))
    with qtbot.waitSignal(panel.openRequested, timeout=2000) as signal:
        qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["RNN 기초.md", 3]


def test_no_hits_and_no_index(qtbot, index: VaultIndex) -> None:
    panel = SearchPanel(index)
    qtbot.addWidget(panel)
    panel.query.setText("존재하지않는말")
    panel.run_search()
    assert panel.results.count() == 0
    assert "존재하지않는말" in panel.summary.text()
    panel.set_index(None)
    assert panel.results.count() == 0 and panel.summary.text()
