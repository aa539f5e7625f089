"""Shape claims (pure Python, no torch): every tensor shape a note writes, with what it is about.

A note about recurrent networks is mostly about shapes: ``(L, N, D∗H_out)`` for the output, a legend
``N = batch size``, a comment ``# x:[N x L x Q]`` in its forward. This package finds them without running
anything, so that the kernel can check each one against the note's own model (``app.engine.claims``) and
the note view can put a badge after it.

Owns ``names`` (symbol spellings and the roles PyTorch gives them: N is the batch, H_out the output
size…), ``legend`` (the note's own ``N = batch size`` lines), ``forms`` (tuples, brackets, ``N×L×H``,
``torch.Size([…])`` in text, math and code comments), ``context`` (the subject and the condition of a
claim), ``claims`` (``find_claims``: the note's claims in order) and ``verdict`` (comparing a written
shape with real ones by axis, and the reasons, worded with ``app.i18n``). May import: ``app.vault``
(fences), ``app.markup`` (the math scanner) and ``app.i18n``.
"""

from app.equations.shapes.claims import Claim, NoteClaims, find_claims
from app.equations.shapes.legend import Legend
from app.equations.shapes.names import ROLES, STANDARD
from app.equations.shapes.verdict import Probe, Verdict, check_numbers, judge

__all__ = [
    "ROLES",
    "STANDARD",
    "Claim",
    "Legend",
    "NoteClaims",
    "Probe",
    "Verdict",
    "check_numbers",
    "find_claims",
    "judge",
]
