"""``train`` runs the note's model-defining blocks first, with the blocks of imports and sizes they read
(d2l's hyperparameters sit in the block before the model: "name 'vocab_size' is not defined"), and not a
d2l chapter's MXNet tab (its ``class LSTM(nn.Block)`` failed: "torch.nn has no attribute Block")."""

from __future__ import annotations

from pathlib import Path

from app.engine import notestate
from app.engine.train.report import run_model_code

NOTE = """# LSTM, d2l style

```{.python .input}
%%tab pytorch
import torch
from torch import nn
```

Sizes first (a block of literals), then the model that reads them:

```{.python .input}
#@tab pytorch
num_inputs, num_hiddens = 6, 5  # d2l's hyperparameter block
```

```{.python .input}
#@tab pytorch
class LSTM(nn.Module):
    def __init__(self, num_inputs=num_inputs, num_hiddens=num_hiddens):
        super().__init__()
        self.rnn = nn.LSTM(num_inputs, num_hiddens)
```

```{.python .input}
#@tab pytorch
X = torch.randn(7, 2, num_inputs)  # a call: not a setup block, train does not run it
```

```{.python .input}
#@tab mxnet
class LSTM(nn.Block):
    def __init__(self, num_hiddens=5):
        super().__init__()
        self.rnn = rnn.LSTM(num_hiddens)
```
"""


def test_only_the_pytorch_tab_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "d2l.md"
    note.write_text(NOTE, encoding="utf-8")
    ran = run_model_code(note, "cpu")
    assert ran == [0, 1, 2]  # the imports, the sizes, the model; not the call, not the MXNet tab
    assert capsys.readouterr().err == ""  # no "block 4 failed", no "name 'num_inputs' is not defined"
    assert "X" not in notestate.STATE.namespace
    assert issubclass(notestate.STATE.namespace["LSTM"], notestate.STATE.namespace["nn"].Module)
