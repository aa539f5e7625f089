"""A class instantiated more than once with different arguments is one module per instantiation: its own
config, the instantiation's line and section, and the instance as owner (``small.rnn``); the equations of
each section trace that section's instance (issue 9). Static reading only; the notes are written here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.engine.notecode import find_models, infer_note
from app.equations import link_note

ROOT = Path(__file__).resolve().parents[2]

TWO_SIZES = """# Two sizes of one tagger

```python
import torch.nn as nn

class Tagger(nn.Module):
    def __init__(self, n_feat, n_hid, stacked=1):
        super().__init__()
        self.rnn = nn.GRU(n_feat, n_hid, num_layers=stacked, batch_first=True)
        self.out = nn.Linear(n_hid, 5)
```

## The small tagger

```python
small = Tagger(12, 24)
```

$$h_t = (1 - z_t) \\odot n_t + z_t \\odot h_{t-1}$$

## The deep tagger

Its update gate works the same way:

$$z_t = \\sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})$$

```python
deep = Tagger(n_feat=24, n_hid=48, stacked=3)
```
"""


def _summary(text: str) -> list[tuple[str, int | None, str, int, int, int]]:
    return [
        (m.name, m.line, m.section, m.config.input_size, m.config.hidden_size, m.config.num_layers)
        for m in find_models(text)
    ]


def test_each_instantiation_with_other_arguments_is_its_own_module() -> None:
    assert _summary(TWO_SIZES) == [
        ("small.rnn", 16, "The small tagger", 12, 24, 1),
        ("deep.rnn", 28, "The deep tagger", 24, 48, 3),
    ]
    assert all(
        m.kind == "gru" and m.config.batch_first and m.class_name == "Tagger" for m in find_models(TWO_SIZES)
    )


def test_the_same_arguments_twice_stay_one_module_at_the_constructor() -> None:
    rebuilt = TWO_SIZES.replace("deep = Tagger(n_feat=24, n_hid=48, stacked=3)", "again = Tagger(12, 24)")
    assert _summary(rebuilt) == [("Tagger.rnn", 9, "Two sizes of one tagger", 12, 24, 1)]


def test_two_instances_built_inside_another_class_are_named_by_their_holder() -> None:
    note = """```python
class Block(nn.Module):
    def __init__(self, n_in, n_out, depth=1):
        super().__init__()
        self.lstm = nn.LSTM(n_in, n_out, depth)

class Translator(nn.Module):
    def __init__(self, vocab=40):
        super().__init__()
        self.encoder = Block(vocab, 20)
        self.decoder = Block(20, vocab, depth=2)

model = Translator(vocab=64)
```
"""
    assert _summary(note) == [
        ("Translator.encoder.lstm", 10, "", 64, 20, 1),
        ("Translator.decoder.lstm", 11, "", 20, 64, 2),
    ]
    # the holder itself built twice with other arguments: each inner instance under its own name
    twice = note.replace("model = Translator(vocab=64)", "small = Translator(8)\nlarge = Translator(64)")
    names = [(name, n_in, hid, layers) for name, _, _, n_in, hid, layers in _summary(twice)]
    assert names == [
        ("small.encoder.lstm", 8, 20, 1),
        ("large.encoder.lstm", 64, 20, 1),
        ("small.decoder.lstm", 20, 8, 2),
        ("large.decoder.lstm", 20, 64, 2),
    ]


def test_an_unknown_argument_is_assumed_per_instance() -> None:
    note = TWO_SIZES.replace("small = Tagger(12, 24)", "small = Tagger(len(vocab), 24)")
    small, deep = find_models(note)
    assert small.assumed == ("input_size",) and small.config.input_size == 8
    assert "len(vocab)" in small.assumptions[0].expr
    assert deep.assumed == () and deep.config.input_size == 24


def test_each_sections_equations_trace_that_sections_instance() -> None:
    modules = infer_note(TWO_SIZES).modules
    linked = link_note(TWO_SIZES, modules=modules)
    by_line = {eq.equation.lines[0]: eq for eq in linked}
    small_eq = next(eq for line, eq in by_line.items() if line < 21)
    deep_eq = next(eq for line, eq in by_line.items() if line > 21)
    assert small_eq.quantity == "gru.h" and modules[small_eq.module or 0].name == "small.rnn"
    assert small_eq.module == 0
    assert deep_eq.quantity == "gru.z" and deep_eq.module == 1 and modules[1].name == "deep.rnn"


def test_model_cli_lists_one_module_per_instance(tmp_path: Path) -> None:
    note = tmp_path / "two sizes.md"
    note.write_text(TWO_SIZES, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "app", "model", str(note), "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    data = json.loads(out.stdout.strip().splitlines()[-1])
    got = [
        (m["name"], m["kind"], m["line"], m["section"], m["config"]["hidden_size"]) for m in data["modules"]
    ]
    assert got == [
        ("small.rnn", "gru", 16, "The small tagger", 24),
        ("deep.rnn", "gru", 28, "The deep tagger", 48),
    ]
    assert set(data["modules"][1]) == {"name", "kind", "line", "section", "config", "assumed", "why"}
    equations = subprocess.run(
        [sys.executable, "-m", "app", "equations", str(note), "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    listed = json.loads(equations.stdout.strip().splitlines()[-1])
    rows = listed["equations"] if isinstance(listed, dict) else listed
    assert [row["module"] for row in rows] == [0, 1]
