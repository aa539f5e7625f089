"""The linker's reasons and the indentation fix notes arrive as codes and are worded in the UI language.

The pure layers keep their Korean sentences (the CLI prints them); the UI words the codes. In Korean the
UI's words must be exactly the linker's and notecode's sentences, so the English UI gains a language
without the Korean one changing a character.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.engine import notestate
from app.engine.notecode.extract import fix_indentation, fix_notes
from app.engine.run import runner
from app.equations import link_equation, link_note
from app.markup.blocks import find_code_blocks
from app.ui.code_panel.view import FixBar, fix_note_text
from app.ui.common import i18n
from app.ui.equation_panel.text import unlinked_reason
from tests.conftest import NOTES

SEED = NOTES / "2023-11-22.md"

# One equation per reason code (and both function names), from the seed and the usual study-note forms.
UNLINKED = [
    "",
    r"W_{ii} x_t",
    r"x_t",
    r"h_t",
    r"q_t",
    r"H_{in}",
    r"x_t \in \mathbb{R}^{N \times H_{in}}",
    r"\frac{\partial L}{\partial x_t} = \delta_t",  # ∂L/∂h_t links since issue 13
    r"L = -\sum_{t} y_t \log \hat{y}_t",
    r"h_0 = 0",
    r"h_t + c_t = 1",
    r"\sigma(x) = \frac{1}{1 + e^{-x}}",
    r"\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}",
    r"f(x) = e^{x}",
    r"y_t = W_{hy} h_t + b_y",
    r"i_t = W_{ii} + b_{ii}",
    r"h_t = f(x_t, h_{t-1})",
]


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, "ko")


def _hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def _links() -> list:
    return [link_equation(latex) for latex in UNLINKED]


def test_every_reason_has_a_code_the_ui_knows() -> None:
    links = _links()
    assert all(link.quantity is None and link.reason for link in links)
    codes = {link.reason_code for link in links}
    assert codes == {
        "empty",
        "no-equals",
        "lone-symbol",
        "unknown-symbol",
        "size-symbol",
        "shape",
        "gradient",
        "loss",
        "initial-state",
        "lhs-not-one-symbol",
        "function-definition",
        "not-computed",
        "not-a-formula",
        "ambiguous-model",
    }


def test_korean_ui_words_reasons_exactly_as_the_linker(ui_app: QApplication) -> None:
    assert i18n.current_language() == "ko"
    for link in _links():
        assert unlinked_reason(link.reason_code, link.reason_args, link.reason) == link.reason


def test_english_ui_words_reasons_in_english(english: None, ui_app: QApplication) -> None:
    seed = SEED.read_text(encoding="utf-8")
    h_in = next(e for e in link_note(seed) if e.equation.latex.strip() == "H_in")
    assert h_in.reason == "모델 수식이 아님: 텐서 크기를 나타내는 기호"  # the CLI's text is unchanged
    assert unlinked_reason(h_in.reason_code, h_in.reason_args, h_in.reason) == (
        "Not a model equation: a symbol for a tensor size"
    )
    sigmoid = link_equation(r"\sigma(x) = \frac{1}{1 + e^{-x}}")
    assert unlinked_reason(sigmoid.reason_code, sigmoid.reason_args, sigmoid.reason) == (
        "Not a model equation: the definition of the sigmoid function"
    )
    lhs = link_equation(r"y_t = W_{hy} h_t + b_y")
    assert unlinked_reason(lhs.reason_code, lhs.reason_args, lhs.reason) == (
        "Not a model equation: y_t on the left is not a value the model computes"
    )
    for link in _links():
        assert not _hangul(str(unlinked_reason(link.reason_code, link.reason_args, link.reason)))
    # An unknown code falls back to the linker's Korean sentence.
    assert unlinked_reason("from-a-newer-linker", {}, "새 이유") == "새 이유"


def _seed_forward() -> tuple[str, int]:
    seed = SEED.read_text(encoding="utf-8")
    block = find_code_blocks(seed)[0]
    return block.source, block.content_lines[0]


def test_fix_notes_in_korean_are_the_cli_strings(ui_app: QApplication) -> None:
    source, first = _seed_forward()
    _fixed, strings = fix_indentation(source, first)
    _fixed, notes = fix_notes(source, first)
    assert strings and [fix_note_text(n) for n in notes] == strings
    bar = FixBar()
    bar.show_fixes(notes)
    korean = bar.notes.text()
    bar.show_fixes(strings)
    assert bar.notes.text() == korean


def test_fix_notes_in_english(english: None, ui_app: QApplication) -> None:
    source, first = _seed_forward()
    _fixed, notes = fix_notes(source, first)
    nbsp = next(n for n in notes if n.changes and n.changes[0].code == "nbsp")
    count = nbsp.changes[0].args[0]
    # the engine words the note in the language in force too (app.i18n, which the UI language sets)
    assert nbsp.message.startswith(f"replaced {count} no-break space(s) (U+00A0) with spaces")
    assert fix_note_text(nbsp).startswith(
        f"line {nbsp.line}: replaced {count} no-break space(s) (U+00A0) with spaces"
    )
    assert not any(_hangul(fix_note_text(n)) for n in notes)
    bar = FixBar()
    bar.show_fixes(notes)
    assert f"line {nbsp.line}: replaced {count}" in bar.notes.text() and not _hangul(bar.notes.text())


def test_runner_payload_carries_the_codes_next_to_the_text(english: None, ui_app: QApplication) -> None:
    seed = SEED.read_text(encoding="utf-8")
    notestate.set_note("/tmp/coded-texts-seed.md", seed)
    result = runner.run_block(0, emit=False)
    source, first = _seed_forward()
    assert result["fixes"] == fix_indentation(source, first)[1]  # unchanged for the CLI
    details = result["fix_details"]
    assert [f"line {d['line']}: {d['message']}" for d in details] == result["fixes"]  # worded in English
    assert {c["code"] for d in details for c in d["changes"]} >= {"nbsp"}
    english_words = [fix_note_text(d) for d in details]
    assert english_words[0].startswith(f"line {details[0]['line']}: ") and not any(
        map(_hangul, english_words)
    )
