"""Discoverable detail in free text, found before anything leaves the portfolio.

Reflections are not legally privileged. The GMC and the Academy of Medical Royal
Colleges ask for reflection that focuses on learning, keeps the factual detail of an
incident out and is anonymised beyond removing names. Beyond the identifiers of
app.domain.identifiers (NHS numbers, dates of birth, postcodes, known names) this finds
the detail that makes an incident discoverable: when it happened, where (wards, bays,
beds), drugs with their doses, colleagues' names, and wording that reads as an
admission. Each finding names its kind and offers a prompt to rewrite it around the
learning; the mentee may keep it. A safety net, not a guarantee."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from app.domain.identifiers import IdentifierHit, context_of, name_tokens

INCIDENT_TIME = "time of an incident"
PLACE = "ward, bay or bed"
DRUG_DOSE = "drug and dose"
COLLEAGUE = "colleague's name"
ADMISSION = "admission"

#: What to ask oneself instead of keeping the detail: learning, not facts.
PROMPTS = {
    INCIDENT_TIME: "Leave out when it happened: what about the situation (a night shift,"
    " a busy weekend) shaped what you learned?",
    PLACE: "Leave out the ward, bay or bed: what about the setting mattered for your learning?",
    DRUG_DOSE: "Leave out the drug and dose: what did you learn about prescribing or"
    " checking that you will use again?",
    COLLEAGUE: "Leave out the name: describe the role (a senior colleague, the nurse in"
    " charge) and what you learned from working with them.",
    ADMISSION: "Describe what happened without judging it, then what you learned and"
    " what you will do differently; reflection is about learning, not blame.",
}
KINDS = tuple(PROMPTS)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
_DAY = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}\b|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"
)
_NUMERIC_DAY = r"(?<![\d.:/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"
_CLOCK = (
    r"(?<![\d.:£$])(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*(?:am|pm|hrs?|h)\b)?(?![\d%])"
    r"|(?<![\d.:£$])(?:1[0-2]|0?[1-9])(?:\s*(?:am|pm|a\.m\.|p\.m\.))(?!\w)"
    r"|(?<![\d.:£$])(?:[01]\d|2[0-3])[0-5]\d\s*(?:hrs?|h)\b"
    r"|\b(?:midnight|midday|noon)\b"
)
_HOLIDAY = r"(?:christmas\s+(?:day|eve)|boxing\s+day|new\s+year'?s\s+(?:day|eve)|easter\s+\w+day)"
_PART_OF_DAY = r"(?:night|morning|evening|afternoon|lunchtime|shift)"
_WHEN = re.compile(
    rf"(?:\b(?:on|at|from|until|till|around|about)\s+(?:the\s+)?)?"
    rf"(?:(?:{_WEEKDAY}\s+)?(?:{_DAY}|{_ORDINAL}\b|{_NUMERIC_DAY})|{_CLOCK}|\b{_HOLIDAY}\b"
    rf"|\b(?:last|this|that|on\s+(?:a\s+)?)\s*{_WEEKDAY}\s+{_PART_OF_DAY}\b"
    rf"|\b(?:last|that)\s+{_WEEKDAY}\b"
    rf"|\b(?:on|that)\s+{_WEEKDAY}\b(?!s))",
    re.IGNORECASE,
)
# A date that is a deadline or a plan ("due by 31 March", "before 1 April") is not
# the date of an incident; a clock time still is.
_DEADLINE = re.compile(r"\b(?:by|before|due|deadline|starting|from|next|in)\s+(?:the\s+)?$", re.I)
_HAS_CLOCK = re.compile(_CLOCK, re.IGNORECASE)
# A time joined to a date by "at"/"on"/",": one finding, "on 3 March at 02:40".
_JOIN = re.compile(r"^\s*(?:,\s*)?(?:at|on|,)?\s*$", re.IGNORECASE)

_PLACE_WORD = (
    r"(?:wards?|bays?|beds?|cubicles?|cots?|side\s*rooms?|rooms?\s+(?=\d+\b(?!\.))|"
    r"theatres?|resus(?:\s+bay)?|pods?|trolley|chair|majors|minors|HDU\s+bed|ITU\s+bed)"
)
_PLACE_NUMBER = re.compile(
    rf"\b{_PLACE_WORD}\s*(?:no\.?\s*|number\s+)?"
    r"(?:\d{1,3}[A-Z]?|[A-Z]\d{1,2})\b(?![.:/]\d)(?:\s*(?:and|&|,|or)\s*(?:\d{1,3}[A-Z]?)\b)*",
    re.IGNORECASE,
)
# "Rowan Ward", "the Jenner Unit": a named ward; the generic ones are not a place.
_NAMED_PLACE = re.compile(r"\b([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s+(Ward|Unit|Suite)\b")
_GENERIC_UNIT_WORDS = {
    "acute",
    "medical",
    "surgical",
    "assessment",
    "admissions",
    "intensive",
    "care",
    "critical",
    "coronary",
    "cardiac",
    "stroke",
    "renal",
    "day",
    "emergency",
    "maternity",
    "neonatal",
    "labour",
    "delivery",
    "high",
    "dependency",
    "the",
    "a",
    "our",
    "their",
    "my",
    "this",
    "that",
    "each",
    "every",
    "endoscopy",
    "dialysis",
    "burns",
    "spinal",
    "respiratory",
    "frailty",
    "oncology",
    "haematology",
    "paediatric",
    "children's",
    "elderly",
    "older",
    "people's",
    "short",
    "stay",
    "ambulatory",
    "treatment",
    "minor",
    "injuries",
    "injury",
    "observation",
    "decisions",
    "clinical",
    "discharge",
    "plastics",
    "trauma",
    "orthopaedic",
    "orthopaedics",
    "psychiatric",
    "mental",
    "health",
    "one",
}

_UNIT = (
    r"(?:mg/kg|mcg/kg|micrograms?/kg|mg|mcg|micrograms?|µg|ug|ng|g|grams?|milligrams?|"
    r"ml|mls|millilitres?|l|litres?|units?|iu|mmol|mmols|millimoles|mg/hr|ml/hr|ml/h|mg/h|"
    r"puffs?|tablets?|drops)"
)
_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)"
_DOSE = (
    rf"(?:\d+(?:[.,]\d+)?|{_NUMBER_WORD})\s*{_UNIT}\b(?!/[lLdD])"
    r"(?!\s+of\s+(?:study|leave|time|credit|learning|teaching|work|annual)\b)"
)
_ROUTE = r"(?:\s+(?:IV|IM|SC|PO|NG|PR|SL|intravenous|oral|stat|of|QDS|TDS|BD|OD|ON|PRN))*"
_AFTER_DOSE = (
    r"(?!(?:study|leave|time|credit|credits|learning|teaching|work|"
    r"rather|than|and|was|were|instead|into|over|daily|twice|each|every|from|with|"
    r"the|then|when|which|where|because|before|after|given|being|had|has)\b)"
)
_DRUG_WORD = r"[A-Za-z][a-z\-]{3,}(?:\s+(?:chloride|sulphate|sulfate|phosphate|sodium|acid))?"
_DRUG_DOSE = re.compile(
    rf"(?:\b(?P<before>{_DRUG_WORD})\s+)?(?P<dose>(?<![\w.]){_DOSE}"
    rf"(?:{_ROUTE}\s+(?:of\s+)?{_AFTER_DOSE}{_DRUG_WORD})?)(?!/[lLdD])",
    re.IGNORECASE,
)
# Words before a dose that are not a drug: "was 7.5 mg", "gave 5 mg".
_NOT_DRUGS = {
    "than",
    "have",
    "has",
    "had",
    "got",
    "need",
    "needs",
    "used",
    "with",
    "were",
    "gave",
    "given",
    "give",
    "from",
    "over",
    "about",
    "dose",
    "doses",
    "took",
    "take",
    "then",
    "into",
    "only",
    "just",
    "also",
    "where",
    "when",
    "what",
    "that",
    "this",
    "after",
    "before",
    "each",
    "every",
    "extra",
    "another",
    "wrote",
    "written",
    "prescribed",
    "instead",
    "rather",
    "which",
    "drew",
}

_TITLE = (
    r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sister|Sr|Nurse|Staff\s+Nurse|"
    r"Charge\s+Nurse|Matron|Midwife|Sir|Dame)"
)
_NAME = r"[A-Z][^\W\d_]*(?:['’\-][A-Z]?[^\W\d_]+)*"
_TITLED = re.compile(rf"\b{_TITLE}\.?\s+{_NAME}(?:\s+{_NAME})?")
_ROLE = (
    r"(?:registrar|consultant|reg|SpR|SHO|F[Y]?[12]|ST\d|CT\d|house\s+officer|nurse|"
    r"midwife|pharmacist|anaesthetist|surgeon|physician|HCA|physio(?:therapist)?|"
    r"student|colleague|supervisor|senior|junior|GP|matron|manager|trainee|porter|"
    r"sister|placement|intern|locum|mentor|supervisor|friend|partner)"
)
# "my registrar, Priya," / "the FY2 (Tom)": a first name named by its role.
_ROLE_NAMED = re.compile(rf"\b{_ROLE}\s*[,(]\s*(?P<name>{_NAME})\s*[,)]")
_NOT_NAMES = {"I", "The", "We", "He", "She", "They", "It", "This", "That", "But", "And"}

_ADMISSION = re.compile(
    r"\b(?:my\s+(?:own\s+)?(?:fault|error|mistake|negligence)"
    r"|i\s+(?:really\s+|probably\s+|definitely\s+|clearly\s+)?"
    r"(?:missed(?!\s+out\b)|overlooked|forgot\s+to|failed\s+to|failed|neglected\s+to|caused|"
    r"messed\s+up|screwed\s+up|got\s+it\s+wrong|blame\s+myself|was\s+(?:to\s+blame|negligent|"
    r"at\s+fault|careless)|made\s+(?:a|an|the)\s+(?:\w+\s+)?(?:mistake|error)|"
    r"did\s*n[o']t\s+(?:check|escalate|review|read|notice|listen|ask|follow|examine|"
    r"document|hand\s+over|look)|didn't\s+(?:check|escalate|review|read|notice|listen|ask|"
    r"follow|examine|document|hand\s+over|look)|"
    r"(?:should|ought\s+to|could|must)\s*(?:have|'ve)(?:\s+(?:never|not|already))?"
    r"(?!\s+been\s+(?:told|given|informed|asked|supported|offered|included|warned|consulted|"
    r"invited|shown|taught|trained|supervised|allowed)\b)"
    r"(?=\s+(?:been|done|seen|known|gone|given|taken|written|spoken|told|sent|thought|"
    r"caught|got|kept|left|run|heard|brought|put|said|\w+ed)\b)|"
    r"should'?ve)"
    r"|\bi\s+(?:wrongly|mistakenly|carelessly)\b|\bi\s+let\s+(?:\w+\s+){1,3}down\b"
    r"|(?:because|due)\s+(?:of|to)\s+me\b|it\s+was\s+(?:all\s+)?(?:on\s+)?me\b)",
    re.IGNORECASE,
)


def scan_details(text: str, people: Sequence[str] = ()) -> list[IdentifierHit]:
    """Every discoverable detail in ``text``, in order, without overlaps; each hit's
    kind is one of KINDS (its rewrite prompt: PROMPTS[kind])."""
    found: list[tuple[int, int, str]] = []

    def add(start: int, end: int, kind: str) -> None:
        if end > start and not any(s < end and start < e for s, e, _ in found):
            found.append((start, end, kind))

    for m in _ADMISSION.finditer(text):
        add(m.start(), m.end(), ADMISSION)
    for start, end in _names(text, people):
        add(start, end, COLLEAGUE)
    for start, end in _times(text):
        add(start, end, INCIDENT_TIME)
    for m in _PLACE_NUMBER.finditer(text):
        add(m.start(), m.end(), PLACE)
    for m in _NAMED_PLACE.finditer(text):
        if not set(m.group(1).lower().split()) & _GENERIC_UNIT_WORDS:
            add(m.start(), m.end(), PLACE)
    for m in _DRUG_DOSE.finditer(text):
        before = m.group("before")
        drug = before is not None and before.split()[0].lower() not in _NOT_DRUGS
        add(m.start() if drug else m.start("dose"), m.end(), DRUG_DOSE)
    found.sort()
    return [
        IdentifierHit(kind, text[s:e], s, e, context_of(text, s, e), prompt=PROMPTS[kind])
        for s, e, kind in found
    ]


def _times(text: str) -> Iterable[tuple[int, int]]:
    """Dates and clock times, a date and a time next to each other joined into one."""
    spans = [
        (m.start(), m.end())
        for m in _WHEN.finditer(text)
        if m.group(0).strip()
        and not (
            _DEADLINE.search(text[max(0, m.start() - 16) : m.start()])
            and not _HAS_CLOCK.search(m.group(0))
        )
    ]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _JOIN.match(text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _names(text: str, people: Sequence[str]) -> Iterable[tuple[int, int]]:
    for m in _TITLED.finditer(text):
        yield m.start(), m.end()
    for m in _ROLE_NAMED.finditer(text):
        if m.group("name") not in _NOT_NAMES:
            yield m.start("name"), m.end("name")
    tokens = name_tokens(people)
    if tokens:
        pattern = re.compile(
            r"(?<![\w])(?:"
            + "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
            + r")(?![\w])"
        )
        for m in pattern.finditer(text):
            yield m.start(), m.end()
