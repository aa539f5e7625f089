"""The note's own modules, read without running anything (issue 9): one module scope in note order,
class parameters bound to instantiations, assumptions, d2l framework tabs, doctests, several modules
with their sections and owners, cells. Each fixture is written here in our own words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.engine.config import RecurrentConfig
from app.engine.notecode import find_models, infer_config, infer_note

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "notes" / "2023-11-22.md").read_text(encoding="utf-8")


def fence(code: str, info: str = "python") -> str:
    return f"```{info}\n{code.strip()}\n```\n"


def test_class_parameters_without_defaults_are_bound_to_the_instantiation() -> None:
    note = (
        "# 분류기\n\n"
        + fence(
            """
import torch.nn as nn
class SentimentNet(nn.Module):
    def __init__(self, n_tokens, emb, width, n_out, depth=4, drop=0.25):
        super().__init__()
        self.embed = nn.Embedding(n_tokens, emb)
        self.encoder = nn.GRU(emb, width, num_layers=depth, dropout=drop,
                              batch_first=True, bidirectional=True)
        self.head = nn.Linear(width * 2, n_out)
"""
        )
        + "\n"
        + fence("net = SentimentNet(5000, 48, 96, 3, depth=2)")
    )
    [model] = find_models(note)
    assert model.config == RecurrentConfig(
        "gru", 48, 96, num_layers=2, dropout=0.25, batch_first=True, bidirectional=True
    )
    assert model.name == "SentimentNet.encoder" and model.section == "분류기"
    assert model.assumed == () and model.first_layer == "embedding"


def test_class_defaults_fill_what_the_instantiation_leaves_out_and_missing_ones_are_assumed() -> None:
    note = fence(
        """
class Tagger(nn.Module):
    def __init__(self, feats, units=40, stacks=3):
        super().__init__()
        self.lstm = nn.LSTM(feats, units, stacks)
"""
    )
    [model] = find_models(note)
    assert (model.config.hidden_size, model.config.num_layers) == (40, 3)
    assert model.assumed == ("input_size",)
    assumption = model.assumptions[0]
    assert assumption.code == "notecode.assumed.parameter" and assumption.expr == "feats"
    assert "feats" in assumption.reason and str(assumption.value) in assumption.reason
    assert model.config.input_size == assumption.value


def test_hyperparameters_set_in_an_earlier_block_with_tuple_chained_and_arithmetic() -> None:
    note = (
        fence("n_in, n_hid, n_stack = 12, 2 ** 6, 2\nsame = twice = n_hid * 2")
        + "설명 문단\n\n"
        + fence("import torch\nrnn = torch.nn.LSTM(n_in + 4, int(twice / 4), n_stack, proj_size=n_hid // 4)")
    )
    [model] = find_models(note)
    assert model.config == RecurrentConfig("lstm", 16, 32, num_layers=2, proj_size=16)
    assert model.name == "rnn"


def test_instantiation_arguments_win_over_module_level_names() -> None:
    note = fence(
        """
hidden_size = 512
layers = 7
class Net(nn.Module):
    def __init__(self, input_size, hidden_size, layers=1):
        super().__init__()
        self.core = nn.RNN(input_size, hidden_size, layers)
model = Net(3, 64, layers=2)
"""
    )
    [model] = find_models(note)
    assert model.config == RecurrentConfig("rnn", 3, 64, num_layers=2)


def test_module_level_names_never_fill_a_parameter_of_the_same_name() -> None:
    note = fence(
        """
hidden_size = 512
class Net(nn.Module):
    def __init__(self, input_size=10, hidden_size=None):
        super().__init__()
        self.core = nn.GRU(input_size, hidden_size)
"""
    )
    [model] = find_models(note)
    assert model.config.hidden_size != 512 and model.assumed == ("hidden_size",)


def test_what_only_running_can_tell_is_an_assumption_and_stated_options_are_kept() -> None:
    note = fence(
        """
vocab_size = len(vocab)
conf = load_config()
lstm = nn.LSTM(vocab_size, conf["hidden"], num_layers=2, bidirectional=True, dropout=0.1, batch_first=True)
"""
    )
    [model] = find_models(note)
    assert set(model.assumed) == {"input_size", "hidden_size"}
    why = {a.field: a for a in model.assumptions}
    assert (
        why["input_size"].expr == "vocab_size = len(vocab)"
        and why["input_size"].code == "notecode.assumed.runtime"
    )
    assert why["hidden_size"].code == "notecode.assumed.lookup"
    config = model.config
    assert (config.num_layers, config.bidirectional, config.dropout, config.batch_first) == (
        2,
        True,
        0.1,
        True,
    )


def test_d2l_framework_tabs_only_pytorch_counts_and_the_rest_is_listed_as_ignored() -> None:
    note = (
        "## 간결한 구현\n\n"
        + fence("from mxnet.gluon import rnn\nlayer = rnn.GRU(num_hiddens)", "{.python .input}")
        + "\n"
        + fence(
            "#@tab pytorch\nnum_inputs, num_hiddens = 30, 128\nlayer = nn.GRU(num_inputs, num_hiddens)",
            "{.python .input}",
        )
        + "\n"
        + fence(
            "#@tab tensorflow\nlayer = tf.keras.layers.GRU(num_hiddens, return_sequences=True)",
            "{.python .input}",
        )
    )
    found = infer_note(note)
    assert [(m.kind, m.config.input_size, m.config.hidden_size) for m in found.modules] == [("gru", 30, 128)]
    codes = [(item.line, item.code) for item in found.ignored]
    assert codes == [(5, "notecode.ignored.mxnet"), (16, "notecode.ignored.tensorflow")]
    assert all(item.reason and item.reason != item.code for item in found.ignored)


def test_doctest_blocks_are_read_without_their_prompts() -> None:
    note = "# 문서 예제\n\n" + fence(
        ">>> cell = nn.LSTMCell(6, 9)\n>>> h = torch.zeros(2, 9)\ntensor([0.])", ""
    )
    [model] = find_models(note)
    assert model.kind == "lstm_cell" and model.config == RecurrentConfig("lstm_cell", 6, 9)
    assert model.line == 4


def test_an_encoder_and_a_decoder_have_their_owners_and_the_inner_instantiation_binds() -> None:
    note = fence(
        """
class Encoder(nn.Module):
    def __init__(self, vocab, emb, hid):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = nn.GRU(emb, hid, batch_first=True)

class Decoder(nn.Module):
    def __init__(self, vocab, emb, hid, layers=2):
        super().__init__()
        self.rnn = nn.LSTM(emb + hid, hid, layers)

class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder(100, 16, 32)
        self.decoder = Decoder(100, 16, 32)
"""
    )
    models = find_models(note)
    assert [(m.name, m.config.describe()) for m in models] == [
        ("Encoder.rnn", "GRU(16, 32, batch_first=True)"),
        ("Decoder.rnn", "LSTM(48, 32, num_layers=2)"),
    ]


def test_three_models_under_three_headings_each_with_its_section() -> None:
    note = (
        "# RNN\n"
        + fence("a = nn.RNN(4, 5)")
        + "# LSTM\n텍스트\n"
        + fence("b = nn.LSTM(4, 6)")
        + "# GRU\n"
        + fence("c = nn.GRU(4, 7)")
    )
    models = find_models(note)
    assert [(m.kind, m.section, m.name, m.line) for m in models] == [
        ("rnn", "RNN", "a", 3),
        ("lstm", "LSTM", "b", 8),
        ("gru", "GRU", "c", 12),
    ]


def test_cells_of_all_three_kinds_are_found() -> None:
    note = fence(
        "from torch.nn import RNNCell\nr = RNNCell(3, 4, nonlinearity='relu')\n"
        "g = nn.GRUCell(input_size=3, hidden_size=5, bias=False)\nl = torch.nn.LSTMCell(3, 6)"
    )
    configs = [m.config for m in find_models(note)]
    assert configs == [
        RecurrentConfig("rnn_cell", 3, 4, nonlinearity="relu"),
        RecurrentConfig("gru_cell", 3, 5, bias=False),
        RecurrentConfig("lstm_cell", 3, 6),
    ]
    assert configs[1].kwargs() == {"input_size": 3, "hidden_size": 5, "bias": False}
    assert configs[2].as_sequence() == RecurrentConfig("lstm", 3, 6)


def test_the_seed_keeps_its_lstm() -> None:
    model = infer_config(SEED)
    assert model.config == RecurrentConfig("lstm", 28, 256, num_layers=3, batch_first=True)
    assert model.name == "RecurrentNeuralNetworkClass.rnn" and model.assumed == ()


def test_model_cli_prints_the_exact_schema(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text(
        "# 인코더\n"
        + fence(
            "class E(nn.Module):\n    def __init__(self, d):\n        super().__init__()\n"
            "        self.rnn = nn.LSTM(d, 8)\n"
        ),
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "app", "model", str(note), "--json"],
        capture_output=True, text=True, check=True, cwd=ROOT, env={"TENSORNOTE_LANG": "en", "PATH": ""},
    )  # fmt: skip
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(data) == {"note", "modules", "ignored"}
    [module] = data["modules"]
    assert set(module) == {"name", "kind", "line", "section", "config", "assumed", "why"}
    assert (module["name"], module["kind"], module["line"], module["section"]) == (
        "E.rnn",
        "lstm",
        6,
        "인코더",
    )
    assert set(module["config"]) == {
        "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional",
        "proj_size", "nonlinearity",
    }  # fmt: skip
    assert module["assumed"] == ["input_size"] and "d" in module["why"]["input_size"]
    assert data["ignored"] == []


def test_d2l_one_cell_magic_tabs_and_branches_of_a_shared_block() -> None:
    note = (
        fence("%%tab mxnet\nfrom mxnet.gluon import rnn", "{.python .input}")
        + fence(
            "%%tab pytorch, mxnet\nclass Cell(d2l.RNN):\n    def __init__(self, n_in, n_hid):\n"
            "        super().__init__()\n        if tab.selected('mxnet'):\n"
            "            self.rnn = rnn.GRU(n_hid)\n        if tab.selected('pytorch'):\n"
            "            self.rnn = nn.GRU(n_in, n_hid)",
            "{.python .input}",
        )
        + fence("%%tab jax\nlayer = nn.OptimizedLSTMCell(features=8)", "{.python .input}")
        + fence("%%tab all\nmodel = Cell(n_in=12, n_hid=20)", "{.python .input}")
        + fence("from tensorflow.keras.layers import LSTM as KerasLSTM\nk = KerasLSTM(4)")
    )
    found = infer_note(note)
    assert [(m.name, m.config.describe()) for m in found.modules] == [("Cell.rnn", "GRU(12, 20)")]
    assert [item.code.rsplit(".", 1)[1] for item in found.ignored] == ["mxnet", "jax", "tensorflow"]


def test_configuration_records_and_the_tutorial_instantiation_chain() -> None:
    note = fence(
        """
from dataclasses import dataclass
from types import SimpleNamespace
@dataclass
class HParams:
    tokens: int
    width: int = 48
    depth: int = 3
hp = HParams(500, depth=1)
flags = SimpleNamespace(both_ways=True)
class Reader(nn.Module):
    def __init__(self, n_in, n_hid, n_layers, n_out):
        super().__init__()
        self.core = nn.LSTM(n_in, n_hid, n_layers, batch_first=True)
n_in, n_hid, n_layers, n_out = 14, 40, 2, 5
reader = Reader(n_in, n_hid, n_layers, n_out).to(device)
side = nn.GRU(hp.width, HParams.width * 2, hp.depth, bidirectional=flags.both_ways)
broken = nn.RNN(hp.missing, 3)
"""
    )
    models = find_models(note)
    assert [(m.name, m.config.describe()) for m in models[:2]] == [
        ("Reader.core", "LSTM(14, 40, num_layers=2, batch_first=True)"),
        ("side", "GRU(48, 96, bidirectional=True)"),
    ]
    assert models[2].assumed == ("input_size",) and models[2].assumptions[0].expr == "hp.missing"


def test_cells_in_a_module_list_comprehension_and_a_sequential_keep_their_holder() -> None:
    note = fence(
        "class Tower(nn.Module):\n    def __init__(self, n_in=5, n_hid=7, depth=2):\n"
        "        super().__init__()\n"
        "        self.steps = nn.ModuleList(\n"
        "            [nn.GRUCell(n_in if j == 0 else n_hid, n_hid) for j in range(depth)])\n"
        "pipe = nn.Sequential(nn.Embedding(30, 6), nn.RNN(6, 2))"
    )
    assert [(m.name, m.config.describe()) for m in find_models(note)] == [
        ("Tower.steps", "GRUCell(5, 7)"),
        ("pipe", "RNN(6, 2)"),
    ]


def test_values_pytorch_would_reject_or_the_panel_could_not_build_are_assumed_with_why() -> None:
    note = fence("a = nn.RNN(3e9, 2)\nb = nn.LSTM(-4, 3)\nc = nn.LSTM(3, 4, num_layers=2, proj_size=4)")
    a, b, c = find_models(note)
    assert a.config.input_size == b.config.input_size == 8 and a.assumed == b.assumed == ("input_size",)
    assert a.assumptions[0].code == "notecode.assumed.type"
    assert c.config.describe() == "LSTM(3, 4, num_layers=2)" and c.assumed == ("proj_size",)
    assert c.assumptions[0].code == "notecode.assumed.conflict" and "proj_size=4" in c.assumptions[0].reason
