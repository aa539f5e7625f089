"""The main window's dock layout: one tabbed column each side of the note, and a bottom area between.

Split from app.ui.window.main_window, which opens vaults and notes; this part only decides where docks go and
how wide the side columns start, so that the note keeps its width whatever panels plug in.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QWidget

LEFT_DOCK_WIDTH = 240  # the vault tree column, px
RIGHT_DOCK_WIDTH = 500  # the equation panel column, px (its own minimum wins when larger)
SIDE_SHARE = 0.45  # a left or right dock column takes at most this share of the window's width
BOTTOM_SHARE = 0.6  # a bottom dock takes at most this share of the window's height
FIRST_START_SHARE = 0.8  # with no saved state the window covers this share of the available screen
DEFAULT_LEFT_SHARE = 0.25  # on a small window the default columns shrink to these shares, so the note
DEFAULT_RIGHT_SHARE = 0.36  # keeps at least the rest (≈ 40%)


class DockColumns(QMainWindow):
    """A main window whose left and right docks become tabs of the first dock added on that side."""

    def __init__(self) -> None:
        super().__init__()
        self._area_home: dict[Qt.DockWidgetArea, QDockWidget] = {}
        self._fit_left_tabs = False  # the default layout widens the left column to its tabs once
        # The bottom area sits between the side columns, so they keep their full height.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

    def _left_home(self) -> QDockWidget | None:
        """The left column's first dock (the vault tree in the app)."""
        return self._area_home.get(Qt.DockWidgetArea.LeftDockWidgetArea)

    def add_dock(self, widget: QWidget, title: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a feature panel as a dock.

        Docks on the left or right become tabs of the first dock of that side (the vault tree on the
        left, the equation panel on the right), so each side stays one column and the note keeps its
        width; ``arrange_docks`` picks the tab shown first.
        """
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{widget.objectName() or title}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        dock.dockLocationChanged.connect(lambda _area: self.cap_docks())
        dock.topLevelChanged.connect(lambda _floating: self.cap_docks())
        home = self._area_home.get(area)
        if home is None:
            if area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea):
                self._area_home[area] = dock
        else:
            self.tabifyDockWidget(home, dock)
        return dock

    def bring_to_front(self, dock: QDockWidget) -> None:
        """Show ``dock`` whatever hides it: closed, a tab behind another tab, or floating behind the window.

        ``isVisible()`` stays true for a dock whose tab is not the current one (only its visible region
        is empty), so a panel asked for must not test it: ``raise_()`` is what selects its tab.
        """
        if dock.isHidden():
            dock.show()
        dock.raise_()
        if dock.isFloating():
            dock.activateWindow()

    def arrange_docks(self) -> None:
        """The default layout, before a saved one is restored: the tree tab in front on the left,
        the equation panel (or, until the first click, the outline) in front on the right, and side
        widths that leave the note column comfortable (≥ 560 px at 1400×900)."""
        left = self._left_home()
        right = self._area_home.get(Qt.DockWidgetArea.RightDockWidgetArea)
        if left is not None:
            left.show()
            left.raise_()
        docks, widths = [], []
        if left is not None:
            docks.append(left)
            widths.append(min(LEFT_DOCK_WIDTH, int(self.width() * DEFAULT_LEFT_SHARE)))
            self._fit_left_tabs = True  # once the new docks' tabs exist (next turn of the event loop)
            QTimer.singleShot(0, self, self._fit_left_column)  # dropped if the window goes first
        if right is not None:
            shown = [d for d in [right, *self.tabifiedDockWidgets(right)] if not d.isHidden()]
            if shown:
                (right if right in shown else shown[0]).raise_()
                docks.append(shown[0])
                widths.append(max(min(RIGHT_DOCK_WIDTH, int(self.width() * DEFAULT_RIGHT_SHARE)),
                                  shown[0].minimumWidth()))
        if docks:
            self.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def unelide_dock_tabs(self) -> int:
        """Show the side columns' tab labels whole; return the width the left column's tabs need.

        Qt elides dock tabs to fit the column ("No…", "Unresol…" in English at 240 px). QMainWindow
        makes those tab bars lazily, when docks are tabified and laid out, so this runs again on show
        and once the event loop turns; a bar wider than its column gets scroll buttons.
        """
        needed = 0
        left = self._left_home()
        left_titles = {left.windowTitle()} if left is not None else set()
        for bar in self.findChildren(QTabBar):
            if bar.parent() is not self:  # a QTabWidget's own bar inside some panel
                continue
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
            if left_titles & {bar.tabText(i) for i in range(bar.count())}:
                needed = max(needed, sum(bar.tabSizeHint(i).width() for i in range(bar.count())) + 4)
        return needed

    def _fit_left_column(self) -> None:
        """Widen the default left column so its tabs ("Notes  Search  Tags  Unresolved links") fit."""
        needed = self.unelide_dock_tabs()
        left = self._left_home()
        needed = min(needed, int(self.width() * DEFAULT_LEFT_SHARE))  # tabs scroll on a small window
        if self._fit_left_tabs and left is not None and needed > left.width():
            self.resizeDocks([left], [needed], Qt.Orientation.Horizontal)
        self._fit_left_tabs = False

    def cap_docks(self) -> None:
        """Keep each docked panel within its share of the window (``SIDE_SHARE``, ``BOTTOM_SHARE``).

        Nothing a panel shows may push its column past that (a long query once made the search dock,
        the window and the saved state 9,000 px wide); a dock's own minimum still wins, so a panel never
        loses the width it needs to be usable. A floating dock is not capped.
        """
        side = {Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea}
        bottom = {Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea}
        unlimited = 16777215  # QWIDGETSIZE_MAX
        for dock in self.findChildren(QDockWidget):
            area = self.dockWidgetArea(dock)
            if dock.isFloating():
                dock.setMaximumSize(unlimited, unlimited)
            elif area in side:
                dock.setMaximumSize(max(dock.minimumWidth(), int(self.width() * SIDE_SHARE)), unlimited)
            elif area in bottom:
                dock.setMaximumSize(unlimited, max(dock.minimumHeight(), int(self.height() * BOTTOM_SHARE)))

    def available_area(self) -> QRect:
        """The screen area the window may use (its screen's, else the primary screen's)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1400, 900)

    def fit_to_screen(self) -> bool:
        """Repair a restored geometry that the screen can't hold (wider or taller than the available
        area, or off it): shrink to the area and move inside it. Returns whether it had to."""
        area = self.available_area()
        frame = self.frameGeometry()
        if frame.width() <= area.width() and frame.height() <= area.height() and area.contains(frame):
            return False
        width, height = min(self.width(), area.width()), min(self.height(), area.height())
        if width < 200 or height < 200:
            width, height = int(area.width() * FIRST_START_SHARE), int(area.height() * FIRST_START_SHARE)
        self.resize(width, height)
        left = min(max(frame.left(), area.left()), area.right() - width + 1)
        top = min(max(frame.top(), area.top()), area.bottom() - height + 1)
        self.move(left, top)
        return True

    def first_start_size(self) -> None:
        """No saved state: about ``FIRST_START_SHARE`` of the available screen, centred on it."""
        area = self.available_area()
        width, height = int(area.width() * FIRST_START_SHARE), int(area.height() * FIRST_START_SHARE)
        self.resize(width, height)
        self.move(area.left() + (area.width() - width) // 2, area.top() + (area.height() - height) // 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.cap_docks()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.unelide_dock_tabs()
        QTimer.singleShot(0, self, self.unelide_dock_tabs)

