"""A failed run reports fast and small (issue 11, part B: speed of failure).

In-process, real torch: a recursive method of the note on its way to RecursionError, a message of
100,000 characters and a 1,000-frame traceback through ``nn.Module.__call__``.
"""

from __future__ import annotations

import time

from app.engine import notestate
from app.engine.run import failure, linetrace, runner

RECURSIVE_METHOD = """# recursion

```python
import torch
from torch import nn

base = torch.randn(1000, 1000)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(x)
```

```python
    def forward(self, x, depth=0):
        wide = base[:]
        h = x * 2
        return self.forward(h, depth + 1)
```
"""

THROUGH_MODULES = """# module recursion

```python
import torch

class Loop(torch.nn.Module):
    def forward(self, n):
        return self(n + 1)

Loop()(0)
```
"""

HUGE_MESSAGE = """# huge

```python
def deep(n):
    if n == 0:
        raise ValueError("boom " * 20000)
    return deep(n - 1)

deep(500)
```
"""


def _run(text: str, index: int) -> dict:
    notestate.set_note(f"/tmp/failure-{id(text)}.md", text)
    for before in range(index):  # the class block first, as a reader runs the note
        assert runner.run_block(before, emit=False)["error"] is None
    return runner.run_block(index, emit=False)


def test_a_recursive_method_is_traced_only_its_first_levels() -> None:
    started = time.perf_counter()
    result = _run(RECURSIVE_METHOD, 1)
    elapsed = time.perf_counter() - started
    assert result["error"]["type"] == "RecursionError"
    assert result["error"]["line"] is not None
    # each level takes a view of a 1000×1000 tensor (free in plain Python); traced per line per level,
    # each new view was previewed (min, max, mean over 10⁶ values), some 1,000 times: tens of seconds.
    # The tracer now follows MAX_TRACED_DEPTH levels and lets the rest run as plain Python does.
    assert elapsed < 3.0, elapsed
    assert {line["line"] for line in result["lines"]} >= {20, 21, 22}
    assert len(result["error"]["message"]) <= failure.MAX_MESSAGE_CHARS + 40


def test_the_tracer_stops_following_deep_recursion() -> None:
    depths: list[int] = []

    def rec(n: int) -> int:
        depths.append(n)
        return rec(n + 1) if n < 200 else n

    hits: list[int] = []
    tracer = linetrace.LineTracer([rec.__code__], lambda record: hits.append(record.line))
    assert tracer.run(lambda: rec(0)) == 200
    assert len(depths) == 201  # the code ran every level
    calls = hits.count(rec.__code__.co_firstlineno + 2)  # `return rec(…)` lines credited
    assert 0 < calls <= linetrace.MAX_TRACED_DEPTH + 1


def test_a_deep_traceback_through_modules_is_cut_to_its_ends() -> None:
    result = _run(THROUGH_MODULES, 0)
    error = result["error"]
    assert error["type"] == "RecursionError"
    assert "frames left out" in error["traceback"] or "프레임" in error["traceback"]
    assert len(error["traceback"]) < 10_000, len(error["traceback"])


def test_a_huge_message_is_cut_with_its_length_said() -> None:
    result = _run(HUGE_MESSAGE, 0)
    error = result["error"]
    assert error["type"] == "ValueError" and error["message"].startswith("boom boom")
    assert len(error["message"]) <= failure.MAX_MESSAGE_CHARS + 40
    assert "more characters" in error["message"] or "생략" in error["message"]
    assert len(error["traceback"]) < 10_000
