"""A tiny static evaluator for a note's code: the values of names, without running anything.

Why not ``exec``: a note is data, nothing in it runs until the user asks. Yet the model a note builds
is mostly written with plain values (``vocab_size, num_hiddens, num_layers = len(vocab), 256, 2``,
``hidden = int(h / 2)``, ``config["hidden"]``). This evaluator knows constants, names bound earlier in
the same scope, ``self.x`` attributes, tuples, lists and dicts, unary and binary arithmetic, comparisons
and a few pure builtins (``int``, ``float``, ``round``, ``min``, ``max``, ``abs``, ``len`` of a known
list). Anything else raises :class:`Unknown` with a code saying why (the caller turns it into an
assumption the user sees and can edit).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
BUILTINS: dict[str, Callable[..., Any]] = {
    "int": int,
    "float": float,
    "bool": bool,
    "round": round,
    "min": min,
    "max": max,
    "abs": abs,
    "len": len,
    "range": range,
}
MAX_POWER = 64  # ``2 ** 10000`` in a note must not hang the UI
NAMESPACES = frozenset({"SimpleNamespace", "Namespace", "dict", "EasyDict", "edict"})


class Record(dict[str, Any]):
    """A configuration object the note writes out: an instance of a dataclass-like class of the note,
    ``SimpleNamespace(hidden=128)`` or ``dict(hidden=128)``; read as ``cfg.hidden`` or ``cfg["hidden"]``."""


@dataclass(frozen=True)
class RecordClass:
    """A note's class with class-level fields and no ``__init__`` (``@dataclass class Config:``): calling
    it binds positional and keyword arguments to the fields in order; ``Config.hidden`` is the default."""

    name: str
    fields: tuple[tuple[str, Any], ...]  # (name, default value, an Unknown, or MISSING)

    def make(self, args: list[Any], kwargs: dict[str, Any]) -> Record:
        values = Record()
        names = [name for name, _ in self.fields]
        for name, value in zip(names, args, strict=False):
            values[name] = value
        for name, default in self.fields:
            if name in kwargs:
                values[name] = kwargs[name]
            elif name not in values and default is not MISSING:
                values[name] = default
        return values


MISSING = object()


class Unknown(Exception):
    """A value that only running the code could tell.

    ``code`` says why: ``"runtime"`` (a call such as ``len(vocab)`` of a value not in the note),
    ``"unknown-name"`` (a name the note's code never assigns), ``"lookup"`` (``config["hidden"]`` of a
    dict the note does not write out). ``text`` is the expression as written.
    """

    def __init__(self, text: str, code: str) -> None:
        super().__init__(text)
        self.text = text
        self.code = code


class Scope:
    """Names and ``self`` attributes bound so far; ``outer`` is read when a name is not bound here."""

    def __init__(self, names: dict[str, Any] | None = None, outer: Scope | None = None) -> None:
        self.names: dict[str, Any] = dict(names or {})
        self.attrs: dict[str, Any] = {}
        self.outer = outer
        # Names bound to what only running could tell (``n = len(vocab)``, a parameter without a default):
        # they shadow the outer names, and a use reports the original expression and why.
        self.unknown: dict[str, Unknown] = {}

    def lookup(self, name: str) -> Any:
        if name in self.names:
            return self.names[name]
        if name in self.unknown:
            exc = self.unknown[name]
            raise Unknown(exc.text, exc.code)
        if self.outer is not None:
            return self.outer.lookup(name)
        raise Unknown(name, "unknown-name")

    def eval(self, node: ast.expr) -> Any:
        """The value of ``node``, or :class:`Unknown`."""
        try:
            return self._eval(node)
        except Unknown as exc:
            if isinstance(node, ast.Name | ast.Attribute) or exc.code == "parameter":
                raise
            # ``len(vocab)``: the whole expression is what only running could tell
            raise Unknown(ast.unparse(node), "lookup" if exc.code == "lookup" else "runtime") from None
        except (ArithmeticError, TypeError, ValueError, IndexError, KeyError, OverflowError):
            raise Unknown(ast.unparse(node), "runtime") from None

    def _eval(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                if node.attr in self.attrs:
                    return self.attrs[node.attr]
                return self.lookup("self." + node.attr)
            return self._field(self._eval(node.value), node.attr, node)
        if isinstance(node, ast.Tuple | ast.List):
            return tuple(self._eval(element) for element in node.elts)
        if isinstance(node, ast.Dict):
            return {
                self._eval(key): self._eval(value)
                for key, value in zip(node.keys, node.values, strict=True)
                if key is not None
            }
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand)
            if isinstance(node.op, ast.USub):
                return -operand
            if isinstance(node.op, ast.UAdd):
                return +operand
            if isinstance(node.op, ast.Not):
                return not operand
        if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
            left, right = self._eval(node.left), self._eval(node.right)
            if isinstance(node.op, ast.Pow) and isinstance(right, int | float) and abs(right) > MAX_POWER:
                raise Unknown(ast.unparse(node), "runtime")
            return BINARY[type(node.op)](left, right)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARE:
            return COMPARE[type(node.ops[0])](self._eval(node.left), self._eval(node.comparators[0]))
        if isinstance(node, ast.IfExp):
            return self._eval(node.body) if self._eval(node.test) else self._eval(node.orelse)
        if isinstance(node, ast.Subscript):
            container = self._subscript_base(node)
            return container[self._eval(node.slice)]
        if isinstance(node, ast.Call) and _callee(node.func) in NAMESPACES and not node.args:
            return Record({k.arg: self._eval(k.value) for k in node.keywords if k.arg is not None})
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in BUILTINS:
            made = self._eval(node.func)
            if isinstance(made, RecordClass) and not any(isinstance(a, ast.Starred) for a in node.args):
                args = [self._eval(arg) for arg in node.args]
                return made.make(args, {k.arg: self._eval(k.value) for k in node.keywords if k.arg})
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in BUILTINS:
            if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
                raise Unknown(ast.unparse(node), "runtime")
            values = [self._eval(arg) for arg in node.args]
            return BUILTINS[node.func.id](*values)
        raise Unknown(ast.unparse(node), "runtime")

    @staticmethod
    def _field(base: Any, attr: str, node: ast.expr) -> Any:
        """``cfg.hidden`` of a :class:`Record` or ``Config.hidden`` of a :class:`RecordClass`."""
        if isinstance(base, Record) and attr in base:
            value = base[attr]
        elif isinstance(base, RecordClass) and attr in dict(base.fields):
            value = dict(base.fields)[attr]
        else:
            raise Unknown(ast.unparse(node), "runtime")
        if isinstance(value, Unknown):
            raise Unknown(value.text, value.code)
        if value is MISSING:
            raise Unknown(ast.unparse(node), "runtime")
        return value

    def _subscript_base(self, node: ast.Subscript) -> Any:
        try:
            return self._eval(node.value)
        except Unknown as exc:
            raise Unknown(ast.unparse(node), "lookup") from exc

    def unset(self, name: str, code: str, text: str | None = None) -> None:
        """Bind ``name`` to a value nobody can know here (a parameter without a default)."""
        self.names.pop(name, None)
        self.unknown[name] = Unknown(text or name, code)

    def assign(
        self, target: ast.expr, value: ast.expr | None, known: Any = None, *, has: bool = False
    ) -> None:
        """Bind ``target`` to ``value`` (or to ``known`` when ``has``); an unknown value unbinds the name
        so that a later use is not read from a stale earlier value."""
        if (
            not has
            and isinstance(target, ast.Tuple | ast.List)
            and isinstance(value, ast.Tuple | ast.List)
            and len(target.elts) == len(value.elts)
        ):
            for sub_target, sub_value in zip(target.elts, value.elts, strict=True):
                self.assign(sub_target, sub_value)
            return
        if has:
            result, ok = known, True
        else:
            assert value is not None
            try:
                result, ok = self.eval(value), True
            except Unknown as exc:
                result, ok = exc, False
        if isinstance(target, ast.Tuple | ast.List):
            if ok and isinstance(result, tuple | list) and len(result) == len(target.elts):
                for sub_target, item in zip(target.elts, result, strict=True):
                    self.assign(sub_target, None, item, has=True)
            else:
                for sub_target in target.elts:
                    self._bind(sub_target, result, ok)
            return
        self._bind(target, result, ok)

    def _bind(self, target: ast.expr, result: Any, ok: bool) -> None:
        if isinstance(target, ast.Name):
            if ok:
                self.names[target.id] = result
                self.unknown.pop(target.id, None)
            else:
                self.names.pop(target.id, None)
                self.unknown[target.id] = result
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
        ):
            if ok:
                self.attrs[target.attr] = result
                self.unknown.pop("self." + target.attr, None)
            else:
                self.attrs.pop(target.attr, None)
                self.unknown["self." + target.attr] = result


def _callee(func: ast.expr) -> str:
    """``SimpleNamespace`` for ``SimpleNamespace``, ``types.SimpleNamespace`` and ``argparse.Namespace``."""
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""
