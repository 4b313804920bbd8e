"""The window's sections, from the registry: the Overview first, the Appraisal page
last, and between them the form of every kind whose spec names one, placed where its
module's PLACEMENT says. Forms placed in the same section become its tabs."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain import registry
from app.domain.record_kind import RecordKind

if TYPE_CHECKING:
    from app.ui.sections.base import Section, SectionContext


@dataclass(frozen=True)
class Placement:
    """Where a kind's form sits: its sidebar section and, if several forms share it,
    its tab."""

    section: str  # the sidebar's entry (and the Go menu's)
    order: int  # sidebar position; the Overview is 0, the Appraisal page last
    tab: str = ""  # the tab's label, with its mnemonic ("&Mentors")
    tab_order: int = 0


@dataclass(frozen=True)
class SectionEntry:
    title: str
    order: int
    kinds: tuple[RecordKind, ...]  # search results and links of these kinds open here
    build: Callable[[SectionContext], Section]


def _overview(context: SectionContext) -> Section:
    from app.ui.sections.overview_page import OverviewSection

    return OverviewSection(context)


def _appraisal(context: SectionContext) -> Section:
    from app.ui.sections.appraisal_page import AppraisalSection

    return AppraisalSection(context)


def _forms() -> dict[str, list[tuple[Placement, RecordKind, type[Section]]]]:
    sections: dict[str, list[tuple[Placement, RecordKind, type[Section]]]] = {}
    for spec in registry.all_specs():
        if spec.form is None:
            continue
        module = importlib.import_module(spec.form)
        placement: Placement = module.PLACEMENT
        sections.setdefault(placement.section, []).append((placement, spec.kind, module.FORM))
    return sections


def _builder(title: str, forms: list[tuple[Placement, type[Section]]]) -> Callable[..., Section]:
    if len(forms) == 1 and not forms[0][0].tab:
        form = forms[0][1]
        return lambda context: form(context)

    def tabbed(context: SectionContext) -> Section:
        from app.ui.sections.tabbed import TabbedSection

        return TabbedSection(context, title, [(p.tab, form(context)) for p, form in forms])

    return tabbed


def section_entries() -> tuple[SectionEntry, ...]:
    entries = [SectionEntry("Overview", 0, (), _overview)]
    for title, forms in _forms().items():
        forms.sort(key=lambda item: item[0].tab_order)
        entries.append(
            SectionEntry(
                title,
                min(p.order for p, _, _ in forms),
                tuple(kind for _, kind, _ in forms),
                _builder(title, [(p, form) for p, _, form in forms]),
            )
        )
    entries.append(SectionEntry("Appraisal", 10_000, (RecordKind.OWNER,), _appraisal))
    return tuple(sorted(entries, key=lambda e: e.order))


def shown_as(kind: RecordKind) -> RecordKind:
    """The kind whose section shows records of ``kind``: its own, or for a kind with no
    form the kind whose form offers its document (a goals plan opens where goals are)."""
    if registry.spec(kind).form is not None:
        return kind
    for owner, document in registry.documents():
        if owner.kind == kind and document.offered_on:
            return document.offered_on[0]
    return kind
