"""Why an equation is not a model equation: short sentences in Korean (the CLI prints them) with a stable
``code`` and its ``args``, so that a UI in another language words them itself.

The older reasons keep their Korean text as constants (``R_GRADIENT`` …, tested verbatim); the reasons of
issue 9 (a peephole term, a quantity the section's model does not have) are coded messages in
``app.i18n`` with their Korean and English wording side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n import messages, text

SIZE_NAME = re.compile(r"\s*[A-Za-z]_\{?(?:in|out|cell|hidden|proj)\}?\s*")

# Reasons (Korean, user-visible).
R_EMPTY = "빈 수식"
R_NO_EQUALS = "등식이 아님: 등호(=)가 없는 수식"
R_LONE = "등식이 아님: 기호 하나뿐인 수식"
R_UNKNOWN_SYMBOL = "모델 수식이 아님: 모델에 없는 기호"
R_SIZE = "모델 수식이 아님: 텐서 크기를 나타내는 기호"
R_SHAPE = "모델 수식이 아님: 텐서 모양(shape)의 정의"
R_GRADIENT = "모델 수식이 아님: 기울기(미분) 식"
R_LOSS = "모델 수식이 아님: 손실 함수의 정의"
R_INITIAL = "모델 수식이 아님: 초기 상태의 정의"
R_MANY_LHS = "모델 수식이 아님: 왼쪽이 기호 하나가 아님"
_R_ACTIVATION = {
    "sigma": "시그모이드",
    "sigmoid": "시그모이드",
    "tanh": "tanh",
    "relu": "ReLU",
    "gelu": "GELU",
    "softmax": "softmax",
    "phi": "활성화",
}
_ACTIVATION_NAMES = {  # the same functions' names for reason_args (English; the UI translates them)
    "sigma": "sigmoid",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "gelu": "GELU",
    "softmax": "softmax",
    "phi": "activation",
}
# The stable code of each fixed reason (the Korean text stays the CLI's and the tests' wording).
REASON_CODES = {
    R_EMPTY: "empty",
    R_NO_EQUALS: "no-equals",
    R_LONE: "lone-symbol",
    R_UNKNOWN_SYMBOL: "unknown-symbol",
    R_SIZE: "size-symbol",
    R_SHAPE: "shape",
    R_GRADIENT: "gradient",
    R_LOSS: "loss",
    R_INITIAL: "initial-state",
    R_MANY_LHS: "lhs-not-one-symbol",
}


@dataclass(frozen=True)
class _Reason:
    """Why an equation is unlinked: the Korean sentence, its code, and the code's arguments."""

    text: str
    code: str
    args: tuple[tuple[str, str], ...] = ()


def fixed(text: str) -> _Reason:
    return _Reason(text, REASON_CODES[text])


messages(
    {
        "peephole": (
            "nn.LSTM의 게이트가 아님: nn.LSTM에 없는 핍홀 항 {symbol}이(가) 있음",
            "Not nn.LSTM's gate: it has a peephole term {symbol} that nn.LSTM does not have",
        ),
        "not-in-model": (
            "모델 수식이 아님: 이 절의 모델({model})에는 {symbol}에 해당하는 값이 없음",
            "Not a model quantity: this section's model ({model}) has no {symbol}",
        ),
    }
)


def coded(code: str, **args: str) -> _Reason:
    """A reason registered with ``app.i18n`` (Korean sentence for ``Link.reason``, code and args)."""
    return _Reason(text(code, lang="ko", **args), code, tuple(args.items()))


def ambiguous(written: str) -> _Reason:
    text = (
        f"모델을 정할 수 없음: {written}은(는) LSTM·GRU·RNN에 모두 있음 "
        "(front matter에 tensornote: {model: lstm} 처럼 적어 주세요)"
    )
    return _Reason(text, "ambiguous-model", (("symbol", written),))
