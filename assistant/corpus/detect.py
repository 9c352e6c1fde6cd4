"""Infer a document's local area, type, date and title from its text.

Used only for what neither the user nor the manifest says. Every rule looks at the
document's head (its first lines), where these documents state who and what they are;
the body mentions other areas, other documents and other dates too often to be trusted.

Dates are ``YYYY-MM-DD`` when a day is given, else ``YYYY-MM``. For a range
("Inspection dates: 18 to 22 November 2024") the *last* day is used: the state of
affairs a report describes is as of the end of the inspection.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.records import DocType

_HEAD_LINES = 60
_MAX_TITLE_LINE = 160  # characters; longer lines are body text
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})\s*(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>(?:19|20)\d\d)\b")

# A place name: capitalised words, allowing "Telford and Wrekin", "Stockton-on-Tees".
_FIRST_WORD = r"[A-Z][\w'’.-]*"
_NEXT_WORD = r"(?:[ \t]+(?:and[ \t]+|upon[ \t]+|on[ \t]+|of[ \t]+)?[A-Z][\w'’.-]*)"
_NAME = rf"(?P<name>{_FIRST_WORD}{_NEXT_WORD}*)"
_FEWEST_WORDS_NAME = rf"(?P<name>{_FIRST_WORD}{_NEXT_WORD}*?)"
_AREA_PATTERNS = [
    # "Area SEND inspection of Halton Local Area Partnership",
    # "Joint local area SEND inspection in Wirral"
    re.compile(
        r"(?i:\b(?:joint\s+)?(?:local\s+)?area\s+SEND\s+(?:inspection|revisit)\s+(?:of|in)\s+(?:the\s+)?)"
        + _NAME
    ),
    # "WSOA - Wirral Local Area - April 2022"
    re.compile(r"(?i:\bWSOA\s*[-–]\s*)" + _NAME + r"(?i:\s+local\s+area)"),
    # "The Shropshire Local Area SEND inspection", "Shropshire Area SEND Accelerated Progress Plan"
    # (lazy: "The Shropshire Local Area SEND" must not yield "Shropshire Local")
    re.compile(
        r"(?:^|\b[Tt]he\s+)" + _FEWEST_WORDS_NAME + r"(?i:\s+(?:local\s+area|area\s+SEND)\b)",
        re.MULTILINE,
    ),
    # "the local area of Bedford"
    re.compile(r"(?i:\blocal\s+area\s+of\s+)" + _NAME),
    # "Bedford Borough Council", "Wiltshire Council"
    re.compile(_NAME + r"(?:\s+(?:Metropolitan\s+)?(?:Borough|County|City))?\s+Council\b"),
]
_AREA_LABEL = re.compile(r"^(?:name\s+of\s+(?:the\s+)?)?local\s+area(?:\s+name)?$", re.IGNORECASE)
_AREA_TAIL = re.compile(
    r"\s+(?:Local\s+Area|Area\s+Partnership|Partnership|Area\s+SEND|SEND|Inspection)\b.*$",
    re.IGNORECASE,
)
_AREA_SUFFIX = re.compile(
    r"\s+(?:(?:Metropolitan\s+)?Borough|County|City)?\s*(?:Council)?$", re.IGNORECASE
)
_NOT_AREAS = {"send", "wsoa", "local", "area", "the", "this", "our", "each", "all", "nhs", "dfe"}

_TYPE_RULES: list[tuple[DocType, re.Pattern[str], bool]] = [
    # (type, pattern over head lines, whether the matching line is the document's title)
    (
        DocType.review_note,
        re.compile(r"\bnote\s+of\b.{0,60}\b(?:review|monitoring)\s+meeting", re.I),
        True,
    ),
    (DocType.preparation_template, re.compile(r"\bpreparation\s+template\b", re.I), True),
    (
        DocType.accelerated_progress_plan,
        re.compile(r"\baccelerated\s+progress\s+plan\b", re.I),
        True,
    ),
    (
        DocType.inspection_report,
        re.compile(
            r"^(?:joint\s+)?(?:local\s+)?area\s+SEND\s+(?:inspection|revisit)\s+(?:of|in)\b", re.I
        ),
        True,
    ),
    (
        DocType.wsoa,
        re.compile(r"^(?:[\w ,'’&-]{0,60}\s)?written\s+statement\s+of\s+action\W*$", re.I),
        True,
    ),
    (
        DocType.wsoa,
        re.compile(r"\b(?:the|this)\s+(?:wsoa|written\s+statement\s+of\s+action)\s+will\b", re.I),
        False,
    ),
    (DocType.inspection_report, re.compile(r"^inspection\s+dates?\s*:", re.I), False),
    (
        DocType.inspection_report,
        re.compile(r"\bOfsted\s+and\s+the\s+Care\s+Quality\s+Commission\b"),
        False,
    ),
]
_TYPE_LABELS = {
    DocType.wsoa: "Written Statement of Action",
    DocType.review_note: "WSoA review meeting note",
    DocType.preparation_template: "WSoA review preparation template",
    DocType.accelerated_progress_plan: "Accelerated Progress Plan",
    DocType.inspection_report: "Area SEND inspection report",
}
_GENERIC_HEADINGS = re.compile(
    r"^(?:introduction|contents|foreword|summary|draft|official(?:[ -]sensitive)?"
    r"|wsoa\b.{0,8})\W*$",
    re.IGNORECASE,
)


class DetectedMetadata(BaseModel):
    """Metadata read from a document's text; empty fields mean "not found"."""

    local_area: str = Field("", description="e.g. 'Torbay'")
    doc_type: DocType | None = None
    date: str = Field("", description="YYYY-MM-DD or YYYY-MM")
    title: str = ""


def detect_metadata(text: str) -> DetectedMetadata:
    """Infer local area, document type, date and title from a document's text."""
    lines = _head_lines(text)
    local_area = detect_local_area(text)
    doc_type, title_line = _detect_type(lines)
    return DetectedMetadata(
        local_area=local_area,
        doc_type=doc_type,
        date=detect_date(text),
        title=_detect_title(lines, title_line, local_area, doc_type),
    )


def detect_doc_type(text: str) -> DocType | None:
    """The document type its head announces, or ``None``."""
    return _detect_type(_head_lines(text))[0]


def detect_title(text: str) -> str:
    """A title for the document: its own title line, else a made-up one, else ''."""
    return detect_metadata(text).title


def parse_date(value: str) -> str:
    """The last date written in ``value``: "5 th February 2024" -> "2024-02-05".

    "April 2022" -> "2022-04"; "18 to 22 November 2024" -> "2024-11-22"; no date -> "".
    """
    found: list[tuple[int, str]] = []
    for match in _DAY_MONTH_YEAR.finditer(value):
        month = _MONTHS[match["month"].lower()]
        found.append((match.end(), _iso(match["year"], month, match["day"])))
    for match in _NUMERIC_DATE.finditer(value):
        found.append((match.end(), _iso(match["year"], int(match["month"]), match["day"])))
    if not found:
        for match in _MONTH_YEAR.finditer(value):
            found.append((match.end(), f"{match['year']}-{_MONTHS[match['month'].lower()]:02d}"))
    valid = [(end, iso) for end, iso in found if iso]
    return max(valid)[1] if valid else ""


def detect_date(text: str) -> str:
    """The document's own date, from labelled head lines, its title line or a version footer."""
    lines = _head_lines(text)
    ranked: list[tuple[int, str]] = []
    for line in filter(None, lines):
        label, value = _split_label(line)
        rank = _date_label_rank(label)
        if rank and (date := parse_date(value)):
            ranked.append((rank, date))
    if ranked:
        return min(ranked, key=lambda item: item[0])[1]
    # A title line that carries a date: "WSOA - Wirral Local Area - April 2022".
    for line in [line for line in lines if line][:5]:
        if _split_label(line)[0]:
            continue  # a labelled line whose label is not a document date
        if len(line) < 100 and not line.endswith(".") and (date := parse_date(line)):
            return date
    # A footer such as "Revised Final version Nov 2020".
    version = re.search(
        r"\bversion\b[^\n]{0,20}?((?:\d{1,2}\s+)?[A-Za-z]{3,9}\.?\s+\d{4})", text, re.I
    )
    return parse_date(version.group(1)) if version else ""


def detect_local_area(text: str) -> str:
    """The local area the document is about, or ''."""
    lines = _head_lines(text)
    for line in filter(None, lines):
        label, value = _split_label(line)
        if _AREA_LABEL.match(label) and (area := _clean_area(value)):
            return area
    head = "\n".join(lines)
    flat = re.sub(r"\s+", " ", head)  # titles are often split over lines
    for index, pattern in enumerate(_AREA_PATTERNS):
        source = head if index == 2 else flat  # pattern 2 anchors on line starts
        for match in pattern.finditer(source):
            if area := _clean_area(match["name"]):
                return area
    return ""


def _head_lines(text: str) -> list[str]:
    """The first ``_HEAD_LINES`` non-blank lines, stripped; blank lines kept as ''."""
    lines: list[str] = []
    seen = 0
    for raw in text.splitlines():
        line = raw.strip().lstrip("#").strip()
        lines.append(line)
        seen += bool(line)
        if seen >= _HEAD_LINES:
            break
    return lines


def _split_label(line: str) -> tuple[str, str]:
    """'Local Area:\tTorbay' -> ('local area', 'Torbay'); no label -> ('', line)."""
    match = re.match(r"^([A-Za-z][A-Za-z ()'’/-]{0,60}?)\s*(?::\s*|\t+)(.*)$", line)
    if not match:
        return "", line
    return " ".join(match.group(1).lower().split()), match.group(2).strip()


def _date_label_rank(label: str) -> int:
    """How much a labelled date says about the document itself; 0 = not a date label."""
    if label in {"date", "dated", "meeting date", "date of meeting", "date of review"} or (
        label.startswith(("date of publication", "date of review meeting", "date of the meeting"))
    ):
        return 1
    if label.startswith("inspection date"):
        return 2
    if label.startswith(("date of inspection", "date of revisit", "revisit date")):
        return 3
    return 0  # e.g. "dates of previous inspection", "date and venue of next meeting"


def _iso(year: str, month: int, day: str) -> str:
    from datetime import date

    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return ""


def _clean_area(raw: str) -> str:
    """Trim a matched place name to the area itself; '' when it is not plausible."""
    name = re.split(r"\t| [-–] |[(,;:]", raw.strip())[0].strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = _AREA_TAIL.sub("", name)
    name = _AREA_SUFFIX.sub("", name).strip(" .")
    words = name.split()
    if not words or len(words) > 6 or not name[0].isupper():
        return ""
    if any(word.lower() in _NOT_AREAS for word in words):
        return ""
    if not re.fullmatch(r"[A-Za-z'’. -]+", name):
        return ""
    return name


def _detect_type(lines: list[str]) -> tuple[DocType | None, int | None]:
    """The document type and, when the cue is the title line, that line's index."""
    for doc_type, pattern, is_title in _TYPE_RULES:
        for index, line in enumerate(lines):
            # A title cue must sit on a title-sized line: an inspection report's body
            # says "... prepare and submit an accelerated progress plan ..." too.
            if line and (not is_title or len(line) <= _MAX_TITLE_LINE) and pattern.search(line):
                return doc_type, index if is_title else None
    return None, None


def _detect_title(
    lines: list[str], title_line: int | None, local_area: str, doc_type: DocType | None
) -> str:
    if title_line is not None:
        return _title_from(lines, title_line)
    if doc_type in _TYPE_LABELS and local_area:
        return f"{local_area} {_TYPE_LABELS[doc_type]}"
    for line in [line for line in lines if line][:15]:
        if _is_heading_like(line):
            return line.split("\t")[0].strip()
    return ""


def _title_from(lines: list[str], index: int) -> str:
    """The title line plus lines that continue it ("... of Bedford" / "Borough Local Area ...")."""
    title = lines[index].split("\t")[0].strip()
    for line in lines[index + 1 : index + 3]:
        if (
            not line  # a blank line ends the title
            or title.endswith((".", ":", "?", "!", ")"))
            or ":" in line
            or "\t" in line
            or not line[0].isupper()
            or len(line) > 60
            or len(title) + len(line) > 150
            or _detect_type([line])[0] is not None
        ):
            break
        title = f"{title} {line}"
    return title


def _is_heading_like(line: str) -> bool:
    text = line.strip("•▪◼-* ").strip()
    return (
        3 <= len(text) <= 120
        and any(c.isalpha() for c in text)
        and not text.endswith((".", ",", ";"))
        and "\t" not in text
        and not _split_label(text)[0]  # "Label: value" lines are fields, not headings
        and not _GENERIC_HEADINGS.match(text)
    )
