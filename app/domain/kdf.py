"""How hard the passphrase is to guess by brute force: the scrypt cost of the key file.
Plain data, so the window can offer a cheaper cost for tests and the sample portfolio
without importing the store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost. The default takes about 0.3 s and 128 MiB on a 2-core machine."""

    n: int = 2**17
    r: int = 8
    p: int = 1
