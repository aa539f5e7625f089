"""The equation panel's widget tree: header and badge, the big equation, symbol chips, controls and cards.

It is a view: ``show_*`` methods take payloads (from the linker and the kernel) and signals report what
the user did. ``app.ui.equation_panel`` owns the logic of what to fetch when.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.equation_panel_cards import ChainView, ChipBar, TensorCard
from app.ui.equation_panel_controls import ModelControls, StepControls
from app.ui.equation_panel_plots import TimeHeatmaps, decode, fmt
from app.ui.equation_panel_style import STYLE
from app.ui.mathview import MathView

MEANING = {
    "lstm.i": "입력 게이트 (input gate)",
    "lstm.f": "망각 게이트 (forget gate)",
    "lstm.g": "셀 후보 (cell candidate)",
    "lstm.o": "출력 게이트 (output gate)",
    "lstm.c": "셀 상태 (cell state)",
    "lstm.h": "은닉 상태 (hidden state)",
    "gru.r": "리셋 게이트 (reset gate)",
    "gru.z": "업데이트 게이트 (update gate)",
    "gru.n": "새 후보 상태 (new gate)",
    "gru.h": "은닉 상태 (hidden state)",
    "rnn.h": "은닉 상태 (hidden state)",
}
NOTATION_HINTS = {
    "d2l": "d2l 표기: 행 벡터 꼴 X_t W_xi 입니다. 가중치는 PyTorch 가중치의 전치로 보여 줍니다 "
    "(W_xi = W_ii^T, 모양 (H_in, H)).",
    "concat": "연결 표기: W_f·[h_{t−1}, x_t] 입니다. W_f는 PyTorch의 두 조각을 이어 붙인 [W_hf | W_if], "
    "b_f = b_if + b_hf 입니다.",
}
INPUT_NAMES = {"random": "무작위", "sine": "사인파", "digit": "손글씨 숫자", "file": "파일"}
HEATMAP_ROLES = {"i": "gate", "f": "gate", "o": "gate", "r": "gate", "z": "gate", "g": "tanh", "n": "tanh"}


def section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label


class EquationPanel(QWidget):
    """The dock's content. Signals: a symbol chip clicked/hovered, a step or selection changed."""

    symbolClicked = Signal(int)
    symbolHovered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equationPanel")
        self.setStyleSheet(STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroller)
        body = QWidget()
        body.setObjectName("panelBody")
        self.scroller.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(8)

        head = QHBoxLayout()
        self.title = QLabel("수식을 클릭하세요")
        self.title.setObjectName("panelTitle")
        self.title.setWordWrap(True)
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.badge.setVisible(False)
        head.addWidget(self.title, 1)
        head.addWidget(self.badge)
        layout.addLayout(head)
        self.origin = QLabel()
        self.origin.setObjectName("origin")
        self.origin.setWordWrap(True)
        layout.addWidget(self.origin)
        self.progress = QProgressBar()
        self.progress.setObjectName("busy")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(4)
        self.progress.setVisible(False)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("muted")
        self.busy_label.setVisible(False)
        layout.addWidget(self.progress)
        layout.addWidget(self.busy_label)

        self.equation_card = QFrame()
        self.equation_card.setObjectName("equationCard")
        eq_layout = QVBoxLayout(self.equation_card)
        eq_layout.setContentsMargins(10, 14, 10, 10)
        self.equation = MathView(size=30)
        eq_layout.addWidget(self.equation)
        self.chips = ChipBar()
        eq_layout.addWidget(self.chips)
        self.notation = QLabel()
        self.notation.setObjectName("notation")
        self.notation.setWordWrap(True)
        self.notation.setVisible(False)
        eq_layout.addWidget(self.notation)
        layout.addWidget(self.equation_card)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)

        self.live = QWidget()
        live = QVBoxLayout(self.live)
        live.setContentsMargins(0, 0, 0, 0)
        live.setSpacing(8)
        self.steps = StepControls()
        live.addWidget(self.steps)
        live.addWidget(section("선택한 텐서"))
        self.tensor = TensorCard()
        live.addWidget(self.tensor)
        live.addWidget(section("항별 계산 (이 시점 t, 배치 n)"))
        self.chain = ChainView()
        live.addWidget(self.chain)
        live.addWidget(section("시간에 따른 게이트와 상태 (LSTMVis)"))
        self.timemaps = TimeHeatmaps()
        live.addWidget(self.timemaps)
        self.timemaps_hover = QLabel(" ")
        self.timemaps_hover.setObjectName("hoverValue")
        live.addWidget(self.timemaps_hover)
        self.timemaps.hovered.connect(self.timemaps_hover.setText)
        self.timemaps.stepClicked.connect(self.steps.set_step)
        layout.addWidget(self.live)
        layout.addWidget(section("모델과 입력"))
        self.model = ModelControls()
        model_card = QFrame()
        model_card.setObjectName("card")
        QVBoxLayout(model_card).addWidget(self.model)
        layout.addWidget(model_card)
        layout.addStretch(1)
        self.live.setVisible(False)

        self.chips.clicked.connect(self.symbolClicked)
        self.chips.hovered.connect(self.symbolHovered)
        for key, delta in ((Qt.Key.Key_Left, -1), (Qt.Key.Key_Right, 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.steps.step_by(d))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(480)

    # --- what the linker knows (no kernel needed) ---------------------------------------------

    def show_equation(
        self,
        latex: str,
        quantity: str | None,
        chips: list[tuple[str, str | None, str]],
        notation: str | None = None,
    ) -> None:
        self.equation.set_latex(latex)
        hint = NOTATION_HINTS.get(notation or "")
        self.notation.setText(hint or "")
        self.notation.setVisible(bool(hint))
        self.chips.set_symbols(chips)
        self.chips.setVisible(bool(chips))
        if quantity:
            self.title.setText(f"{quantity}  ·  {MEANING.get(quantity, '')}")
        self.message.setVisible(False)

    def show_unlinked(self, latex: str, reason: str) -> None:
        """An equation that is not about the model: say why, kindly, and hide the live parts."""
        self.equation.set_latex(latex)
        self.chips.set_symbols([])
        self.title.setText("모델과 연결되지 않은 식")
        self.badge.setVisible(False)
        self.live.setVisible(False)
        self.show_message(
            f"이 식은 모델의 텐서와 연결할 수 없습니다.<br><span class='why'>{reason}</span>", "info"
        )

    def show_message(self, html: str, kind: str = "error") -> None:
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(html)
        self.message.setVisible(True)

    def set_busy(self, text: str | None) -> None:
        """Progress state: an indeterminate bar and what is happening (kernel start, tracing)."""
        self.progress.setVisible(text is not None)
        self.busy_label.setVisible(text is not None)
        self.busy_label.setText(text or "")

    def highlight_symbol(self, latex: str, symbol: str | None) -> None:
        from app.ui.mathview import highlight_latex

        self.equation.set_latex(highlight_latex(latex, symbol) if symbol else latex)

    # --- what the kernel computed ---------------------------------------------------------------

    def show_open(self, info: dict[str, Any]) -> None:
        origin = info["origin"]
        kind = INPUT_NAMES.get(info["input"]["kind"], info["input"]["kind"])
        shape = " × ".join(str(n) for n in info["input"]["shape"])
        self.origin.setText(
            f"<b style='color:#1d4ed8'>{origin['label']}</b>&nbsp; <code>{origin['object']}</code>"
            f"<br><span style='color:#6b7280'>입력 x: {kind} (seed {info['input']['seed']}), "
            f"({shape}) · {info['dtype']} · {info['device']}</span>"
        )
        self.steps.set_dims(info["dims"])
        self.model.set_config(info["config"])
        self.model.set_input(info["input"])
        verify = info["verify"]
        self.set_badge(bool(verify["ok"]), verify["max_abs_output"], verify["tol"], verify)
        self.live.setVisible(True)

    def set_badge(self, ok: bool, diff: float, tol: float, detail: dict[str, Any] | None = None) -> None:
        self.badge.setVisible(True)
        self.badge.setProperty("ok", ok)
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        mark = "✓ PyTorch와 일치" if ok else "✗ PyTorch와 다름"
        self.badge.setText(f"{mark}  max|Δ| {fmt(diff)}")
        lines = [f"허용 오차 {fmt(tol)}", f"출력 max|Δ| {fmt(diff)}"]
        for key in ("max_abs_h_n", "max_abs_c_n"):
            if detail and detail.get(key) is not None:
                lines.append(f"{key[8:]} max|Δ| {fmt(detail[key])}")
        for name, value in ((detail or {}).get("relations") or {}).items():
            lines.append(f"{name}: {fmt(value)}")
        self.badge.setToolTip("nn 모듈 자신의 출력과 비교한 결과\n" + "\n".join(lines))

    def show_step(self, step: dict[str, Any], selected: int, note: str = "") -> None:
        """Show chip ``selected`` (the payload's symbols follow the chips); the result when it has none."""
        item = step["result"]
        symbols = step.get("symbols") or []
        candidate = symbols[selected] if 0 <= selected < len(symbols) else None
        if candidate and "error" not in candidate:
            item = candidate
        elif candidate and "error" in candidate:
            note = candidate["error"]
        if item.get("transposed"):
            base = str(item["name"]).removesuffix("^T")
            note = (note + " · " if note else "") + f"d2l 표기: PyTorch {base}의 전치 ({base}^T)"
        self.tensor.show_item(item, step["batch"], note)
        self.chain.show_chain(step.get("chain") or [])
        self.timemaps.set_step(step["t"])

    def show_heatmaps(self, payload: dict[str, Any], t: int) -> None:
        maps = {name: decode(entry) for name, entry in payload["maps"].items()}
        roles = {name: HEATMAP_ROLES.get(name, "pre") for name in maps}
        self.timemaps.show_maps(maps, roles, t)
