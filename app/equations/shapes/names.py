"""How notes spell shape symbols, and what each standard one means (its *role*).

A role is the size a symbol stands for in PyTorch's recurrent modules (the nn.LSTM docs' "where" list):
``batch`` N, ``seq`` L, ``dirs`` D (2 if bidirectional else 1), ``layers`` num_layers, ``input`` H_in,
``hidden`` H_cell (hidden_size), ``out`` H_out (proj_size if proj_size > 0 otherwise hidden_size) and
``proj`` proj_size. Notes write the same name many ways (``Hout``, ``H_out``, ``H_{out}``, ``$H_in$``,
``h_{cell}``, ``\\text{num\\_layers}``); :func:`key` folds them to one lookup key. One-letter names keep
their case (``N`` is not ``n``); longer ones fold case and underscores (``Hcell`` = ``h_{cell}``).
"""

from __future__ import annotations

import re

ROLES = ("batch", "seq", "dirs", "layers", "input", "hidden", "out", "proj")

# lookup key -> (the name shown, role): PyTorch's names and their spelled-out twins
STANDARD: dict[str, tuple[str, str]] = {
    "N": ("N", "batch"),
    "batchsize": ("batch_size", "batch"),
    "L": ("L", "seq"),
    "seqlen": ("seq_len", "seq"),
    "sequencelength": ("sequence_length", "seq"),
    "D": ("D", "dirs"),
    "numdirections": ("num_directions", "dirs"),
    "numlayers": ("num_layers", "layers"),
    "hin": ("H_in", "input"),
    "inputsize": ("input_size", "input"),
    "hcell": ("H_cell", "hidden"),
    "hiddensize": ("hidden_size", "hidden"),
    "hout": ("H_out", "out"),
    "projsize": ("proj_size", "proj"),
}

# A name token once LaTeX is gone: H_out, H_{out}, num_layers, D, Q, h_{cell}, W_ih
RE_NAME = r"[A-Za-z][A-Za-z0-9]*(?:_\{?[A-Za-z0-9]+\}?)*"
RE_LATEX_WRAP = re.compile(
    r"\\(?:text|mathrm|mathit|mathsf|mathbf|operatorname|textit|textrm)\s*\{([^{}]*)\}"
)
RE_SUBSCRIPT = re.compile(r"_\{([A-Za-z0-9]+)\}")
RE_LATEX_SPACE = re.compile(r"\\[,;:! ]|~|\\quad|\\qquad")


def key(name: str) -> str:
    """The lookup key of a written name: ``H_{out}``/``Hout``/``$H_out$`` → ``hout``; ``N`` stays ``N``."""
    plain = name.replace("$", "").replace("\\_", "_").replace("\\", "")
    plain = plain.replace("{", "").replace("}", "").replace("_", "").strip()
    return plain if len(plain) == 1 else plain.lower()


def display(name: str) -> str:
    """The name as shown: a standard name in PyTorch's spelling, any other without LaTeX braces."""
    found = STANDARD.get(key(name))
    if found:
        return found[0]
    return name.replace("$", "").replace("\\_", "_").replace("{", "").replace("}", "").strip()


def unlatex(text: str) -> str:
    """Math as plain text for the shape scanner: ``\\text{num\\_layers}`` → num_layers, ``\\times`` → ×."""
    text = RE_LATEX_WRAP.sub(lambda m: m.group(1), text)
    text = text.replace("\\_", "_").replace("\\left", "").replace("\\right", "")
    text = text.replace("\\times", "×").replace("\\cdot", "·").replace("\\ast", "*")
    text = text.replace("\\lbrack", "[").replace("\\rbrack", "]")
    text = RE_SUBSCRIPT.sub(r"_\1", text)
    return RE_LATEX_SPACE.sub(" ", text)
