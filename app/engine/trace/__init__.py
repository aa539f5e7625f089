"""The trace: every gate of nn.LSTM / nn.GRU / nn.RNN at every step, recomputed from the module's own weights.

Owns the recurrence (``cells``), the docs-named parameter slices (``params``), the trace itself
(``tracer``), the
terms of one equation at one step (``terms``), the proof against PyTorch (``verify``), the ``.npz`` layout
(``npz``),
building and finding modules (``modules``) and the trace CLI's report (``report``, imported by the CLI only).
May import: torch, ``app.engine.config``, ``app.engine.devices`` and ``app.engine.inputs`` (for the CLI
report).
Never imports ``serve`` or ``run``: they call the trace, not the other way round.
"""

from app.engine.trace.cellmods import as_sequence, cell_config, cell_family, step_by_step
from app.engine.trace.kinds import (
    GATES_AND_STATES,
    KIND_OF,
    NAMES,
    TraceError,
    TraceView,
    config_of,
    module_kind,
)
from app.engine.trace.modules import RECURRENT, WEIGHT_SEED, build, capture_input, find_recurrent
from app.engine.trace.npz import save_npz
from app.engine.trace.params import GATES, ParamSlice, param_slices
from app.engine.trace.terms import Term, step_terms
from app.engine.trace.tracer import Trace, trace
from app.engine.trace.verify import Verification, verify

__all__ = [
    "GATES", "GATES_AND_STATES", "KIND_OF", "NAMES", "RECURRENT", "WEIGHT_SEED", "ParamSlice", "Term",
    "Trace", "TraceError", "TraceView", "Verification", "as_sequence", "build", "capture_input",
    "cell_config", "cell_family", "config_of", "find_recurrent", "module_kind", "param_slices", "save_npz",
    "step_by_step", "step_terms", "trace", "verify",
]
