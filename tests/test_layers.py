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
