"""Which task trains a model, chosen from its shapes alone (input size, number of outputs).

The rule (issue #14), first match wins:

- **digits**: a 10-class classifier (or a bare recurrent module, which gets a 10-class head) whose input size
  is 8 or 28 reads scikit-learn's handwritten digits row by row: 8 or 28 steps of 8 or 28 pixels.
- **sine**: a regressor with one output predicts the next value of a sine wave from the previous
  :data:`SINE_STEPS` values (every input feature is a wave of its own period; the target is feature 0's next
  value).
- **sum**: anything else gets a small synthetic sequence task of our own: :data:`SUM_STEPS` steps of Gaussian
  noise, and the class is which of K equally likely ranges the *sum of feature 0 over all steps* falls in
  (K = the model's outputs; 4 when we add the head). Why this one: the answer depends on every step, so the
  cell state has to carry a running total, the thing an LSTM's forget gate is for, and it works for any input
  size and any K ≥ 2.

Pure Python: the data lives in ``app.engine.train.data``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import messages, text

DIGIT_SIZES = (8, 28)
DIGIT_CLASSES = 10
SINE_STEPS = 24
SUM_STEPS = 16
SUM_CLASSES = 4

messages(
    {
        "train.task.digits": (
            "손글씨 숫자 분류 (scikit-learn digits, {size}×{size}, 행 = 시점, 10개 클래스)",
            "handwritten digits (scikit-learn digits, {size}×{size}, rows as steps, 10 classes)",
        ),
        "train.task.sine": (
            "사인파 다음 값 예측 ({steps}시점 → 다음 값, 회귀)",
            "next-step sine prediction ({steps} steps → the next value, regression)",
        ),
        "train.task.sum": (
            "합성 과제: {steps}시점 잡음에서 특성 0의 합이 속한 구간 ({classes}개 클래스)",
            "synthetic task: which of {classes} ranges the sum of feature 0 over {steps} noisy steps "
            "falls in",
        ),
    }
)


@dataclass(frozen=True)
class Task:
    """A training task: its name, objective and shapes (batch first: (N, L, F) → (N, outputs))."""

    name: str  # "digits" | "sine" | "sum"
    objective: str  # "classify" | "regress"
    input_size: int  # F
    seq_len: int  # L
    outputs: int  # classes, or 1 for the regressor

    def describe(self, lang: str | None = None) -> str:
        """One line in the user's language: what the model learns."""
        if self.name == "digits":
            return text("train.task.digits", lang=lang, size=self.input_size)
        if self.name == "sine":
            return text("train.task.sine", lang=lang, steps=self.seq_len)
        return text("train.task.sum", lang=lang, steps=self.seq_len, classes=self.outputs)


def choose_task(input_size: int, outputs: int | None) -> Task:
    """The task for a model reading ``input_size`` features and giving ``outputs`` values (None: no head yet,
    we add one)."""
    if input_size in DIGIT_SIZES and outputs in (None, DIGIT_CLASSES):
        return Task("digits", "classify", input_size, input_size, DIGIT_CLASSES)
    if outputs == 1:
        return Task("sine", "regress", input_size, SINE_STEPS, 1)
    classes = SUM_CLASSES if outputs is None else outputs
    return Task("sum", "classify", input_size, SUM_STEPS, max(classes, 2))
