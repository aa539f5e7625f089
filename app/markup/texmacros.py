"""``\\newcommand``/``\\renewcommand``/``\\def``/``\\DeclareMathOperator`` that carry from formula to
formula in note order, as MathJax's macros do in Obsidian (a ``$$\\newcommand{\\R}{\\mathbb{R}}$$``
block, then ``$\\R^d$`` anywhere below it).

latex2mathml knows no macros, so the renderer keeps one :class:`Macros` per note: each formula first
gives up its definitions (:meth:`Macros.take`, the rest is what is drawn; a block of definitions only
draws nothing, like MathJax) and then has the known macros expanded (:meth:`Macros.expand`). Expansion is
bounded (depth and size) so ``\\def\\a{\\a\\a}`` is a reported error, not a hang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.markup.texprep import read_argument, read_group

RE_DEFINITION = re.compile(
    r"\\(?:(?P<new>newcommand|renewcommand|providecommand)\*?|(?P<def>def|gdef)|"
    r"(?P<op>DeclareMathOperator)(?P<star>\*?))(?![A-Za-z])"
)
RE_NAME = re.compile(r"\s*(\\[A-Za-z]+|\\.)")
MAX_ROUNDS = 50
MAX_GROWTH = 20_000  # characters an expansion may add


class MacroError(ValueError):
    """A macro that expands without end (``name`` is the culprit)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class Macro:
    args: int
    default: str | None  # the optional first argument's default (``\newcommand{\f}[2][x]{…}``)
    body: str


@dataclass
class Macros:
    defined: dict[str, Macro] = field(default_factory=dict)
    generation: int = 0  # counts definitions taken: a changed macro set changes what a formula means

    def take(self, latex: str) -> str:
        """Record the definitions in ``latex`` and return it without them."""
        if "\\" not in latex or not RE_DEFINITION.search(latex):
            return latex
        out: list[str] = []
        pos = 0
        for m in RE_DEFINITION.finditer(latex):
            if m.start() < pos:
                continue
            parsed = self._definition(latex, m)
            if parsed is None:
                continue
            name, macro, end = parsed
            self.defined[name] = macro
            self.generation += 1
            out.append(latex[pos : m.start()])
            pos = end
        out.append(latex[pos:])
        return "".join(out)

    def _definition(self, latex: str, m: re.Match[str]) -> tuple[str, Macro, int] | None:
        i = m.end()
        group = read_group(latex, i)
        if group is not None and re.fullmatch(r"\s*\\(?:[A-Za-z]+|.)\s*", group[0]):
            name, i = group[0].strip(), group[1]
        else:
            nm = RE_NAME.match(latex, i)
            if nm is None:
                return None
            name, i = nm.group(1), nm.end()
        if m.group("op"):
            body = read_group(latex, i)
            if body is None:
                return None
            star = "*" if m.group("star") else ""
            return name, Macro(0, None, f"\\operatorname{star}{{{body[0]}}}"), body[1]
        args, default = 0, None
        if m.group("def"):
            params = re.match(r"(?:#\d)*", latex[i:])
            assert params is not None
            args = len(params.group(0)) // 2
            i += params.end()
        else:
            count = re.match(r"\s*\[(\d)\]", latex[i:])
            if count:
                args = int(count.group(1))
                i += count.end()
                opt = re.match(r"\s*\[([^\]]*)\]", latex[i:])
                if opt:
                    default = opt.group(1)
                    i += opt.end()
        body = read_group(latex, i)
        if body is None:
            return None
        return name, Macro(args, default, body[0]), body[1]

    def expand(self, latex: str) -> str:
        """``latex`` with every known macro expanded; raises :class:`MacroError` when it never ends."""
        if not self.defined or "\\" not in latex:
            return latex
        names = sorted(self.defined, key=len, reverse=True)
        pattern = re.compile("(" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z])")
        limit = len(latex) + MAX_GROWTH
        for _ in range(MAX_ROUNDS):
            changed = False
            out: list[str] = []
            pos = 0
            for m in pattern.finditer(latex):
                if m.start() < pos or (m.start() > 0 and _escaped(latex, m.start())):
                    continue
                macro = self.defined[m.group(1)]
                end = m.end()
                values: list[str] = []
                if macro.default is not None:
                    opt = re.match(r"\s*\[([^\]]*)\]", latex[end:])
                    if opt:
                        values.append(opt.group(1))
                        end += opt.end()
                    else:
                        values.append(macro.default)
                while len(values) < macro.args:
                    arg = read_argument(latex, end)
                    if arg is None:
                        break
                    values.append(arg[0])
                    end = arg[1]
                body = macro.body
                for k, value in enumerate(values, start=1):
                    body = body.replace(f"#{k}", value)
                out.append(latex[pos : m.start()])
                # a command right before a letter needs a space to stay itself (\R x -> \mathbb{R}x)
                out.append("{" + body + "}" if macro.args or not body.startswith("\\") else body + " ")
                pos = end
                changed = True
            out.append(latex[pos:])
            latex = "".join(out)
            if not changed:
                return latex
            if len(latex) > limit:
                break
        culprit = next((n for n in names if n in latex), names[0])
        raise MacroError(culprit)


def _escaped(latex: str, at: int) -> bool:
    """Whether the backslash at ``at`` is itself escaped (``\\\\R`` is a row break then ``R``)."""
    k = at - 1
    count = 0
    while k >= 0 and latex[k] == "\\":
        count += 1
        k -= 1
    return count % 2 == 1
