"""The panel names the note module it traces and offers the note's other modules in a menu (issue 9).

The ``panel.open`` answer comes from the real engine in this process (real torch, no kernel needed for
the widget); the linker's coded reasons are worded in the UI language.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.engine import notestate
from app.engine.serve import panel as panel_service
from app.equations import link_equation
from app.ui.common import i18n
from app.ui.equation_panel.text import unlinked_reason
from app.ui.equation_panel.view import EquationPanel

NOTE = """# 순환층
```python
rnn = nn.RNN(3, 4)
```
# 게이트
```python
gate = nn.GRU(len(tokens), 6)
```
"""


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, "ko")


def opened(tmp_path: Path, index: int) -> dict:
    note = tmp_path / "두 모델.md"
    note.write_text(NOTE, encoding="utf-8")
    notestate.STATE.module, notestate.STATE.model = None, None
    return panel_service.panel_open(
        str(note), {}, {"kind": "random", "seq_len": 4}, "cpu", model=None, module=index
    )


def test_the_menu_lists_the_modules_and_the_header_names_the_traced_one(
    english: None, ui_app: QApplication, tmp_path: Path, qtbot
) -> None:
    panel = EquationPanel()
    qtbot.addWidget(panel)
    panel.show_open(opened(tmp_path, 1))
    assert panel.modules.count() == 2 and not panel.modules.isHidden()
    assert panel.modules.itemText(0).startswith("line 3 · 순환층 · rnn")
    assert panel.modules.currentIndex() == 1
    header = panel.origin.text()
    assert "line 7 · gate = GRU(8, 6)" in header
    assert "assumed" in header and "len(tokens)" in header
    field = panel.model.input_size  # the assumed field is marked in the config editor, with why
    assert field.property("assumed") is True and "len(tokens)" in field.toolTip()
    assert panel.model.hidden_size.property("assumed") is False
    with qtbot.waitSignal(panel.moduleChosen) as chosen:
        panel.modules.activated.emit(0)
    assert chosen.args == [0]


def test_a_note_with_one_module_shows_no_menu(ui_app: QApplication, tmp_path: Path, qtbot) -> None:
    note = tmp_path / "하나.md"
    note.write_text("```python\nm = nn.LSTM(2, 3)\n```\n", encoding="utf-8")
    panel = EquationPanel()
    qtbot.addWidget(panel)
    panel.show_open(panel_service.panel_open(str(note), {}, {"kind": "random"}, "cpu"))
    assert panel.modules.isHidden()


def test_new_unlinked_reasons_speak_the_ui_language(english: None, ui_app: QApplication) -> None:
    link = link_equation(r"o_t = \sigma(W_{io} x_t + W_{ho} h_{t-1} + W_{co} c_t + b_o)")
    text = unlinked_reason(link.reason_code, link.reason_args, link.reason)
    assert text is not None and "peephole" in text and "W_{co} c_t" in text
    assert not any("\uac00" <= c <= "\ud7a3" for c in text)


def test_the_code_panel_names_a_bound_methods_input_in_the_ui_language(
    english: None, ui_app: QApplication
) -> None:
    from app.engine.run import runner
    from app.ui.code_panel.panel import bound_input_line

    note = (
        "```python\nclass Tagger(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.emb = nn.Embedding(40, 4)\n        self.rnn = nn.GRU(4, 3, batch_first=True)\n```\n"
        "```python\n    def forward(self, x):\n        return self.rnn(self.emb(x))[0]\n```\n"
    )
    notestate.set_note("/tmp/bound-input.md", note)
    try:
        result = runner.run_block(1, emit=False)
    finally:
        notestate.set_note(None, "")
    assert result["error"] is None, result["error"]
    line = bound_input_line(result["bound"])
    assert line.startswith("Tagger: model(x), x = token ids (1, 28)") and "40" in line
