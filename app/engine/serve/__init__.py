"""Serving the equation panel from the note's kernel: which module and input it traces, and the payloads.

Owns ``model`` (the live or inferred module and its origin), ``panel`` (open/step/heatmaps, with a trace
cache),
``quantities`` (what a clicked symbol is), ``payload`` (tensors as JSON) and ``methods`` (the ``panel.*`` RPC
registrations). May import: torch, ``app.engine.rpc``, ``app.engine.notestate`` and the ``trace`` and
``inputs``
packages through their ``__init__``.
"""

from app.engine.serve.model import Built, normalise_input_spec, note_module, sample_input

__all__ = ["Built", "normalise_input_spec", "note_module", "sample_input"]
