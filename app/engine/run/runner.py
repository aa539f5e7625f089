"""Run a note's code blocks in the kernel, with the tensors and the output of every line.

What counts as a block: every fenced code block of the note, numbered from 0 in note order exactly as
``app.markup.blocks.find_code_blocks`` numbers them (so the HTML's ``data-code``, the CLI's ``--block K``
and this module agree). A block runs when its language is Python (``python``, ``py``, … see
``notecode.PYTHON_LANGS``) or when it has no language and parses as Python after repair; "run all" skips
the others.

Two kinds of block:
- a *script* block runs in the note's namespace (``notestate.STATE.namespace``), which persists between
  runs as in a notebook;
- a *method* block (only ``def name(self, …):`` at its top level, usually indented, like the seed's
  ``forward``) runs *bound to the note's model*: the note's class is defined implicitly first (the class
  pasted as inline code is repaired by ``notecode``; a class from a fenced block the user already ran
  wins), the block's functions become that class's methods, the class is instantiated with its default
  arguments (weights seeded by the input seed) as ``model`` in the namespace, moved to the chosen
  ``device``, and ``model(x)`` is called with the sample input (for the seed: a digit, (1, 28, 28)).

Indentation is repaired first (``notecode.fix_indentation``); the fixes are returned so that the UI shows
them; the note's text is never changed here.
"""

from __future__ import annotations

import ast
import gc
import inspect
import linecache
import textwrap
import time
import traceback
from collections.abc import Callable
from types import CodeType
from typing import Any

import torch
from torch import nn

from app.engine import notecode, notestate, rpc
from app.engine.notecode import PYTHON_LANGS, FixNote, extract_code, fix_indentation, fix_notes
from app.engine.run import failure, fit, linetrace, shapes
from app.i18n import messages, text
from app.markup.blocks import CodeBlock, find_code_blocks

SEQ_LEN = fit.SEQ_LEN  # a digit image read row by row: 28 steps of 28 pixels

messages({
    "run.no_blocks": ("이 노트에는 코드 블록이 없습니다.", "This note has no code blocks."),
    "run.no_block": ("코드 블록 {index}이(가) 없습니다 (0–{last}).",
                     "There is no code block {index} (0–{last})."),
    "run.no_class": ("이 메서드를 붙일 클래스(nn.Module)를 노트에서 찾지 못했습니다.",
                     "No class (nn.Module) in the note to attach this method to."),
    "run.class_unfixable": ("노트의 클래스 {name} 코드를 고치지 못했습니다: {error}",
                            "Could not repair the code of the note's class {name}: {error}"),
    "run.class_failed": ("노트의 클래스 {name}을(를) 정의하지 못했습니다: {error}",
                         "Could not define the note's class {name}: {error}"),
    "run.no_defaults": ("{cls}의 인자 {names}에 기본값이 없어 모델을 만들 수 없습니다.",
                        "{cls} has no default for {names}, so the model can't be built."),
    "run.no_input": ("{name}의 입력을 만들 수 없습니다 ({layers} 층이 없음).",
                     "Can't make an input for {name} (it has no {layers} layer)."),
    "run.unknown_args": ("{name}의 인자 {names}에 넣을 값을 알 수 없습니다.",
                         "Don't know what to pass for {name}'s arguments {names}."),
})

_PRELUDE: dict[str, tuple[int, type]] = {}  # class name -> (hash of its note source, the class we defined)
_BOUND: dict[str, Any] = {}  # the last instantiated model: {"cls", "init"}


class RunError(Exception):
    """A problem before the user's code could run (no such block, no class to bind to…)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


# --- blocks -------------------------------------------------------------------------------------


def _parses(source: str) -> bool:
    try:
        ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return False
    return True


def runnable(block: CodeBlock) -> bool:
    """Python by its language tag, or untagged and Python after the indentation repair; not another
    framework's d2l tab (``#@tab mxnet``, ``%%tab tensorflow``, an untagged ``{.python .input}``)."""
    if notecode.block_framework(block) in notecode.FOREIGN_FRAMEWORKS:
        return False
    if block.lang in PYTHON_LANGS:
        return True
    if block.lang or not block.source.strip():
        return False
    return _parses(fix_indentation(block.source, block.content_lines[0])[0])


def _block(index: int) -> CodeBlock:
    blocks = find_code_blocks(notestate.STATE.text)
    if not blocks:
        raise RunError(text("run.no_blocks"))
    if not 0 <= index < len(blocks):
        raise RunError(text("run.no_block", index=index, last=len(blocks) - 1))
    return blocks[index]


def _is_method_block(tree: ast.Module) -> bool:
    body = [s for s in tree.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    return bool(body) and all(
        isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.args.args and s.args.args[0].arg == "self"
        for s in body
    )


# --- the note's class and its sample input ------------------------------------------------------


def _note_class(block_line: int) -> type:
    """The note's class for a method block: defined implicitly from the note if not in the namespace."""
    ns = notestate.STATE.namespace
    candidates: list[tuple[int, str, Any]] = []  # (note line, class name, piece)
    for piece in extract_code(notestate.STATE.text):
        try:
            tree = ast.parse(piece.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                candidates.append((piece.note_line(node.lineno), node.name, piece))
    if not candidates:
        defined = [v for k, v in ns.items() if isinstance(v, type) and issubclass(v, nn.Module)
                   and not k.startswith("_") and v.__module__ == "__note__"]
        if defined:
            return defined[-1]
        raise RunError(text("run.no_class"))
    before = [c for c in candidates if c[0] < block_line]
    line, name, piece = before[-1] if before else candidates[0]
    current = ns.get(name)
    ours = _PRELUDE.get(name)
    digest = hash(piece.source)
    if isinstance(current, type) and (ours is None or ours[1] is not current or ours[0] == digest):
        return current  # the user's own (fenced, already run) class, or our up-to-date definition
    if piece.error:
        raise RunError(text("run.class_unfixable", name=name, error=piece.error), line)
    filename = f"<note class {name}>"
    linecache.cache[filename] = (len(piece.source), None, piece.source.splitlines(True), filename)
    try:
        tree = ast.parse(piece.source)
        tree.body = [n for n in tree.body if isinstance(n, ast.ClassDef | ast.Import | ast.ImportFrom)]
        exec(compile(tree, filename, "exec"), ns)
    except Exception as exc:
        why = f"{type(exc).__name__}: {exc}"
        raise RunError(text("run.class_failed", name=name, error=why), line) from exc
    cls = ns[name]
    _PRELUDE[name] = (digest, cls)
    return cls


def _instantiate(cls: type) -> nn.Module:
    """``cls()`` with its defaults, seeded, reused while its ``__init__`` is unchanged."""
    ns = notestate.STATE.namespace
    model = ns.get("model")
    init = cls.__dict__.get("__init__")
    if isinstance(model, nn.Module) and type(model) is cls and _BOUND.get("init") is init:
        return model.to(notestate.STATE.torch_device())
    missing = [
        p.name
        for p in list(inspect.signature(cls).parameters.values())
        if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if missing:
        raise RunError(text("run.no_defaults", cls=cls.__name__, names=", ".join(missing)))
    torch.manual_seed(notestate.STATE.input.seed)
    model = cls().to(notestate.STATE.torch_device())
    ns["model"] = model
    _BOUND.update(cls=cls, init=init)
    return model


def fitted_sample(model: nn.Module) -> tuple[torch.Tensor, dict[str, Any]]:
    """The current sample batch fitted to what the model's first layer takes (``app.engine.run.fit``),
    on the chosen device, and its description (kind, shape, dtype, a coded sentence naming it)."""
    spec = notestate.STATE.input
    try:
        x, described = fit.fitted_input(model, spec.kind, spec.batch, spec.seed, spec.file)
    except fit.FitError:
        name = type(model).__name__
        layers = "Embedding/LSTM/GRU/RNN/Conv/Linear"
        raise RunError(text("run.no_input", name=name, layers=layers)) from None
    described["text"] = text(described["code"], **described["args"])
    return x.to(notestate.STATE.torch_device()), described


def sample_input(model: nn.Module) -> torch.Tensor:
    """The current sample batch in the layout the model's first layer expects."""
    return fitted_sample(model)[0]


# --- running ------------------------------------------------------------------------------------


def _line_json(rec: linetrace.LineRecord, texts: list[str]) -> dict[str, Any]:
    text = texts[rec.line - 1] if 0 < rec.line <= len(texts) else ""
    return {
        "line": rec.line,
        "text": text.rstrip(),
        "tensors": {name: info.to_json() for name, info in rec.tensors.items()},
        "stdout": rec.stdout,
        "stderr": rec.stderr,
    }


def _error(kind: str, message: str, line: int | None) -> dict[str, Any]:
    """A run's error with every key the panel reads; shapes, hint and traceback filled in when known."""
    return {"type": kind, "message": message, "line": line, "shapes": None, "hint": None, "traceback": ""}


def _error_json(exc: BaseException, line: int | None, source: str, codes: list[CodeType]) -> dict[str, Any]:
    tb = linetrace.failing_frame(exc.__traceback__, codes)
    if tb is not None:
        line = tb.tb_lineno
    interrupted = isinstance(exc, KeyboardInterrupt)
    message = failure.worded("run.interrupted") if interrupted else failure.short_message(str(exc))
    error = _error(type(exc).__name__, message, line)
    text = message.lower()
    if isinstance(exc, MemoryError) or "out of memory" in text or "can't allocate memory" in text:
        error["hint"] = failure.worded("run.memory_hint")
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    elif "cuda" in text and isinstance(exc, RuntimeError):
        error["hint"] = failure.worded("run.cuda_hint")
    elif tb is not None and isinstance(exc, RuntimeError | ValueError | IndexError | TypeError) \
            and not isinstance(exc, RecursionError):  # a recursion has no operand shapes to explain
        error["shapes"] = shapes.explain(source, tb.tb_lineno, tb.tb_frame.f_globals, tb.tb_frame.f_locals)
        if error["shapes"]:
            error["message"] = f"{error['shapes']}\n{message}"
    frames = traceback.extract_tb(exc.__traceback__)
    names = {c.co_filename for c in codes}
    start = next((k for k, f in enumerate(frames) if f.filename in names), 0)
    error["traceback"] = failure.format_traceback(frames[start:], exc)  # head and tail of a deep stack
    return error


def _fix_details(notes: list[FixNote]) -> list[dict[str, Any]]:
    """The fixes as data next to the Korean ``fixes``: a UI in another language words the codes."""
    return [
        {
            "line": n.line,
            "message": n.message,
            "changes": [{"code": c.code, "args": list(c.args)} for c in n.changes],
        }
        for n in notes
    ]


def run_block(index: int, source: str | None = None, emit: bool = True) -> dict[str, Any]:
    """Run block ``index`` (or ``source``, the panel's edited text of it) and report every line."""
    started = time.perf_counter()
    block = _block(index)
    first = block.content_lines[0]
    raw = notecode.runnable_source(block.source if source is None else source)  # %%tab, doctest prompts off
    fixed, notes = fix_notes(raw, first)
    dedented = textwrap.dedent(fixed)
    padded = "\n" * (first - 1) + dedented  # compiled line numbers are note line numbers
    texts = padded.split("\n")
    filename = f"<note block {index}>"
    linecache.cache[filename] = (len(padded), None, padded.splitlines(True), filename)
    result: dict[str, Any] = {
        "index": index, "id": block.id, "first_line": block.first_line, "last_line": block.last_line,
        "lines": [], "error": None, "fixes": [str(n) for n in notes], "fix_details": _fix_details(notes),
        "bound": None, "model": None, "value": None,
    }

    def on_line(rec: linetrace.LineRecord) -> None:
        if emit and rec.hits == 1:
            rpc.emit({"event": "line", "block": index, **_line_json(rec, texts)})

    tracer: linetrace.LineTracer | None = None
    codes: list[CodeType] = []
    try:
        tree = ast.parse(padded, filename)
        code = compile(tree, filename, "exec")
        ns = notestate.STATE.namespace
        call: Callable[[], Any]
        if _is_method_block(tree):
            codes, call, result["bound"] = _prepare_bound(tree, code)
        else:
            codes, call = [code], lambda: exec(code, ns)
        tracer = linetrace.LineTracer(codes, on_line)
        value = tracer.run(call)
        if isinstance(value, torch.Tensor):
            result["value"] = linetrace.describe(value).to_json()
    except SyntaxError as exc:
        result["error"] = _error("SyntaxError", exc.msg, exc.lineno)
    except RunError as exc:
        result["error"] = _error("RunError", str(exc), exc.line)
    except BaseException as exc:  # the user's code may raise anything, KeyboardInterrupt included
        result["error"] = _error_json(exc, None, padded, codes)
    if tracer is not None:
        result["lines"] = [_line_json(rec, texts) for rec in tracer.ordered()]
    line = result["error"] and result["error"]["line"]
    if line and all(entry["line"] != line for entry in result["lines"]):
        result["lines"].append({"line": line, "text": texts[line - 1].rstrip() if line <= len(texts) else "",
                                "tensors": {}, "stdout": "", "stderr": ""})
        result["lines"].sort(key=lambda entry: entry["line"])
    changed = notestate.record_user_modules()
    result["model"] = None if changed is None else changed.describe()
    result["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _prepare_bound(
    tree: ast.Module, code: CodeType
) -> tuple[list[CodeType], Callable[[], Any], dict[str, Any]]:
    """Attach the block's methods to the note's class and call the model on the sample input."""
    ns = notestate.STATE.namespace
    first_def = tree.body[0].lineno
    cls = _note_class(first_def)
    defined: dict[str, Any] = {}
    exec(code, ns, defined)  # defines the functions only: ``def`` runs no body
    functions = {k: v for k, v in defined.items() if inspect.isfunction(v)}
    for name, fn in functions.items():
        setattr(cls, name, fn)
    model = _instantiate(cls)
    x, described = fitted_sample(model)
    codes = [fn.__code__ for fn in functions.values()]
    spec = notestate.STATE.input
    bound = {
        "class": cls.__name__, "object": "model", "device": notestate.STATE.device,
        "input": {"seed": spec.seed, "batch": spec.batch, "chosen": spec.kind, **described},
    }  # input: what x is, named ("token ids (1, 28) …"): kind, shape, dtype, code, args, text
    if "forward" in functions:
        call: Callable[[], Any] = lambda: model(x)  # noqa: E731  (through nn.Module.__call__: hooks apply)
    else:
        name, fn = list(functions.items())[-1]
        wanted = [p for p in list(inspect.signature(fn).parameters.values())[1:]
                  if p.default is inspect.Parameter.empty]
        if len(wanted) > 1:
            names = ", ".join(p.name for p in wanted)
            raise RunError(text("run.unknown_args", name=name, names=names), first_def)
        method = getattr(model, name)
        call = (lambda: method(x)) if wanted else method
    return codes, call, bound


@rpc.method("run.block")
def _rpc_run_block(index: int, source: str | None = None) -> dict[str, Any]:
    return run_block(int(index), source)


@rpc.method("run.all")
def run_all(emit: bool = True) -> dict[str, Any]:
    """Run every runnable block in note order; stop at the first error, like a notebook's Run All."""
    results = []
    for block in find_code_blocks(notestate.STATE.text):
        if not runnable(block):
            continue
        if emit:
            rpc.emit({"event": "block", "index": block.index})
        result = run_block(block.index, emit=emit)
        results.append(result)
        if result["error"]:
            break
    return {"note": notestate.STATE.path, "blocks": results}
