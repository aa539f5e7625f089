"""``run --all`` on a d2l chapter and on PyTorch-docs doctests (in-process, no kernel): another
framework's tab is skipped as the model finder skips it, d2l 1.x's ``%%tab`` magic line is blanked, and a
doctest block runs with its prompts stripped, every statement on its own note line."""

from __future__ import annotations

from app.engine import notestate
from app.engine.run import runner

D2L = """# a chapter in d2l's notation

```{.python .input}
%%tab mxnet
from mxnet import np, npx
```

```{.python .input}
%%tab pytorch
import torch
```

```{.python .input}
#@tab pytorch
steps, batch, feats, hidden = 6, 3, 5, 7
```

```{.python .input}
#@tab mxnet
layer = rnn.GRU(hidden)
```

```{.python .input}
#@tab pytorch
cell = torch.nn.GRU(feats, hidden)
out, h_last = cell(torch.zeros(steps, batch, feats))  # (T, N, hidden)
```
"""

DOCTEST = """From the docs, in my words:

```python
>>> gru = nn.GRU(6, 9, 2)
>>> seq = torch.randn(4, 2, 6)
>>> y, h = gru(seq)
>>> y.shape
torch.Size([4, 2, 9])
```
"""


def _note(text: str, name: str) -> None:
    notestate.set_note(f"/tmp/{name}-{id(text)}.md", text)


def test_run_all_skips_the_mxnet_tabs_and_blanks_the_tab_magic() -> None:
    _note(D2L, "d2l-tabs")
    blocks = runner.run_all(emit=False)["blocks"]
    assert [b["index"] for b in blocks] == [1, 2, 4]  # 0 and 3 are MXNet
    assert all(b["error"] is None for b in blocks), [b["error"] for b in blocks]
    last = {line["line"]: line["tensors"] for line in blocks[-1]["lines"]}
    assert last[26]["out"]["shape"] == [6, 3, 7]
    assert [line["line"] for line in blocks[0]["lines"]] == [10]  # the blanked %%tab line keeps the numbering


def test_a_doctest_block_runs_line_for_line() -> None:
    _note(DOCTEST, "doctest")
    [block] = runner.run_all(emit=False)["blocks"]
    assert block["error"] is None, block["error"]
    lines = {line["line"]: line["tensors"] for line in block["lines"]}
    assert lines[6]["y"]["shape"] == [4, 2, 9] and lines[6]["h"]["shape"] == [2, 2, 9]
    assert 8 not in lines  # the printed output is not code


def test_an_mxnet_block_asked_for_by_index_still_runs_and_says_why_it_fails() -> None:
    _note(D2L, "d2l-one")
    result = runner.run_block(0, emit=False)
    assert result["error"] is not None and "mxnet" in result["error"]["message"]
