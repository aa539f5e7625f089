"""List a note's equations and the model quantity each one defines (or why it defines none)."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import Any

from app.cli import fail, print_json
from app.equations import LinkedEquation, Symbol, link_note, pinned_hint
from app.i18n import has, language, messages, text
from app.vault import read_note

messages({
    "equations.col_lines": ("줄", "lines"),
    "equations.col_kind": ("종류", "kind"),
    "equations.col_link": ("연결", "linked to"),
    "equations.col_latex": ("수식", "LaTeX"),
    "equations.summary": ("수식 {total}개 중 {linked}개가 모델 값에 연결되었습니다.",
                          "{linked} of {total} equations are linked to a model quantity."),
    "equations.no_note": ("노트가 없습니다: {path}", "No such note: {path}"),
    "equations.folder": ("노트가 아니라 폴더입니다: {path}", "Not a note but a folder: {path}"),
    "equations.unreadable": ("노트를 읽을 수 없습니다: {path} ({reason})", "Can't read {path} ({reason})"),
    "equations.not_text": ("텍스트 노트가 아닙니다: {path}", "Not a text note: {path}"),
})


# The English of the linker's fixed reasons (app.equations.reasons: their Korean is the linker's own text,
# which the Korean CLI prints as it is). The same sentences as the equation panel's (UNLINKED_REASONS).
REASONS_EN = {
    "empty": "Empty equation",
    "no-equals": "Not an equation: it has no equals sign (=)",
    "lone-symbol": "Not an equation: a single symbol",
    "unknown-symbol": "Not a model equation: a symbol the model does not have",
    "size-symbol": "Not a model equation: a symbol for a tensor size",
    "shape": "Not a model equation: the definition of a tensor shape",
    "gradient": "Not a model equation: a gradient (derivative)",
    "loss": "Not a model equation: the definition of a loss function",
    "initial-state": "Not a model equation: the definition of an initial state",
    "lhs-not-one-symbol": "Not a model equation: the left side is not a single symbol",
    "function-definition": "Not a model equation: the definition of the {name} function",
    "not-computed": "Not a model equation: {symbol} on the left is not a value the model computes",
    "not-a-formula": "Not a model equation: the right side is not a formula for {symbol}",
    "ambiguous-model": "Cannot tell the model: {symbol} exists in LSTM, GRU and RNN alike "
    "(write e.g. tensornote: {{model: lstm}} in the front matter)",
}


def _reason(le: object) -> str:
    """Why an equation is not linked, in the CLI's language: a code registered with ``app.i18n``, the
    English of a fixed linker reason, else the linker's Korean sentence."""
    code = getattr(le, "reason_code", None)
    args = getattr(le, "reason_args", {}) or {}
    if code and has(code):
        return text(code, **args)
    if code in REASONS_EN and language() == "en":
        try:
            return REASONS_EN[code].format(**args)
        except (KeyError, IndexError):
            pass
    return str(getattr(le, "reason", ""))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("note", help="the Markdown note")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def as_json(note: str, linked: list[LinkedEquation]) -> dict[str, Any]:
    """The exact shape of issue 4: ``{"note", "equations": [{"id", "lines", "kind", "latex", "quantity",
    "reason", "symbols": [{"latex", "quantity"}]}]}``, with issue 9's ``"module"`` per equation (the index
    of the traced module in ``python -m app model``'s list, or null) and ``"transposed"`` per linked
    weight symbol (the written matrix is PyTorch's transposed: it multiplies from the right)."""
    return {
        "note": note,
        "equations": [
            {
                "id": le.equation.id,
                "lines": [le.equation.lines[0], le.equation.lines[1]],
                "kind": le.equation.kind,
                "latex": le.equation.latex,
                "quantity": le.quantity,
                "reason": le.reason,
                "module": le.module,
                "symbols": [_symbol(s) for s in le.symbols],
            }
            for le in linked
        ],
    }


def _symbol(symbol: Symbol) -> dict[str, Any]:
    out: dict[str, Any] = {"latex": symbol.latex, "quantity": symbol.quantity}
    if symbol.quantity and ".W" in symbol.quantity:
        out["transposed"] = symbol.transposed
    return out


def _width(text: str) -> int:
    """Display width in a terminal (Hangul is two columns wide)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1 and _width(text) > width:
            out += "…"
            break
        out += ch
    return out + " " * max(0, width - _width(out))


def table(linked: list[LinkedEquation]) -> str:
    """A readable table: id, lines, kind, the quantity (or the reason), the LaTeX."""
    rows = [("ID", text("equations.col_lines"), text("equations.col_kind"), text("equations.col_link"),
             text("equations.col_latex"))]
    for le in linked:
        first, last = le.equation.lines
        lines = str(first) if first == last else f"{first}-{last}"
        target = le.quantity or f"— {_reason(le)}"
        if le.quantity and le.notation:
            target += f" ({le.notation})"
        rows.append((le.equation.id, lines, le.equation.kind, target, le.equation.latex.replace("\n", " ")))
    widths = [16, 8, 8, 44]
    out = [
        "  ".join(_cell(v, w) for v, w in zip(row[:4], widths, strict=True)) + "  " + row[4] for row in rows
    ]
    linked_count = sum(1 for le in linked if le.quantity)
    out.append("\n" + text("equations.summary", total=len(linked), linked=linked_count))
    return "\n".join(out)


def main(args: argparse.Namespace) -> int:
    path = Path(args.note)
    if not path.exists():
        return fail(text("equations.no_note", path=path))
    if path.is_dir():
        return fail(text("equations.folder", path=path))
    try:
        note = read_note(path)
    except OSError as exc:
        return fail(text("equations.unreadable", path=path, reason=exc.strerror or exc))
    if note.binary:
        return fail(text("equations.not_text", path=path))
    from app.engine.notecode import infer_note  # torch-free: the note's modules, for "module"

    linked = link_note(note.text, modules=infer_note(note.text).modules)
    if args.json:
        print_json(as_json(str(path), linked))
        return 0
    _, warning = pinned_hint(note.text)
    if warning:
        sys.stderr.write(f"tensornote: {warning}\n")
    sys.stdout.write(table(linked) + "\n")
    return 0
