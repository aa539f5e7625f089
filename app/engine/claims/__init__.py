"""Shape claims judged on the note's own module, in the kernel (torch): the ``shapes.*`` RPC group.

Owns ``forward`` (the real shapes: a forward on the note's sample and one on a probe input whose N and L
differ from every other size, batched and unbatched), ``evaluate`` (each claim's tensor, condition and
verdict; ``evaluate_note``) and ``methods`` (the rpc registration). May import: torch, ``app.engine.rpc``,
``app.engine.notestate``, ``app.engine.config`` and the ``inputs`` and ``serve`` packages through their
``__init__``, ``app.equations.shapes`` (finding and judging claims, pure), ``app.vault`` and ``app.i18n``.
"""

from app.engine.claims.evaluate import evaluate_note, module_shapes
from app.engine.claims.forward import Shapes, measure

__all__ = ["Shapes", "evaluate_note", "measure", "module_shapes"]
