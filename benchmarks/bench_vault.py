"""Vault at scale: index, reopen, search and quick-switcher latency on a generated 10,000-note vault.

The vault is generated deterministically (seeded) in a temporary folder: notes of about 2 KB mixing Korean
and English prose, wikilinks (some unresolved), nested tags, inline and display math and code blocks, in a
few folders. The index database goes to a private cache dir, so the first index really starts cold.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

NOTES = 10_000
SEED = 20231122

KO_TEXT = (
    "모델을 학습시키면 손실이 줄어든다 게이트는 정보의 흐름을 조절한다 은닉 상태와 셀 상태를 갱신한다 "
    "입력 게이트 망각 게이트 출력 게이트 시퀀스 데이터 순환 신경망 기울기 소실 문제를 해결하기 위해 "
    "가중치 행렬과 편향 벡터 활성화 함수로 시그모이드와 하이퍼볼릭 탄젠트를 쓴다 배치 크기 시간 단계 "
    "어텐션 메커니즘은 쿼리와 키의 유사도로 값을 가중합한다 임베딩 차원 정규화 드롭아웃 최적화 학습률"
)
KO_WORDS = KO_TEXT.split()
EN_TEXT = (
    "the model learns long range dependencies through gated recurrence hidden state cell state input forget "
    "output gate sequence batch tensor gradient vanishing exploding attention query key value embedding "
    "layer normalization dropout optimizer learning rate backpropagation through time weight matrix bias"
)
EN_WORDS = EN_TEXT.split()
TOPICS = ("LSTM", "GRU", "RNN", "Transformer", "어텐션", "게이트", "역전파", "임베딩", "정규화", "최적화")
TAGS = (
    "deep_learning",
    "rnn/lstm",
    "rnn/gru",
    "rnn/vanilla",
    "수학/선형대수",
    "수학/확률",
    "코드/pytorch",
    "복습",
)
MATH = (
    "$f_t = \\sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf})$",
    "$c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$",
    "$$\nh_t = o_t \\odot \\tanh(c_t)\n$$",
    "$\\mathbf{H}_t \\in \\mathbb{R}^{n \\times h}$",
)
CODE = (
    "```python\nimport torch\nlstm = torch.nn.LSTM(10, 20, 2)\nout, (h, c) = lstm(torch.randn(5, 3, 10))\n```"
)
SEARCH_QUERIES = (
    *("모델", "게이트", "은닉 상태", "sigma", "LSTM", "값", "h", "기울기 소실", "attention", "nn.LSTM"),
    *("학습률", "W_{hf}", "쿼리와", "gradient", "정규화 드롭아웃"),
)
SWITCHER_QUERIES = ("ㄱㅇㅌ", "lstm 12", "게이트 정", "어텐ㅅ", "trans 7", "ㅇㅈㅍ")


def title_of(i: int) -> str:
    return f"{TOPICS[i % len(TOPICS)]} 정리 {i:05d}"


def make_note(rng: random.Random, i: int) -> str:
    """One note of about 2 KB."""
    parts = [f"---\naliases: [{TOPICS[(i + 3) % len(TOPICS)]} 노트 {i}]\n---", f"# {title_of(i)}", ""]
    size = 0
    while size < 1900:
        words = rng.choices(KO_WORDS if rng.random() < 0.6 else EN_WORDS, k=rng.randint(8, 18))
        line = " ".join(words)
        roll = rng.random()
        if roll < 0.15:
            line += f" [[{title_of(rng.randrange(NOTES))}]]"
        elif roll < 0.18:
            line += f" [[없는 노트 {rng.randrange(200)}]]"
        elif roll < 0.30:
            line += f" #{rng.choice(TAGS)}"
        elif roll < 0.42:
            line += " " + rng.choice(MATH)
        elif roll < 0.45:
            line = f"## {line[:30]}"
        elif roll < 0.48:
            line = CODE
        parts.append(line)
        size += len(line.encode("utf-8"))
    return "\n".join(parts) + "\n"


def generate(root: Path, count: int = NOTES, seed: int = SEED) -> None:
    rng = random.Random(seed)
    for i in range(count):
        folder = root / f"{TOPICS[i % len(TOPICS)]}" / f"{i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{title_of(i)}.md").write_text(make_note(rng, i), encoding="utf-8")


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="tn-bench-vault-") as tmp:
        os.environ["TENSORNOTE_CACHE_DIR"] = str(Path(tmp) / "cache")
        from app.vault.index import VaultIndex
        from app.vault.switcher import QuickSwitcher

        root = Path(tmp) / "vault"
        generate(root)

        start = time.perf_counter()
        index = VaultIndex(root)
        stats = index.update()
        first_index_s = time.perf_counter() - start
        assert stats.added == NOTES, stats
        index.close()

        start = time.perf_counter()
        index = VaultIndex(root)
        again = index.update()
        switcher = QuickSwitcher(index.notes())
        reopen_s = time.perf_counter() - start
        assert not again.touched, again

        search_times: list[float] = []
        for _ in range(3):
            for query in SEARCH_QUERIES:
                t0 = time.perf_counter()
                hits = index.search(query)
                search_times.append(time.perf_counter() - t0)
                assert hits, query

        key_times: list[float] = []
        for query in SWITCHER_QUERIES:
            session = switcher.session()
            for n in range(1, len(query) + 1):
                t0 = time.perf_counter()
                session.match(query[:n])
                key_times.append(time.perf_counter() - t0)
        index.close()
    return {
        "first_index_s": round(first_index_s, 2),
        "reopen_s": round(reopen_s, 3),
        "search_median_ms": _median_ms(search_times),
        "switcher_keystroke_ms": _median_ms(key_times),
    }
