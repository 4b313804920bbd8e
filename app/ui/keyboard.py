"""Rules every window keeps for the keyboard, applied to each widget as Qt first
polishes or shows it, so no list, table, tree or form can forget them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabBar,
    QWidget,
)


class KeyboardRules(QObject):
    """Tab and Shift+Tab leave a list, table or tree for the next control (inside one,
    the arrow keys move); Qt's default walks cell by cell and wraps, a trap. A form's
    label gets a mnemonic (Alt+letter) that reaches its field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QAbstractItemView):
            watched.setTabKeyNavigation(False)
        elif kind == QEvent.Type.Show and isinstance(watched, QLabel) and watched.buddy():
            give_mnemonic(watched)
        return False


def mnemonic_of(text: str) -> str | None:
    """The letter after a single "&" in ``text`` (lower case), if any."""
    shortcut = QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)
    if not shortcut.startswith("Alt+") or len(shortcut) < 5:
        return None
    letter = shortcut[4:].lower()
    return letter if len(letter) == 1 else None


def focus_target(widget: QWidget) -> QWidget | None:
    """The control Alt+letter should reach for ``widget`` (a field, or the plain
    container a form row holds it in)."""
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
        return widget
    proxy = widget.focusProxy()  # a label's Alt+letter skips a buddy that takes no focus
    if proxy is not None:
        return focus_target(proxy)
    for child in widget.findChildren(QWidget):
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and not child.isHidden():
            return child
    return None


def _scope(label: QLabel) -> QWidget:
    """The page the label is on (the nearest page of a stack: its section, or its tab),
    or its window: pages of one stack are never on screen together."""
    widget: QWidget | None = label
    while widget is not None and not widget.isWindow():
        parent = widget.parentWidget()
        if isinstance(parent, QStackedWidget):
            return widget
        widget = parent
    return label.window()


def used_mnemonics(label: QLabel, *, labels_too: bool = True) -> set[str]:
    """Letters taken by what can be reached from where ``label`` is: its page, whatever
    else is on screen in its window, and the window's menu bar."""
    window = label.window()
    scope = _scope(label)
    used: set[str] = set()
    for widget in window.findChildren(QWidget):
        if widget is label or not (widget.isVisibleTo(window) or scope.isAncestorOf(widget)):
            continue
        if isinstance(widget, QLabel) and not labels_too:
            continue
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            text = "" if _looks_rich(widget.text()) else widget.text()
        elif isinstance(widget, QAbstractButton | QLabel):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        elif isinstance(widget, QTabBar):
            used.update(
                filter(None, (mnemonic_of(widget.tabText(i)) for i in range(widget.count())))
            )
            continue
        else:
            continue
        letter = mnemonic_of(text)
        if letter:
            used.add(letter)
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            letter = mnemonic_of(action.text())
            if letter:
                used.add(letter)
    return used


def give_mnemonic(label: QLabel) -> None:
    """Point ``label`` at its field's control and, where its text has no "&" yet, put
    one before the first free letter (a word's first letter preferred)."""
    buddy = label.buddy()
    target = focus_target(buddy) if buddy is not None else None
    if target is not None and target is not buddy:
        label.setBuddy(target)
    text = label.text()
    if (
        not text
        or "&" in text
        or label.textFormat() == Qt.TextFormat.RichText
        or _looks_rich(text)
        or target is None
    ):
        return
    used = used_mnemonics(label)
    starts = [
        i
        for i, c in enumerate(text)
        if c.isascii() and c.isalnum() and (i == 0 or not text[i - 1].isalnum())
    ]
    rest = [i for i, c in enumerate(text) if c.isascii() and c.isalnum() and i not in starts]
    # A long form runs out of letters: then a letter only other labels have, which
    # Qt cycles through on each press (a button's letter would press the button).
    acting = used_mnemonics(label, labels_too=False)
    for taken in (used, acting):
        for i in starts + rest:
            if text[i].lower() not in taken:
                label.setText(text[:i] + "&" + text[i:])
                return


_rules: KeyboardRules | None = None


def keep_keyboard_rules(qt_app: QApplication) -> None:
    """Install the rules once for the whole application."""
    global _rules
    if _rules is None:
        _rules = KeyboardRules(qt_app)
        qt_app.installEventFilter(_rules)


def _looks_rich(text: str) -> bool:
    """Qt's own guess (Qt::mightBeRichText): a tag before the first line break."""
    first = text.split("\n", 1)[0]
    return "<" in first and ">" in first
