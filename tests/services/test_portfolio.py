"""Create, unlock, lock and re-key: the envelope design, end to end on real files."""

import os
import stat
from pathlib import Path

import pytest

from app.domain.errors import (
    KeySlotMissing,
    LocationNotWritable,
    NotAPortfolio,
    PortfolioDamaged,
    PortfolioLocked,
    RecoveryCodeTypo,
    ValidationFailed,
    WrongPassphrase,
    WrongRecoveryCode,
)
from app.domain.record_types import Mentor, OwnerProfile
from app.services import portfolio as portfolios
from app.services import profile, records
from app.services.portfolio import CreatedPortfolio
from app.store import keyslot
from app.store.files import keyslot_path
from tests.conftest import PASSPHRASE, TEST_KDF


def test_create_makes_owner_only_files_and_unlocks_with_the_passphrase(
    created: CreatedPortfolio, portfolio_path: Path
) -> None:
    created.portfolio.lock()
    for path in (portfolio_path, keyslot_path(portfolio_path)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    opened = portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE)
    assert profile.get_owner(opened).name == "Siân Ó Dálaigh"
    assert opened.portfolio_id == created.portfolio.portfolio_id
    opened.lock()


def test_default_kdf_is_memory_hard_and_calibrated() -> None:
    params = keyslot.KdfParams()
    assert params.n >= 2**17 and params.r == 8  # 128 MiB of scrypt, about 0.3 s here


def test_wrong_passphrase_is_refused(created: CreatedPortfolio, portfolio_path: Path) -> None:
    with pytest.raises(WrongPassphrase, match="does not open this portfolio"):
        portfolios.unlock_with_passphrase(portfolio_path, "not the passphrase")


def test_locked_portfolio_refuses_work(portfolio: portfolios.Portfolio) -> None:
    portfolio.lock()
    portfolio.lock()  # twice is fine
    with pytest.raises(PortfolioLocked):
        records.list_records(portfolio, Mentor)


def test_recovery_code_opens_after_the_key_file_is_lost(
    created: CreatedPortfolio, portfolio_path: Path
) -> None:
    records.save(created.portfolio, Mentor(name="Dr Αλέξανδρος Παπαδόπουλος"))
    created.portfolio.lock()
    keyslot_path(portfolio_path).unlink()
    with pytest.raises(KeySlotMissing, match="recovery code"):
        portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE)
    opened = portfolios.unlock_with_recovery_code(portfolio_path, created.recovery_code)
    assert [m.name for m in records.list_records(opened, Mentor)] == ["Dr Αλέξανδρος Παπαδόπουλος"]
    # Setting a passphrase again writes a fresh key file.
    portfolios.set_passphrase(opened, "a brand new passphrase", kdf=TEST_KDF)
    opened.lock()
    portfolios.unlock_with_passphrase(portfolio_path, "a brand new passphrase").lock()


def test_recovery_code_typo_and_wrong_code(
    created: CreatedPortfolio, portfolio_path: Path, tmp_path: Path
) -> None:
    code = created.recovery_code
    typo = code[:7] + ("X" if code[7] != "X" else "Y") + code[8:]
    with pytest.raises(RecoveryCodeTypo, match="typo in group 2"):
        portfolios.unlock_with_recovery_code(portfolio_path, typo)
    other = portfolios.create_portfolio(
        tmp_path / "other.mpf", OwnerProfile(name="B"), PASSPHRASE, kdf=TEST_KDF
    )
    other.portfolio.lock()
    with pytest.raises(WrongRecoveryCode):
        portfolios.unlock_with_recovery_code(portfolio_path, other.recovery_code)
    keyslot_path(portfolio_path).unlink()
    created.portfolio.lock()
    with pytest.raises(PortfolioDamaged, match="belongs to another portfolio, or the file"):
        portfolios.unlock_with_recovery_code(portfolio_path, other.recovery_code)


def test_change_passphrase_rewraps_without_reencrypting(
    created: CreatedPortfolio, portfolio_path: Path
) -> None:
    created.portfolio.lock()
    database_before = portfolio_path.read_bytes()
    opened = portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE)
    portfolios.set_passphrase(opened, "second passphrase here", kdf=TEST_KDF)
    opened.lock()
    with pytest.raises(WrongPassphrase):
        portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE)
    reopened = portfolios.unlock_with_passphrase(portfolio_path, "second passphrase here")
    reopened.lock()
    portfolios.unlock_with_recovery_code(portfolio_path, created.recovery_code).lock()
    # Same data key: the encrypted pages of the first 4 KiB (schema) did not change.
    assert portfolio_path.read_bytes()[:4096] == database_before[:4096]


def test_crash_while_writing_the_key_file_keeps_the_old_passphrase(
    created: CreatedPortfolio, portfolio_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(LocationNotWritable):
        portfolios.set_passphrase(created.portfolio, "never lands anywhere", kdf=TEST_KDF)
    monkeypatch.undo()
    created.portfolio.lock()
    portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE).lock()
    assert [p.name for p in portfolio_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_short_passphrase_and_missing_owner_are_validation_errors(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="at least 8"):
        portfolios.create_portfolio(tmp_path / "a.mpf", OwnerProfile(name="A"), "short")
    with pytest.raises(ValidationFailed, match="name: is required"):
        portfolios.create_portfolio(tmp_path / "a.mpf", OwnerProfile(name=" "), PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


def test_create_never_overwrites(created: CreatedPortfolio, portfolio_path: Path) -> None:
    before = portfolio_path.read_bytes()
    with pytest.raises(LocationNotWritable, match="already exists"):
        portfolios.create_portfolio(portfolio_path, OwnerProfile(name="X"), PASSPHRASE)
    assert portfolio_path.read_bytes() == before


def test_create_in_a_read_only_folder_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    if os.geteuid() == 0:
        # Root writes through permission bits; sysfs refuses even root.
        folder = Path("/sys/kernel")
    with pytest.raises(LocationNotWritable, match="read-only or not yours"):
        portfolios.create_portfolio(folder / "p.mpf", OwnerProfile(name="A"), PASSPHRASE)
    assert not (folder / "p.mpf").exists()


@pytest.mark.parametrize(
    "content", [b"", b"hello", b"SQLite format 3\x00" + b"\x00" * 2000, os.urandom(8192)]
)
def test_things_that_are_not_portfolios(
    tmp_path: Path, content: bytes, created: CreatedPortfolio
) -> None:
    path = tmp_path / "thing.mpf"
    path.write_bytes(content)
    keyslot_path(path).write_bytes(keyslot_path(created.portfolio.path).read_bytes())
    with pytest.raises((NotAPortfolio, PortfolioDamaged)):
        portfolios.unlock_with_passphrase(path, PASSPHRASE)
    assert path.read_bytes() == content


def test_garbled_key_file(created: CreatedPortfolio, portfolio_path: Path) -> None:
    keyslot_path(portfolio_path).write_text("{not json")
    with pytest.raises(NotAPortfolio, match="key file"):
        portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE)


def test_damaged_page_is_reported_not_crashed(
    created: CreatedPortfolio, portfolio_path: Path
) -> None:
    for i in range(40):
        records.save(created.portfolio, Mentor(name=f"Mentor {i}", notes="x" * 3000))
    created.portfolio.lock()
    data = bytearray(portfolio_path.read_bytes())
    assert not portfolio_path.with_name(portfolio_path.name + "-wal").exists()
    # Scribble over every page after the schema: their HMACs no longer match.
    for page in range(3, len(data) // 4096):
        data[4096 * page + 100 : 4096 * page + 140] = os.urandom(40)
    portfolio_path.write_bytes(bytes(data))
    with pytest.raises(PortfolioDamaged, match="damaged|cannot be read"):
        opened = portfolios.unlock_with_passphrase(portfolio_path, PASSPHRASE)
        records.list_records(opened, Mentor)
