"""The file-name and path rules of app/os_support/names.py, checked here with Windows'
rules (the strictest), whatever this machine is."""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.os_support.names import WINDOWS_MAX_PATH, name_problem, path_problem, safe_file_name


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("portfolio-backup-20261201-10:30:00.mpf", "':'"),
        ('say "hi".pdf', "'\"'"),
        ("a/b.pdf", "'/'"),
        ("a\\b.pdf", "'\\\\'"),
        ("what?.pdf", "'?'"),
        ("star*.pdf", "'*'"),
        ("<x>|y.pdf", "'<', '>', '|'"),
        ("tab\there.pdf", "'\\t'"),
        ("ends with a dot.", "ends with a dot"),
        ("ends with a space ", "ends with a dot or a space"),
        ("CON", "CON is a device name"),
        ("nul.pdf", "nul is a device name"),
        ("Com1.keys", "Com1 is a device name"),
        ("lpt9.tar.gz", "lpt9 is a device name"),
        ("AUX .txt", "AUX is a device name"),
        ("x" * 256, "longer than 255"),
        ("", "not a file name"),
        ("..", "not a file name"),
    ],
)
def test_names_windows_refuses_are_refused(name: str, why: str) -> None:
    assert why in name_problem(name)


@pytest.mark.parametrize(
    "name",
    [
        "portfolio.mpf",
        "portfolio.mpf.keys",
        "portfolio-backup-20261201-103000-2.mpf",
        ".portfolio.mpf.abcd_123.mentee-tmp",
        "Siân Ó Dálaigh — contract.pdf",
        "console.pdf",  # only the device name itself is reserved
        "connect",
        "com10.txt",
        "x" * 255,
    ],
)
def test_ordinary_names_pass(name: str) -> None:
    assert name_problem(name) == ""


@given(st.text(max_size=400), st.sampled_from(["", ".pdf", ".csv", "-3-v2.pdf"]))
def test_any_title_makes_a_name_every_platform_accepts(title: str, suffix: str) -> None:
    name = safe_file_name(title, suffix)
    assert name_problem(name) == ""
    assert name.endswith(suffix)


def test_a_title_keeps_its_words_and_loses_only_what_windows_refuses() -> None:
    assert safe_file_name("Induction: week 1/2?", ".pdf") == "Induction- week 1-2.pdf"
    assert safe_file_name("Łukasz Żółć", ".pdf") == "Łukasz Żółć.pdf"
    assert safe_file_name("con", ".pdf") == "con-file.pdf"
    assert safe_file_name("...", ".pdf") == "document.pdf"


def test_a_path_too_long_for_windows_is_refused_with_a_sentence() -> None:
    folder = PureWindowsPath("C:/Users/siân/OneDrive - NHS/Documents/Mentee Portfolio")
    short = folder / "portfolio.mpf"
    assert path_problem(short, windows=True) == ""
    deep = folder / ("a" * 200) / "portfolio.mpf"
    problem = path_problem(deep, windows=True)
    assert f"the path is {len(str(deep))} characters long" in problem
    assert f"Windows allows at most {WINDOWS_MAX_PATH - 1}" in problem
    # The longest name made beside it counts: a temporary name is longer than its file.
    edge = folder / ("b" * (WINDOWS_MAX_PATH - 1 - len(str(folder)) - 1))
    assert len(str(edge)) == WINDOWS_MAX_PATH - 1
    assert path_problem(edge, windows=True) == ""
    assert path_problem(edge, room=1, windows=True) != ""


def test_other_platforms_have_no_path_length_rule_here() -> None:
    assert path_problem("/home/x/" + "a" * 1000, windows=False) == ""
