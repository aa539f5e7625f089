"""The words for the sample input a note's model runs on, as coded messages (Korean and English).

The runner (``app.engine.run.fit``, in the kernel) fits the input to the model's first layer and names it
with one of these codes and its arguments; the code panel (UI process, no torch) words the same code in the
UI's language. So the table lives here, torch-free, where both import it.
"""

from __future__ import annotations

from app.i18n import messages

messages(
    {
        "run.input.tokens": (
            "토큰 id {shape} (0 ≤ id < {vocab}, nn.Embedding이 첫 층)",
            "token ids {shape} (0 ≤ id < {vocab}; the first layer is nn.Embedding)",
        ),
        "run.input.sequence": (
            "{kind} 입력 {shape} (input_size={features})",
            "{kind} input {shape} (input_size={features})",
        ),
        "run.input.sine-few-features": (
            "사인파 입력 {shape}: 특징이 {features}개라 숫자 이미지 대신 사인파를 씁니다",
            "sine input {shape}: with {features} feature(s) a digit means nothing, so a sine wave is used",
        ),
        "run.input.image": (
            "숫자 이미지 묶음 {shape} (nn.Conv2d가 첫 층)",
            "digit image batch {shape} (the first layer is nn.Conv2d)",
        ),
        "run.input.channels": (
            "무작위 신호 {shape} (nn.Conv1d가 첫 층)",
            "random signal {shape} (the first layer is nn.Conv1d)",
        ),
        "run.input.features": (
            "무작위 특징 {shape} (nn.Linear가 첫 층)",
            "random features {shape} (the first layer is nn.Linear)",
        ),
    }
)

INPUT_CODES = (
    "run.input.tokens", "run.input.sequence", "run.input.sine-few-features", "run.input.image",
    "run.input.channels", "run.input.features",
)  # fmt: skip
