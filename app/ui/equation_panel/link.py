"""The UI side of linking: which equation was clicked, and what its symbols mean (``app.equations``).

Linking is pure Python and fast, so it runs in the UI process at click time; the result is cached per
note file (path, size, mtime) so repeated clicks cost nothing. Symbol chips are what the panel offers
to click: the linker's symbols, with the equation's left-hand side first when the linker left it out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")


def _norm(latex: str | None) -> str:
    return "".join((latex or "").split())


class LinkIndex:
    """``link_note`` results per note, refreshed when the file changes on disk."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[int, int], list[Any]]] = {}

    def linked(self, path: Path) -> list[Any]:
        from app.equations import link_note
        from app.vault import read_note

        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        hit = self._cache.get(str(path))
        if hit is None or hit[0] != stamp:
            from app.engine.notecode import infer_note  # torch-free: the note's modules, in model order

            text = read_note(path).text
            hit = (stamp, link_note(text, modules=infer_note(text).modules))
            self._cache[str(path)] = hit
        return hit[1]

    def find(self, path: Path, equation_id: str) -> Any | None:
        try:
            entries = self.linked(path)
        except OSError:
            return None
        return next((e for e in entries if e.equation.id == equation_id), None)

    @staticmethod
    def piece_latex(linked: Any, piece_id: str) -> str | None:
        for piece in linked.equation.pieces:
            if piece.id == piece_id:
                return str(piece.latex)
        return None

    def pieces_with_latex(self, path: Path, latex: str) -> list[str]:
        """Every math piece of the note written exactly like ``latex`` (ScholarPhi: all its uses)."""
        wanted = _norm(latex)
        try:
            entries = self.linked(path)
        except OSError:
            return []
        return [p.id for e in entries for p in e.equation.pieces if _norm(p.latex) == wanted]


def symbol_count(path: Path, equation_id: str) -> int | None:
    """How many symbols (chips) the panel offers for equation ``equation_id`` of the note at ``path``
    (0 for an equation not linked to the model); None when the note has no such equation. Pure: the
    command line checks ``--symbol`` with it before Qt starts."""
    linked = LinkIndex().find(path, equation_id)
    if linked is None:
        return None
    return len(chips_for(linked)) if linked.quantity else 0


def chips_for(linked: Any) -> list[dict[str, Any]]:
    """Clickable symbols: (latex, quantity, transposed, tooltip), unique by LaTeX, result first."""
    chips: list[dict[str, Any]] = []
    seen: set[str] = set()
    for symbol in getattr(linked, "symbols", []) or []:
        key = _norm(symbol.latex)
        if not key or key in seen:
            continue
        seen.add(key)
        quantity = getattr(symbol, "quantity", None)
        transposed = bool(getattr(symbol, "transposed", False))
        if quantity:
            tip = (
                f"{quantity}"
                + (translate("EquationPanel", " (the transpose of PyTorch's weight)") if transposed else "")
                + translate("EquationPanel", " · click to see its values")
            )
        else:
            tip = translate("EquationPanel", "This symbol is not linked to a tensor of the model")
        chips.append({"latex": symbol.latex, "quantity": quantity, "transposed": transposed, "tip": tip})
    if not any(c["quantity"] == linked.quantity for c in chips):
        lhs = _lhs_latex(linked.equation.latex)
        chips.insert(
            0,
            {
                "latex": lhs,
                "quantity": linked.quantity,
                "transposed": False,
                "tip": translate("EquationPanel", "{0} · the equation's result").format(linked.quantity),
            },
        )
    return chips


def _lhs_latex(latex: str) -> str:
    head = latex.split("=", 1)[0]
    return head.replace("&", "").strip() or latex
