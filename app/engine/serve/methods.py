"""Register the equation panel's methods (``panel.*``) with the kernel's rpc registry.

``app.engine.rpc`` imports this module (its ``PROVIDERS`` table) the first time a ``panel.*`` method is
called,
so this module is what makes ``panel.open`` reachable; the functions themselves live in
``app.engine.serve.panel`` and stay plain Python for in-process tests.
"""

from __future__ import annotations

from app.engine import rpc
from app.engine.serve import panel as panel_service

rpc.method("panel.open")(panel_service.panel_open)
rpc.method("panel.step")(panel_service.panel_step)
rpc.method("panel.heatmaps")(panel_service.panel_heatmaps)
rpc.method("panel.devices")(panel_service.panel_devices)
