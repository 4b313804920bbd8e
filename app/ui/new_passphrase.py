"""A new passphrase, typed twice, with a hint of its strength: one pair of fields for
the create wizard, a new key file, Change passphrase and Import."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

MISMATCH = "The two passphrases are different. Type them again."


def strength_hint(passphrase: str) -> str:
    # The services (and with them the store) load when a passphrase is first asked for.
    from app.services.portfolio import MIN_PASSPHRASE, passphrase_problem

    if len(passphrase) < MIN_PASSPHRASE:
        return f"Too short: use at least {MIN_PASSPHRASE} characters."
    if passphrase_problem(passphrase):
        return "Not usable: spaces alone are not a passphrase."
    words = len(passphrase.split())
    kinds = sum(
        any(test(c) for c in passphrase)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if len(passphrase) >= 20 or words >= 4:
        return "Strong: a long passphrase is hard to guess."
    if len(passphrase) >= 12 and kinds >= 2:
        return "Good. Longer is stronger: try four or more unrelated words."
    return "Weak: add more words."


class NewPassphrase:
    """The two fields and the hint; the dialog places them with ``add_rows`` and asks
    ``problem()`` before using ``text()``."""

    def __init__(self, name: str = "Passphrase") -> None:
        self.passphrase = QLineEdit()
        self.again = QLineEdit()
        for edit, accessible in ((self.passphrase, name), (self.again, f"{name} again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(accessible)
        self.strength = QLabel(strength_hint(""))
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName("Passphrase strength")
        self.passphrase.textChanged.connect(lambda t: self.strength.setText(strength_hint(t)))

    def add_rows(
        self, form: QFormLayout, label: str = "&Passphrase:", again: str = "Passphrase &again:"
    ) -> None:
        form.addRow(label, self.passphrase)
        form.addRow("", self.strength)
        form.addRow(again, self.again)

    def text(self) -> str:
        return self.passphrase.text()

    def problem(self) -> str | None:
        """What is wrong, in one sentence, with the cursor put where to fix it (a
        mismatch empties the second field); None when the passphrase can be used."""
        from app.services.portfolio import passphrase_problem

        problem = passphrase_problem(self.passphrase.text())
        if problem:
            self.passphrase.setFocus()
            return f"The passphrase {problem}."
        if self.passphrase.text() != self.again.text():
            self.again.clear()
            self.again.setFocus()
            return MISMATCH
        return None

    def clear(self) -> None:
        self.passphrase.clear()
        self.again.clear()
