"""The words and marks the documents use: priority keywords, bullets, figures.

Shared by the structure parser (reading documents), the evidence splitter and
the question parser (reading questions), so that a word one understands the
other understands too ("Workstream 3" in a document and in a question).
"""

from __future__ import annotations

import re

#: Words that number a local priority, longest first so "priority area 3" wins
#: over "priority". Each area has its own: Shropshire "Priority 5", Wirral
#: "Area 2" / "Workstream 2", Torbay "ASW 6" / "Pillar 1", inspection "area 3".
PRIORITY_KEYWORDS: tuple[str, ...] = (
    r"priority\s+area",
    r"area\s+of\s+(?:significant\s+)?weakness",
    r"priority",
    r"workstream",
    r"pillar",
    r"strand",
    r"area",
    r"asw",
)
PRIORITY_KEYWORD = "(?:" + "|".join(PRIORITY_KEYWORDS) + ")"
#: Words that, right after "Workstream 2" or "Priority 3", show a role or a table
#: caption rather than the priority's title ("Workstream 1 Lead Jason Oxley").
NOT_A_TITLE = re.compile(
    r"^(?:leads?|chairs?|sponsors?|owners?|members?|impacts?|score ?cards?|kpis?|reference|"
    r"actions?)\b",
    re.IGNORECASE,
)

#: Glyphs that open a list item: dashes, bullets (the "▪"/"◼" of Ofsted letters,
#: the private-use glyphs of Word exports).
BULLET_GLYPHS = "-•▪◼●■◦✓*\uf0b7\uf0a7"
_GLYPH_CLASS = "[" + re.escape(BULLET_GLYPHS) + "]"
#: A list-item opener at the start of a line: a glyph, "1." / "1)", "(iv)" / "(b)".
BULLET_RE = re.compile(rf"^\s*(?:{_GLYPH_CLASS}\s|\d{{1,2}}[.)]\s|\((?:[ivx]{{1,4}}|[a-h])\)\s)")
#: A glyph or "1." / "a)" opener with the space after it (for stripping it off).
BULLET_PREFIX_RE = re.compile(rf"^\s*(?:{_GLYPH_CLASS}|\d{{1,2}}[.)]|[a-z][.)])\s+")

#: Units of a measured figure: what a number counts.
FIGURE_UNITS = (
    r"children|young people|CYP|plans|EHCPs?|families|referrals|staff|schools|responses|"
    r"respondents|practitioners|posts|places|pupils|members|cases|areas|actions|priorities|"
    r"weaknesses|bases|teams|settings|meetings"
)
#: A figure with its unit: a share, a duration, a sum of money or a count of things.
FIGURE_RE = re.compile(
    rf"\d+(?:\.\d+)?\s*(?:%|per ?cent|weeks?|months?|days?|years?)|£\s?\d|"
    rf"\b\d+\s+(?:\w+\s+){{0,2}}(?:{FIGURE_UNITS})\b",
    re.IGNORECASE,
)
#: Ways of knowing that are not a bare figure: surveys, audits, baselines.
MEASUREMENT_WORDS = (
    r"survey|audit(?:ed|s)?|questionnaire|feedback score|baseline|KPI|dip sample|"
    r"rated (?:good|outstanding|inadequate)"
)
#: Something measured: a figure, a change "from 12 to 30", or a way of measuring.
MEASURE_RE = re.compile(
    rf"{FIGURE_RE.pattern}|\bfrom\s+\d+\s+to\s+\d+|\b(?:{MEASUREMENT_WORDS})\b",
    re.IGNORECASE,
)


def priority_pattern(*, prefix: str = "", number: str = r"(?P<num>\d{1,2})") -> str:
    """A regex fragment: a priority keyword then its number ("Pillar 3", "ASW 6")."""
    return rf"{prefix}(?P<kw>{PRIORITY_KEYWORD})\s*{number}"


#: Capitalised words of these documents that are not people's names.
NOT_NAMES = frozenset(
    """The This These That A An And For Of In On To By With From As At Our We Their Its
    Local Area Authority Council County Borough City District Service Services Team Teams
    Board Group Forum Panel Partnership Partnerships Trust Hospital University College School
    Schools Academy Centre House Hall Office Director Directors Assistant Deputy Head Chief
    Executive Lead Leads Manager Managers Officer Officers Chair Vice Member Members
    Strategic Strategy Senior Principal Designated Clinical Medical Social Care Health
    Education Children Childrens Children's Young People Families Family Parent Parents Carer
    Carers Special Educational Needs Disabilities Disability Mental Public Virtual Inclusion
    Commissioning Commissioner Joint Integrated Provider Providers Community Quality
    Performance Improvement Transformation Partners Support Access Early Help Years Written
    Statement Action Actions Plan Plans Priority Priorities Progress Review Meeting Notes
    Department England English National Ofsted NHS Commission January February March April May
    June July August September October November December Monday Tuesday Wednesday Thursday
    Friday Spring Summer Autumn Winter Safeguarding Partner Programme Project Projects
    Engagement Participation Voice Co Development Workstream Workforce Key Roles Terms
    Reference Accelerated Sub Subgroup Speech Language Therapy Occupational Autism Adult
    Adults Preparation Adulthood Transport Information Advice Offer Draft Note Standard
    Template Version Final Revised Minutes Agenda Report""".split()  # noqa: SIM905 (a word list reads best as words)
)
