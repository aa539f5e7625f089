"""The equation panel: a clicked equation's tensors at step t, term by term, verified against PyTorch.

Owns the panel's controller (``panel``, a window plugin), its kernel access, the view and its cards, controls,
plots, style and texts. May import: ``app.equations``, ``app.vault``, ``app.ui.common`` and ``app.ui.kernels``
through their ``__init__``. Talks to the engine only through the kernel (never imports ``app.engine``'s
torch).
"""

from app.ui.equation_panel.link import symbol_count

__all__ = ["symbol_count"]
