"""A forgiving reader for the LaTeX of one study-note equation: a flat list of symbols and operators.

Why not latex2mathml's tree: the linker needs the *source span* of every symbol (so a symbol can be
matched to the piece the user hovers), and it must read what students actually type: Unicode σ and ⊙
between inline pieces, bare ``tanh``, unbalanced parentheses where an inline equation was split,
``\\left(``, stray ``&``, Hangul. A converter raises or re-structures on those; this reader never fails,
it only skips what it does not understand.

The output is flat on purpose: the linker asks questions such as "which symbols are on the right of
the first top-level ``=``", "is there an activation", "is there ``[h_{t-1}, x_t]``", and a flat list
with bracket depths answers them without a full grammar.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, replace

from app.equations.latex_tokens import Tok, clean, normalize_script, tokenize
from app.equations.vocab import (
    ACCENTS,
    ACTIVATIONS,
    BARS,
    BOLD,
    EQUALS,
    FONTS,
    FUNC_COMMANDS,
    FUNC_WORDS,
    GREEK,
    MODEL_WORDS,
    PRODUCTS,
    SKIP,
    SKIP_WITH_ARG,
    TEXT,
    UNICODE_FUNCS,
    UNICODE_OPS,
)

__all__ = ["Node", "clean", "normalize_script", "parse"]


@dataclass(frozen=True)
class Node:
    """One item of an equation, in source order.

    ``kind`` is ``atom`` (a symbol such as ``W_{if}``), ``func`` (σ, tanh, exp …), ``op`` (``+``,
    ``odot``, ``in``, ``partial``, ``|`` …), ``eq`` (``=`` and its synonyms), ``open``/``close``
    (brackets), ``num``, or ``word`` (text such as ``\\text{input\\_size}`` or Hangul).
    ``depth`` is the bracket depth (frac arguments count as brackets).
    """

    kind: str
    value: str
    start: int
    end: int
    depth: int = 0
    base: str = ""  # atoms: the letter ("W", "h", "C") or Greek name ("alpha")
    bold: bool = False
    accent: str | None = None
    font: str | None = None
    sub: str | None = None  # normalized: no braces, spaces or font commands ("t-1", "if", "(t-1)")
    sup: str | None = None  # normalized; a transpose is "T"


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.toks = tokenize(src)
        self.i = 0

    # -- helpers -------------------------------------------------------------------------------
    def _peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _group_end(self, k: int) -> int:
        """Index of the token after the ``}`` matching the ``{`` at ``k`` (end of tokens if unmatched)."""
        depth = 0
        while k < len(self.toks):
            t = self.toks[k]
            if t.kind == "char" and t.text == "{":
                depth += 1
            elif t.kind == "char" and t.text == "}":
                depth -= 1
                if depth == 0:
                    return k + 1
            k += 1
        return k

    def _raw_arg(self) -> tuple[str, int]:
        """Consume one argument and return its raw source (without outer braces) and its end offset."""
        t = self._peek()
        if t is None:
            return "", len(self.src)
        if t.kind == "char" and t.text == "{":
            end_k = self._group_end(self.i)
            inner_end = self.toks[end_k - 1].start if end_k - 1 > self.i else t.end
            if end_k - 1 < len(self.toks) and self.toks[end_k - 1].text != "}":
                inner_end = self.toks[end_k - 1].end
            raw = self.src[t.end : inner_end]
            end = self.toks[end_k - 1].end
            self.i = end_k
            return raw, end
        self.i += 1
        if t.kind == "cmd" and (t.text in FONTS or t.text in BOLD or t.text in TEXT):
            raw, end = self._raw_arg()
            return self.src[t.start : end], end
        return self.src[t.start : t.end], t.end

    def _node_arg(self) -> list[Node]:
        """Consume one argument and parse it into nodes (a group or a single token)."""
        t = self._peek()
        if t is None:
            return []
        if t.kind == "char" and t.text == "{":
            self.i += 1
            return self._seq(closing=True)
        return self._one()

    # -- grammar ---------------------------------------------------------------------------------
    def parse(self) -> list[Node]:
        nodes: list[Node] = []
        while self.i < len(self.toks):
            nodes += self._seq(closing=False)
            if self.i < len(self.toks):  # a stray "}" at top level
                self.i += 1
        return nodes

    def _seq(self, closing: bool) -> list[Node]:
        out: list[Node] = []
        while self.i < len(self.toks):
            t = self.toks[self.i]
            if t.kind == "char" and t.text == "}":
                if closing:
                    self.i += 1
                return out
            if t.kind == "char" and t.text == "{":
                self.i += 1
                out += self._seq(closing=True)
            else:
                out += self._one()
            self._scripts(out)
        return out

    def _scripts(self, out: list[Node]) -> None:
        """Attach any ``_``/``^``/``'`` that follow to the last atom (or drop them after other nodes)."""
        while (t := self._peek()) is not None and t.kind == "char" and t.text in "_^'":
            self.i += 1
            if t.text == "'":
                raw, end = "'", t.end
            else:
                raw, end = self._raw_arg()
            last = out[-1] if out else None
            if last is None or last.kind != "atom":
                if t.text == "'":
                    out.append(Node("op", "'", t.start, t.end))
                continue
            script = normalize_script(raw)
            if t.text == "_":
                last = replace(last, sub=(last.sub or "") + script, end=end)
            else:
                last = replace(last, sup=(last.sup or "") + script, end=end)
            out[-1] = last

    def _one(self) -> list[Node]:
        t = self.toks[self.i]
        self.i += 1
        if t.kind == "cmd":
            return self._command(t)
        return self._char(t)

    def _char(self, t: Tok) -> list[Node]:
        ch = t.text
        if "A" <= ch <= "Z" or "a" <= ch <= "z":
            return self._letters(t)
        if ch.isdigit():
            end = t.end
            while (
                (p := self._peek()) is not None
                and p.kind == "char"
                and (p.text.isdigit() or p.text == ".")
                and p.start == end
            ):
                end = p.end
                self.i += 1
            return [Node("num", self.src[t.start : end], t.start, end)]
        if ch == "=":
            return [Node("eq", "=", t.start, t.end)]
        if ch == ":" and (p := self._peek()) is not None and p.text == "=":
            self.i += 1
            return [Node("eq", ":=", t.start, p.end)]
        if ch in "([":
            return [Node("open", ch, t.start, t.end)]
        if ch in ")]":
            return [Node("close", ch, t.start, t.end)]
        if ch == "&":
            return []
        if ch in "_^":  # a script with nothing before it: parse and forget
            self._raw_arg()
            return []
        if ch in UNICODE_FUNCS:
            return [Node("func", UNICODE_FUNCS[ch], t.start, t.end)]
        if ch in UNICODE_OPS:
            op = UNICODE_OPS[ch]
            return [Node("eq" if op == "=" else "op", op, t.start, t.end)]
        if ch.isalpha():
            return self._unicode_letter(t)
        return [Node("op", ch, t.start, t.end)]

    def _unicode_letter(self, t: Tok) -> list[Node]:
        name = unicodedata.name(t.text, "")
        if name.startswith("GREEK"):
            letter = name.split()[-1].lower()
            return [Node("atom", t.text, t.start, t.end, base=letter)]
        end = t.end  # Hangul and other scripts: a word, merged with adjacent letters
        while (
            (p := self._peek()) is not None
            and p.kind == "char"
            and p.start == end
            and p.text.isalpha()
            and not p.text.isascii()
        ):
            end = p.end
            self.i += 1
        return [Node("word", self.src[t.start : end], t.start, end)]

    def _letters(self, t: Tok) -> list[Node]:
        """A run of adjacent ASCII letters: a function name (bare ``tanh``) or one atom per letter."""
        run = [t]
        k = self.i
        while k < len(self.toks):
            p = self.toks[k]
            if p.kind != "char" or not p.text.isascii() or not p.text.isalpha() or p.start != run[-1].end:
                break
            run.append(p)
            k += 1
        word = "".join(r.text for r in run)
        if word.lower() in FUNC_WORDS or word.lower() in MODEL_WORDS:
            self.i = k
            kind = "func" if word.lower() in FUNC_WORDS else "word"
            return [Node(kind, word.lower(), t.start, run[-1].end)]
        # Not a known word: only this letter is consumed; the next letter becomes its own atom.
        return [Node("atom", t.text, t.start, t.end, base=t.text)]

    def _command(self, t: Tok) -> list[Node]:
        name = t.text
        if name in SKIP or name in (",", ";", ":", "!", " ", "\\"):
            if name in ("left", "right", "middle") and (p := self._peek()) is not None and p.text == ".":
                self.i += 1
            return []
        if name in SKIP_WITH_ARG:
            self._raw_arg()
            return []
        if name in ("begin", "end"):
            env, _ = self._raw_arg()
            if name == "begin" and env.strip().rstrip("*") in ("array", "tabular"):
                self._raw_arg()
            if env.strip() in ("bmatrix", "pmatrix", "matrix", "Bmatrix"):
                return [
                    Node(
                        "open" if name == "begin" else "close", "[" if "b" in env[:1] else "(", t.start, t.end
                    )
                ]
            return []
        if name in BOLD or name in ACCENTS or name in FONTS:
            return self._decorated(t)
        if name in TEXT:
            raw, end = self._raw_arg()
            word = normalize_script(raw)
            low = word.lower()
            if low in ACTIVATIONS or low in FUNC_WORDS:
                return [Node("func", low, t.start, end)]
            return [Node("word", word, t.start, end)]
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            num = self._node_arg()
            den = self._node_arg()
            return [
                Node("op", "frac", t.start, t.end),
                Node("open", "{", t.start, t.end),
                *num,
                Node("close", "}", t.end, t.end),
                Node("open", "{", t.end, t.end),
                *den,
                Node("close", "}", t.end, t.end),
            ]
        if name == "sqrt":
            if (p := self._peek()) is not None and p.text == "[":
                while (p := self._peek()) is not None and p.text != "]":
                    self.i += 1
                self.i += 1
            return [
                Node("op", "sqrt", t.start, t.end),
                Node("open", "{", t.start, t.end),
                *self._node_arg(),
                Node("close", "}", t.end, t.end),
            ]
        if name in FUNC_COMMANDS:
            value = "phi" if name == "varphi" else name
            return [Node("func", value, t.start, t.end)]
        if name in EQUALS:
            return [Node("eq", name, t.start, t.end)]
        if name in PRODUCTS:
            return [Node("op", PRODUCTS[name], t.start, t.end)]
        if name in BARS:
            return [Node("op", "|", t.start, t.end)]
        if name in ("{", "langle", "lbrace"):
            return [Node("open", "{", t.start, t.end)]
        if name in ("}", "rangle", "rbrace"):
            return [Node("close", "}", t.start, t.end)]
        if name in ("in", "partial", "nabla", "sum", "prod", "int", "approx", "sim", "propto"):
            return [Node("op", name, t.start, t.end)]
        if name == "_":
            return [Node("op", "_", t.start, t.end)]
        if name == "ell":
            return [Node("atom", "ℓ", t.start, t.end, base="ell")]
        if name in GREEK:
            return [Node("atom", name, t.start, t.end, base=name.lower() if name[0].islower() else name)]
        return [Node("op", "\\" + name, t.start, t.end)]

    def _decorated(self, t: Tok) -> list[Node]:
        """``\\mathbf{W}``, ``\\tilde{\\mathbf{C}}``, ``\\mathrm{tanh}``: decorate one symbol."""
        name = t.text
        start_i = self.i
        inner = self._node_arg()
        end = self.toks[self.i - 1].end if self.i > start_i else t.end
        atoms = [n for n in inner if n.kind == "atom"]
        if name in ("mathrm", "mathit", "mathsf") and len(inner) > 1 and all(n.kind == "atom" for n in inner):
            word = "".join(n.base for n in inner)
            if word.lower() in ACTIVATIONS or word.lower() in FUNC_WORDS:
                return [Node("func", word.lower(), t.start, end)]
            if not any(n.sub or n.sup for n in inner):
                return [Node("word", word, t.start, end)]
        if len(inner) == 1 and len(atoms) == 1:
            a = atoms[0]
            if name in BOLD:
                a = replace(a, bold=True)
            elif name in ACCENTS:
                a = replace(a, accent=name.replace("wide", "").replace("overline", "bar"))
            else:
                a = replace(a, font=name)
            return [replace(a, start=t.start, end=end)]
        if name in BOLD:
            return [replace(n, bold=True) if n.kind == "atom" else n for n in inner]
        if name in FONTS:
            return [replace(n, font=name) if n.kind == "atom" else n for n in inner]
        return inner


def _with_depths(nodes: list[Node]) -> list[Node]:
    """Bracket depth of each node; a stray closer (a split inline equation) never goes below zero."""
    out: list[Node] = []
    depth = 0
    for n in nodes:
        if n.kind == "close":
            depth = max(0, depth - 1)
            out.append(replace(n, depth=depth))
        elif n.kind == "open":
            out.append(replace(n, depth=depth))
            depth += 1
        else:
            out.append(replace(n, depth=depth))
    return out


def parse(latex: str) -> tuple[str, list[Node]]:
    """Clean ``latex`` and read it into nodes; spans index the cleaned string, which is returned too."""
    src, nodes = _parse_cached(latex)
    return src, list(nodes)


@functools.lru_cache(maxsize=4096)
def _parse_cached(latex: str) -> tuple[str, tuple[Node, ...]]:
    # Notes repeat equations (the seed pastes its section twice) and the linker reads each one twice.
    src = clean(latex)
    return src, tuple(_with_depths(_Parser(src).parse()))
