"""Feature panels that plug into the main window without editing it.

Each module listed here exposes ``install(window)``; ``app.ui.main`` calls the ones that exist, so
panels can be developed (and fail to import) independently of the window.
"""

PLUGINS = (
    "app.ui.equation_panel.panel",
    "app.ui.equation_panel.shapes",
    "app.ui.code_panel.panel",
    "app.ui.vault_panels.panels",
    "app.ui.kernels.status",
    "app.ui.kernels.budget",
)
