"""Code extraction, repair and config inference on the user's real seed note."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.engine.config import DEFAULT_CONFIG, RecurrentConfig
from app.engine.notecode import infer_config
from app.engine.notecode.extract import extract_code, fix_indentation
from app.engine.notecode.infer import find_models
from app.i18n import set_language

SEED = (Path(__file__).resolve().parents[2] / "notes" / "2023-11-22.md").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def korean() -> Iterator[None]:
    """The repair notes are pinned in Korean here (the words users read first); English below."""
    set_language("ko")
    yield
    set_language(None)


def test_repair_notes_follow_the_language() -> None:
    bad = "def f(x):\n\u00a0 \u00a0 y = x\n\t\treturn y"
    set_language("en")
    _fixed, notes = fix_indentation(bad, first_line=40)
    assert notes[0].startswith("line 41: replaced 2 no-break space(s) (U+00A0) with spaces")
    assert "replaced 2 tab(s) with spaces" in notes[-1]  # the code panel's own English words
    assert not any("\uac00" <= ch <= "\ud7a3" for note in notes for ch in note)
    broken = [p for p in extract_code("```python\ndef f(:\n```\n") if p.error]
    assert broken and "(code line 1)" in (broken[0].error or "")
    set_language("ko")
    assert fix_indentation(bad, first_line=40)[1][0].startswith("41행: ")
    assert "(코드 1행)" in (extract_code("```python\ndef f(:\n```\n")[0].error or "")


def test_config_describe_matches_pytorch_style() -> None:
    config = RecurrentConfig("lstm", 28, 256, num_layers=3, batch_first=True)
    assert config.describe() == "LSTM(28, 256, num_layers=3, batch_first=True)"
    assert RecurrentConfig("rnn", 3, 4, nonlinearity="relu").describe() == "RNN(3, 4, nonlinearity='relu')"
    assert config.kwargs()["proj_size"] == 0 and "proj_size" not in RecurrentConfig("gru", 2, 3).kwargs()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "cnn"},
        {"hidden_size": 0},
        {"kind": "gru", "proj_size": 2},
        {"proj_size": 9},
        {"nonlinearity": "relu"},
        {"dropout": 1.5},
    ],
)
def test_config_rejects_impossible_modules(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"kind": "lstm", "input_size": 4, "hidden_size": 8, **kwargs}
    with pytest.raises(ValueError):
        RecurrentConfig(**args)  # type: ignore[arg-type]


def test_seed_inline_code_is_repaired_into_the_class() -> None:
    pieces = extract_code(SEED)
    inline = [p for p in pieces if p.origin == "inline"]
    assert [p.lines[0] for p in inline] == [22, 116]  # the section is pasted twice
    first = inline[0]
    assert first.error is None
    assert first.lines == tuple(range(22, 32))
    tree = ast.parse(first.source)
    cls = tree.body[0]
    assert isinstance(cls, ast.ClassDef) and cls.name == "RecurrentNeuralNetworkClass"
    init = cls.body[0]
    assert isinstance(init, ast.FunctionDef) and init.name == "__init__"
    assert len(init.body) == 8  # super().__init__, five attributes, rnn, lin
    assert "`" not in first.source and "\u00a0" not in first.source
    by_line = {fix.line: fix.message for fix in first.fixes}
    assert "닫는 백틱" in by_line[22] and "닫는 백틱" in by_line[30] and "닫는 백틱" not in by_line[31]
    assert "들여쓰기 7칸 → 8칸" in by_line[25]
    assert str(first.fixes[0]).startswith("22행: ")


def test_seed_forward_block_mixing_tabs_and_nbsp_compiles() -> None:
    fenced = [p for p in extract_code(SEED) if p.origin == "fenced"]
    assert len(fenced) == 2
    forward = fenced[0]
    assert forward.error is None
    compile(forward.source, "forward", "exec")
    assert forward.note_line(12) == 67 and forward.source.split("\n")[11].startswith("    rnn_out,")
    assert any(fix.line == 67 and "탭 2개" in fix.message for fix in forward.fixes)


def test_fix_indentation_leaves_valid_code_alone_and_names_note_lines() -> None:
    good = "def f(x):\n    return x\n"
    assert fix_indentation(good) == (good, [])
    bad = "def f(x):\n\u00a0 \u00a0 y = x\n\t\treturn y"
    fixed, notes = fix_indentation(bad, first_line=40)
    compile(fixed, "bad", "exec")
    assert fixed.count("\n") == bad.count("\n")
    assert notes[0].startswith("41행:") and notes[-1].startswith("42행:")


def test_fix_indentation_keeps_continuation_lines_and_dedents() -> None:
    source = "if x:\n\u00a0\u00a0y = f(1,\n\t\t2)\nz = 3"
    fixed, _ = fix_indentation(source)
    assert ast.dump(ast.parse(fixed)) == ast.dump(ast.parse("if x:\n    y = f(1, 2)\nz = 3"))


def test_infer_config_from_the_seed_note() -> None:
    model = infer_config(SEED)
    assert model.config == RecurrentConfig("lstm", 28, 256, num_layers=3, batch_first=True)
    assert (model.class_name, model.attribute, model.line, model.origin) == (
        "RecurrentNeuralNetworkClass",
        "rnn",
        30,
        "inline",
    )
    assert [(lin.in_features, lin.out_features, lin.attribute, lin.line) for lin in model.linears] == [
        (256, 10, "lin", 31)
    ]
    assert len(find_models(SEED)) == 2
    assert "LSTM(28, 256, num_layers=3, batch_first=True)" in model.describe()


def test_infer_config_defaults_when_the_note_has_no_module() -> None:
    model = infer_config("# 제목\n\n```python\nx = 1\n```\n")
    assert model.is_default and model.config == DEFAULT_CONFIG
    assert model.config.describe() == "LSTM(4, 3)"


def test_infer_config_positional_keyword_imports_and_expressions() -> None:
    text = (
        "```python\nimport torch\nfrom torch.nn import GRU as G\nh = 8\n"
        "m = G(3, h * 2, 2, True, True, 0.0, True)\n"
        "r = torch.nn.RNN(5, 6, nonlinearity='relu')\n"
        "class Net(torch.nn.Module):\n    def __init__(self, *, k=2):\n"
        "        super().__init__()\n        self.lstm = nn.LSTM(10, 20, k, proj_size=5)\n```\n"
    )
    configs = [m.config for m in find_models(text)]
    assert configs == [
        RecurrentConfig("gru", 3, 16, num_layers=2, batch_first=True, bidirectional=True),
        RecurrentConfig("rnn", 5, 6, nonlinearity="relu"),
        RecurrentConfig("lstm", 10, 20, num_layers=2, proj_size=5),
    ]
    assert find_models(text)[2].class_name == "Net"


def test_infer_config_follows_tuple_assignments() -> None:
    """Study notes often write ``n, d, h, L = 2, 5, 3, 4`` before building the module (the d2l note does)."""
    text = (
        "```python\nn, d, (h, L) = 2, 5, (3, 4)\n"
        "lstm = nn.LSTM(input_size=d, hidden_size=h, batch_first=True)\n```\n"
    )
    model = infer_config(text)
    assert not model.is_default
    assert model.config == RecurrentConfig("lstm", 5, 3, batch_first=True)
    assert model.attribute == "lstm"


def test_infer_config_on_the_bundled_d2l_note() -> None:
    note = Path(__file__).resolve().parents[2] / "notes" / "LSTM (d2l 표기).md"
    model = infer_config(note.read_text(encoding="utf-8"))
    assert model.config.describe() == "LSTM(5, 3, batch_first=True)"


def test_prose_starting_with_inline_code_is_not_code() -> None:
    text = "`nn.LSTM`은 LSTM모델을 생성\n\n`torch.zeros` 로 초기화한다\n"
    assert extract_code(text) == []
    assert infer_config(text).is_default
