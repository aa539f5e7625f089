"""Shape claims judged on the note's own module, in the kernel (torch): the ``shapes.*`` RPC group.

Owns ``scope`` (which note module a claim is judged on: its section's), ``runs`` (a code block's shape
comments checked on the tensors of its run, ``shapes.check_run``), ``forward`` (the real shapes: a forward
on the note's sample and one on a probe input whose N and L differ from every other size, batched and
unbatched), ``evaluate`` (each claim's tensor, condition and verdict; ``evaluate_note``) and ``methods``
(the rpc registration). May import: torch, ``app.engine.rpc``, ``app.engine.notestate``,
``app.engine.config`` and the ``inputs``, ``serve`` and ``notecode`` packages through their ``__init__``,
``app.equations`` (sections; ``shapes``: finding and judging claims, pure), ``app.vault`` and ``app.i18n``.
"""

from app.engine.claims.evaluate import evaluate_note, module_shapes
from app.engine.claims.forward import Shapes, measure
from app.engine.claims.runs import check_run
from app.engine.claims.scope import claim_modules, module_at

__all__ = ["Shapes", "check_run", "claim_modules", "evaluate_note", "measure", "module_at", "module_shapes"]
