"""The window's language: English source strings, Korean from the committed translation.

The other UI tests run in Korean (tests/ui/conftest.py); here the same window is built in English and
in Korean, and the converted modules are checked for Korean literals that would bypass the translator.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.cli.gui import build_parser
from app.paths import REPO_DIR
from app.ui.code_panel.annotations import TensorChip
from app.ui.code_panel.conflict import ConflictDialog
from app.ui.common import i18n
from app.ui.kernels.handler import state_label
from app.ui.note_view import pages
from app.ui.window.main_window import MainWindow
from app.ui.window.status import describe_click
from tests.hangul_literals import korean_literals
from tests.ui.conftest import dispose, temp_settings

# The modules whose user-visible text goes through the translator.
# Every UI module; two hold Hangul on purpose: the language menu names Korean in Korean ("한국어"), and the
# switcher's placeholder shows initial consonants (ㄱㅇㅌ), which are the feature itself.
MEANT_HANGUL = {"vault_panels/panels.py", "vault_panels/switcher.py"}
CONVERTED = sorted(
    rel
    for p in (REPO_DIR / "app" / "ui").rglob("*.py")
    if (rel := p.relative_to(REPO_DIR / "app" / "ui").as_posix()) not in MEANT_HANGUL
)


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, "ko")


def _window(tmp_path: Path) -> MainWindow:
    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "vault" / "b.md").write_text("# B\n", encoding="utf-8")
    window = MainWindow(temp_settings(), theme_choice="light", remember=False)
    window.open_vault(tmp_path / "vault", tmp_path / "vault" / "a.md")
    return window


def test_the_english_ui_speaks_english(english: None, ui_app: QApplication, tmp_path: Path) -> None:
    window = _window(tmp_path)
    try:
        titles = [menu.title() for menu in window.menus_by_name.values()]
        assert titles[:4] == ["&File", "&View", "&Go", "&Help"]
        assert window.actions_by_name["reload"].text() == "Reload"
        assert window.actions_by_name["theme:dark"].text() == "Dark"
        assert window.vault_label.text() == "Vault: vault  ·  2 notes"
        assert state_label("idle") == "Kernel idle"
        assert "Reason:" in pages.error_page(tmp_path / "x.md", "boom")
        assert "lang='en'" in pages.welcome_page("v", 1)
        assert "There is 1 note." in pages.welcome_page("v", 1)
        assert TensorChip("h", (), "float32", "cpu", "").tooltip().endswith("shape scalar · float32 · cpu")
        assert describe_click({"kind": "code", "id": "code-9"}, None) == "Code code-9"
        dialog = ConflictDialog("changed", "")
        assert dialog.windowTitle() == "Save Conflict" and dialog.buttons["cancel"].text() == "Cancel"
        dialog.deleteLater()
    finally:
        window.close()
        dispose(window)


def test_the_korean_ui_speaks_korean(ui_app: QApplication, tmp_path: Path) -> None:
    assert i18n.current_language() == "ko"  # set by tests/ui/conftest.py
    window = _window(tmp_path)
    try:
        titles = [menu.title() for menu in window.menus_by_name.values()]
        assert titles[:4] == ["파일(&F)", "보기(&V)", "이동(&G)", "도움말(&H)"]
        assert window.actions_by_name["reload"].text() == "다시 불러오기"
        assert window.actions_by_name["theme:system"].text() == "시스템 설정 따르기"
        assert window.vault_label.text() == "볼트: vault  ·  노트 2개"
        assert state_label("dead") == "커널 중지됨"
        welcome = pages.welcome_page("v", 3)
        assert "lang='ko'" in welcome and "노트 3개가 있습니다." in welcome
        assert TensorChip("h", (2, 3), "float32", "cpu", "").tooltip().endswith("모양 2 × 3 · float32 · cpu")
    finally:
        window.close()
        dispose(window)


@pytest.mark.parametrize("name", CONVERTED)
def test_no_korean_literal_bypasses_the_translator(name: str) -> None:
    # Docstrings may quote the UI; an app.i18n messages() table (text before Qt exists, e.g. main.py's
    # command-line errors) holds Korean beside its English on purpose.
    path = REPO_DIR / "app" / "ui" / name
    found = [f"{name}:{line}: {value[:60]}" for line, value in korean_literals(path)]
    assert found == []


def test_the_lang_flag() -> None:
    assert build_parser().parse_args(["--lang", "ko"]).lang == "ko"
    assert build_parser().parse_args([]).lang is None
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "klingon"])
