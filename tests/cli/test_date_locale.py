"""The command line reads 03/04/2026 in the user's locale's order, as the window does
(found in review: it read day first whatever the locale). Locales are compiled into a
private folder (glibc's LOCPATH), so the test needs none installed on the machine."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.cli.periods import date_arg, locale_date_order
from app.domain.typed_dates import DateOrder

pytestmark = pytest.mark.skipif(shutil.which("localedef") is None, reason="needs glibc's localedef")

#: Compiled with a one-byte character set: the date formats are the locale's, and
#: localedef takes a second instead of half a minute for UTF-8.
LOCALES = ("en_GB", "en_US")
CHARSET = "ISO-8859-1"


@pytest.fixture(scope="module")
def locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("locales")
    for name in LOCALES:
        subprocess.run(
            ["localedef", "-i", name, "-f", CHARSET, str(folder / f"{name}.{CHARSET}")],
            check=False,  # localedef warns (exit 1) about some locales yet writes them
            capture_output=True,
        )
        assert (folder / f"{name}.{CHARSET}").exists(), name
    return folder


def _in(monkeypatch: pytest.MonkeyPatch, folder: Path, name: str | None) -> None:
    monkeypatch.setenv("LOCPATH", str(folder))
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    if name is not None:
        monkeypatch.setenv("LC_TIME", name)


@pytest.mark.today("2026-11-23")
@pytest.mark.parametrize(
    ("name", "order", "typed", "meant"),
    [
        ("en_GB.ISO-8859-1", DateOrder.DAY_FIRST, "03/04/2026", date(2026, 4, 3)),
        ("en_US.ISO-8859-1", DateOrder.MONTH_FIRST, "03/04/2026", date(2026, 3, 4)),
        (None, DateOrder.DAY_FIRST, "03/04/2026", date(2026, 4, 3)),
        ("xx_NOWHERE.ISO-8859-1", DateOrder.DAY_FIRST, "03/04/2026", date(2026, 4, 3)),
    ],
)
def test_dates_follow_the_locale(
    locales: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str | None,
    order: DateOrder,
    typed: str,
    meant: date,
) -> None:
    _in(monkeypatch, locales, name)
    assert locale_date_order() is order
    assert date_arg(typed) == meant
    # ISO dates read the same everywhere.
    assert date_arg("2026-04-03") == date(2026, 4, 3)


@pytest.mark.today("2026-11-23")
def test_a_refusal_asks_in_the_locale_s_shape(
    locales: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in(monkeypatch, locales, "en_US.ISO-8859-1")
    with pytest.raises(argparse.ArgumentTypeError, match="mm/dd/yyyy"):
        date_arg("next Tuesday")
