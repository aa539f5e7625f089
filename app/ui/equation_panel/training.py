"""Training in the equation panel: Train/Stop, the time budget and target, progress and a live loss curve, the
trained/untrained switch, "Load weights…", and the LSTMVis maps' untrained-vs-trained toggle.

Everything runs in the note's kernel (``train.*`` methods of ``app.engine.train``); this module only asks and
shows. Stop is the kernel's interrupt: training ends after the step in flight and keeps what it learned.
Opening a note asks only ``train.status`` (which reports saved weights without loading them), so nothing is
trained or loaded until the user clicks.

``install_training(controller)`` adds the box under the panel's model card and the toggle above the maps,
and wires them to the controller's kernel access; the controller passes the toggle's choice to
``panel.heatmaps``.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPointF, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common import contain, flow, plain

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")


def weights_text(status: dict[str, Any] | None) -> str:
    """"trained: 1,400 steps · test accuracy 96% · 41 s", "loaded: my.pt", or the untrained line."""
    weights = (status or {}).get("weights")
    if not (status or {}).get("use") or not weights:
        seed = (status or {}).get("seed", 0)
        return translate("EquationPanel", "untrained (random init, seed {0})").format(seed)
    if weights.get("source") == "file":
        name = str(weights.get("file", "")).replace("\\", "/").rsplit("/", 1)[-1]
        return translate("EquationPanel", "loaded: {0}").format(name)
    return trained_text(weights)


def trained_text(meta: dict[str, Any]) -> str:
    parts = [translate("EquationPanel", "trained: {0} steps").format(f"{int(meta.get('steps') or 0):,}")]
    if meta.get("test_accuracy") is not None:
        accuracy = round(100 * meta["test_accuracy"])
        parts.append(translate("EquationPanel", "test accuracy {0}%").format(accuracy))
    if meta.get("seconds") is not None:
        parts.append(f"{round(float(meta['seconds']))} s")
    return " · ".join(parts)


class LossCurve(QWidget):
    """The training loss over steps, drawn as a polyline (y from 0 to the largest loss seen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossCurve")
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.losses: list[float] = []

    def set_losses(self, losses: list[float]) -> None:
        self.losses = [float(v) for v in losses if v is not None]
        self.update()

    def add(self, step: int, loss: float | None) -> None:
        if loss is None:
            return
        while len(self.losses) < step - 1:  # progress comes every few steps: hold the last value
            self.losses.append(self.losses[-1] if self.losses else float(loss))
        self.losses.append(float(loss))
        self.update()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(4, 4, -4, -4)
        painter.setPen(QPen(QColor("#d1d5db"), 1))
        painter.drawRect(rect)
        if len(self.losses) < 2:
            return
        top = max(self.losses) or 1.0
        count = len(self.losses) - 1
        points = [
            QPointF(rect.left() + rect.width() * k / count, rect.bottom() - rect.height() * min(v / top, 1.0))
            for k, v in enumerate(self.losses)
        ]
        painter.setPen(QPen(QColor("#2563eb"), 1.5))
        painter.drawPolyline(QPolygonF(points))


class TrainingBox(QFrame):
    """The controls and the live progress of training; emits what the user asks."""

    trainRequested = Signal(dict)  # {"seconds", "target_accuracy"}
    stopRequested = Signal()
    useToggled = Signal(bool)
    loadRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        self.status = plain(QLabel(weights_text(None)))
        self.status.setObjectName("weightsStatus")
        contain(self.status)
        self.use = QCheckBox(translate("EquationPanel", "Use trained weights"))
        self.use.setObjectName("useTrained")
        self.use.setEnabled(False)
        layout.addWidget(flow(self.status, self.use))  # wraps in a narrow dock
        self.train = QPushButton(translate("EquationPanel", "Train"))
        self.train.setObjectName("primary")
        self.stop = QPushButton(translate("EquationPanel", "Stop"))
        self.stop.setEnabled(False)
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(1, 3600)
        self.seconds.setValue(60)
        self.seconds.setSuffix(" s")
        self.seconds.setToolTip(translate("EquationPanel", "Time budget"))
        self.target = QDoubleSpinBox()
        self.target.setRange(0, 100)
        self.target.setValue(0)
        self.target.setSuffix(" %")
        self.target.setSpecialValueText(translate("EquationPanel", "no target"))
        self.target.setToolTip(translate("EquationPanel", "Stop at this test accuracy"))
        self.load = QPushButton(translate("EquationPanel", "Load weights…"))
        layout.addWidget(flow(self.train, self.stop, self.seconds, self.target, self.load))
        self.task = plain(QLabel(""))
        self.task.setObjectName("muted")
        contain(self.task)
        self.progress = QProgressBar()
        self.progress.setObjectName("trainProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setVisible(False)
        self.curve = LossCurve()
        self.curve.setVisible(False)
        self.line = plain(QLabel(""))
        self.line.setObjectName("trainLine")
        contain(self.line)
        for shown in (self.task, self.progress, self.curve, self.line):
            layout.addWidget(shown)
        self.train.clicked.connect(self._ask_train)
        self.stop.clicked.connect(self.stopRequested)
        self.use.clicked.connect(lambda checked: self.useToggled.emit(bool(checked)))
        self.load.clicked.connect(self._ask_load)

    def _ask_train(self) -> None:
        target = self.target.value() / 100.0
        self.trainRequested.emit({"seconds": self.seconds.value(), "target_accuracy": target or None})

    def _ask_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, translate("EquationPanel", "Load weights (a state_dict)"), "",
            translate("EquationPanel", "PyTorch weights (*.pt *.pth);;All files (*)"),
        )  # fmt: skip
        if path:
            self.loadRequested.emit(path)

    def show_status(self, status: dict[str, Any]) -> None:
        """The switch and the line above it from ``train.status`` / ``train.use`` / ``train.load``."""
        available = bool(status.get("weights") or status.get("saved"))
        self.use.blockSignals(True)
        self.use.setEnabled(available)
        self.use.setChecked(bool(status.get("use")))
        self.use.blockSignals(False)
        text = weights_text(status)
        saved = status.get("saved")
        if not status.get("use") and saved:
            text += " — " + translate("EquationPanel", "saved weights: {0}").format(trained_text(saved))
        self.status.setText(text)

    def set_running(self, running: bool) -> None:
        self.train.setEnabled(not running)
        self.load.setEnabled(not running)
        self.use.setEnabled(not running and self.use.isEnabled())
        self.stop.setEnabled(running)
        self.progress.setVisible(running or self.progress.value() > 0)
        if running:
            self.progress.setValue(0)
            self.curve.set_losses([])
            self.curve.setVisible(True)
            self.line.setText(translate("EquationPanel", "Training…"))

    def on_event(self, event: dict[str, Any]) -> None:
        """One ``train``/``train-start`` event from the kernel."""
        if event.get("event") == "train-start":
            self.task.setText(f"{event.get('task_text', '')} · {event.get('model', '')}")
            return
        step = int(event.get("step", 0))
        self.curve.add(step, event.get("loss"))
        self.progress.setValue(int(1000 * float(event.get("fraction", 0.0))))
        words = [translate("EquationPanel", "step {0}").format(step)]
        if event.get("loss") is not None:
            words.append(translate("EquationPanel", "loss {0}").format(f"{event['loss']:.3f}"))
        if event.get("test_accuracy") is not None:
            accuracy = round(100 * event["test_accuracy"])
            words.append(translate("EquationPanel", "test accuracy {0}%").format(accuracy))
        words.append(f"{float(event.get('seconds', 0.0)):.0f} s")
        self.line.setText(" · ".join(words))

    def on_done(self, result: dict[str, Any]) -> None:
        self.set_running(False)
        self.progress.setValue(1000)
        self.curve.set_losses(result.get("loss") or [])
        stopped = {
            "time": translate("EquationPanel", "time budget reached"),
            "target": translate("EquationPanel", "target accuracy reached"),
            "interrupted": translate("EquationPanel", "stopped by you (weights so far kept)"),
            "steps": translate("EquationPanel", "step limit reached"),
            "diverged": translate("EquationPanel", "the loss diverged"),
        }.get(str(result.get("stopped")), str(result.get("stopped")))
        why = result.get("why_not_class")  # e.g. the note's class was not run yet: a head was added
        self.task.setText(
            f"{result.get('task_text', '')} · {result.get('model', '')}<br>"
            f"{result.get('loss_fn', '')} · {result.get('optimizer', '')}"
            + (f"<br><span style='color:#6b7280'>{why}</span>" if why else "")
        )
        self.line.setText(f"{trained_text(result)} · {stopped}")


class MapsWeightsToggle(QWidget):
    """"untrained | trained" above the LSTMVis maps: the same input under either set of weights."""

    changed = Signal(object)  # None (as the switch says), "untrained" or "trained"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(QLabel(translate("EquationPanel", "Maps with") + "  "))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QToolButton] = {}
        for key, label in (("untrained", translate("EquationPanel", "untrained")),
                           ("trained", translate("EquationPanel", "trained"))):  # fmt: skip
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setProperty("segment", True)
            button.setObjectName(f"maps_{key}")
            self.group.addButton(button)
            self.buttons[key] = button
            row.addWidget(button)
            button.clicked.connect(lambda _=False, k=key: self.changed.emit(k))
        row.addStretch(1)
        self.setVisible(False)

    def show_choice(self, trained_available: bool, shown_trained: bool) -> None:
        self.setVisible(trained_available)
        self.buttons["trained" if shown_trained else "untrained"].setChecked(True)


class TrainingLink(QObject):
    """Wires the box and the toggle to the note's kernel through the panel controller."""

    def __init__(self, controller: Any) -> None:
        super().__init__(controller)
        self.controller = controller
        self.box = TrainingBox()
        self.toggle = MapsWeightsToggle()
        self.status: dict[str, Any] = {}
        self.running = False
        self._events_from: Any = None
        panel = controller.panel
        body = panel.model.parentWidget().parentWidget().layout()  # the panel body's column
        body.insertWidget(body.count() - 1, self.box)  # above the final stretch
        live = panel.timemaps.parentWidget().layout()
        live.insertWidget(live.indexOf(panel.timemaps), self.toggle)
        self.box.trainRequested.connect(self.start)
        self.box.stopRequested.connect(self.stop)
        self.box.useToggled.connect(self.use)
        self.box.loadRequested.connect(self.load)
        self.toggle.changed.connect(self.on_toggle)
        controller.opened.connect(self.on_opened)
        controller.window.noteOpened.connect(lambda *_: self.on_note())

    # --- kernel calls -----------------------------------------------------------------------------

    def _call(self, method: str, params: dict[str, Any], done: Any, failed: Any = None) -> None:
        handler = self.controller.handler()
        if handler is None:
            return
        params = {"note_path": str(self.controller.path), **params}
        handle = handler.call(method, params, channel=f"train:{method}")
        handle.done.connect(done)
        handle.failed.connect(failed or (lambda reason, m=method: self.on_failed(m, reason)))
        self._listen(handler)

    def _listen(self, handler: Any) -> None:
        if handler is self._events_from:
            return
        if self._events_from is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._events_from.progress.disconnect(self.on_event)
        handler.progress.connect(self.on_event)
        self._events_from = handler

    def on_note(self) -> None:
        """A note opened: show its weights' status (this loads and trains nothing)."""
        self.status = {}
        self.box.show_status({})
        self.box.task.setText("")
        self.toggle.show_choice(False, False)
        self.controller.maps_weights = None
        if self.controller.path is not None and self.controller.path.suffix.lower() == ".md":
            self._call("train.status", {}, self.on_status, lambda _reason: None)

    def on_status(self, status: dict[str, Any]) -> None:
        self.status = status
        self.box.show_status(status)
        plan = status.get("plan")
        if plan and not self.running and not self.box.task.text():
            self.box.task.setText(translate("EquationPanel", "Task: {0}").format(plan.get("task_text", "")))

    def on_opened(self, info: dict[str, Any]) -> None:
        weights = info.get("origin", {}).get("weights", {})
        available = bool(self.status.get("weights"))
        self.toggle.show_choice(available, bool(weights.get("trained")))
        self.controller.maps_weights = None

    def start(self, options: dict[str, Any]) -> None:
        if self.running or self.controller.path is None:
            return
        self.running = True
        self.box.set_running(True)
        params = {**options, "device": self.controller.device}
        self._call("train.start", params, self.on_trained, self.on_train_failed)

    def stop(self) -> None:
        handler = self.controller.handler()
        if handler is not None and self.running:
            handler.interrupt()

    def on_event(self, event: Any) -> None:
        if self.running and isinstance(event, dict) and str(event.get("event", "")).startswith("train"):
            self.box.on_event(event)

    def on_trained(self, result: dict[str, Any]) -> None:
        self.running = False
        self.box.on_done(result)
        self._call("train.status", {}, self.after_change)

    def on_train_failed(self, reason: str) -> None:
        self.running = False
        self.box.set_running(False)
        self.on_failed("train.start", reason)

    def use(self, on: bool) -> None:
        self._call("train.use", {"use": on}, self.after_change)

    def load(self, path: str) -> None:
        self._call("train.load", {"path": path}, self.after_change)

    def after_change(self, status: dict[str, Any]) -> None:
        """The weights changed: show it and trace the equation on screen again with them."""
        self.on_status(status)
        self.controller.open_key, self.controller.open_info = None, None
        if self.controller.linked is not None and self.controller.linked.quantity:
            self.controller.ensure_open()

    def on_toggle(self, choice: str) -> None:
        self.controller.maps_weights = choice
        self.controller.request_heatmaps()

    def on_failed(self, method: str, reason: str) -> None:
        """Refusals (a .pt that does not fit) keep everything as it was and say why."""
        first = str(reason).strip().splitlines()[-1] if str(reason).strip() else method
        self.box.status.setText(weights_text(self.status) + "<br><span style='color:#b91c1c'>"
                                + first.replace("<", "&lt;") + "</span>")  # fmt: skip
        self.controller.window.show_status(first, 8000)


def install_training(controller: Any) -> TrainingLink:
    """Add the training box and the maps' toggle to the controller's panel."""
    controller.maps_weights = None
    link = TrainingLink(controller)
    controller.training = link
    return link
