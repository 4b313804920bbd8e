"""The optional "remember on this computer" slot: the data key in the OS keyring,
one entry per portfolio id. Without a usable keyring we say so; we never fall back
to writing the key to a plain file, and we use only the operating system's own
stores: the `keyring` package would otherwise pick whatever is installed, such as
keyrings.alt's PlaintextKeyring (a base64 file in the home folder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.errors import KeyringUnavailable

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "Mentee Portfolio"

_UNAVAILABLE = (
    "This computer's keyring is not available, so the portfolio cannot be remembered"
    " here. Unlock it with your passphrase instead."
)


# Stores that keep secrets under the user's login, by the module of their backend:
# Linux's Secret Service (GNOME Keyring, KeePassXC) or KWallet, the macOS Keychain
# (keyring.backends.macOS.Keyring) and the Windows Credential Manager
# (keyring.backends.Windows.WinVaultKeyring).
OS_STORES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)


def _keyring() -> KeyringBackend:
    """The OS store keyring would use (the first one in a chain of backends)."""
    import keyring  # imported when first needed: it is slow to load

    chosen = keyring.get_keyring()
    # A chain of backends (keyring.backends.chainer) lists them; any other is one store.
    backends: list[KeyringBackend] = getattr(chosen, "backends", None) or [chosen]
    for backend in backends:
        module = type(backend).__module__
        if module in OS_STORES or module.startswith(tuple(f"{m}." for m in OS_STORES)):
            return backend
    raise KeyringUnavailable(_UNAVAILABLE)


# Backends raise more than keyring.errors.KeyringError (D-Bus and secretstorage
# errors leak through), so every failure is caught here and reported as one thing.
def remember(portfolio_id: str, data_key: bytes) -> None:
    try:
        backend = _keyring()
        from keyring.backends.Windows import WinVaultKeyring

        if isinstance(backend, WinVaultKeyring):
            # On this computer only: the Credential Manager's default ("enterprise")
            # copies the entry to every computer a domain profile roams to.
            backend.persist = "local machine"
        backend.set_password(SERVICE, portfolio_id, data_key.hex())
    except Exception:  # noqa: BLE001 - see above (KeyringUnavailable included)
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
