"""pytest-qt: the link, tag and outline panes on a real index, the translations, and install(window)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.paths import REPO_DIR
from app.ui.common import i18n
from app.ui.vault_panels.links import LinksPanel, UnresolvedPanel
from app.ui.vault_panels.search import SearchPanel
from app.ui.vault_panels.tags import OutlinePanel, TagsPanel, tag_tree
from app.vault.index import VaultIndex
from app.vault.links import Heading
from tests.vault.sample import write_vault


def texts(item) -> list[str]:
    return [item.child(i).text(0) for i in range(item.childCount())]


def test_links_panel_backlinks_and_outgoing(qtbot, index: VaultIndex) -> None:
    panel = LinksPanel(index)
    qtbot.addWidget(panel)
    panel.set_note("RNN 기초.md")
    back, out = panel.tree.topLevelItem(0), panel.tree.topLevelItem(1)
    assert texts(back) == ["GRU", "게이트 정리"]
    assert texts(out) == ["게이트 정리"]
    with qtbot.waitSignal(panel.openRequested) as signal:
        panel._activate(back.child(1).child(0))
    assert signal.args == ["게이트 정리.md", 8]


def test_unresolved_panel_groups_by_target(qtbot, index: VaultIndex) -> None:
    panel = UnresolvedPanel(index)
    qtbot.addWidget(panel)
    panel.refresh()
    top = panel.tree.topLevelItem(0)
    assert panel.tree.topLevelItemCount() == 1 and top.text(0).startswith("없는 노트")
    assert texts(top) == ["게이트 정리 · 13"]


def test_tags_panel_nests_and_lists_notes(qtbot, index: VaultIndex) -> None:
    assert tag_tree({"rnn/lstm": 1, "rnn": 1, "a/b/c": 1}) == {"rnn": {"lstm": {}}, "a": {"b": {"c": {}}}}
    panel = TagsPanel(index)
    qtbot.addWidget(panel)
    panel.refresh()
    tops = {panel.tree.topLevelItem(i).text(0): panel.tree.topLevelItem(i) for i in range(2)}
    rnn = tops["#rnn"]
    assert rnn.text(1) == "3"  # notes tagged #rnn or a tag nested under it
    assert texts(rnn) == ["#gru", "#lstm"]
    panel.tree.setCurrentItem(rnn.child(1))
    assert [panel.notes.item(i).text() for i in range(panel.notes.count())] == ["게이트 정리"]


def test_outline_nests_by_level_and_asks_for_the_line(qtbot) -> None:
    panel = OutlinePanel()
    qtbot.addWidget(panel)
    panel.set_headings(
        [Heading(1, "LSTM", 1), Heading(2, "게이트", 5), Heading(3, "망각", 9), Heading(2, "코드", 20)]
    )
    top = panel.tree.topLevelItem(0)
    assert texts(top) == ["게이트", "코드"]
    assert texts(top.child(0)) == ["망각"]
    with qtbot.waitSignal(panel.lineRequested) as signal:
        panel._activate(top.child(0).child(0))
    assert signal.args == [9]


def test_committed_translations_are_up_to_date() -> None:
    sys.path.insert(0, str(REPO_DIR / "resources" / "i18n"))
    try:
        import build
    finally:
        sys.path.pop(0)
    try:
        assert build.check() == []
    except FileNotFoundError as exc:  # PySide6 without its tools
        pytest.skip(str(exc))


def test_korean_and_english_ui(qtbot, qapp: QApplication) -> None:
    try:
        assert i18n.install_translator(qapp, "ko") == "ko"
        panel = SearchPanel()
        qtbot.addWidget(panel)
        assert panel.query.placeholderText() == "볼트 검색 (낱말, LaTeX, 코드)"
        assert QCoreApplication.translate("SearchPanel", "%n note(s)", None, 3) == "노트 3개"
        assert i18n.install_translator(qapp, "en") == "en"
        assert SearchPanel().query.placeholderText() == "Search the vault (words, LaTeX, code)"
        assert QCoreApplication.translate("SearchPanel", "%n note(s)", None, 1) == "1 note"
        assert QCoreApplication.translate("SearchPanel", "%n note(s)", None, 2) == "2 notes"
        assert i18n.resolve_language("system") in ("ko", "en")
        assert i18n.resolve_language("klingon") == i18n.system_language()
    finally:
        i18n.install_translator(qapp, "en")


def test_install_into_the_main_window(qtbot, ui_app: QApplication, tmp_path: Path) -> None:
    from app.ui.vault_panels import panels as vault_panels
    from app.ui.window.main_window import MainWindow
    from tests.ui.conftest import temp_settings

    settings = temp_settings()
    i18n.save_choice(settings, "en")
    window = MainWindow(settings, theme_choice="light")
    qtbot.addWidget(window)
    panels = vault_panels.install(window)
    root = write_vault(tmp_path / "vault")
    window.open_vault(root, root / "RNN 기초.md")
    qtbot.waitUntil(lambda: panels.controller is not None and not panels.controller.busy, timeout=20000)
    qtbot.waitUntil(lambda: window.current_note() is not None, timeout=30000)
    assert vault_panels.recent_vaults(settings)[0] == str(root.resolve())
    # Ctrl+O is the quick switcher; the switcher knows every note.
    shortcuts = {
        a.shortcut().toString(): a for a in window.findChildren(type(window.menu("go").menuAction()))
    }
    assert "Ctrl+O" in shortcuts and "Ctrl+Shift+F" in shortcuts
    shortcuts["Ctrl+O"].trigger()
    assert panels.dialog is not None and panels.dialog.isVisible()
    assert len(panels.dialog.matches) == 4
    panels.dialog.close()
    # Searching and opening a hit shows the note.
    panels.search.query.setText("softmax")
    panels.search.run_search()
    assert panels.search.results.count() == 1
    panels.open_at("English.md", 2)
    qtbot.waitUntil(lambda: window.current_note() == (root / "English.md").resolve(), timeout=30000)
    assert [
        panels.outline.tree.topLevelItem(i).text(0) for i in range(panels.outline.tree.topLevelItemCount())
    ] == ["Attention"]
    panels.close()
