"""Shape errors that name their operands, the way TensorSensor does.

PyTorch says ``mat1 and mat2 shapes cannot be multiplied (28x28 and 256x28)``: true, but it does not say
*which* expressions of the user's line those are. When a line fails with a RuntimeError, we re-evaluate
the line's sub-expressions bottom-up in the same namespace (the failing frame's globals and locals); the
first operation that raises is the culprit, and its already evaluated operands give the shapes:

    matmul: x (1, 28, 28) @ W (256, 28): inner dims 28 ≠ 256

Re-evaluation repeats calls on the line (as TensorSensor does), so it runs only after an error and only
for the failing statement. Anything it cannot explain returns None and the plain message stands.
"""

from __future__ import annotations

import ast
import math
from typing import Any

import torch

from app.i18n import messages, text

messages({
    "shapes.state": ("; 상태 {state}", "; state {state}"),
    "shapes.expected": (" (기대: {expect})", " (expected: {expect})"),
    "shapes.elements": ("({n}개 원소)", "({n} elements)"),
    "shapes.indivisible": (": 원소 {n}개를 {k}개씩 나눌 수 없음",
                           ": {n} elements can't be split into groups of {k}"),
    "shapes.count": (": 원소 수 {n} ≠ {k}", ": {n} elements ≠ {k}"),
})

MATMUL_NAMES = {"matmul", "mm", "bmm", "mv", "dot"}
CAT_NAMES = {"cat", "concat", "concatenate", "stack", "hstack", "vstack"}
VIEW_NAMES = {"view", "reshape"}
OP_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**"}


class _Failed(Exception):
    """The sub-expression that raised, with its evaluated operands."""

    def __init__(self, node: ast.AST, operands: list[tuple[str, Any]], error: BaseException):
        super().__init__(str(error))
        self.node = node
        self.operands = operands
        self.error = error


def _shape(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return str(tuple(int(s) for s in value.shape))
    if isinstance(value, list | tuple) and value and all(isinstance(v, torch.Tensor) for v in value):
        return "[" + ", ".join(_shape(v) for v in value) + "]"
    return repr(value) if isinstance(value, int | float | list | tuple) else type(value).__name__


class _Evaluator:
    def __init__(self, source: str, glb: dict[str, Any], loc: dict[str, Any]):
        self.source = source
        self.glb = glb
        self.loc = loc

    def text(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ast.unparse(node)

    def _eval_node(self, node: ast.expr) -> Any:
        code = compile(ast.Expression(body=node), "<shape-check>", "eval")
        return eval(code, self.glb, self.loc)

    def eval(self, node: ast.expr) -> Any:
        """Evaluate children first; the first node that raises becomes a :class:`_Failed`."""
        operands: list[tuple[str, Any]] = []
        children: list[ast.expr] = []
        if isinstance(node, ast.BinOp):
            children = [node.left, node.right]
        elif isinstance(node, ast.Call):
            children = [*node.args, *(k.value for k in node.keywords)]
            if isinstance(node.func, ast.Attribute):
                children.insert(0, node.func.value)
        elif isinstance(node, ast.Attribute | ast.Subscript):
            children = [node.value]
        elif isinstance(node, ast.Tuple | ast.List):
            children = list(node.elts)
        for child in children:
            if isinstance(child, ast.Starred):
                continue
            operands.append((self.text(child), self.eval(child)))
        try:
            return self._eval_node(node)
        except _Failed:
            raise
        except Exception as exc:
            raise _Failed(node, operands, exc) from None


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _tensors(operands: list[tuple[str, Any]]) -> list[tuple[str, torch.Tensor]]:
    return [(name, v) for name, v in operands if isinstance(v, torch.Tensor)]


def _matmul(a: tuple[str, torch.Tensor], b: tuple[str, torch.Tensor]) -> str:
    (an, at), (bn, bt) = a, b
    inner_a = at.shape[-1] if at.dim() else None
    inner_b = bt.shape[-2] if bt.dim() >= 2 else (bt.shape[0] if bt.dim() == 1 else None)
    msg = f"matmul: {an} {_shape(at)} @ {bn} {_shape(bt)}"
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        msg += f": inner dims {inner_a} ≠ {inner_b}"
    return msg


def _module_call(name: str, module: Any, operands: list[tuple[str, Any]]) -> str | None:
    tensors = _tensors(operands)
    if isinstance(module, torch.nn.Linear) and tensors:
        xn, xt = tensors[0]
        msg = f"linear: {name}(in_features={module.in_features}) ← {xn} {_shape(xt)}"
        if xt.dim() and xt.shape[-1] != module.in_features:
            msg += f": last dim {xt.shape[-1]} ≠ in_features {module.in_features}"
        return msg
    if isinstance(module, torch.nn.RNNBase) and tensors:
        xn, xt = tensors[0]
        expect = "(N, L, H_in)" if module.batch_first else "(L, N, H_in)"
        msg = f"{type(module).__name__.lower()}: {name}(input_size={module.input_size}) ← {xn} {_shape(xt)}"
        if xt.dim() and xt.shape[-1] != module.input_size:
            msg += f": last dim {xt.shape[-1]} ≠ input_size {module.input_size}"
        state = [f"{n} {_shape(t)}" for n, t in tensors[1:]]
        if state:
            msg += text("shapes.state", state=", ".join(state))
        return msg + text("shapes.expected", expect=expect)
    if isinstance(module, torch.nn.Module) and tensors:
        return f"{type(module).__name__}: {name} ← " + ", ".join(f"{n} {_shape(t)}" for n, t in tensors)
    return None


def _view(node: ast.Call, operands: list[tuple[str, Any]]) -> str | None:
    if not operands or not isinstance(operands[0][1], torch.Tensor):
        return None
    name, t = operands[0]
    dims: list[Any] = []
    for _, value in operands[1:]:
        dims.extend(value if isinstance(value, list | tuple | torch.Size) else [value])
    numel = t.numel()
    msg = f"{_callee(node)}: {name} {_shape(t)} " + text("shapes.elements", n=numel) + f" → {list(dims)}"
    known = [d for d in dims if isinstance(d, int) and d != -1]
    prod = math.prod(known) if known else 1
    if -1 in dims and prod and numel % prod:
        msg += text("shapes.indivisible", n=numel, k=prod)
    elif -1 not in dims and prod != numel:
        msg += text("shapes.count", n=numel, k=prod)
    return msg


def _describe(failed: _Failed, evaluator: _Evaluator) -> str | None:
    node, operands = failed.node, failed.operands
    tensors = _tensors(operands)
    if isinstance(node, ast.BinOp) and len(operands) == 2:
        if isinstance(node.op, ast.MatMult) and len(tensors) == 2:
            return _matmul(tensors[0], tensors[1])
        symbol = OP_SYMBOLS.get(type(node.op))
        if symbol and len(tensors) == 2:
            (an, at), (bn, bt) = tensors
            msg = f"broadcast: {an} {_shape(at)} {symbol} {bn} {_shape(bt)}"
            for k in range(1, min(at.dim(), bt.dim()) + 1):
                da, db = at.shape[-k], bt.shape[-k]
                if da != db and 1 not in (da, db):
                    return msg + f": dim -{k}: {da} vs {db}"
            return msg
    if isinstance(node, ast.Call):
        callee = _callee(node)
        is_method = isinstance(node.func, ast.Attribute)
        args = operands  # for a method call the receiver comes first
        if callee in MATMUL_NAMES and len(tensors) >= 2:
            return _matmul(tensors[0], tensors[1])
        if callee == "linear" and len(tensors) >= 2:
            (xn, xt), (wn, wt) = tensors[:2]
            msg = f"linear: {xn} {_shape(xt)} @ {wn}ᵀ {_shape(wt)}"
            if xt.dim() and wt.dim() == 2 and xt.shape[-1] != wt.shape[1]:
                msg += f": inner dims {xt.shape[-1]} ≠ {wt.shape[1]}"
            return msg
        if callee in CAT_NAMES:
            seq = [(n, v) for n, v in args if isinstance(v, list | tuple)]
            parts = seq[0][1] if seq else []
            shapes = ", ".join(_shape(t) for t in parts if isinstance(t, torch.Tensor))
            elts = getattr(node.args[0], "elts", None) if node.args else None
            if elts is not None and len(elts) == len(parts):
                pairs = zip(elts, parts, strict=True)
                shapes = ", ".join(f"{evaluator.text(e)} {_shape(t)}" for e, t in pairs)
            dim = next((v for n, v in args if isinstance(v, int)), 0)
            return f"{callee}(dim={dim}): {shapes}"
        if callee in VIEW_NAMES and is_method:
            return _view(node, args)
        try:
            target = evaluator._eval_node(node.func)
        except Exception:
            target = None
        if isinstance(target, torch.nn.Module):
            found = _module_call(evaluator.text(node.func), target, operands[1:] if is_method else operands)
            if found:
                return found
    if tensors:
        return f"{evaluator.text(node)}: " + ", ".join(f"{n} {_shape(t)}" for n, t in tensors)
    return None


def _statement_at(source: str, line: int) -> ast.stmt | None:
    """The innermost simple statement of ``source`` that covers ``line``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    best: ast.stmt | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef | ast.ClassDef):
            end = node.end_lineno or node.lineno
            if node.lineno <= line <= end and (best is None or node.lineno >= best.lineno):
                best = node
    return best


def explain(source: str, line: int, glb: dict[str, Any], loc: dict[str, Any]) -> str | None:
    """Name the operand shapes of the failing operation on ``line`` of ``source`` (None if unknown)."""
    stmt = _statement_at(source, line)
    if stmt is None:
        return None
    roots: list[ast.expr] = []
    if isinstance(stmt, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Expr | ast.Return):
        value = getattr(stmt, "value", None)
        if value is not None:
            roots.append(value)
    if not roots:
        return None
    evaluator = _Evaluator(source, glb, loc)
    for root in roots:
        try:
            evaluator.eval(root)
        except _Failed as failed:
            if not isinstance(failed.error, RuntimeError | ValueError | IndexError | TypeError):
                return None
            try:
                return _describe(failed, evaluator)
            except Exception:
                return None
        except Exception:
            return None
    return None
