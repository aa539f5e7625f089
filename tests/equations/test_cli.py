"""`python -m app equations NOTE [--json]` on the user's real note, run as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "notes" / "2023-11-22.md"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "equations", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_json_on_the_seed_note() -> None:
    done = _run(str(SEED), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(out) == {"note", "equations"}
    assert out["note"] == str(SEED)
    equations = out["equations"]
    assert len(equations) == 32
    for eq in equations:
        assert list(eq) == ["id", "lines", "kind", "latex", "quantity", "reason", "module", "symbols"]
        assert eq["module"] in ((0, 1) if eq["quantity"] else (None,))  # issue 9: the seed's two LSTMs
        assert eq["kind"] in ("inline", "display", "row")
        first, last = eq["lines"]
        assert 1 <= first <= last
        assert (eq["quantity"] is None) != (eq["reason"] is None)
        for symbol in eq["symbols"]:
            weight = bool(symbol["quantity"]) and ".W_" in symbol["quantity"]
            assert list(symbol) == ["latex", "quantity", *(["transposed"] if weight else [])]

    forget = [eq for eq in equations if eq["latex"].startswith("f_t")]
    assert [(eq["kind"], eq["lines"]) for eq in forget] == [
        ("inline", [35, 35]),
        ("row", [102, 102]),
        ("inline", [129, 129]),
        ("row", [196, 196]),
    ]
    assert forget[0]["latex"] == "f_t=σ(W_{if}x_t+b_{if}+W_{hf}h_{t-1}+b_{hf})"  # pieces and text joined
    assert all(eq["quantity"] == "lstm.f" for eq in forget)
    assert forget[0]["symbols"][1] == {"latex": "W_{if}", "quantity": "lstm.W_if", "transposed": False}
    assert forget[0]["id"] != forget[2]["id"] and forget[2]["id"].startswith(forget[0]["id"])

    rows = [eq["quantity"] for eq in equations if eq["kind"] == "row"]
    assert rows == ["lstm.i", "lstm.f", "lstm.g", "lstm.o", "lstm.c", "lstm.h"] * 2
    h_in = next(eq for eq in equations if eq["latex"] == "H_in")
    assert h_in["quantity"] is None and h_in["reason"] == "모델 수식이 아님: 텐서 크기를 나타내는 기호"


def test_readable_table() -> None:
    done = _run(str(SEED), "--lang", "ko")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["ID", "줄"]
    assert any("lstm.f (pytorch)" in line and "f_t=σ(" in line for line in lines)
    assert lines[-1] == "수식 32개 중 26개가 모델 값에 연결되었습니다."
    english = _run(str(SEED), "--lang", "en").stdout.splitlines()
    assert english[0].split()[:2] == ["ID", "lines"] and english[-1] == (
        "26 of 32 equations are linked to a model quantity.")


def test_bad_paths_give_one_line_and_exit_2(tmp_path: Path) -> None:
    for target in (tmp_path / "없는 노트.md", tmp_path):
        done = _run(str(target), "--json")
        assert done.returncode == 2
        assert done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1
        assert done.stderr.startswith("tensornote: ")
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    done = _run(str(binary))
    assert done.returncode == 2 and "not a text note" in done.stderr.lower()
