"""A small sample vault with Korean and English notes, shared by the vault and UI tests."""

from __future__ import annotations

from pathlib import Path

NOTES = {
    "게이트 정리.md": (
        "---\naliases: [LSTM 게이트, gates]\ntags: [rnn/lstm]\n---\n"
        "# 게이트 정리\n\n모델을 학습시키면 망각 게이트가 열린다.\n"
        "$f_t = \\sigma(W_{if} x_t + b_{if})$ 는 [[RNN 기초]]와 같다.\n"
        "## 코드\n```python\nlstm = nn.LSTM(10, 20)  # [[코드 속 링크]] #not_a_tag\n```\n"
        "#deep_learning #rnn/lstm [[없는 노트]] 값\n"
    ),
    "RNN 기초.md": (
        "# RNN 기초\n\n순환 신경망의 은닉 상태 $h_t$는 [[게이트 정리#코드|게이트]]로 이어진다.\n#rnn\n"
    ),
    "models/GRU.md": (
        "# GRU\nThe update gate z_t mixes h and n. See [[RNN 기초]] and ![[diagram.png]].\n#rnn/gru\n"
    ),
    "models/diagram.png": "",
    "English.md": "# Attention\nQuery, key and value: softmax(QK^T) V.\n",
}


def write_vault(root: Path, notes: dict[str, str] = NOTES) -> Path:
    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
