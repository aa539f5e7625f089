"""Speed of failure: how long a run that fails takes to report, against plain Python (issue 11).

- ``recursion_report_s``: a script block recursing until RecursionError, from ``call("run.block")`` on a
  warm kernel to its reply. Target ≤ 3 s.
- ``recursive_method_report_s``: a method block of the note recursing until RecursionError while taking a
  view of a 1000×1000 tensor per level (each view is new, so a per-level tracer would preview every one).
  ``recursive_method_plain_s`` is the same recursion in plain Python in the kernel, untraced;
  ``recursive_method_ratio`` their ratio. Target: report ≤ 3 s.
- ``huge_message_report_s``: a ValueError with a 100,000-character message raised 500 calls deep; the
  reply's message and traceback sizes are reported too (``huge_message_chars``, ``huge_traceback_chars``).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

NOTE = """# failures

```python
def f(n):
    return f(n + 1)

f(0)
```

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

```python
def deep(n):
    if n == 0:
        raise ValueError("boom " * 20000)
    return deep(n - 1)

deep(500)
```
"""

PLAIN = """
import time, torch
from torch import nn
base = torch.randn(1000, 1000)
class _Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
    def forward(self, x, depth=0):
        wide = base[:]
        h = x * 2
        return self.forward(h, depth + 1)
_t = time.perf_counter()
try:
    _Plain()(torch.randn(1, 4))
except RecursionError:
    pass
print(time.perf_counter() - _t)
"""


def run() -> dict[str, Any]:
    from app.kernel.session import KernelSession

    with tempfile.TemporaryDirectory() as tmp:
        note = Path(tmp) / "failures.md"
        note.write_text(NOTE, encoding="utf-8")
        session = KernelSession(note.parent)
        session.start()
        try:
            session.wait_ready()
            session.call("state.set_note", path=str(note))
            session.call("kernel.warm")
            metrics: dict[str, Any] = {}
            start = time.perf_counter()
            result = session.call("run.block", index=0)
            metrics["recursion_report_s"] = round(time.perf_counter() - start, 3)
            assert result["error"]["type"] == "RecursionError"
            session.call("run.block", index=1)
            start = time.perf_counter()
            result = session.call("run.block", index=2)
            metrics["recursive_method_report_s"] = round(time.perf_counter() - start, 3)
            assert result["error"]["type"] == "RecursionError"
            plain = session.execute(PLAIN)
            metrics["recursive_method_plain_s"] = round(float(plain.stdout.strip().splitlines()[-1]), 3)
            metrics["recursive_method_ratio"] = round(
                metrics["recursive_method_report_s"] / max(metrics["recursive_method_plain_s"], 1e-3), 2)
            start = time.perf_counter()
            result = session.call("run.block", index=3)
            metrics["huge_message_report_s"] = round(time.perf_counter() - start, 3)
            metrics["huge_message_chars"] = len(result["error"]["message"])
            metrics["huge_traceback_chars"] = len(result["error"]["traceback"])
            return metrics
        finally:
            session.shutdown()
