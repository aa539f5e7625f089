"""Register the shape claims' methods (``shapes.*``) with the kernel's rpc registry.

``app.engine.rpc`` imports this module (its ``PROVIDERS`` table) the first time a ``shapes.*`` method is
called. ``shapes.evaluate`` judges every claim of the note on its module; the UI calls it only once the
kernel has been asked for the model (opening a note runs nothing); ``shapes.check_run`` judges a code block's
shape comments on the tensors of its run, after the user ran it.
"""

from __future__ import annotations

from app.engine import rpc
from app.engine.claims.evaluate import evaluate_note
from app.engine.claims.runs import check_run

rpc.method("shapes.evaluate")(evaluate_note)
rpc.method("shapes.check_run")(check_run)
