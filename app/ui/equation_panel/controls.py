"""The panel's controls: time step, layer/direction/batch, the model's config, the sample input, the device.

They only emit what the user chose; the controller (``app.ui.equation_panel.panel``) decides what to ask the
kernel. Unavailable devices stay visible but disabled, with the kernel's reason as their tooltip, so the
user learns why the GPU button does nothing instead of wondering.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common import FlowLayout, compact, contain, flow, pair, plain, tip
from app.ui.equation_panel.text import device_detail, device_reason

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")
INPUT_KINDS = (
    ("random", QT_TRANSLATE_NOOP("EquationPanel", "Random (standard normal)")),
    ("sine", QT_TRANSLATE_NOOP("EquationPanel", "Sine wave")),
    ("digit", QT_TRANSLATE_NOOP("EquationPanel", "Handwritten digit (scikit-learn digits)")),
    ("file", QT_TRANSLATE_NOOP("EquationPanel", "File…")),
)
DEVICES = (("cpu", "CPU"), ("cuda", "CUDA"), ("mps", "MPS"))
DIGIT_THUMB = 56  # px: the chosen digit's thumbnail beside the input chooser


class StepControls(QWidget):
    """Time-step slider (←/→ too) and layer, direction and batch-element pickers."""

    stepChanged = Signal(int)
    selectionChanged = Signal()  # layer, direction or batch

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("stepSlider")
        self.slider.setRange(0, 0)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setToolTip(translate("EquationPanel", "Time step t (the ←/→ keys move it too)"))
        self.step_label = QLabel("t = 0")
        self.step_label.setObjectName("stepLabel")
        self.step_label.setMinimumWidth(86)
        self.layer = compact(QComboBox(), 7)
        self.direction = compact(QComboBox(), 9)
        self.batch = QSpinBox()
        self.batch.setPrefix("n = ")
        step = QHBoxLayout()
        step.addWidget(self.step_label)
        step.addWidget(self.slider, 1)
        rows.addLayout(step)
        rows.addWidget(flow(  # the pickers wrap under each other in a narrow dock
            pair(QLabel(translate("EquationPanel", "Layer")), self.layer),
            pair(QLabel(translate("EquationPanel", "Direction")), self.direction),
            pair(QLabel(translate("EquationPanel", "Batch")), self.batch),
            spacing=14,
        ))
        self.slider.valueChanged.connect(self._on_step)
        for combo in (self.layer, self.direction):
            combo.currentIndexChanged.connect(lambda _=0: self.selectionChanged.emit())
        self.batch.valueChanged.connect(lambda _=0: self.selectionChanged.emit())

    def set_dims(self, dims: dict[str, int]) -> None:
        """Ranges from the traced model (L steps, layers, directions, N), keeping the current choice."""
        widgets = (self.slider, self.layer, self.direction, self.batch)
        for w in widgets:
            w.blockSignals(True)
        self.slider.setRange(0, max(0, dims["L"] - 1))
        layer = self.layer.currentIndex()
        self.layer.clear()
        self.layer.addItems(
            [translate("EquationPanel", "layer {0}").format(k) for k in range(dims["layers"])]
        )
        self.layer.setCurrentIndex(min(max(0, layer), dims["layers"] - 1))
        direction = self.direction.currentIndex()
        self.direction.clear()
        self.direction.addItems(
            [translate("EquationPanel", "forward →"), translate("EquationPanel", "backward ←")][
                : dims["directions"]
            ]
        )
        self.direction.setCurrentIndex(min(max(0, direction), dims["directions"] - 1))
        self.batch.setRange(0, max(0, dims["N"] - 1))
        for w in widgets:
            w.blockSignals(False)
        self._update_label()

    def values(self) -> dict[str, int]:
        return {
            "layer": max(0, self.layer.currentIndex()),
            "direction": max(0, self.direction.currentIndex()),
            "batch": self.batch.value(),
            "t": self.slider.value(),
        }

    def set_step(self, t: int) -> None:
        self.slider.setValue(t)

    def step_by(self, delta: int) -> None:
        self.slider.setValue(self.slider.value() + delta)

    def _on_step(self, t: int) -> None:
        self._update_label()
        self.stepChanged.emit(t)

    def _update_label(self) -> None:
        self.step_label.setText(f"t = {self.slider.value()} / {self.slider.maximum()}")


class ModelControls(QWidget):
    """Config editor, sample-input chooser and device toggle (what is traced, on what, where)."""

    configApplied = Signal(dict)  # overrides of the note's config ({} = back to the note's)
    inputChanged = Signal(dict)
    deviceChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        self._base: dict[str, Any] = {}
        self.input_size, self.hidden_size = QSpinBox(), QSpinBox()
        self.num_layers, self.proj_size = QSpinBox(), QSpinBox()
        for spin, top in ((self.input_size, 4096), (self.hidden_size, 4096), (self.num_layers, 16)):
            spin.setRange(1, top)
        self.proj_size.setRange(0, 4095)
        self.bidirectional = QCheckBox(translate("EquationPanel", "Bidirectional"))
        self.batch_first = QCheckBox("batch_first")
        self.bias = QCheckBox(translate("EquationPanel", "Bias"))
        sizes = FlowLayout(spacing=14)  # label and field pairs and the checkboxes wrap in a narrow dock
        for label, spin in (
            (translate("EquationPanel", "Input size H_in"), self.input_size),
            (translate("EquationPanel", "Hidden size H"), self.hidden_size),
            (translate("EquationPanel", "Layers"), self.num_layers),
            ("proj_size", self.proj_size),
        ):
            sizes.addWidget(pair(plain(QLabel(label)), spin))
        sizes.add(self.bidirectional, self.batch_first, self.bias)
        outer.addLayout(sizes)
        self.apply_button = QPushButton(translate("EquationPanel", "Apply"))
        self.apply_button.setObjectName("primary")
        self.reset_button = QPushButton(translate("EquationPanel", "Note's config"))
        outer.addWidget(flow(self.reset_button, self.apply_button))

        self.input_kind = compact(QComboBox(), 12)
        for key, kind_label in INPUT_KINDS:
            self.input_kind.addItem(translate("EquationPanel", str(kind_label)), key)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setPrefix("seed ")
        self.batch_n = QSpinBox()
        self.batch_n.setRange(1, 1024)
        self.batch_n.setPrefix("N = ")
        self.seq_len = QSpinBox()
        self.seq_len.setRange(1, 10000)
        self.seq_len.setPrefix("L = ")
        self.seq_len.setValue(28)
        self.file_label = plain(QLabel(""))  # the user's file path
        self.file_label.setObjectName("muted")
        contain(self.file_label)  # a long file name wraps
        self._file: str | None = None
        row = flow(self.seed, self.batch_n, self.seq_len)
        # the digit: which class and which of that class in the test split, shown as a small image
        self.digit_class = compact(QComboBox(), 8)
        self.digit_class.setObjectName("digitClass")
        self.digit_class.addItem(translate("EquationPanel", "any class"), None)
        for digit_class in range(10):
            self.digit_class.addItem(translate("EquationPanel", "class {0}").format(digit_class), digit_class)
        self.digit_index = QSpinBox()
        self.digit_index.setObjectName("digitIndex")
        self.digit_index.setRange(0, 359)
        self.digit_index.setPrefix("# ")
        self.digit_index.setToolTip(
            translate("EquationPanel", "Which digit of the test split (of that class)")
        )
        self.digit_image = QLabel()
        self.digit_image.setObjectName("digitImage")
        self.digit_image.setFixedSize(DIGIT_THUMB, DIGIT_THUMB)
        self.digit_caption = plain(QLabel(""))
        self.digit_caption.setObjectName("muted")
        self.digit_row = flow(self.digit_class, self.digit_index, self.digit_caption)
        self.digit_row.setVisible(False)
        outer.addWidget(flow(pair(QLabel(translate("EquationPanel", "Sample input x")), self.input_kind),
                             self.digit_image))
        outer.addWidget(self.digit_row)
        outer.addWidget(row)
        outer.addWidget(self.file_label)

        self.device_buttons: dict[str, QToolButton] = {}
        self.device_group = QButtonGroup(self)
        self.device_group.setExclusive(True)
        devices = QHBoxLayout()
        devices.setSpacing(0)
        for key, label in DEVICES:
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setObjectName(f"device_{key}")
            button.setProperty("segment", True)
            self.device_group.addButton(button)
            self.device_buttons[key] = button
            devices.addWidget(button)
            button.clicked.connect(lambda _=False, k=key: self.deviceChanged.emit(k))
        self.device_buttons["cpu"].setChecked(True)
        devices.addStretch(1)
        outer.addWidget(flow(QLabel(translate("EquationPanel", "Device")), _wrap(devices)))

        self.apply_button.clicked.connect(self._apply)
        self.reset_button.clicked.connect(lambda: self.configApplied.emit({}))
        self.input_kind.activated.connect(self._on_input_kind)
        for spin in (self.seed, self.batch_n, self.seq_len, self.digit_index):
            spin.editingFinished.connect(self._emit_input)
        self.digit_class.activated.connect(self._on_digit_class)

    def set_config(self, config: dict[str, Any]) -> None:
        """Show the traced model's config (what the editor's edits start from)."""
        self._base = dict(config)
        self.input_size.setValue(int(config.get("input_size", 1)))
        self.hidden_size.setValue(int(config.get("hidden_size", 1)))
        self.num_layers.setValue(int(config.get("num_layers", 1)))
        self.proj_size.setValue(int(config.get("proj_size", 0)))
        self.proj_size.setEnabled(config.get("kind") == "lstm")
        self.bidirectional.setChecked(bool(config.get("bidirectional")))
        self.batch_first.setChecked(bool(config.get("batch_first")))
        self.bias.setChecked(bool(config.get("bias", True)))

    def set_assumed(self, reasons: dict[str, str]) -> None:
        """Mark the fields the note's code leaves open (issue 9: an assumed value, editable here): a tinted
        field whose tooltip says why (``reasons``: field → the reason in the UI language)."""
        fields = {
            "input_size": self.input_size, "hidden_size": self.hidden_size, "num_layers": self.num_layers,
            "proj_size": self.proj_size, "bidirectional": self.bidirectional, "batch_first": self.batch_first,
            "bias": self.bias,
        }  # fmt: skip
        for name, widget in fields.items():
            assumed = name in reasons
            widget.setProperty("assumed", assumed)
            widget.setToolTip(reasons.get(name, ""))
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def set_input(self, spec: dict[str, Any]) -> None:
        widgets = (self.seed, self.batch_n, self.seq_len, self.input_kind, self.digit_class, self.digit_index)
        for w in widgets:
            w.blockSignals(True)
        self.seed.setValue(int(spec.get("seed", 0)))
        self.batch_n.setValue(int(spec.get("batch", 1)))
        self.seq_len.setValue(int(spec.get("seq_len", 28)))
        index = self.input_kind.findData(spec.get("kind", "random"))
        self.input_kind.setCurrentIndex(max(0, index))
        if spec.get("kind") == "digit":
            label = spec.get("digit_label")
            self.digit_class.setCurrentIndex(0 if label is None else int(label) + 1)
            self.digit_index.setValue(int(spec.get("digit_index", 0)))
        for w in widgets:
            w.blockSignals(False)
        self.show_digit(spec.get("digit"))

    def show_digit(self, digit: dict[str, Any] | None) -> None:
        """The chosen digit as a small grey image beside the chooser, with its label (None: hidden)."""
        shown = digit is not None
        self.digit_row.setVisible(shown or self.input_kind.currentData() == "digit")
        self.digit_image.setVisible(shown)
        if digit is None:
            return
        rows = digit["pixels"]
        size = len(rows)
        data = bytes(255 - round(255 * min(1.0, max(0.0, v))) for row in rows for v in row)
        image = QImage(data, size, size, size, QImage.Format.Format_Grayscale8).copy()
        pixmap = QPixmap.fromImage(image).scaled(
            DIGIT_THUMB, DIGIT_THUMB, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )  # fmt: skip
        self.digit_image.setPixmap(pixmap)
        self.digit_image.setToolTip(
            translate("EquationPanel", "A real handwritten {0} (test split, #{1})").format(digit["label"],
                                                                                           digit["index"])
        )  # fmt: skip
        self.digit_caption.setText(translate("EquationPanel", "label {0}").format(digit["label"]))

    def set_devices(self, devices: list[dict[str, Any]], current: str) -> None:
        """Enable the usable devices; a disabled one explains itself in its tooltip."""
        for entry in devices:
            button = self.device_buttons.get(entry["name"])
            if button is None:
                continue
            button.setEnabled(bool(entry["available"]))
            if entry["available"]:
                detail = device_detail(entry)
                text = translate("EquationPanel", "Compute on {0}").format(entry["label"])
                button.setToolTip(tip(text + (f" ({detail})" if detail else "")))
            else:
                reason = device_reason(entry)
                button.setToolTip(
                    tip(translate("EquationPanel", "{0} unavailable: {1}").format(entry["label"], reason))
                )
        if current in self.device_buttons:
            self.device_buttons[current].setChecked(True)

    def overrides(self) -> dict[str, Any]:
        """The editor's values that differ from the traced config."""
        values = {
            "input_size": self.input_size.value(),
            "hidden_size": self.hidden_size.value(),
            "num_layers": self.num_layers.value(),
            "proj_size": self.proj_size.value() if self.proj_size.isEnabled() else 0,
            "bidirectional": self.bidirectional.isChecked(),
            "batch_first": self.batch_first.isChecked(),
            "bias": self.bias.isChecked(),
        }
        return {k: v for k, v in values.items() if self._base.get(k) != v}

    def input_spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "kind": self.input_kind.currentData(),
            "seed": self.seed.value(),
            "batch": self.batch_n.value(),
            "seq_len": self.seq_len.value(),
        }
        if spec["kind"] == "file" and self._file:
            spec["file"] = self._file
        if spec["kind"] == "digit":
            spec["digit_label"] = self.digit_class.currentData()
            spec["digit_index"] = self.digit_index.value()
        return spec

    def _on_digit_class(self, _index: int) -> None:
        self.digit_index.setValue(0)  # the first digit of the newly chosen class
        self._emit_input()

    def _apply(self) -> None:
        self.configApplied.emit(self.overrides())

    def _on_input_kind(self, _index: int) -> None:
        if self.input_kind.currentData() == "file":
            path, _ = QFileDialog.getOpenFileName(
                self,
                translate("EquationPanel", "Sample input file"),
                "",
                translate(
                    "EquationPanel", "Tensors and images (*.npy *.pt *.csv *.png *.jpg);;All files (*)"
                ),
            )
            if not path:
                self.input_kind.setCurrentIndex(0)
                return
            self._file = path
            self.file_label.setText(path)
        else:
            self.file_label.setText("")
        self.digit_row.setVisible(self.input_kind.currentData() == "digit")
        self._emit_input()

    def _emit_input(self) -> None:
        self.inputChanged.emit(self.input_spec())


def _wrap(layout: QHBoxLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget
