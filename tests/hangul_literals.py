"""Find Korean string literals in our sources that would reach the user without a translation.

A literal is *not* reported when it is a docstring (docstrings may quote the UI) or sits inside a
``messages({...})`` table (``app.i18n``: the Korean half of a coded message, worded next to its English).
Used by tests/ui/test_language.py (the UI) and tests/test_korean_literals.py (everything below it).
"""

from __future__ import annotations

import ast
from pathlib import Path


def hangul(value: str) -> bool:
    """Whether ``value`` holds a Hangul syllable or jamo."""
    return any("\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" for ch in value)


def korean_literals(path: Path) -> list[tuple[int, str]]:
    """``(line, text)`` of each Korean string constant in ``path`` outside docstrings and messages() tables.

    An f-string's literal parts are reported each on its own (``ast.JoinedStr`` holds them as constants).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.endswith("messages"):  # messages(...) or an alias such as i18n_messages(...)
                exempt.update(id(sub) for sub in ast.walk(node))
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in exempt and hangul(node.value)
    )
