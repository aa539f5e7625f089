"""The code panel names the input of a method block's run and changes it with one click (issue 9).

The first tests feed the bar a real run of the in-process runner (real torch); the last one clicks a code
block in the real window's rendered page, runs it in a real Jupyter kernel, then clicks another input kind
on the bar: the kernel's sample input changes and the block runs again on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.engine import notestate
from app.markup.blocks import find_code_blocks
from app.ui.code_panel import panel as code_panel
from app.ui.code_panel.inputbar import InputBar
from app.ui.common import i18n
from app.ui.kernels.handler import kernel_pool
from app.ui.window.main_window import MainWindow
from tests.ui.conftest import dispose, run_js, temp_settings, wait_until

KERNEL_TIMEOUT = 180.0  # a cold kernel imports torch; the shared machine can be busy

NOTE = """# Two classes, two inputs

```python
class Tagger(nn.Module):
    def __init__(self, vocab=40, emb=4, hid=3):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = nn.GRU(emb, hid, batch_first=True)
```

```python
    def forward(self, x):
        e = self.emb(x)
        return self.rnn(e)[0]
```

```python
class Series(nn.Module):
    def __init__(self, n_in=3, hid=5):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hid, batch_first=True)
```

```python
    def forward(self, x):
        out, _ = self.lstm(x)
        return out[:, -1]
```
"""


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, "ko")


def _bound(index: int, kind: str = "digit") -> dict:
    from app.engine.run import runner

    notestate.set_note("/tmp/input-bar.md", NOTE)
    notestate.STATE.input = notestate.InputSpec(kind=kind)
    try:
        result = runner.run_block(index, emit=False)
    finally:
        notestate.set_note(None, "")
        notestate.STATE.input = notestate.InputSpec()
    assert result["error"] is None, result["error"]
    return result["bound"]


def test_a_sequence_class_offers_the_kinds_it_takes_and_a_click_asks_for_another(
    english: None, ui_app: QApplication, qtbot
) -> None:
    bound = _bound(3)
    given = bound["input"]
    assert given["kind"] == "sine" and given["choices"] == ["sine", "random"]  # 3 features: no digit
    bar = InputBar()
    qtbot.addWidget(bar)
    bar.show_input(bound)
    assert not bar.isHidden()
    assert bar.label.text().startswith("Series: model(x), x = sine input (1, 28, 3)")
    assert list(bar.buttons) == ["sine", "random"]
    assert bar.buttons["sine"].isChecked() and not bar.buttons["random"].isChecked()
    assert [b.text() for b in bar.buttons.values()] == ["sine", "random"]
    chosen: list[str] = []
    bar.kindChosen.connect(chosen.append)
    bar.buttons["sine"].click()  # the input it already has: nothing to run
    bar.buttons["random"].click()
    assert chosen == ["random"]
    bar.set_busy(True)
    assert not bar.buttons["random"].isEnabled()
    bar.show_input(_bound(3, "random"))
    assert bar.label.text().startswith("Series: model(x), x = random input (1, 28, 3)")
    assert bar.buttons["random"].isChecked() and bar.buttons["sine"].isEnabled()
    bar.show_input(None)  # a script block: no bound input
    assert bar.isHidden()


def test_an_embedding_class_shows_its_only_input_and_the_korean_ui_words_it(
    ui_app: QApplication, qtbot
) -> None:
    bound = _bound(1)
    assert bound["input"]["choices"] == ["tokens"]
    bar = InputBar()
    qtbot.addWidget(bar)
    bar.show_input(bound)
    only = bar.buttons["tokens"]
    assert list(bar.buttons) == ["tokens"] and only.isChecked() and not only.isEnabled()
    assert only.text() == "토큰 id" and "토큰 id (1, 28)" in bar.label.text()  # Korean UI (conftest)
    assert only.toolTip() == "이 클래스가 받는 유일한 입력"


def test_a_wide_sequence_offers_the_digit_too(ui_app: QApplication, qtbot) -> None:
    bound = _bound(3, "random")
    wide = NOTE.replace("n_in=3", "n_in=8")
    from app.engine.run import runner

    notestate.set_note("/tmp/input-bar-wide.md", wide)
    try:
        result = runner.run_block(3, emit=False)
    finally:
        notestate.set_note(None, "")
    assert result["bound"]["input"]["choices"] == ["digit", "sine", "random"]
    assert bound["input"]["kind"] == "random" and bound["input"]["dtype"] == "float32"


@pytest.fixture
def window(ui_app: QApplication, tmp_path: Path) -> Iterator[tuple[MainWindow, Path]]:
    note = tmp_path / "vault" / "inputs.md"
    note.parent.mkdir()
    note.write_text(NOTE, encoding="utf-8")
    win = MainWindow(temp_settings(), theme_choice="light")
    win.resize(1300, 900)
    code_panel.install(win)
    win.show()
    painted: list[object] = []
    win.pagePainted.connect(painted.append)
    win.open_vault(note.parent, note)
    wait_until(lambda: bool(painted), 30)
    try:
        yield win, note.resolve()
    finally:
        kernel_pool(win).shutdown_all()
        win.close()
        dispose(win)


@pytest.mark.slow
def test_one_click_on_another_input_runs_the_block_again_in_the_kernel(
    window: tuple[MainWindow, Path], qtbot
) -> None:
    win, note = window
    ctl = win.code_panel  # type: ignore[attr-defined]
    block = find_code_blocks(note.read_text(encoding="utf-8"))[3]
    selector = f'.tn-code[data-code="{block.id}"]'
    run_js(win.note_view, f"(() => {{ const el = document.querySelector('{selector}');"
                          " el.scrollIntoView({block: 'center'}); el.click(); return true; })()")  # fmt: skip
    qtbot.waitUntil(lambda: ctl.block is not None and ctl.block.index == 3, timeout=20000)
    bar = ctl.panel.input_bar
    assert bar.isHidden()  # nothing has run yet

    def ran() -> dict:
        qtbot.waitUntil(
            lambda: ctl._run is None and ctl.last_result is not None, timeout=int(KERNEL_TIMEOUT * 1000)
        )
        result = ctl.last_result
        assert result is not None and result["error"] is None, result
        return result

    ctl.last_result = None
    ctl.panel.run_button.click()
    first = ran()["bound"]["input"]
    assert first["kind"] == "sine" and first["chosen"] == "digit"  # 3 features: the digit gives way to a sine
    assert bar.isVisible() and list(bar.buttons) == ["sine", "random"] and bar.buttons["sine"].isChecked()
    assert "사인파 입력 (1, 28, 3)" in bar.label.text()
    chips_before = {c.name: c.shape for n in ctl.editor.line_notes().values() for c in n.chips}
    assert chips_before["out"] == (1, 28, 5)

    ctl.last_result = None
    bar.buttons["random"].click()  # one click: the kernel's input changes and the block runs again
    assert not bar.buttons["sine"].isEnabled()  # no second click while it runs
    second = ran()["bound"]["input"]
    assert second["kind"] == "random" and second["chosen"] == "random" and second["shape"] == [1, 28, 3]
    assert bar.buttons["random"].isChecked() and not bar.buttons["sine"].isChecked()
    assert "무작위 입력 (1, 28, 3)" in bar.label.text()  # the kind as the button says it
    output = ctl.panel.output.toPlainText()
    assert "Series: model(x), x = 사인파 입력" in output and "Series: model(x), x = 무작위 입력" in output
    assert note.read_text(encoding="utf-8") == NOTE  # running changes nothing in the note

    ctl.last_result = None
    ctl.panel.run_button.click()  # the choice stays for the next run (the kernel keeps it)
    assert ran()["bound"]["input"]["kind"] == "random"
