"""Paths Windows cannot hold (260 characters and more, counting the temporary name a
file is written under) are refused with one sentence before anything is written.
Checked here by giving the output checks Windows' rule."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from app.domain.errors import OutputRefused
from app.os_support.names import path_problem
from app.store import outputs


@pytest.fixture
def windows_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outputs, "path_problem", partial(path_problem, windows=True))


@pytest.fixture
def deep(tmp_path: Path) -> Path:
    folder = tmp_path / ("d" * (250 - len(str(tmp_path))))
    folder.mkdir()
    return folder


def test_a_file_too_deep_for_windows_is_refused(windows_rules: None, deep: Path) -> None:
    with pytest.raises(OutputRefused) as refused:
        outputs.write_output(deep / "report.pdf", b"%PDF-", "the PDF")
    message = str(refused.value)
    assert message.startswith("Refused to write the PDF to ")
    assert "characters long" in message and "Windows allows at most 259" in message
    assert "\n" not in message
    assert list(deep.iterdir()) == []


def test_a_backup_folder_too_deep_for_windows_is_refused(windows_rules: None, deep: Path) -> None:
    owner = deep.parent / "portfolio.mpf"
    with pytest.raises(OutputRefused, match="Windows allows at most 259"):
        outputs.check_folder(deep / "backups", "the backup", owners=[owner])


def test_a_short_path_is_written(windows_rules: None, tmp_path: Path) -> None:
    outputs.write_output(tmp_path / "report.pdf", b"%PDF-", "the PDF")
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF-"
    assert outputs.check_folder(tmp_path / "backups", "the backup") == tmp_path / "backups"
