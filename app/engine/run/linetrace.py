"""Which tensors each line of a code block assigned or changed, and what it printed.

Mechanism: ``sys.settrace`` restricted to the code objects of the block being run. The global trace
function answers every ``call`` event with ``None`` except for the block's own frame, so library code
(nn.Module.__call__, LSTM.forward …) runs untraced; on each ``line`` event of our frame we diff its
tensor-valued locals against the previous snapshot and credit the changes to the line that just ran.

Why settrace and not "split the block into statements and exec them one by one": a method block must
run as a real function bound to the note's model, so that ``return`` inside a loop, closures and
zero-argument ``super()`` keep their meaning; measured on the seed's forward block, both cost the same
order (the LSTM dominates), see benchmarks/bench_run.py. A tensor counts as changed when its identity,
shape, dtype, device, storage pointer or in-place version counter changed.

stdout and stderr are teed, not captured: every write still reaches the kernel's stream (so the UI
sees it live) and is also credited to the line running at that moment, each to its own field. Warnings
(PyTorch's own UserWarnings included) are written to stderr as a Jupyter front end shows them, once per
place per run: the run starts a fresh ``warnings`` state with the "default" action, so a warning the
previous run showed is shown again rather than swallowed by Python's once-per-location registry.
"""

from __future__ import annotations

import io
import sys
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import CodeType, FrameType, TracebackType
from typing import Any

import torch

from app.i18n import messages
from app.i18n import text as worded

messages({"run.no_preview": ("(값을 볼 수 없음: {error})", "(value not viewable: {error})")})

PREVIEW_VALUES = 6
MAX_ITEMS = 8  # tuples/lists of tensors are listed item by item up to this length
# Traced frames nested deeper than this run untraced. A recursive method of the note would otherwise pay a
# snapshot and a tensor preview per line per level, 1,000 levels deep until RecursionError: a run that
# fails in 1 s in plain Python took 26–97 s. The first levels are the ones a student reads anyway.
MAX_TRACED_DEPTH = 16


@dataclass(frozen=True)
class TensorInfo:
    shape: tuple[int, ...]
    dtype: str  # "float32"
    device: str  # "cpu", "cuda:0"
    preview: str  # a short value preview for hover

    def to_json(self) -> dict[str, Any]:
        return {
            "shape": list(self.shape),
            "dtype": self.dtype,
            "device": self.device,
            "preview": self.preview,
        }


@dataclass
class LineRecord:
    line: int  # line number of the code object (the runner compiles with note line numbers)
    tensors: dict[str, TensorInfo] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""  # what the line wrote to stderr, warnings included
    hits: int = 0


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def preview(t: torch.Tensor) -> str:
    """``[0.1, -0.2, …] min -1 max 1 mean 0.01``: the first values and simple statistics."""
    try:
        flat = t.detach().reshape(-1)
        n = flat.numel()
        head = flat[:PREVIEW_VALUES].cpu().tolist()
        values = ", ".join(_fmt(v) if isinstance(v, float) else str(v) for v in head)
        text = f"[{values}{', …' if n > PREVIEW_VALUES else ''}]"
        if n and t.dtype != torch.bool:
            f = flat.abs() if t.is_complex() else flat.float()
            text += f" min {_fmt(f.min().item())} max {_fmt(f.max().item())} mean {_fmt(f.mean().item())}"
        return text
    except Exception as exc:  # meta tensors, sparse layouts, a broken CUDA context…
        return worded("run.no_preview", error=type(exc).__name__)


def describe(t: torch.Tensor) -> TensorInfo:
    return TensorInfo(
        shape=tuple(int(s) for s in t.shape),
        dtype=str(t.dtype).removeprefix("torch."),
        device=str(t.device),
        preview=preview(t),
    )


def _key(t: torch.Tensor) -> tuple[Any, ...]:
    try:
        version = t._version
    except Exception:  # inference tensors have no version counter
        version = -1
    try:
        ptr = t.data_ptr()
    except Exception:
        ptr = -1
    return (id(t), tuple(t.shape), t.dtype, t.device, ptr, version)


def tensors_in(names: dict[str, Any]) -> dict[str, torch.Tensor]:
    """Tensor-valued names, with small tuples/lists (``rnn_out, (hn, cn) = …`` as one name) flattened."""
    found: dict[str, torch.Tensor] = {}
    for name, value in names.items():
        if name.startswith("__"):
            continue
        if isinstance(value, torch.Tensor):
            found[name] = value
        elif isinstance(value, tuple | list) and 0 < len(value) <= MAX_ITEMS:
            for k, item in enumerate(value):
                if isinstance(item, torch.Tensor):
                    found[f"{name}[{k}]"] = item
                elif isinstance(item, tuple | list) and len(item) <= MAX_ITEMS:
                    for j, sub in enumerate(item):
                        if isinstance(sub, torch.Tensor):
                            found[f"{name}[{k}][{j}]"] = sub
    return found


class _Tee(io.TextIOBase):
    """Forwards writes to the real stream and credits them to the line running now."""

    def __init__(self, target: Any, sink: Callable[[str], None]) -> None:
        self._target = target
        self._sink = sink

    def write(self, s: str) -> int:
        self._sink(s)
        return self._target.write(s)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", "utf-8")


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: Any = None,
) -> None:
    """Write a warning to the current stderr the way Python's default hook words it."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


class LineTracer:
    """Run something while recording, per line of ``codes``, the tensors changed and the text printed.

    ``on_line(record)`` is called when a line finishes (each time, for lines in loops).
    """

    def __init__(self, codes: Iterable[CodeType], on_line: Callable[[LineRecord], None] | None = None):
        self.codes = set(codes)
        self.on_line = on_line
        self.lines: dict[int, LineRecord] = {}
        self.current: int | None = None
        self._snapshot: dict[str, tuple[Any, ...]] = {}
        self._frame: FrameType | None = None
        self._depth = 0  # traced frames now on the stack (recursion past MAX_TRACED_DEPTH is untraced)

    # --- bookkeeping ------------------------------------------------------------------------------

    def _record(self, line: int) -> LineRecord:
        rec = self.lines.get(line)
        if rec is None:
            rec = self.lines[line] = LineRecord(line)
        return rec

    def _diff(self, frame: FrameType) -> None:
        """Credit tensors changed since the last snapshot to the line that just ran."""
        now = tensors_in(frame.f_locals)
        keys = {name: _key(t) for name, t in now.items()}
        if self.current is not None:
            rec = self._record(self.current)
            rec.hits += 1
            for name, key in keys.items():
                if self._snapshot.get(name) != key:
                    rec.tensors[name] = describe(now[name])
            if self.on_line is not None:
                self.on_line(rec)
        self._snapshot = keys

    def _write(self, text: str) -> None:
        if self.current is not None:
            self._record(self.current).stdout += text

    def _write_err(self, text: str) -> None:
        if self.current is not None:
            self._record(self.current).stderr += text

    # --- trace functions --------------------------------------------------------------------------

    def _global(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "call" and frame.f_code in self.codes:
            if self._depth >= MAX_TRACED_DEPTH:
                return None
            self._depth += 1
            self._frame = frame
            self._snapshot = {name: _key(t) for name, t in tensors_in(frame.f_locals).items()}
            self.current = None
            return self._local
        return None

    def _local(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self._diff(frame)
            self.current = frame.f_lineno
        elif event == "return":
            self._depth -= 1
            self._diff(frame)
            self.current = None
        return self._local

    # --- running ----------------------------------------------------------------------------------

    def run(self, fn: Callable[[], Any]) -> Any:
        """Call ``fn()`` under the tracer; exceptions propagate (see :func:`failing_frame`)."""
        old_stdout, old_stderr = sys.stdout, sys.stderr
        sys.stdout = _Tee(old_stdout, self._write)
        sys.stderr = _Tee(old_stderr, self._write_err)
        old_trace = sys.gettrace()
        caught = warnings.catch_warnings()
        caught.__enter__()
        warnings.simplefilter("default")  # shown once per place in this run, as a notebook shows them
        warnings.showwarning = _show_warning  # to stderr (the tee), whoever else listens (pytest, IPython)
        sys.settrace(self._global)
        try:
            return fn()
        finally:
            sys.settrace(old_trace)
            caught.__exit__(None, None, None)
            sys.stdout, sys.stderr = old_stdout, old_stderr
            frame = self._frame
            if frame is not None and self.current is not None:
                # The frame died by an exception: credit what the failing line managed to change.
                self._diff(frame)
            self._frame = None

    def ordered(self) -> list[LineRecord]:
        return [self.lines[n] for n in sorted(self.lines)]


def failing_frame(tb: TracebackType | None, codes: Iterable[CodeType]) -> TracebackType | None:
    """The innermost traceback entry that belongs to the traced code (where the note's line failed)."""
    wanted = set(codes)
    found = None
    while tb is not None:
        if tb.tb_frame.f_code in wanted:
            found = tb
        tb = tb.tb_next
    return found
