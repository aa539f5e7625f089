"""Register the equation panel's methods (``panel.*``) with the kernel's rpc registry.

``app.engine.rpc`` imports ``app.engine.<group>_rpc`` the first time a method of that group is called,
so this module is what makes ``panel.open`` reachable; the functions themselves live in
``app.engine.panel_service`` and stay plain Python for in-process tests.
"""

from __future__ import annotations

from app.engine import panel_service, rpc

rpc.method("panel.open")(panel_service.panel_open)
rpc.method("panel.step")(panel_service.panel_step)
rpc.method("panel.heatmaps")(panel_service.panel_heatmaps)
rpc.method("panel.devices")(panel_service.panel_devices)
