"""The change funnel: an Op runs one service call, shows a refusal once, announces what
changed, and the window reloads only the section on screen that shows it."""

from __future__ import annotations

import threading
from typing import Any

from app.domain.enums import RecordKind
from app.domain.errors import KnownError
from app.domain.record_types import Mentor
from app.services import records
from app.services.changes import Changes
from app.ui.main_window import SECTION_NAMES, MainWindow
from app.ui.ops import ChangeBus, Op


def test_an_op_announces_its_changes_or_shows_its_refusal(
    qtbot: Any, answers: dict[str, Any]
) -> None:
    bus = ChangeBus()
    heard: list[tuple[Changes, object]] = []
    bus.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    busy: list[bool] = []

    def call() -> int:
        busy.append(bus.busy())
        return 7

    got: list[int] = []
    assert (
        Op(bus, None, call)
        .changes(lambda n: Changes.of(RecordKind.GOAL, n))
        .success(got.append)
        .run(initiator="form")
    )
    assert got == [7] and busy == [True] and not bus.busy()
    assert heard == [(Changes.of(RecordKind.GOAL, 7), "form")]

    def refuse() -> None:
        raise KnownError("Not today.")

    assert (
        not Op(bus, None, refuse, title="Could not save").changes(Changes.of(RecordKind.GOAL)).run()
    )
    assert answers["warnings"] == ["Not today."] and len(heard) == 1 and not bus.busy()


def test_a_long_call_runs_off_the_gui_thread_and_still_returns(qtbot: Any) -> None:
    bus = ChangeBus()
    threads: list[int] = []

    def call() -> str:
        threads.append(threading.get_ident())
        return "laid out"

    got: list[str] = []
    assert Op(bus, None, call).in_background("Laying out…").success(got.append).run()
    assert got == ["laid out"] and threads != [threading.get_ident()]

    def fails() -> None:
        raise ValueError("a bug, not a refusal")

    try:
        Op(bus, None, fails).in_background("Working…").run()
    except ValueError as err:
        assert "a bug" in str(err)
    else:
        raise AssertionError("a bug in a background call must not be swallowed")


def test_a_save_reloads_only_the_section_on_screen_that_shows_it(
    window: MainWindow, monkeypatch: Any
) -> None:
    reloads: dict[str, int] = {}
    for title, section in zip(SECTION_NAMES, window.sections, strict=True):
        original = section.refresh

        def counted(title: str = title, original: Any = original) -> None:
            reloads[title] = reloads.get(title, 0) + 1
            original()

        monkeypatch.setattr(section, "refresh", counted)
    window.go_to(SECTION_NAMES.index("Relationships & contract"))
    reloads.clear()
    page = window.sections[SECTION_NAMES.index("Relationships & contract")]
    mentors = page.mentors  # type: ignore[attr-defined]
    mentors.new_record()
    mentors.widgets["name"].setText("Dr Helen Morris")
    assert mentors.save_changes()
    # The hidden sections (Sessions' 2,000-row list among them) reload when shown,
    # not on every save.
    assert set(reloads) <= {"Relationships & contract"}
    assert records.list_records(window.portfolio, Mentor)[0].name == "Dr Helen Morris"
