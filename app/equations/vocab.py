"""The LaTeX vocabulary of study-note equations: which commands decorate, space, compare or multiply.

Kept apart from the reader so that adding a command students use (``\\bm``, ``\\coloneqq``, a Unicode
operator pasted from a web page) is a one-line change here.
"""

from __future__ import annotations

ACTIVATIONS = frozenset({"sigma", "sigmoid", "tanh", "phi", "relu", "gelu", "softmax"})
# Functions both written as bare words (``tanh(x)``) and as commands (``\\tanh``): one list, two uses below.
_ELEMENTARY = frozenset(
    {"tanh", "softmax", "relu", "exp", "log", "ln", "sin", "cos", "max", "min", "sinh", "cosh"}
)
FUNC_WORDS = _ELEMENTARY | {"sigmoid", "gelu", "argmax", "sgn", "sign"}
MODEL_WORDS = frozenset({"lstm", "gru", "rnn"})
FUNC_COMMANDS = _ELEMENTARY | {"arg", "det", "sigma", "phi", "varphi"}
BOLD = frozenset({"mathbf", "boldsymbol", "bm", "mathbfit", "pmb", "bold", "vb"})
ACCENTS = frozenset({"tilde", "widetilde", "hat", "widehat", "bar", "overline", "vec", "dot"})
FONTS = frozenset({"mathrm", "mathit", "mathsf", "mathcal", "mathbb", "mathscr", "mathfrak", "mathtt"})
TEXT = frozenset(
    {"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "operatorname", "mathop", "textnormal"}
)
SKIP = frozenset(
    {
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "Biggl",
        "Biggr",
        "quad",
        "qquad",
        "displaystyle",
        "textstyle",
        "nonumber",
        "notag",
        "limits",
        "nolimits",
        "middle",
        "hfill",
        "hline",
    }
)
SKIP_WITH_ARG = frozenset(
    {"tag", "label", "eqref", "ref", "color", "textcolor", "hspace", "vspace", "phantom", "cite"}
)
EQUALS = frozenset({"coloneqq", "coloneq", "triangleq", "doteq", "leftarrow", "gets", "eqqcolon", "defeq"})
PRODUCTS = {
    "odot": "odot",
    "circ": "odot",
    "otimes": "odot",
    "ast": "odot",
    "star": "odot",
    "cdot": "cdot",
    "times": "times",
    "bullet": "cdot",
}
BARS = frozenset({"|", "vert", "lvert", "rvert", "Vert", "lVert", "rVert", "mid"})
UNICODE_OPS = {
    "⊙": "odot",
    "∘": "odot",
    "⊗": "odot",
    "∗": "odot",
    "·": "cdot",
    "⋅": "cdot",
    "×": "times",
    "∈": "in",
    "∂": "partial",
    "∇": "nabla",
    "∑": "sum",
    "Σ": "sum",
    "∏": "prod",
    "≔": "=",
    "←": "=",
    "≈": "approx",
    "′": "'",
    "∣": "|",
    "‖": "|",
}
UNICODE_FUNCS = {"σ": "sigma", "φ": "phi", "ϕ": "phi"}


GREEK = frozenset(
    {
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "varepsilon",
        "zeta",
        "eta",
        "theta",
        "vartheta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "pi",
        "rho",
        "tau",
        "upsilon",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
    }
)
