"""A signature pad: mouse, pen (tablet) or finger (touch) strokes, kept as vectors in
the format agreed with printing: ``{"w", "h", "strokes": [[[x, y], ...], ...]}``,
pad units, y downwards."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

# Points closer than this (pixels) to the previous one add nothing but size.
MIN_STEP = 1.0


class SignaturePad(QWidget):
    """Draw with the left button, a pen or a finger; Delete or Backspace clears."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(320, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(130)
        self.setAccessibleName("Signature pad")
        self.setAccessibleDescription(
            "Sign with the mouse, a pen or your finger. Press Delete to clear."
        )
        self.setToolTip("Sign here with the mouse, a pen or your finger")

    # -- the strokes ---------------------------------------------------------------
    def is_empty(self) -> bool:
        return sum(len(s) for s in self._strokes) < 2

    def clear(self) -> None:
        if self._strokes:
            self._strokes.clear()
            self.update()
            self.changed.emit()

    def strokes(self) -> dict[str, object] | None:
        """The signature in the agreed format, or None if nothing was drawn."""
        if self.is_empty():
            return None
        w, h = float(self.width()), float(self.height())

        def clamp(value: float, top: float) -> float:
            return round(min(max(value, 0.0), top), 1)

        return {
            "w": w,
            "h": h,
            "strokes": [
                [[clamp(p.x(), w), clamp(p.y(), h)] for p in stroke] for stroke in self._strokes
            ],
        }

    # -- input ---------------------------------------------------------------------
    def _begin(self, point: QPointF) -> None:
        self._drawing = True
        self._strokes.append([point])
        self.update()

    def _extend(self, point: QPointF) -> None:
        if not self._drawing or not self._strokes:
            return
        last = self._strokes[-1][-1]
        if (point - last).manhattanLength() >= MIN_STEP:
            self._strokes[-1].append(point)
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesised mouse events for the same pen stroke

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                position = points[0].position()
                if event.type() == QTouchEvent.Type.TouchBegin:
                    self._begin(position)
                elif event.type() == QTouchEvent.Type.TouchUpdate:
                    self._extend(position)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        else:
            super().keyPressEvent(event)

    # -- drawing -------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(rect, QColor("white"))
        frame = (
            self.palette().color(QPalette.ColorRole.Highlight)
            if self.hasFocus()
            else (QColor("#8a8f98"))
        )
        painter.setPen(QPen(frame, 1.5 if self.hasFocus() else 1.0))
        painter.drawRoundedRect(rect, 4, 4)
        baseline = rect.bottom() - 28
        painter.setPen(QPen(QColor("#b6bac2"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left() + 16, baseline), QPointF(rect.right() - 16, baseline))
        if not self._strokes:
            painter.setPen(QColor("#6b7079"))
            painter.drawText(
                rect.adjusted(16, 0, -16, -34),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                "Sign here",
            )
        painter.setPen(
            QPen(
                QColor("#10204a"),
                2.2,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)
        painter.end()
