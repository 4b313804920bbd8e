"""Recovery codes: the 256-bit data key written for humans.

The key is spelled in Crockford base32 (no I, L, O, U; those read back as 1, 1, 0
and are refused) as 13 groups of four characters, each followed by a check
character. The check is a weighted sum with odd weights, so every single
substituted character is caught and named by its group, instead of the
unhelpful "wrong key" that a typo would otherwise produce.
"""

from __future__ import annotations

from app.domain.errors import RecoveryCodeTypo

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_READ_AS = {"O": "0", "I": "1", "L": "1"}
KEY_BYTES = 32
DATA_CHARS = 52  # ceil(256 / 5)
GROUP_DATA = 4
GROUPS = DATA_CHARS // GROUP_DATA  # 13
_WEIGHTS = (1, 3, 5, 7)
#: The one shape a code is shown, printed and typed in: numbered groups of five
#: characters (four and a check), four groups to a row; typed with or without dashes.
GROUPS_PER_ROW = 4
TYPING_HINT = "XXXXX-XXXXX-XXXXX-… (13 groups of 5)"


def _check_char(group_index: int, chars: str) -> str:
    total = sum(w * _VALUE[c] for w, c in zip(_WEIGHTS, chars, strict=True))
    return ALPHABET[(total + 11 * (group_index + 1)) % 32]


def encode(key: bytes) -> str:
    """Return the recovery code for a 32-byte key, groups joined by dashes."""
    if len(key) != KEY_BYTES:
        raise ValueError("a recovery code encodes exactly 32 bytes")
    number = int.from_bytes(key, "big") << (DATA_CHARS * 5 - KEY_BYTES * 8)
    data = "".join(ALPHABET[(number >> (5 * (DATA_CHARS - 1 - i))) & 31] for i in range(DATA_CHARS))
    groups = []
    for g in range(GROUPS):
        chunk = data[g * GROUP_DATA : (g + 1) * GROUP_DATA]
        groups.append(chunk + _check_char(g, chunk))
    return "-".join(groups)


def normalise(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    return "".join(_READ_AS.get(ch, ch) for ch in cleaned)


def decode(text: str) -> bytes:
    """Return the key a typed recovery code stands for, or raise RecoveryCodeTypo."""
    code = normalise(text)
    expected = GROUPS * (GROUP_DATA + 1)
    for position, ch in enumerate(code):
        if ch not in _VALUE:
            raise RecoveryCodeTypo(position // (GROUP_DATA + 1) + 1)
    if len(code) != expected:
        raise RecoveryCodeTypo(
            None, f"it has {len(code)} characters, but a recovery code has {expected}."
        )
    data = []
    for g in range(GROUPS):
        group = code[g * 5 : g * 5 + 5]
        if _check_char(g, group[:4]) != group[4]:
            raise RecoveryCodeTypo(g + 1)
        data.append(group[:4])
    number = 0
    for ch in "".join(data):
        number = (number << 5) | _VALUE[ch]
    padding = DATA_CHARS * 5 - KEY_BYTES * 8
    if number & ((1 << padding) - 1):
        raise RecoveryCodeTypo(GROUPS)
    return (number >> padding).to_bytes(KEY_BYTES, "big")


def groups(code: str) -> list[str]:
    """The code split into its five-character groups, for display and typing back."""
    cleaned = normalise(code)
    return [cleaned[i : i + 5] for i in range(0, len(cleaned), 5)]


def numbered_rows(code: str) -> list[list[tuple[int, str]]]:
    """The code's groups, numbered from 1, in rows of GROUPS_PER_ROW: the shape the
    screen and the printed sheet show (and the confirmation asks for by number)."""
    groups = [g for g in code.split("-") if g]
    numbered = list(enumerate(groups, 1))
    return [numbered[i : i + GROUPS_PER_ROW] for i in range(0, len(numbered), GROUPS_PER_ROW)]
