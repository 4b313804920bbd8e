"""Column widths that fit: every table's columns share the width it has, so a list never
grows a horizontal scrollbar and no column is squeezed to nothing.

Each column is as wide as its contents, up to a fair share of the table; one column
(the table's stretching one, else the last) takes what is left. The user may drag a
column wider or narrower; "Reset column widths" in the header's menu (right click, or
the menu key) puts them back. Widths are never stored, so nonsense never outlives the
window that made it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QTableView

FITTER_NAME = "column_fitter"
#: No column is made narrower than this (a tick box, "Status", a date stay readable).
NARROWEST = 48
#: Where several columns want more than the table has, none takes more than this share.
WIDEST_SHARE = 0.45


class ColumnFitter(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.setObjectName(FITTER_NAME)
        self.view = view
        self.user_sized = False
        self._fitting = False
        self._model: QObject | None = None
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        header = view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        reset = QAction("Reset column widths", header)
        reset.triggered.connect(self.reset)
        header.addAction(reset)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        self._watch_model()

    def _watch_model(self) -> None:
        model = self.view.model()
        if model is None or model is self._model:
            return
        self._model = model
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.later)
        model.dataChanged.connect(self.later)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.later()
        return False

    def later(self, *_args: object) -> None:
        self._pending.start()

    def reset(self) -> None:
        self.user_sized = False
        self.fit()

    def _resized(self, _index: int, _old: int, _new: int) -> None:
        header = self.view.horizontalHeader()
        if not self._fitting and header.underMouse():
            self.user_sized = True  # dragged by hand: kept until "Reset column widths"

    def stretch_column(self) -> int:
        header = self.view.horizontalHeader()
        for column in range(header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
                return column
        return header.count() - 1

    def fit(self) -> None:
        view = self.view
        model = view.model()
        header = view.horizontalHeader()
        if model is None or header.count() == 0 or self.user_sized:
            return
        self._watch_model()
        room = view.viewport().width()
        if room <= 0:
            return
        stretch = self.stretch_column()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        others = [c for c in shown if c != stretch]
        wanted = {
            c: max(NARROWEST, view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in others
        }
        spare = room - NARROWEST * 2  # the stretching column keeps room for a word
        widest = max(NARROWEST, int(room * WIDEST_SHARE)) if len(others) > 1 else spare
        widths = {c: min(w, widest) for c, w in wanted.items()}
        total = sum(widths.values())
        if total > spare and total > 0:
            scale = max(spare, NARROWEST * len(others)) / total
            widths = {c: max(NARROWEST, int(w * scale)) for c, w in widths.items()}
        self._fitting = True
        try:
            header.setStretchLastSection(False)
            header.setMinimumSectionSize(min(header.minimumSectionSize(), NARROWEST))
            for column, width in widths.items():
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, width)
            if stretch in shown:
                header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        finally:
            self._fitting = False


def fit_columns(view: QTableView) -> ColumnFitter:
    """Keep ``view``'s columns fitted (once per view; later calls fit again now)."""
    fitter = view.findChild(ColumnFitter, FITTER_NAME)
    if fitter is None:
        fitter = ColumnFitter(view)
    fitter.later()
    return fitter
