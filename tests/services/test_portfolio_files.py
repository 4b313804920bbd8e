"""Portfolio files before unlocking: the recent list's entries, a file that has gone,
and a file that cannot be a portfolio (issue 18, item 7)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.services.portfolio import CreatedPortfolio
from app.services.portfolio_files import (
    look_up,
    moved,
    nearest_existing_folder,
    not_found_sentence,
    problem_opening,
    without,
)


def test_the_recent_list_keeps_its_order_and_marks_what_has_gone(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    here = str(created.portfolio.path)
    gone = str(tmp_path / "stick" / "old.mpf")
    entries = look_up([gone, here])
    assert [(e.path, e.found) for e in entries] == [(Path(gone), False), (Path(here), True)]
    assert entries[0].name == "old.mpf" and entries[0].folder == str(tmp_path / "stick")


def test_found_elsewhere_points_the_entry_there_as_the_most_recent() -> None:
    assert moved(["/a/x.mpf", "/usb/y.mpf", "/b/z.mpf"], "/usb/y.mpf", "/home/y.mpf") == [
        "/home/y.mpf",
        "/a/x.mpf",
        "/b/z.mpf",
    ]
    # Found at a path already listed: listed once.
    assert moved(["/usb/y.mpf", "/a/x.mpf"], "/usb/y.mpf", "/a/x.mpf") == ["/a/x.mpf"]
    assert without(["/a/x.mpf", "/usb/y.mpf"], "/usb/y.mpf") == ["/a/x.mpf"]


def test_the_sentence_says_where_it_was_expected_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "USB\nSTICK" / "port\tfolio.mpf"
    sentence = not_found_sentence(path)
    assert "\n" not in sentence and "\t" not in sentence
    assert sentence.startswith("port\\tfolio.mpf was not found in ")
    assert problem_opening(path) == sentence
    assert not path.parent.exists()  # looking makes nothing


def test_looking_for_it_starts_at_the_nearest_folder_still_there(tmp_path: Path) -> None:
    assert nearest_existing_folder(tmp_path / "media" / "stick" / "p.mpf") == tmp_path
    assert nearest_existing_folder(Path("/" + "x" * 300) / "p.mpf") == Path("/")


def test_what_cannot_be_a_portfolio_is_said_in_one_sentence(
    created: CreatedPortfolio, tmp_path: Path
) -> None:
    assert problem_opening(created.portfolio.path) is None
    letter = tmp_path / "letter.docx"
    letter.write_bytes(b"PK" + b"x" * 5000)
    plain = tmp_path / "plain.mpf"
    with sqlite3.connect(plain) as db:
        db.execute("create table t (x)")
    db.close()
    folder = tmp_path / "folder.mpf"
    folder.mkdir()
    empty = tmp_path / "empty.mpf"
    empty.write_bytes(b"")
    for path, says in (
        (letter, "letter.docx is not a Mentee Portfolio file"),
        (plain, "unencrypted SQLite database"),
        (folder, "is a folder"),
        (empty, "too short"),
    ):
        problem = problem_opening(path)
        assert problem is not None and says in problem and problem.endswith("Nothing was opened.")
