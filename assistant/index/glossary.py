"""SEND acronyms and their spelled-out forms, used to widen search queries.

Documents say "MHSTs" where a person asks about "mental health support teams",
and "SALT" where they ask about "speech and language therapy". Neither BM25 nor
a small embedding model bridges that, so a query is widened with the other
form of every term it contains (from the glossary in DOMAIN.md).
"""

from __future__ import annotations

import re

# (acronyms, spelled-out forms): any form found in a query adds all the others.
GLOSSARY: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("EHCP", "EHC plan"), ("education, health and care plan",)),
    (("EHCNA",), ("EHC needs assessment",)),
    (("SALT", "SLT", "S&LT"), ("speech and language therapy",)),
    (("SLCN",), ("speech, language and communication needs",)),
    (("MHST",), ("mental health support team",)),
    (("ASD", "ASC"), ("autism",)),
    (("ND",), ("neurodevelopmental",)),
    (("PCF",), ("parent carer forum",)),
    (("PfA",), ("preparation for adulthood",)),
    (("NEET",), ("not in education, employment or training",)),
    (("EP",), ("educational psychologist", "educational psychology")),
    (("AP",), ("alternative provision",)),
    (("DCO",), ("designated clinical officer",)),
    (("DSCO",), ("designated social care officer",)),
    (("SEMH",), ("social, emotional and mental health",)),
    (("CYP",), ("children and young people",)),
    (("AR",), ("annual review",)),
    (("JSNA",), ("joint strategic needs assessment",)),
    (("SEF",), ("self-evaluation",)),
    (("LA",), ("local authority",)),
    (("ICB", "CCG"), ("integrated care board", "clinical commissioning group")),
    (("KPI",), ("key performance indicator",)),
    (("QA",), ("quality assurance",)),
    (("CEO",), ("chief executive",)),
    (("NHSE",), ("NHS England",)),
    (("SRO",), ("senior responsible owner", "senior responsible officer")),
    (("DCS",), ("director of children's services",)),
    # Spelling variants, not acronyms: documents write both.
    ((), ("adviser", "advisor")),
]


def _pattern(form: str, acronym: bool) -> re.Pattern[str]:
    if acronym:  # case-sensitive, plural allowed: "MHSTs", "EHCPs"
        return re.compile(rf"(?<![A-Za-z]){re.escape(form)}s?(?![A-Za-z])")
    return re.compile(rf"\b{re.escape(form)}s?\b", re.IGNORECASE)


_ENTRIES = [
    (
        [_pattern(a, True) for a in acronyms] + [_pattern(s, False) for s in spelled],
        acronyms + spelled,
    )
    for acronyms, spelled in GLOSSARY
]


def expand_query(query: str) -> str:
    """The query plus the other forms of every glossary term it mentions."""
    additions: list[str] = []
    for patterns, forms in _ENTRIES:
        if any(p.search(query) for p in patterns):
            additions.extend(f for f in forms if not re.search(re.escape(f), query, re.IGNORECASE))
    return f"{query} ({'; '.join(additions)})" if additions else query
