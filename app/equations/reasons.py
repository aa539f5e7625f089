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

# The reasons' words, Korean and English (``reason.<code>``: the linker's codes stay as they were, so a
# front end that words them itself is unchanged). The English is the CLI's and the panel's own wording.
messages({
    "reason.empty": ("빈 수식", "Empty equation"),
    "reason.no-equals": ("등식이 아님: 등호(=)가 없는 수식", "Not an equation: it has no equals sign (=)"),
    "reason.lone-symbol": ("등식이 아님: 기호 하나뿐인 수식", "Not an equation: a single symbol"),
    "reason.unknown-symbol": ("모델 수식이 아님: 모델에 없는 기호",
                              "Not a model equation: a symbol the model does not have"),
    "reason.size-symbol": ("모델 수식이 아님: 텐서 크기를 나타내는 기호",
                           "Not a model equation: a symbol for a tensor size"),
    "reason.shape": ("모델 수식이 아님: 텐서 모양(shape)의 정의",
                     "Not a model equation: the definition of a tensor shape"),
    "reason.gradient": ("모델 수식이 아님: 기울기(미분) 식", "Not a model equation: a gradient (derivative)"),
    "reason.loss": ("모델 수식이 아님: 손실 함수의 정의",
                    "Not a model equation: the definition of a loss function"),
    "reason.initial-state": ("모델 수식이 아님: 초기 상태의 정의",
                             "Not a model equation: the definition of an initial state"),
    "reason.lhs-not-one-symbol": ("모델 수식이 아님: 왼쪽이 기호 하나가 아님",
                                  "Not a model equation: the left side is not a single symbol"),
    "reason.function-definition": ("모델 수식이 아님: {name} 함수의 정의",
                                   "Not a model equation: the definition of the {name} function"),
    "reason.not-computed": ("모델 수식이 아님: 왼쪽의 {symbol}은(는) 모델이 계산하는 값이 아님",
                            "Not a model equation: {symbol} on the left is not a value the model computes"),
    "reason.not-a-formula": ("모델 수식이 아님: 오른쪽이 {symbol}의 계산식 형태가 아님",
                             "Not a model equation: the right side is not a formula for {symbol}"),
    "reason.ambiguous-model": (
        "모델을 정할 수 없음: {symbol}은(는) LSTM·GRU·RNN에 모두 있음 "
        "(front matter에 tensornote: {{model: lstm}} 처럼 적어 주세요)",
        "Cannot tell the model: {symbol} exists in LSTM, GRU and RNN alike "
        "(write e.g. tensornote: {{model: lstm}} in the front matter)"),
    "reason.act.sigmoid": ("시그모이드", "sigmoid"),
    "reason.act.activation": ("활성화", "activation"),
})

# Reasons (Korean, user-visible: Link.reason; tests pin them verbatim).
R_EMPTY = text("reason.empty", lang="ko")
R_NO_EQUALS = text("reason.no-equals", lang="ko")
R_LONE = text("reason.lone-symbol", lang="ko")
R_UNKNOWN_SYMBOL = text("reason.unknown-symbol", lang="ko")
R_SIZE = text("reason.size-symbol", lang="ko")
R_SHAPE = text("reason.shape", lang="ko")
R_GRADIENT = text("reason.gradient", lang="ko")
R_LOSS = text("reason.loss", lang="ko")
R_INITIAL = text("reason.initial-state", lang="ko")
R_MANY_LHS = text("reason.lhs-not-one-symbol", lang="ko")
_R_ACTIVATION = {
    "sigma": text("reason.act.sigmoid", lang="ko"),
    "sigmoid": text("reason.act.sigmoid", lang="ko"),
    "tanh": "tanh",
    "relu": "ReLU",
    "gelu": "GELU",
    "softmax": "softmax",
    "phi": text("reason.act.activation", lang="ko"),
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
    return _Reason(text("reason.ambiguous-model", lang="ko", symbol=written), "ambiguous-model",
                   (("symbol", written),))


def about(code: str, korean_args: dict[str, str] | None = None, **args: str) -> _Reason:
    """A reason worded by ``reason.<code>`` (Korean for Link.reason; ``korean_args`` replace args that
    have their own Korean words, such as an activation's name), with the code and ``args``."""
    return _Reason(text(f"reason.{code}", lang="ko", **{**args, **(korean_args or {})}), code,
                   tuple(args.items()))
