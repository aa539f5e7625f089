"""Text is text (issue 11, F3): note and user text reaches every Qt label, tooltip, status message and
dialog literally, never as HTML.

HTML goes in through each path a user or a note can reach: a search query; note, folder and attachment
names; headings and link targets; warnings; run messages and fix notes; the names and expressions of a
note's code; tensor payloads; chip tooltips; the remote kernel's name. Each time we ask Qt what it
shows (``app.ui.common.shown``: the label's or tooltip's own text format decides) and find the HTML
there, character for character. The control: the same text in a label left to Qt's guessing shows
only "BIG".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolTip

from app.ui.common import SymbolMathView, shown
from app.ui.vault_panels.links import LinksPanel, UnresolvedPanel
from app.ui.vault_panels.search import SearchPanel
from app.ui.vault_panels.tags import OutlinePanel, TagsPanel
from app.ui.vault_panels.tree import build_model
from app.vault import Vault
from app.vault.index import VaultIndex
from app.vault.links import Heading

HTML = '<h1 style="color:red">BIG</h1>'
NAME = "<h1 style='color:red'>BIG"  # no slash: it can be a file or folder name


def literal(label: QLabel, text: str = HTML) -> bool:
    return text in shown(label.text(), label.textFormat())


def literal_tip(tooltip: str, text: str = HTML) -> bool:
    return text in shown(tooltip)


def test_the_control_qt_guesses_html() -> None:
    label = QLabel(HTML)  # left to Qt: AutoText
    assert not literal(label) and shown(label.text(), label.textFormat()).strip() == "BIG"


# ---- vault panels ----------------------------------------------------------------------------------


@pytest.fixture
def hostile_index(tmp_path: Path) -> VaultIndex:
    root = tmp_path / "vault"
    (root / NAME).mkdir(parents=True)
    (root / NAME / f"{NAME}.md").write_text(
        f"# {HTML}\n\n본문 BIG 과 [[{NAME}]] 그리고 [[없는 {NAME}]] #태그\n", encoding="utf-8")
    (root / "다른 노트.md").write_text(f"[[{NAME}]] 를 가리킨다 #태그\n", encoding="utf-8")
    index = VaultIndex(root, tmp_path / "db.sqlite3")
    index.update()
    return index


def test_a_search_query_is_text(qtbot, hostile_index: VaultIndex) -> None:
    panel = SearchPanel(hostile_index)
    qtbot.addWidget(panel)
    query = '<h1 style="color:red">없는 말</h1>'
    panel.query.setText(query)
    panel.run_search()
    assert panel.results.count() == 0 and literal(panel.summary, query)


def test_search_hits_show_names_and_paths_as_text(qtbot, hostile_index: VaultIndex) -> None:
    panel = SearchPanel(hostile_index)
    qtbot.addWidget(panel)
    panel.query.setText("본문")
    panel.run_search()
    item = panel.results.item(0)
    assert literal(panel.results.itemWidget(item), NAME)  # the title, in a rich label, escaped
    assert literal_tip(item.toolTip(), f"{NAME}/{NAME}.md")


def test_the_vault_tree_tooltips_are_text(qapp: QApplication, hostile_index: VaultIndex) -> None:
    model = build_model(Vault(hostile_index.root))
    tips = []
    stack = [model.invisibleRootItem()]
    while stack:
        item = stack.pop()
        for row in range(item.rowCount()):
            child = item.child(row)
            tips.append(child.toolTip())
            stack.append(child)
    folder = [t for t in tips if literal_tip(t, NAME) and not literal_tip(t, ".md")]
    note = [t for t in tips if literal_tip(t, f"{NAME}/{NAME}.md")]
    assert folder and note


def test_links_tags_and_outline_show_text(qtbot, hostile_index: VaultIndex) -> None:
    links = LinksPanel(hostile_index)
    qtbot.addWidget(links)
    links.set_note(f"{NAME}/{NAME}.md")
    items = [links.tree.topLevelItem(k) for k in range(links.tree.topLevelItemCount())]
    children = [s.child(k) for s in items for k in range(s.childCount())]
    assert any(literal_tip(c.toolTip(0), f"없는 {NAME}") for c in children), "the missing target's tooltip"
    assert any(literal_tip(c.toolTip(0), "다른 노트.md") for c in children)
    unresolved = UnresolvedPanel(hostile_index)
    qtbot.addWidget(unresolved)
    unresolved.refresh()
    assert any(NAME in unresolved.tree.topLevelItem(k).text(0)
               for k in range(unresolved.tree.topLevelItemCount()))
    tags = TagsPanel(hostile_index)
    qtbot.addWidget(tags)
    tags.show_tag("태그")
    tips = [tags.notes.item(k).toolTip() for k in range(tags.notes.count())]
    assert any(literal_tip(t, f"{NAME}/{NAME}.md") for t in tips)
    outline = OutlinePanel()
    qtbot.addWidget(outline)
    outline.set_headings([Heading(1, HTML, 1)])
    assert outline.tree.topLevelItem(0).text(0) == HTML  # an item's text is always plain in Qt


# ---- the window ---------------------------------------------------------------------------------


def test_window_labels_titles_status_and_banner(qtbot, tmp_path: Path) -> None:
    from app.ui.window.main_window import MainWindow
    from tests.ui.conftest import dispose, temp_settings

    vault = tmp_path / NAME
    vault.mkdir()
    (vault / f"{NAME}.md").write_text("# 제목\n", encoding="utf-8")
    window = MainWindow(temp_settings(), theme_choice="light")
    try:
        window.open_vault(vault, vault / f"{NAME}.md")
        assert literal(window.vault_label, NAME) and literal_tip(window.vault_label.toolTip(), str(vault))
        assert NAME in window.windowTitle()  # window titles are always plain
        window.show_status(HTML)
        assert window.statusBar().currentMessage() == HTML  # the status bar draws plain text
        window.banner.show_warnings([HTML])
        assert literal(window.banner.label)
    finally:
        window.close()
        dispose(window)


# ---- code panel ---------------------------------------------------------------------------------


def test_code_panel_messages_headers_footer_and_fix_notes(qtbot) -> None:
    from app.ui.code_panel.view import CodePanel

    panel = CodePanel()
    qtbot.addWidget(panel)
    panel.set_header(HTML, HTML)
    panel.show_message(f"ValueError: {HTML}", "error")
    panel.footer.setText(HTML)
    assert all(literal(label) for label in (panel.title, panel.subtitle, panel.message, panel.footer))
    panel.fix_bar.show_fixes([HTML])
    assert literal(panel.fix_bar.notes) and literal_tip(panel.fix_bar.notes.toolTip())


# ---- equation panel -----------------------------------------------------------------------------


def test_equation_panel_reasons_titles_chips_and_badge(qtbot) -> None:
    from app.ui.equation_panel.view import EquationPanel

    panel = EquationPanel()
    qtbot.addWidget(panel)
    panel.show_unlinked("f_t", HTML)
    assert literal(panel.message)
    panel.show_equation("f_t = x", HTML, [("f_t", "lstm.f", HTML)], None)
    assert literal(panel.title)
    chips = panel.chips.chips[:1]
    assert chips and all(literal_tip(chip.toolTip()) for chip in chips)
    panel.set_badge(True, 1e-7, 1e-5, {"relations": {HTML: 0.5}})
    assert literal_tip(panel.badge.toolTip())
    panel.set_busy(HTML)
    assert literal(panel.busy_label)


def test_the_models_description_reaches_the_panel_header_as_text(qtbot, tmp_path: Path) -> None:
    """The header quotes the kernel's description of the note's model; a custom module's repr
    (``extra_repr``) is the user's own text."""
    from app.engine import notestate
    from app.engine.serve import panel as panel_service
    from app.ui.equation_panel.view import EquationPanel

    note = tmp_path / "노트.md"
    note.write_text("```python\nrnn = nn.RNN(3, 4)\n```\n", encoding="utf-8")
    notestate.STATE.module, notestate.STATE.model = None, None
    info = panel_service.panel_open(str(note), {}, {"kind": "random", "seq_len": 3}, "cpu")
    info["origin"]["object"] = f"Custom({HTML})"
    panel = EquationPanel()
    qtbot.addWidget(panel)
    panel.show_open(info)
    assert literal(panel.origin, f"Custom({HTML})")


def test_tensor_cards_show_payload_names_as_text(qtbot) -> None:
    from app.ui.equation_panel.cards import TensorCard

    card = TensorCard()
    qtbot.addWidget(card)
    card.show_item({"name": HTML, "latex": "x", "source": HTML, "axes": [HTML], "shape": [1], "dtype": HTML,
                    "device": HTML, "stats": {"min": 0.0, "mean": 0.0, "max": 0.0, "std": 0.0}}, 0)
    assert literal(card.source) and literal(card.shape)


def test_symbol_tooltips_in_the_big_equation_are_text(qtbot) -> None:
    view = SymbolMathView(size=30)
    qtbot.addWidget(view)
    view.resize(400, 80)
    view.show()
    view.set_symbols("f_t = x_t", [("x_t", True, HTML)])
    rect = view.symbol_rects(0)[0]
    centre = rect.center().toPoint()
    QApplication.sendEvent(view, QHelpEvent(QHelpEvent.Type.ToolTip, centre, view.mapToGlobal(centre)))
    qtbot.waitUntil(lambda: bool(QToolTip.text()), timeout=2000)
    assert literal_tip(QToolTip.text())
    QToolTip.hideText()
    assert isinstance(rect.center(), QPointF) and isinstance(centre, QPoint)


# ---- kernel status and dialogs --------------------------------------------------------------------


def test_kernel_where_label_and_the_consent_dialog(qtbot, tmp_path: Path) -> None:
    from app.ui.kernels.homes_dialog import KernelHomeDialog
    from app.ui.kernels.status import KernelStatus
    from app.ui.window.main_window import MainWindow
    from tests.ui.conftest import dispose, temp_settings

    window = MainWindow(temp_settings(), theme_choice="light")
    try:
        status = KernelStatus(window)
        status.where_label.setText(f"Kernel: {HTML} (remote)")
        assert literal(status.where_label)
        seen: list[str] = []

        def answer() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen.append(shown(box.text(), box.textFormat()))
                box.reject()
            else:
                QTimer.singleShot(50, answer)

        class Status:
            def worded(self, where: str, lang: str) -> str:
                return f"{where} has no Tensornote engine."

        QTimer.singleShot(50, answer)
        assert status.ask_consent(Status(), HTML) is False
        assert seen and HTML in seen[0]
        dialog = KernelHomeDialog(tmp_path, window)
        dialog.note.setText(HTML)
        assert literal(dialog.note)
        dialog.deleteLater()
    finally:
        window.close()
        dispose(window)


def test_every_label_with_user_text_is_plain_or_escaped() -> None:
    """The audit, kept honest: a new QLabel in app/ui is either plain, escaped rich text, or ours."""
    import re

    from tests.conftest import REPO

    ours = re.compile(r"QLabel\((?:\"[^\"]*\"|'[^']*'|translate\(|self\.tr\(|\)|self\)|title\)|f\"<b>\{html)")
    unchecked = []
    for path in sorted((REPO / "app" / "ui").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in re.finditer(r"QLabel\(", line):
                rest = line[m.start():]
                if "plain(" in line[: m.start()][-8:] or ours.match(rest):
                    continue
                if "setTextFormat(Qt.TextFormat.RichText)" in path.read_text(encoding="utf-8"):
                    continue  # rich labels of ours: their user parts go through html.escape
                unchecked.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert unchecked == []
