"""The architecture's layer rules, checked by walking every module's imports (like napari's contracts).

vault < markup < equations < engine < kernel < ui: a layer imports only layers below it. PySide6 only in
app/ui; torch only in app/engine and the CLI twins (which run torch headless, never in the UI process).
And the UI process never loads torch, even indirectly.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
RANK = {"vault": 0, "markup": 1, "equations": 2, "engine": 3, "kernel": 4, "ui": 5}
QT_MODULES = ("PySide6", "shiboken6")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _layer(path: Path) -> str | None:
    parts = path.relative_to(APP).parts
    return parts[0] if len(parts) > 1 else None


def _violations() -> list[str]:
    problems = []
    for path in sorted(APP.rglob("*.py")):
        layer = _layer(path)
        rel = path.relative_to(APP.parent)
        for line, name in _imports(path):
            top = name.split(".")[0]
            if top in QT_MODULES and layer != "ui":
                problems.append(f"{rel}:{line} imports {name} outside app/ui")
            if top == "torch" and layer not in ("engine", "cli"):
                problems.append(f"{rel}:{line} imports torch outside app/engine and app/cli")
            if top == "torch" and rel.as_posix() in ("app/cli/__init__.py", "app/cli/gui.py"):
                problems.append(f"{rel}:{line} imports torch on the GUI's start-up path")
            if top == "app" and layer in RANK and name.count(".") >= 1:
                target = name.split(".")[1]
                if target in RANK and RANK[target] > RANK[layer]:
                    problems.append(f"{rel}:{line}: layer {layer} imports higher layer {name}")
                if target == "cli":
                    problems.append(f"{rel}:{line}: layer {layer} imports the CLI")
    return problems


def test_layers_import_only_downwards() -> None:
    assert _violations() == []


def test_the_rule_detects_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import torch\nfrom PySide6 import QtCore\n")
    assert [n for _, n in _imports(bad)] == ["torch", "PySide6"]


def test_ui_process_never_imports_torch() -> None:
    """Import every UI and kernel module in a fresh interpreter and check torch stayed out."""
    modules = [
        ".".join(p.relative_to(APP.parent).with_suffix("").parts)
        for sub in ("ui", "kernel", "vault", "markup", "equations")
        for p in sorted((APP / sub).rglob("*.py"))
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n    importlib.import_module(m)\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\nprint('ok', len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


# --- Feature packages and import cycles ------------------------------------------------------------------
# Every import between two modules of app/ counts, a function-level import or one under TYPE_CHECKING too:
# a cycle hidden in a function still ties the two modules together.


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _internal_imports(path: Path, known: set[str]) -> list[tuple[int, str]]:
    """``app.*`` modules that ``path`` imports, resolved (``from app.x import y`` is ``app.x.y`` when y is a
    module, else ``app.x``; relative imports resolved against the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name in known]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                # a submodule that its package publishes in __all__ is part of the package's public face
                inside = name.startswith(base + ".")
                published = full in known and alias.name in _published(base) and not inside
                target = full if full in known and not published else base
                if target in known:
                    found.append((node.lineno, target))
    return found


def _published(package: str) -> list[str]:
    """The names a package's ``__init__`` lists in ``__all__`` (empty for a module or no ``__all__``)."""
    init = APP.parent.joinpath(*package.split("."), "__init__.py")
    if not init.exists():
        return []
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return [e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)]
    return []


def _graph() -> dict[str, list[tuple[int, str]]]:
    paths = {_module_name(p): p for p in APP.rglob("*.py")}
    known = set(paths)
    return {
        name: [(ln, t) for ln, t in _internal_imports(p, known) if t != name] for name, p in paths.items()
    }


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, []))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _feature_package(module: str) -> str | None:
    """``app.engine.trace`` for ``app.engine.trace.cells``: the feature package (a folder inside a layer)."""
    parts = module.split(".")
    if len(parts) >= 3 and (APP / parts[1] / parts[2]).is_dir():
        return ".".join(parts[:3])
    return None


def _sibling_violations(graph: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Within one layer, a module may reach another feature package only through that package's
    ``__init__`` (its public face), never into one of its modules."""
    problems = []
    for module, imports in sorted(graph.items()):
        mine = _feature_package(module)
        layer = module.split(".")[1] if module.count(".") >= 1 else None
        for line, target in imports:
            theirs = _feature_package(target)
            if theirs is None or theirs == mine or target == theirs:
                continue
            if target.split(".")[1] == layer:
                problems.append(f"{module}:{line} reaches into {target} (import {theirs} instead)")
    return problems


def test_no_import_cycles() -> None:
    graph = {name: [t for _, t in imports] for name, imports in _graph().items()}
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert _cycles({"a": ["b"], "b": []}) == []


def test_feature_packages_meet_only_through_their_init() -> None:
    assert _sibling_violations(_graph()) == []


def test_every_feature_package_says_what_it_owns() -> None:
    """Each package's ``__init__`` has a docstring naming what it owns and what it may import."""
    for init in APP.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        where = init.relative_to(APP.parent)
        assert len(doc) > 80, f"{where} needs a docstring: what it owns, what it imports"
        if init.parent.parent != APP and init.parent.parent.parent == APP:
            assert "import" in doc.lower(), f"{init.relative_to(APP.parent)}: say what it may import"
