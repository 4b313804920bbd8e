"""Whether this computer remembers a portfolio's key (its keyring), said honestly:
no keyring available, remembered, or not remembered."""

from __future__ import annotations

import enum

from app.domain.errors import KeyringUnavailable
from app.services.portfolio import Portfolio, remember_on_this_computer
from app.store import keyring_slot


class KeyringState(enum.Enum):
    UNAVAILABLE = "This computer has no keyring available, so it cannot remember the portfolio."
    REMEMBERED = "This computer remembers the portfolio: it opens here without the passphrase."
    NOT_REMEMBERED = "This computer does not remember the portfolio: it asks for the passphrase."


def keyring_state(portfolio: Portfolio) -> KeyringState:
    """Asked of the keyring itself each time (an entry for another key counts as not
    remembered: it would not open the portfolio)."""
    try:
        stored = keyring_slot.recall(portfolio.portfolio_id)
    except KeyringUnavailable:
        return KeyringState.UNAVAILABLE
    return KeyringState.REMEMBERED if stored == portfolio.data_key else KeyringState.NOT_REMEMBERED


def set_remembered(portfolio: Portfolio, remember: bool) -> KeyringState:
    """Remember or forget, then ask again: the state returned is the keyring's."""
    remember_on_this_computer(portfolio, remember)
    return keyring_state(portfolio)
