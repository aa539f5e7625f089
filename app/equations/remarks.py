"""The panel's remarks on a linked equation: transposition, concatenation, GRU's flipped z, the reset gate
applied before the weights. Korean sentences for the CLI, codes for a UI in another language."""

from __future__ import annotations

from app.equations.latex import Node
from app.equations.symbols import role, view
from app.i18n import messages, text

messages({
    "remark.d2l-transposed": (
        "d2l 표기: 가중치를 오른쪽에서 곱하므로 PyTorch 가중치의 전치입니다 (예: W_xi = W_iiᵀ).",
        "d2l notation: the weights multiply from the right, so they are the transpose of PyTorch's "
        "(e.g. W_xi = W_iiᵀ)."),
    "remark.concat": (
        "이어 붙인 형태: W·[h_{{t-1}}, x_t]의 W는 PyTorch의 W_h·와 W_i·를 옆으로 이어 붙인 행렬이고, "
        "b는 두 편향의 합입니다.",
        "Concatenated form: the W of W·[h_{{t-1}}, x_t] is PyTorch's W_h· and W_i· joined side by side, "
        "and b is the sum of the two biases."),
    "remark.gru-z-flipped": (
        "이 식의 z_t는 PyTorch의 1 − z_t에 해당합니다 (PyTorch: h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{{t-1}}).",
        "This equation's z_t is PyTorch's 1 − z_t (PyTorch: h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{{t-1}})."),
    "remark.gru-reset-before-weights": (
        "리셋 게이트를 가중치 곱 앞에 적용하는 형태입니다. PyTorch는 r_t ⊙ (W_hn h_{{t-1}} + b_hn)로 "
        "계산하므로 값이 조금 다릅니다.",
        "The reset gate is applied before the weight product. PyTorch computes "
        "r_t ⊙ (W_hn h_{{t-1}} + b_hn), so the values differ slightly."),
    "remark.generic-model-from-equation": (
        "일반적인 점화식: 모델은 식에 적힌 이름으로 정했습니다.",
        "A general recurrence: the model is the one named in the equation."),
    "remark.generic-model-from-note": ("일반적인 점화식: 모델은 노트에서 정했습니다.",
                                       "A general recurrence: the model is the note's."),
})

# Korean, for the CLI and Link.remark; the UI words remark_codes itself (English: text(f"remark.{code}"))
REMARKS = {
    code: text(f"remark.{code}", lang="ko")
    for code in ("d2l-transposed", "concat", "gru-z-flipped", "gru-reset-before-weights",
                 "generic-model-from-equation", "generic-model-from-note")
}


def remarks(model: str, gate: str, notation: str | None, rhs: list[Node]) -> tuple[str, ...]:
    codes: list[str] = []
    if notation == "d2l":
        codes.append("d2l-transposed")
    if notation == "concat":
        codes.append("concat")
    flipped = _follows(rhs, "z", "h_prev", through_one_minus=True) or _follows(
        rhs, "u", "c_prev", through_one_minus=True
    )  # colah's z, Ng's \Gamma_u: PyTorch's 1 − z
    if model == "gru" and gate in ("h", "c") and flipped:
        codes.append("gru-z-flipped")
    if model == "gru" and gate == "n" and _follows(rhs, "r", "h_prev"):
        codes.append("gru-reset-before-weights")
    return tuple(codes)


def _follows(rhs: list[Node], first: str, then: str, *, through_one_minus: bool = False) -> bool:
    """Whether the next symbol after a ``first`` symbol is a ``then`` symbol (``r_t ⊙ h_{t-1}``);
    with ``through_one_minus``, only a ``first`` inside ``(1 - z_t)`` counts."""
    atoms = [(k, n) for k, n in enumerate(rhs) if n.kind == "atom"]
    for idx, (k, n) in enumerate(atoms):
        if role(view(n)) != first:
            continue
        if through_one_minus:
            before = [m for m in rhs[max(0, k - 2) : k]]
            if not (
                len(before) == 2
                and before[0].kind == "num"
                and before[0].value == "1"
                and before[1].value == "-"
            ):
                continue
        if idx + 1 < len(atoms) and role(view(atoms[idx + 1][1])) == then:
            return True
    return False
