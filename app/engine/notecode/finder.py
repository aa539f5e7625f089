"""Every recurrent module a note's code builds, read as one module scope in note order, without running it.

Study notes spread a model over blocks: hyperparameters in one (``vocab_size, num_hiddens, num_layers =
len(vocab), 256, 2``), a class in the next, an instantiation (``model = Net(input_size, 64,
num_layers=2)``) in a third. Python would run them in note order in one namespace (the note's kernel
does exactly that), so the finder reads them the same way:

- module-level statements bind names (``app.engine.notecode.scope``): tuple and chained assignments,
  arithmetic, ``int(h / 2)``; an ``if``/``with``/``for`` body is read in place;
- a class is read when it is instantiated: the instantiation's positional and keyword arguments are bound
  to ``__init__``'s signature, defaults fill the rest; parameters shadow module-level names (Python's
  rule), so a module-level ``hidden_size`` never fills a parameter of the same name; a class built inside
  another class (``self.encoder = Encoder(vocab, 256)``) is bound the same way; a class never
  instantiated is read with its defaults; a class instantiated with different arguments more than once
  (``enc = Seq(10, 32)``, ``dec = Seq(32, 10)``) is read once per instantiation, and each of its modules is
  then named by the instance (``enc.rnn``) and placed at the instantiation's line (so its section is the
  one that builds that instance); the same arguments twice (a model rebuilt in a training block) are one;
- every ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` / ``nn.LSTMCell`` / ``nn.GRUCell`` / ``nn.RNNCell``
  (also ``torch.nn.…`` and names imported from ``torch.nn``) becomes a :class:`FoundModule` with its note
  line, owner (``Encoder.rnn``) and configuration;
- an argument the note cannot tell (``len(vocab)``, ``config["hidden"]``, a parameter with no default
  and no instantiation) becomes an *assumption*: a stated value, with the reason as a coded message, so
  that the panel shows it as assumed and lets the user edit it. Everything the note does state is kept.

Torch-free: the UI imports this package.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from app.engine.config import RecurrentConfig
from app.engine.notecode.extract import NoteCode
from app.engine.notecode.scope import MISSING, RecordClass, Scope, Unknown
from app.i18n import messages, text

# Positional order of each constructor's arguments (torch 2.x signatures).
POSITIONAL: dict[str, tuple[str, ...]] = {
    "lstm": (
        "input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional",
        "proj_size",
    ),
    "gru": ("input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional"),
    "rnn": (
        "input_size", "hidden_size", "num_layers", "nonlinearity", "bias", "batch_first", "dropout",
        "bidirectional",
    ),
    "lstm_cell": ("input_size", "hidden_size", "bias"),
    "gru_cell": ("input_size", "hidden_size", "bias"),
    "rnn_cell": ("input_size", "hidden_size", "bias", "nonlinearity"),
    "linear": ("in_features", "out_features", "bias"),
    "embedding": ("num_embeddings", "embedding_dim"),
}  # fmt: skip
CLASSES = {
    "LSTM": "lstm", "GRU": "gru", "RNN": "rnn", "LSTMCell": "lstm_cell", "GRUCell": "gru_cell",
    "RNNCell": "rnn_cell", "Linear": "linear", "Embedding": "embedding",
}  # fmt: skip
RECURRENT = frozenset({"lstm", "gru", "rnn", "lstm_cell", "gru_cell", "rnn_cell"})
TYPES: dict[str, type | tuple[type, ...]] = {
    "input_size": int,
    "hidden_size": int,
    "num_layers": int,
    "proj_size": int,
    "in_features": int,
    "out_features": int,
    "num_embeddings": int,
    "embedding_dim": int,
    "bias": bool,
    "batch_first": bool,
    "bidirectional": bool,
    "dropout": (int, float),
    "nonlinearity": str,
}
# The values a stated size may take; outside, the field is assumed (a 10**9-wide LSTM must not be built).
LIMITS: dict[str, tuple[float, float]] = {
    "input_size": (1, 65536),
    "hidden_size": (1, 65536),
    "num_layers": (1, 64),
    "proj_size": (0, 65536),
    "dropout": (0.0, 0.999),
}
# What an assumed field is set to: small sizes whose numbers fit on screen (PyTorch's defaults elsewhere).
ASSUMED_VALUES: dict[str, Any] = {
    "input_size": 8,
    "hidden_size": 16,
    "num_layers": 1,
    "bias": True,
    "batch_first": False,
    "dropout": 0.0,
    "bidirectional": False,
    "proj_size": 0,
    "nonlinearity": "tanh",
}

messages(
    {
        "notecode.assumed.runtime": (
            "{expr}: 코드를 실행해야 알 수 있는 값이라 {value}(으)로 가정합니다",
            "{expr}: only running the code can tell, so {value} is assumed",
        ),
        "notecode.assumed.lookup": (
            "{expr}: 노트에 적혀 있지 않은 값을 찾는 식이라 {value}(으)로 가정합니다",
            "{expr}: looks up a value the note does not write out, so {value} is assumed",
        ),
        "notecode.assumed.unknown-name": (
            "{expr}: 노트의 코드가 정하지 않은 이름이라 {value}(으)로 가정합니다",
            "{expr}: the note's code never sets this name, so {value} is assumed",
        ),
        "notecode.assumed.parameter": (
            "{expr}: 기본값이 없고 클래스를 만드는 코드도 없는 매개변수라 {value}(으)로 가정합니다",
            "{expr}: a parameter with no default, and the class is never instantiated, so {value} is assumed",
        ),
        "notecode.assumed.missing": (
            "{expr}가 적혀 있지 않아 {value}(으)로 가정합니다",
            "{expr} is not given, so {value} is assumed",
        ),
        "notecode.assumed.conflict": (
            "{expr}: 다른 설정과 함께 PyTorch가 받지 않는 값이라 {value}(으)로 가정합니다",
            "{expr}: PyTorch rejects it with the other options, so {value} is assumed",
        ),
        "notecode.assumed.type": (
            "{expr}: {field}에 맞지 않는 값이라 {value}(으)로 가정합니다",
            "{expr}: not a valid {field}, so {value} is assumed",
        ),
    }
)


@dataclass(frozen=True)
class Assumption:
    """A configuration field the note does not tell: the value used, and why (a coded message)."""

    field: str
    value: Any
    code: str  # "notecode.assumed.runtime" …
    expr: str  # the expression as written ("len(vocab)"), or the field name when nothing is written

    @property
    def reason(self) -> str:
        return text(self.code, expr=self.expr, value=self.value, field=self.field)


@dataclass(frozen=True)
class LinearSpec:
    """An ``nn.Linear`` built next to the recurrent module (the seed's ``self.lin``)."""

    in_features: int
    out_features: int
    attribute: str | None
    line: int


@dataclass(frozen=True)
class FoundModule:
    """One recurrent module built by the note's code."""

    kind: str  # "lstm" | "gru" | "rnn" | "lstm_cell" | "gru_cell" | "rnn_cell"
    config: RecurrentConfig
    line: int  # the note line of the constructor call
    class_name: str | None  # the nn.Module subclass that builds it ("Encoder"), None at module level
    attribute: str | None  # "rnn" for ``self.rnn = nn.LSTM(…)``, "lstm" for ``lstm = nn.LSTM(…)``
    source: str  # the constructor call as written
    piece: NoteCode
    assumptions: tuple[Assumption, ...] = ()
    linears: tuple[LinearSpec, ...] = ()
    first_layer: str | None = None  # "embedding" | "conv2d" | … : what the owning class builds first
    instance: str | None = None  # "enc" / "Seq2Seq.decoder": one of several instantiations of its class
    instance_line: int | None = None  # the note line of that instantiation

    @property
    def owner(self) -> str:
        """``Encoder.rnn``, ``enc.rnn`` (one of several instances), ``rnn`` or ``Encoder`` (a module built
        without a name)."""
        if self.instance:
            return f"{self.instance}.{self.attribute}" if self.attribute else self.instance
        if self.class_name and self.attribute:
            return f"{self.class_name}.{self.attribute}"
        return self.class_name or self.attribute or self.config.class_name


@dataclass
class _Class:
    node: ast.ClassDef
    piece: NoteCode
    module_scope: Scope  # the module-level names when the class was defined
    bindings: list[dict[str, Any]] = field(default_factory=list)  # one per instantiation: param → value
    sites: list[tuple[int, str | None]] = field(default_factory=list)  # per binding: (note line, "enc")


def _dotted(node: ast.expr) -> str:
    """``torch.nn`` for a chain of names and attributes ("" for anything else); cheaper than unparse."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def _constructor_kind(func: ast.expr, bare: dict[str, str]) -> str | None:
    """ "lstm" for nn.LSTM / torch.nn.LSTM / a name imported from torch.nn (None for anything else)."""
    if isinstance(func, ast.Attribute) and func.attr in CLASSES:
        base = _dotted(func.value)
        if base in ("nn", "torch.nn") or base.endswith(".nn"):
            return CLASSES[func.attr]
    if isinstance(func, ast.Name) and func.id in bare:
        return bare[func.id]
    return None


def imported_names(trees: list[ast.Module]) -> dict[str, str]:
    """Names bound by ``from torch.nn import LSTM as L`` → their kind."""
    names = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "torch.nn":
                for alias in node.names:
                    if alias.name in CLASSES:
                        names[alias.asname or alias.name] = CLASSES[alias.name]
    return names


def _first_layer(node: ast.ClassDef, bare: dict[str, str]) -> str | None:
    """What ``__init__`` builds first among nn layers: "embedding", "conv2d", "lstm", "linear" …"""
    for statement in ast.walk(node):
        if isinstance(statement, ast.Call) and isinstance(statement.func, ast.Attribute | ast.Name):
            name = statement.func.attr if isinstance(statement.func, ast.Attribute) else statement.func.id
            base = _dotted(statement.func.value) if isinstance(statement.func, ast.Attribute) else ""
            if base in ("nn", "torch.nn") or base.endswith(".nn") or name in bare:
                return CLASSES.get(name, name.lower())
    return None


class Finder:
    """Reads the pieces in order (call :meth:`read` once per piece), then :meth:`modules`."""

    def __init__(self, bare: dict[str, str]) -> None:
        self.bare = bare
        self.scope = Scope()
        self.classes: dict[str, list[_Class]] = {}
        self.found: list[FoundModule] = []
        self._linears: list[tuple[LinearSpec, str | None, int]] = []  # (spec, class name, piece's line)
        self._piece: NoteCode | None = None
        self._instance: str | None = None  # the instance of the class being read, when it has several

    # -- module level ------------------------------------------------------------------------------
    def read(self, piece: NoteCode, tree: ast.Module) -> None:
        self._piece = piece
        self._statements(tree.body, self.scope, None)

    def _statements(self, body: list[ast.stmt], scope: Scope, class_name: str | None) -> None:
        for node in body:
            self._statement(node, scope, class_name)

    def _statement(self, node: ast.stmt, scope: Scope, class_name: str | None) -> None:
        assert self._piece is not None
        if isinstance(node, ast.ClassDef):
            if class_name is None:
                info = _Class(node, self._piece, _snapshot(scope))
                self.classes.setdefault(node.name, []).append(info)
                record = _record_class(node, scope)
                if record is not None:  # ``@dataclass class Config: hidden: int = 128``
                    scope.names[node.name] = record
                    scope.unknown.pop(node.name, None)
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if class_name is None:  # ``def build(): return nn.LSTM(…)``: read with its defaults
                self._function(node, scope, None, None)
            return
        if isinstance(node, ast.Assign):
            self._calls(node.value, node.targets[0], scope, class_name)
            for target in node.targets:
                scope.assign(target, node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._calls(node.value, node.target, scope, class_name)
            scope.assign(node.target, node.value)
        elif isinstance(node, ast.AugAssign):
            as_binop = ast.BinOp(left=_load(node.target), op=node.op, right=node.value)
            scope.assign(node.target, as_binop)
        elif isinstance(node, ast.Expr | ast.Return) and node.value is not None:
            self._calls(node.value, None, scope, class_name)
        elif isinstance(node, ast.If | ast.With | ast.AsyncWith | ast.For | ast.While | ast.Try):
            if isinstance(node, ast.For):
                scope.assign(node.target, ast.Name("__loop__", ast.Load()))
            for part in ("body", "orelse", "finalbody"):
                self._statements(getattr(node, part, []) or [], scope, class_name)
            for handler in getattr(node, "handlers", []) or []:
                self._statements(handler.body, scope, class_name)

    def _calls(self, value: ast.expr, target: ast.expr | None, scope: Scope, class_name: str | None) -> None:
        assert self._piece is not None
        for node, where in _calls_in(value, scope):
            kind = _constructor_kind(node.func, self.bare)
            name = _target_name(target)  # nested (nn.Sequential(…), a ModuleList) keeps its holder's name
            if kind is None:
                if isinstance(node.func, ast.Name) and node.func.id in self.classes:
                    holder = self._instance or class_name  # "Seq2Seq" for ``self.encoder = Encoder(…)``
                    path = name if holder is None or name is None else f"{holder}.{name}"
                    site = (self._piece.note_line(node.lineno), path)
                    self._instantiate(self.classes[node.func.id][-1], node, where, site)
                continue
            line = self._piece.note_line(node.lineno)
            if kind == "linear":
                args, _ = _arguments(kind, node, where)
                if "in_features" in args and "out_features" in args:
                    spec = LinearSpec(args["in_features"], args["out_features"], name, line)
                    self._linears.append((spec, class_name, self._piece.first_line))
                continue
            if kind not in RECURRENT:
                continue
            args, assumptions = _arguments(kind, node, where)
            config = _config(kind, args, assumptions)
            if config is None:
                continue
            self.found.append(
                FoundModule(
                    kind, config, line, class_name, name, ast.unparse(node), self._piece, tuple(assumptions)
                )
            )

    def _instantiate(self, info: _Class, call: ast.Call, scope: Scope, site: tuple[int, str | None]) -> None:
        """Bind an instantiation's arguments to ``__init__``'s parameters (values or Unknown)."""
        init = _init_of(info.node)
        if init is None:
            return
        params = [a.arg for a in init.args.posonlyargs + init.args.args][1:]  # without self
        binding: dict[str, Any] = {}
        for name, arg in zip(params, call.args, strict=False):
            if isinstance(arg, ast.Starred):
                break
            binding[name] = _value_or_unknown(scope, arg)
        kwonly = [a.arg for a in init.args.kwonlyargs]
        for keyword in call.keywords:
            if keyword.arg in params or keyword.arg in kwonly:
                binding[keyword.arg] = _value_or_unknown(scope, keyword.value)
        info.bindings.append(binding)
        info.sites.append(site)

    # -- classes -----------------------------------------------------------------------------------
    def finish(self) -> None:
        """Read every class: with its first instantiation's arguments, else with its defaults."""
        done: set[int] = set()
        for _ in range(2):  # a class built inside another one is bound once that one has been read
            for name, infos in self.classes.items():
                for info in infos:
                    if id(info) in done or (not info.bindings and self._instantiated_later(name)):
                        continue
                    done.add(id(info))
                    self._read_class(info)
        for infos in self.classes.values():
            for info in infos:
                if id(info) not in done:
                    self._read_class(info)

    def _instantiated_later(self, name: str) -> bool:
        """Whether some class's ``__init__`` builds ``name`` (then wait for that binding)."""
        for infos in self.classes.values():
            for info in infos:
                if info.node.name == name:
                    continue
                for node in ast.walk(info.node):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id == name
                    ):
                        return True
        return False

    def _read_class(self, info: _Class) -> None:
        """Read the class once, or once per instantiation when they pass different arguments."""
        distinct: dict[tuple[tuple[str, str], ...], int] = {}  # binding's key -> its first index
        for k, binding in enumerate(info.bindings):
            distinct.setdefault(_binding_key(binding), k)
        if len(distinct) < 2:
            self._read_bound(info, info.bindings[0] if info.bindings else {}, None)
            return
        for k in distinct.values():
            line, path = info.sites[k]
            start = len(self.found)
            self._read_bound(info, info.bindings[k], path)
            self.found[start:] = [
                dataclasses.replace(m, instance=m.instance or path, instance_line=m.instance_line or line)
                for m in self.found[start:]
            ]

    def _read_bound(self, info: _Class, binding: dict[str, Any], instance: str | None) -> None:
        self._piece = info.piece
        self._instance = instance
        init = _init_of(info.node)
        carried = Scope()  # __init__'s ``self.x``, read by the other methods
        methods = [n for n in info.node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        methods.sort(key=lambda n: n is not init)
        for method in methods:
            scope = self._function(
                method, self.scope, info.node.name, binding if method is init else None, carried
            )
            if method is init:
                carried.attrs = dict(scope.attrs)
                carried.unknown = {k: v for k, v in scope.unknown.items() if k.startswith("self.")}
        self._instance = None

    def _function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        outer: Scope,
        class_name: str | None,
        binding: dict[str, Any] | None,
        carried: Scope | None = None,
    ) -> Scope:
        scope = Scope(outer=outer)
        if carried is not None:
            scope.attrs.update(carried.attrs)
            scope.unknown.update(carried.unknown)
        args = node.args.posonlyargs + node.args.args
        defaults = dict(
            zip([a.arg for a in args[len(args) - len(node.args.defaults) :]], node.args.defaults, strict=True)
        )
        for arg, kw_default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
            if kw_default is not None:
                defaults[arg.arg] = kw_default
        params = [a.arg for a in args + node.args.kwonlyargs]
        if class_name is not None and params and params[0] == "self":
            params = params[1:]
        for name in params:
            if binding is not None and name in binding:
                value = binding[name]
                if isinstance(value, Unknown):
                    scope.unknown[name] = value
                else:
                    scope.names[name] = value
            elif name in defaults:
                try:
                    scope.names[name] = outer.eval(defaults[name])
                except Unknown as exc:
                    scope.unknown[name] = exc
            else:
                scope.unset(name, "parameter")
        for extra in (node.args.vararg, node.args.kwarg):
            if extra is not None:
                scope.unset(extra.arg, "runtime")
        self._statements(node.body, scope, class_name)
        return scope

    # -- result ------------------------------------------------------------------------------------
    def modules(self) -> list[FoundModule]:
        out = []
        for module in self.found:
            later = tuple(
                spec
                for spec, owner, piece in self._linears
                if spec.line >= module.line
                and owner == module.class_name
                and piece == module.piece.first_line
            )
            first = None
            if module.class_name:
                infos = self.classes.get(module.class_name, [])
                first = _first_layer(infos[0].node, self.bare) if infos else None
            out.append(dataclasses.replace(module, linears=later, first_layer=first))
        return sorted(out, key=lambda m: m.instance_line or m.line)  # stable: instances in binding order


def _calls_in(value: ast.expr, scope: Scope) -> list[tuple[ast.Call, Scope]]:
    """Every call inside ``value`` with the scope to read it in: a comprehension's loop variable is bound
    to the first element of its iterable (``[nn.LSTMCell(n_in if k == 0 else n_hid, n_hid) for k in
    range(depth)]`` is read for k = 0, the layer whose input is the model's input)."""
    out: list[tuple[ast.Call, Scope]] = []
    pending: list[tuple[ast.AST, Scope]] = [(value, scope)]
    while pending:
        node, where = pending.pop()
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp | ast.DictComp):
            inner = Scope(outer=where)
            for generator in node.generators:
                try:
                    first = next(iter(inner.eval(generator.iter)))
                    inner.assign(generator.target, None, first, has=True)
                except (Unknown, StopIteration, TypeError):
                    inner.assign(generator.target, ast.Name("__loop__", ast.Load()))
            parts: list[ast.AST] = (
                [node.elt] if not isinstance(node, ast.DictComp) else [node.key, node.value]
            )
            pending += [(part, inner) for part in parts]
            continue
        if isinstance(node, ast.Call):
            out.append((node, where))
        pending += [(child, where) for child in ast.iter_child_nodes(node)]
    return sorted(out, key=lambda item: (item[0].lineno, item[0].col_offset))


def _record_class(node: ast.ClassDef, scope: Scope) -> RecordClass | None:
    """A class with class-level fields and no ``__init__``: a configuration record (else None)."""
    if _init_of(node) is not None:
        return None
    fields: list[tuple[str, Any]] = []
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            default = MISSING if statement.value is None else _value_or_unknown(scope, statement.value)
            fields.append((statement.target.id, default))
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    fields.append((target.id, _value_or_unknown(scope, statement.value)))
    return RecordClass(node.name, tuple(fields)) if fields else None


def _binding_key(binding: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """What tells two instantiations apart: their bound values (an unknown one by its text)."""
    return tuple(
        sorted((name, f"?{v.text}" if isinstance(v, Unknown) else repr(v)) for name, v in binding.items())
    )


def _snapshot(scope: Scope) -> Scope:
    copied = Scope(copy.copy(scope.names), scope.outer)
    copied.unknown = dict(scope.unknown)
    copied.attrs = dict(scope.attrs)
    return copied


def _load(target: ast.expr) -> ast.expr:
    loaded = copy.copy(target)
    loaded.ctx = ast.Load()  # type: ignore[attr-defined]
    return loaded


def _init_of(node: ast.ClassDef) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for statement in node.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef) and statement.name == "__init__":
            return statement
    return None


def _value_or_unknown(scope: Scope, node: ast.expr) -> Any:
    try:
        return scope.eval(node)
    except Unknown as exc:
        return exc


def _target_name(target: ast.expr | None) -> str | None:
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Name):
        return target.id
    return None


def _fits(name: str, value: Any) -> Any:
    """``value`` as the type ``name`` needs (an integral float becomes an int), or raises TypeError."""
    wanted = TYPES[name]
    if wanted is int and isinstance(value, float) and value.is_integer():
        value = int(value)
    if wanted is bool and isinstance(value, int) and value in (0, 1):
        value = bool(value)
    if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
        raise TypeError(name)
    limit = LIMITS.get(name)
    number: float = value if isinstance(value, int | float) else 0.0
    if limit is not None and not limit[0] <= number <= limit[1]:
        raise TypeError(name)  # 0 or -1 units, or 10**9 (the panel would build it): not a size we use
    return value


def _arguments(kind: str, call: ast.Call, scope: Scope) -> tuple[dict[str, Any], list[Assumption]]:
    """The constructor's arguments: known values, and an assumption for each one the note cannot tell."""
    values: dict[str, Any] = {}
    assumptions: list[Assumption] = []
    written: list[tuple[str, ast.expr]] = list(zip(POSITIONAL[kind], call.args, strict=False))
    written += [(k.arg, k.value) for k in call.keywords if k.arg in POSITIONAL[kind]]
    for name, node in written:
        if isinstance(node, ast.Starred):
            continue
        try:
            values[name] = _fits(name, scope.eval(node))
        except Unknown as exc:
            if name in ASSUMED_VALUES:
                code = f"notecode.assumed.{exc.code}"
                as_written = ast.unparse(node)  # "n = len(vocab)" below
                expr = as_written if exc.text == as_written else f"{as_written} = {exc.text}"
                assumptions.append(Assumption(name, ASSUMED_VALUES[name], code, expr))
        except TypeError:
            if name in ASSUMED_VALUES:
                assumptions.append(
                    Assumption(name, ASSUMED_VALUES[name], "notecode.assumed.type", ast.unparse(node))
                )
    if kind in RECURRENT:
        for name in ("input_size", "hidden_size"):
            if name not in values and not any(a.field == name for a in assumptions):
                assumptions.append(Assumption(name, ASSUMED_VALUES[name], "notecode.assumed.missing", name))
    return values, assumptions


def _config(kind: str, values: dict[str, Any], assumptions: list[Assumption]) -> RecurrentConfig | None:
    """The configuration of known values with the assumed ones filled in (None when it cannot be built)."""
    full = {**{a.field: a.value for a in assumptions}, **values}
    if kind.endswith("_cell"):
        full = {k: v for k, v in full.items() if k in ("input_size", "hidden_size", "bias", "nonlinearity")}
    try:
        return RecurrentConfig(kind, **full)
    except (ValueError, TypeError):
        pass
    # A stated value PyTorch would reject with the others (proj_size ≥ hidden_size …): keep the sizes, and
    # each option that cannot stay is assumed at its default, with the reason (``assumptions`` grows).
    try:
        config = RecurrentConfig(kind, full["input_size"], full["hidden_size"])
    except (ValueError, TypeError, KeyError):
        return None
    for name, value in full.items():
        if name in ("input_size", "hidden_size") or value == getattr(config, name, value):
            continue
        try:
            config = dataclasses.replace(config, **{name: value})
        except (ValueError, TypeError):
            default = getattr(config, name)
            assumptions.append(Assumption(name, default, "notecode.assumed.conflict", f"{name}={value!r}"))
    return config
