"""A 2 MB study note of real-looking content, generated deterministically for ``bench_render``.

A real long note is not one section pasted a thousand times: its formulas differ (layer ``l``, step
``t``, another gate, another notation), so a renderer that is fast only on repeats would look good on a
fake. Each section here draws its numbers from a seeded random generator: Korean prose with inline math,
an aligned block of LSTM equations for its own layer, a callout with display math and a list, a table
with math, a highlighted code block, footnote-free plain Markdown otherwise. Thousands of distinct
formulas in all; the same text every run.

``python benchmarks/huge_note.py OUT.md [MB]`` writes one.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

GATES = [("i", "입력"), ("f", "망각"), ("g", "후보"), ("o", "출력")]
PROSE = [
    "이 구간에서는 {l}번째 층의 게이트가 시점 $t={t}$ 에서 어떻게 움직이는지 정리한다.",
    "은닉 상태 $h_{{t-1}}^{{({l})}}$ 와 입력 $x_t^{{({l})}}$ 를 이어 붙이면 "
    "크기가 $({n}, {d})$ 인 행렬이 된다.",
    "망각 게이트 $f_t$ 가 {p:.2f} 에 가까우면 셀 상태 $c_{{t-1}}$ 의 정보가 거의 그대로 남는다.",
    "학습률 $\\eta = {lr}$ 로 {e}번 반복했을 때 손실 $\\mathcal{{L}}$ 은 {loss:.3f} 까지 내려갔다.",
    "배치 크기 $N={n}$, 시퀀스 길이 $L={t}$, 은닉 크기 $H={d}$ 를 기억해 두자.",
    "기울기 $\\frac{{\\partial \\mathcal{{L}}}}{{\\partial W_{{h{g}}}}}$ 는 시점을 거슬러 올라가며 곱해진다.",
    "[[LSTM 정리]] 와 [[GRU 비교#게이트]] 를 같이 보면 차이가 잘 보인다. #딥러닝/RNN",
]


def _section(k: int, rnd: random.Random) -> str:
    l = rnd.randint(1, 12)
    t = rnd.randint(1, 200)
    n, d = rnd.choice([16, 32, 64, 128]), rnd.choice([128, 256, 512, 1024])
    gate, gate_name = rnd.choice(GATES)
    fill = {
        "l": l, "t": t, "n": n, "d": d, "p": rnd.random(),
        "lr": rnd.choice(["10^{-3}", "3 \\times 10^{-4}"]),
        "e": rnd.randint(10, 500), "loss": rnd.random() * 3, "g": gate,
    }  # fmt: skip
    prose = "\n".join(rnd.choice(PROSE).format(**fill) for _ in range(3))
    rows = " \\\\\n".join(
        f"{g}_t^{{({l})}} &= \\{'tanh' if g == 'g' else 'sigma'}(W_{{i{g}}}^{{({l})}} x_t + b_{{i{g}}} "
        f"+ W_{{h{g}}}^{{({l})}} h_{{t-1}} + b_{{h{g}}})"
        for g, _ in GATES
    )
    table = "\n".join(
        [
            "| 기호 | 크기 | 뜻 |",
            "|---|---|---|",
            f"| $W_{{i{gate}}}$ | $({d}, {n})$ | {gate_name} 게이트의 입력 가중치 |",
            f"| $h_t^{{({l})}}$ | $({n}, {d})$ | {l}층 은닉 상태 |",
            f"| $c_t$ | $({n}, {d})$ | 셀 상태, 시점 {t} |",
        ]
    )
    code = (
        "```python\n"
        f"lstm = nn.LSTM(input_size={n}, hidden_size={d}, num_layers={l})\n"
        f"x = torch.randn({t}, {n}, {n})  # (L, N, H_in)\n"
        "out, (h_n, c_n) = lstm(x)\n"
        f"print(out.shape)  # torch.Size([{t}, {n}, {d}])\n"
        "```"
    )
    callout = (
        f"> [!note] {gate_name} 게이트 요약 ({k})\n"
        f"> - 값의 범위는 $(0, 1)$, 층 {l}\n"
        f"> - 시점 $t={t}$ 의 기여\n"
        ">\n"
        f"> $$c_t^{{({l})}} = f_t \\odot c_{{t-1}} + i_t \\odot g_t$$"
    )
    return (
        f"## {k}. {l}층 {gate_name} 게이트\n\n{prose}\n\n"
        f"$$\n\\begin{{aligned}}\n{rows}\n\\end{{aligned}}\n$$\n\n"
        f"{callout}\n\n{table}\n\n{code}\n\n"
    )


def huge_note(mb: float = 2.0, seed: int = 2023) -> str:
    """About ``mb`` megabytes (UTF-8) of sections, the same text for the same arguments."""
    rnd = random.Random(seed)
    parts = ["---\ntags: [lstm, 벤치마크]\ncreated: 2023-11-22\n---\n# 아주 긴 LSTM 노트\n\n"]
    size = len(parts[0].encode("utf-8"))
    k = 1
    while size < mb * 1024 * 1024:
        section = _section(k, rnd)
        parts.append(section)
        size += len(section.encode("utf-8"))
        k += 1
    return "".join(parts)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.write_text(huge_note(float(sys.argv[2]) if len(sys.argv) > 2 else 2.0), encoding="utf-8")
    print(f"{out}: {out.stat().st_size} bytes")
