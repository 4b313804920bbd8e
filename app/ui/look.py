"""How the app looks: light or dark (following the system unless the user chose), the
text size, and the few colours it uses beyond the palette, named by what they mean.

Widgets never carry colours of their own: they say what a text is with ``set_tone``
("error", "warning", ...) or ``set_role`` ("heading", "code", ...), and one style
sheet built here from the palette in use says how that looks. The sheet is built
again when the system switches between light and dark or the user changes the text
size, so every window follows at once."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.app_settings import settings

APPEARANCE_KEY = "appearance"
TEXT_SIZE_KEY = "text_size_percent"
APPEARANCES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
TEXT_SIZES = (100, 115, 130, 150, 175)

#: (text, background) of each tone, light then dark: each pair reads at 4.5:1 or more.
TONES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "error": (("#b3261e", ""), ("#ffb4ab", "")),
    "warning": (("#5c4400", "#fff3cd"), ("#ffe08a", "#4a3b00")),
    "info": (("#0d3c61", "#e3f2fd"), ("#cfe6ff", "#0f3556")),
    "good": (("#145c2c", "#dcf2e2"), ("#b7f0c6", "#123d20")),
    "bad": (("#8a1016", "#fbe3e4"), ("#ffdad6", "#5c1216")),
    "due": (("#7a4f00", ""), ("#ffd27a", "")),
    "private": (("#7b1fa2", ""), ("#e1a6f5", "")),
}
#: Relative sizes of text roles (the body text is 1.0).
ROLE_SIZES = {"heading": 1.3, "title": 1.6, "code": 1.4, "sidebar": 1.1}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's by default) shows light text on dark."""
    palette = palette or QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def tone_colours(tone: str, dark: bool | None = None) -> tuple[QColor, QColor | None]:
    """The text and background colours of ``tone`` in the look in use."""
    light_pair, dark_pair = TONES[tone]
    text, background = dark_pair if (is_dark() if dark is None else dark) else light_pair
    return QColor(text), QColor(background) if background else None


def private_colour() -> str:
    """The dashed frame round a private text box."""
    return tone_colours("private")[0].name()


def dark_palette() -> QPalette:
    """A dark palette for when the system asks for dark but the style has none."""
    p = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#2b2b2b",
        role.WindowText: "#ececec",
        role.Base: "#1e1e1e",
        role.AlternateBase: "#262626",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#ececec",
        role.PlaceholderText: "#a8a8a8",
        role.Text: "#ececec",
        role.Button: "#353535",
        role.ButtonText: "#ececec",
        role.BrightText: "#ffffff",
        role.Light: "#4a4a4a",
        role.Midlight: "#3e3e3e",
        role.Mid: "#5a5a5a",
        role.Dark: "#1a1a1a",
        role.Shadow: "#000000",
        role.Highlight: "#3d8ee0",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
    }
    for which, name in colours.items():
        p.setColor(which, QColor(name))
    for which in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, which, QColor("#7d7d7d"))
    return p


def _light_palette(app: QApplication) -> QPalette:
    return app.style().standardPalette()


#: The dynamic property that marks a field shown as text (see tint_as_text).
AS_TEXT = "tintedAsText"


def _tint(widget: QWidget) -> None:
    palette = QPalette()  # no role set: every other role follows the application's
    app_palette = QApplication.palette()
    palette.setColor(QPalette.ColorRole.Base, app_palette.color(QPalette.ColorRole.Window))
    widget.setPalette(palette)


def tint_as_text(widget: QWidget, on: bool = True) -> None:
    """Give a read-only field the window's colour as its background, so it reads as
    text to look at, not a box to type in; kept in step when the look changes (a
    colour copied once stayed light in dark, a white box with pale text)."""
    widget.setProperty(AS_TEXT, on)
    if on:
        _tint(widget)
    else:
        widget.setPalette(QPalette())


def style_sheet(dark: bool, body_points: float) -> str:
    """The app's one style sheet: tones, text roles and a focus you can see."""
    rules = []
    for tone, (light_pair, dark_pair) in TONES.items():
        text, background = dark_pair if dark else light_pair
        rule = f"color: {text};"
        if background:
            rule += f" background: {background}; padding: 6px; border-radius: 4px;"
        rules.append(f'*[tone="{tone}"] {{ {rule} }}')
    rules.append('*[tone="muted"] { color: palette(placeholder-text); }')
    for role, scale in ROLE_SIZES.items():
        weight = " font-weight: bold;" if role in ("heading", "title") else ""
        family = " font-family: monospace;" if role == "code" else ""
        rules.append(
            f'*[role="{role}"] {{ font-size: {body_points * scale:.1f}pt;{weight}{family} }}'
        )
    # Keyboard focus you can see on every list, table, scrolling page and text box,
    # light or dark (Fusion's own hint is a faint tint, an empty list shows none, and
    # a page that scrolls showed nothing at all: an invisible Tab stop).
    focus = "#8ab4f8" if dark else "#1a5fb4"
    rules.append(
        "QAbstractItemView:focus, QScrollArea:focus, QPlainTextEdit:focus, QTextEdit:focus,"
        f" QLineEdit:focus {{ border: 2px solid {focus}; }}"
    )
    rules.append(f"QLabel:focus {{ border: 1px dotted {focus}; }}")
    return "\n".join(rules)


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Show ``widget``'s text in ``tone`` (a key of TONES, "muted", or None for plain)."""
    _set_property(widget, "tone", tone or "")


def set_role(widget: QWidget, role: str) -> None:
    """Show ``widget``'s text as ``role`` (a key of ROLE_SIZES), sized from the body text."""
    _set_property(widget, "role", role)


def _set_property(widget: QWidget, name: str, value: str) -> None:
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def appearance() -> str:
    value = settings().value(APPEARANCE_KEY, "system")
    return value if value in dict(APPEARANCES) else "system"


def text_size() -> int:
    value = settings().value(TEXT_SIZE_KEY, 100)
    try:
        percent = int(value) if isinstance(value, int | str) else 100
    except ValueError:
        return 100
    return percent if percent in TEXT_SIZES else 100


class Look(QObject):
    """Keeps the application's palette, font and style sheet in step with the system's
    colour scheme and the user's choices."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.system_palette = QPalette(app.palette())
        self.body_font = QFont(app.font())
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply())

    def wants_dark(self) -> bool:
        chosen = appearance()
        if chosen != "system":
            return chosen == "dark"
        scheme = self.app.styleHints().colorScheme()
        if scheme != Qt.ColorScheme.Unknown:
            return scheme == Qt.ColorScheme.Dark
        return is_dark(self.system_palette)

    def apply(self, dark: bool | None = None) -> None:
        """Apply the settings (``dark`` overrides the appearance, for screenshots)."""
        dark = self.wants_dark() if dark is None else dark
        self.app.setPalette(QPalette())  # the system's own palette, as it is now
        self.system_palette = QPalette(self.app.palette())
        if dark != is_dark(self.system_palette):
            self.app.setPalette(dark_palette() if dark else _light_palette(self.app))
        font = QFont(self.body_font)
        points = (self.body_font.pointSizeF() if self.body_font.pointSizeF() > 0 else 10.0) * (
            text_size() / 100
        )
        font.setPointSizeF(points)
        self.app.setFont(font)
        self.app.setStyleSheet(style_sheet(dark, points))
        for widget in self.app.allWidgets():
            if widget.property(AS_TEXT):
                _tint(widget)


_look: Look | None = None


def keep_look(app: QApplication) -> Look:
    """Install the look once for the whole application and apply it."""
    global _look
    if _look is None or _look.app is not app:
        _look = Look(app)
    _look.apply()
    return _look


def apply_look() -> None:
    """Apply the settings again (after the user changed them in Settings)."""
    if _look is not None:
        _look.apply()
