"""The optional "remember on this computer" slot: the data key in the OS keyring,
one entry per portfolio id. Without a usable keyring we say so; we never fall back
to writing the key to a plain file."""

from __future__ import annotations

from app.domain.errors import KeyringUnavailable

SERVICE = "Mentee Portfolio"

_UNAVAILABLE = (
    "This computer's keyring is not available, so the portfolio cannot be remembered"
    " here. Unlock it with your passphrase instead."
)


def _keyring():  # type: ignore[no-untyped-def]
    import keyring  # imported when first needed: it is slow to load

    return keyring


# Backends raise more than keyring.errors.KeyringError (D-Bus and secretstorage
# errors leak through), so every failure is caught here and reported as one thing.
def remember(portfolio_id: str, data_key: bytes) -> None:
    try:
        _keyring().set_password(SERVICE, portfolio_id, data_key.hex())
    except Exception:  # noqa: BLE001 - see above
        raise KeyringUnavailable(_UNAVAILABLE) from None


def probe() -> None:
    """Raise KeyringUnavailable unless a working keyring answers."""
    recall("mentee-portfolio-probe")


def recall(portfolio_id: str) -> bytes | None:
    try:
        stored = _keyring().get_password(SERVICE, portfolio_id)
    except Exception:  # noqa: BLE001 - see above
        raise KeyringUnavailable(_UNAVAILABLE) from None
    if not stored:
        return None
    try:
        key = bytes.fromhex(stored)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget(portfolio_id: str) -> None:
    try:
        kr = _keyring()
        if kr.get_password(SERVICE, portfolio_id) is not None:
            kr.delete_password(SERVICE, portfolio_id)
    except Exception:  # noqa: BLE001 - see above
        raise KeyringUnavailable(_UNAVAILABLE) from None
