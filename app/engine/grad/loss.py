"""Which loss L the gradient trace differentiates, and L itself.

The rule (issue #13), in order:
1. the note's own loss (``nn.CrossEntropyLoss()``, ``nn.MSELoss()``, ``criterion = …``, read statically by
   ``app.engine.notecode.note_losses``) when the module has a head whose output it can score;
2. otherwise cross-entropy of the classifier head against the sample's label (the digit sample is a "3");
3. otherwise ``half_sq_last``: L = ½‖output_{T−1}‖², summed over the batch and over all directions of
   the last layer's output at the last time step, shown as assumed. With L = ½‖y‖², ∂L/∂y = y: the
   gradient that reaches the last step is the output itself, a neutral probe of how it travels back.
A target the note's code does not show is assumed and said so: the label for cross-entropy and NLL,
zeros for the regression losses (MSE, L1, smooth L1).

A head the note's class makes (``self.fc = nn.Linear(hidden_size, n_class)``) is scored even when the
input has no label (noise, a sine, a model whose input is not 8 or 28 wide): when the caller says how many
classes the head has (``classes``), the label is class 0, stated as assumed, so rules 1 and 2 apply
instead of ½‖output‖², which would ignore the note's own head.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from app.engine.inputs import digits
from app.i18n import messages, text

DIGIT_LABEL = digits.DEFAULT_LABEL  # the "digit" sample input is a 3 unless another class is chosen
LOSSES = ("half_sq_last", "cross_entropy", "nll", "mse", "l1", "smooth_l1")
NEEDS_HEAD = frozenset(LOSSES) - {"half_sq_last"}
NEEDS_LABEL = frozenset({"cross_entropy", "nll"})

messages(
    {
        "grad.loss.half_sq_last": (
            "L = ½‖output_{{T−1}}‖² (가정: 마지막 층 마지막 시점의 출력, 배치와 방향 모두 합)",
            "L = ½‖output_{{T−1}}‖² (assumed: the last layer's output at the last step, summed over batch "
            "and directions)",
        ),
        "grad.loss.from-note": (
            "노트 코드의 손실 {name} ({line}행), 목표값: {target}",
            "the note's own loss {name} (line {line}), target: {target}",
        ),
        "grad.loss.head-default": (
            "출력 층의 교차 엔트로피 (가정: 표본의 정답 {label})",
            "cross-entropy of the head (assumed: the sample's label {label})",
        ),
        "grad.loss.given": (
            "손실 {name} (지정), 목표값: {target}",
            "loss {name} (as asked), target: {target}",
        ),
        "grad.target.label": ("정답 {label}", "label {label}"),
        "grad.target.zeros": ("0 (가정)", "zeros (assumed)"),
        "grad.target.assumed-label": (
            "정답 {label} (가정: 이 입력에는 정답이 없습니다)",
            "label {label} (assumed: this input has none)",
        ),
        "grad.loss.head-assumed": (
            "출력 층의 교차 엔트로피 (가정: 정답 {label}, 이 입력에는 정답이 없습니다)",
            "cross-entropy of the head (assumed: label {label}, this input has none)",
        ),
        "grad.error.unknown-loss": (
            "알 수 없는 손실 {name}: {known} 중 하나를 고르세요",
            "unknown loss {name}: choose one of {known}",
        ),
        "grad.error.needs-head": (
            "손실 {name}에는 출력 층(head)이 필요한데 모델에 없습니다: half_sq_last를 쓰세요",
            "the loss {name} needs a head and the model has none: use half_sq_last",
        ),
        "grad.error.needs-label": (
            "손실 {name}에는 정답이 필요한데 이 입력에는 정답이 없습니다 (숫자 입력의 정답은 3)",
            "the loss {name} needs a label and this input has none (the digit input's label is 3)",
        ),
    }
)


class LossError(ValueError):
    """A loss that cannot be used here; the message is in the user's language (``app.i18n``)."""


@dataclass(frozen=True)
class LossChoice:
    """The loss the trace uses and why: ``origin`` is "note", "default" (the stated rule) or "given"."""

    name: str  # one of LOSSES
    origin: str  # "note" | "default" | "given"
    assumed: bool  # the loss or its target was not written by the note
    label: int | None = None  # the class index the cross-entropy/NLL scores
    line: int | None = None  # the note line of the loss, when it is the note's
    written: str = ""  # how the note wrote it ("nn.CrossEntropyLoss()")
    label_assumed: bool = False  # the input has no label: ``label`` is class 0 of the note's head

    def target(self, lang: str | None = None) -> str:
        if self.name in NEEDS_LABEL:
            code = "grad.target.assumed-label" if self.label_assumed else "grad.target.label"
            return text(code, lang=lang, label=self.label)
        return text("grad.target.zeros", lang=lang)

    def describe(self, lang: str | None = None) -> str:
        """One line for the panel and the CLI, in the user's language."""
        if self.name == "half_sq_last":
            return text("grad.loss.half_sq_last", lang=lang)
        if self.origin == "note":
            return text(
                "grad.loss.from-note",
                lang=lang,
                name=self.written or self.name,
                line=self.line,
                target=self.target(lang),
            )
        if self.origin == "default":
            code = "grad.loss.head-assumed" if self.label_assumed else "grad.loss.head-default"
            return text(code, lang=lang, label=self.label)
        return text("grad.loss.given", lang=lang, name=self.name, target=self.target(lang))


def choose_loss(
    *,
    asked: str | None = None,
    note_loss: tuple[str, int, str] | None = None,
    has_head: bool = False,
    label: int | None = None,
    classes: int | None = None,
) -> LossChoice:
    """The loss by the rule above. ``asked`` (``--loss``) wins; ``note_loss`` is (name, line, written);
    ``classes``: the head's outputs, when the caller knows them (then an input without a label scores
    class 0, stated as assumed).

    Raises LossError for an unknown name, a head loss without a head, or a label loss without a label.
    """
    guessed = label is None and has_head and bool(classes)
    if guessed:
        label = 0
    if asked is not None:
        if asked not in LOSSES:
            raise LossError(text("grad.error.unknown-loss", name=asked, known=", ".join(LOSSES)))
        if asked in NEEDS_HEAD and not has_head:
            raise LossError(text("grad.error.needs-head", name=asked))
        if asked in NEEDS_LABEL and label is None:
            raise LossError(text("grad.error.needs-label", name=asked))
        assumed = asked != "half_sq_last" and (asked not in NEEDS_LABEL or guessed)
        return LossChoice(asked, "given", assumed, label, label_assumed=guessed and asked in NEEDS_LABEL)
    if note_loss is not None and has_head and (note_loss[0] not in NEEDS_LABEL or label is not None):
        name, line, written = note_loss
        labelled = name in NEEDS_LABEL and guessed
        return LossChoice(name, "note", name not in NEEDS_LABEL or guessed, label, line, written, labelled)
    if has_head and label is not None:
        return LossChoice("cross_entropy", "default", True, label, label_assumed=guessed)
    return LossChoice("half_sq_last", "default", True)


def sample_label(kind: str, classes: int | None, label: int | None = DIGIT_LABEL) -> int | None:
    """The class label of a sample input: the digit's class (a 3 by default); noise, sine and a file have
    none. None too when the head has too few classes for it."""
    if kind != "digit" or classes is None or label is None or not 0 <= label < classes:
        return None
    return label


def last_output(output: torch.Tensor, *, batch_first: bool, unbatched: bool) -> torch.Tensor:
    """output_{T−1} of the last layer, all directions side by side: (N, D·H_out) ((1, ·) unbatched)."""
    if unbatched:
        return output[-1:]  # (1, D·H_out)
    return output[:, -1] if batch_first else output[-1]  # (N, D·H_out)


def loss_value(choice: LossChoice, scored: torch.Tensor) -> torch.Tensor:
    """L for ``scored``: output_{T−1} for half_sq_last, else the head's output (N, C) (a scalar tensor).

    Reductions are PyTorch's defaults (mean over the batch) for the head losses, as the note's
    ``nn.CrossEntropyLoss()`` computes; half_sq_last sums, as defined.
    """
    name = choice.name
    if name == "half_sq_last":
        return 0.5 * scored.pow(2).sum()
    logits = scored.reshape(-1, scored.shape[-1]) if scored.dim() != 2 else scored  # (N, C)
    if name in NEEDS_LABEL:
        assert choice.label is not None
        target = torch.full((logits.shape[0],), choice.label, dtype=torch.long, device=logits.device)
        if name == "cross_entropy":
            return F.cross_entropy(logits, target)
        return F.nll_loss(logits, target)
    zeros = torch.zeros_like(scored)
    if name == "mse":
        return F.mse_loss(scored, zeros)
    if name == "l1":
        return F.l1_loss(scored, zeros)
    return F.smooth_l1_loss(scored, zeros)
