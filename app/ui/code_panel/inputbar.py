"""The input bar: what a method block's ``model(x)`` was called with, and one-click buttons to change it.

A method block (``def forward(self, x)``) runs bound to the note's model on a sample input that the
kernel fits to the class (``app.engine.run.fit``: token ids after nn.Embedding, a digit/sine/random
sequence for a recurrent first layer, an image batch for Conv2d). The run's ``bound["input"]`` names it
(a code worded here in the UI language) and lists the kinds the class accepts (``choices``). The bar shows
that name and one button per choice; a click emits :attr:`InputBar.kindChosen` and the controller sets
the kernel's input (``state.set_input``) and runs the block again. A kind the class does not accept is
never offered, and a class with a single input shows it as the only (checked, disabled) button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from app import i18n as coded
from app.engine.notecode import INPUT_CODES
from app.ui.common import FlowLayout, contain, plain
from app.ui.common import i18n as ui_i18n

translate = QCoreApplication.translate  # lupdate collects translate("CodeInputBar", "…")

KIND_LABELS = {  # the runner's input kinds (app.engine.run.fit) -> button labels, translated when shown
    "digit": QT_TRANSLATE_NOOP("CodeInputBar", "digit"),
    "sine": QT_TRANSLATE_NOOP("CodeInputBar", "sine"),
    "random": QT_TRANSLATE_NOOP("CodeInputBar", "random"),
    "file": QT_TRANSLATE_NOOP("CodeInputBar", "file"),
    "tokens": QT_TRANSLATE_NOOP("CodeInputBar", "token ids"),
    "image": QT_TRANSLATE_NOOP("CodeInputBar", "image batch"),
}
KIND_TIPS = {
    "digit": QT_TRANSLATE_NOOP("CodeInputBar", "Run again on a handwritten digit read row by row"),
    "sine": QT_TRANSLATE_NOOP("CodeInputBar", "Run again on a sine wave"),
    "random": QT_TRANSLATE_NOOP("CodeInputBar", "Run again on random numbers"),
    "file": QT_TRANSLATE_NOOP("CodeInputBar", "Run again on the input file chosen in the equation panel"),
}
ONLY_TIP = QT_TRANSLATE_NOOP("CodeInputBar", "The only input this class takes")


def input_words(bound: dict[str, Any]) -> str:
    """``token ids (1, 28) (0 ≤ id < 50; …)``: the runner's coded description in the UI language (its Korean
    text, or the bare shape, for a code this UI does not know)."""
    given = bound.get("input") or {}
    code = str(given.get("code") or "")
    if code in INPUT_CODES:
        args = dict(given.get("args") or {})
        if str(args.get("kind")) in KIND_LABELS:  # "random" as the bar's button says it ("무작위")
            args["kind"] = translate("CodeInputBar", str(KIND_LABELS[str(args["kind"])]))
        return coded.text(code, lang=ui_i18n.current_language(), **args)
    return str(given.get("text") or given.get("shape") or "")


class InputBar(QFrame):
    """``Tagger: model(x), x = token ids (1, 28) …  [digit] [sine] [random]`` under the run buttons."""

    kindChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inputBar")
        layout = FlowLayout(self, spacing=6)  # the kind buttons go under the label in a narrow dock
        layout.setContentsMargins(8, 3, 8, 3)
        self.label = contain(plain(QLabel()))  # the class and input names come from the note: text only
        self.label.setObjectName("inputLabel")
        layout.addWidget(self.label)
        buttons = QWidget()
        self._buttons_box = QHBoxLayout(buttons)
        self._buttons_box.setContentsMargins(0, 0, 0, 0)
        self._buttons_box.setSpacing(2)
        layout.addWidget(buttons)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        self.kind: str | None = None
        self.hide()

    def show_input(self, bound: dict[str, Any] | None) -> None:
        """Name the input of a bound run and offer the kinds its class accepts; hide for a script run."""
        given = bound.get("input") if isinstance(bound, dict) else None
        if not isinstance(bound, dict) or not isinstance(given, dict):
            self.kind = None
            self.hide()
            return
        self.label.setText(f"{bound.get('class', '')}: model(x), x = {input_words(bound)}")
        self.kind = str(given.get("kind") or "")
        choices = [str(k) for k in given.get("choices") or [self.kind] if str(k) in KIND_LABELS]
        for button in self.buttons.values():
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons = {}
        for kind in choices:
            button = QToolButton()
            button.setObjectName(f"input-{kind}")
            button.setText(translate("CodeInputBar", str(KIND_LABELS[kind])))
            button.setCheckable(True)
            button.setChecked(kind == self.kind)
            if len(choices) == 1:
                button.setEnabled(False)
                button.setToolTip(translate("CodeInputBar", str(ONLY_TIP)))
            else:
                button.setToolTip(translate("CodeInputBar", str(KIND_TIPS.get(kind, ONLY_TIP))))
            button.clicked.connect(lambda _checked=False, k=kind: self._chosen(k))
            self.group.addButton(button)
            self._buttons_box.addWidget(button)
            self.buttons[kind] = button
        self.show()

    def _chosen(self, kind: str) -> None:
        if kind != self.kind:
            self.kindChosen.emit(kind)

    def set_busy(self, busy: bool) -> None:
        """No second choice while a run is in flight (it would run the block twice)."""
        for button in self.buttons.values():
            button.setEnabled(not busy and len(self.buttons) > 1)
