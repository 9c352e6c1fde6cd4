"""Reading a factoid: the unit stating the asked fact, in the asked tense, or none.

Unit tests read hand-made units (no model); the last tests ask the real index, with the
real embedding model, questions of the unseen *tune* split the reader was built on.
"""

from __future__ import annotations

import pytest

from assistant.domain.statement_kinds import StatementKind
from assistant.grounding.answerability import review_references
from assistant.grounding.reader import (
    Fact,
    Tense,
    asked_title,
    choose,
    defines,
    has_name,
    holds,
    labelled_as,
    lead_in,
    lines_of,
    names_in_role,
    read_question,
    read_units,
    split_premise,
    unit_tense,
    without_tail,
)
from assistant.grounding.records import Evidence, SentenceKind
from assistant.grounding.render_evidence import clean
from assistant.service import Assistant
from tests.citation_check import assert_citations_exact


def _unit(
    text: str,
    relevance: float = 0.5,
    start: int = 0,
    kind: StatementKind = StatementKind.progress,
) -> Evidence:
    return Evidence(
        key="",
        doc_id="d",
        title="t",
        local_area="Shropshire",
        doc_type="wsoa",
        date="2020-11",
        start=start,
        end=start + len(text),
        text=text,
        relevance=relevance,
        kind=kind,
    )


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How many focus groups had the project group run?", {"count"}),
        ("What share of advice arrives within six weeks?", {"share"}),
        ("How much funding was set aside for restorative practice?", {"money"}),
        ("When is the first meeting of the group scheduled?", {"date"}),
        ("Which providers have sent the template back?", {"organisation"}),
        ("Who chairs the SEND Transformation Board?", {"person"}),
        ("What does 'EAS' stand for?", {"definition"}),
        ("What is the average wait for an ADHD assessment?", {"duration"}),
        ("What was the EHC plan timeliness in spring 2022?", {"figure"}),
        ("What progress has been made on co-production?", set()),
        ("What grant money was earmarked for restorative practice?", {"money"}),
        ("What did the area spend on taxis to school?", {"money"}),
        ("Which school had hosted the first parent event?", {"place"}),
    ],
)
def test_the_question_names_the_kind_of_fact_it_asks_for(question: str, kinds: set[str]) -> None:
    assert {k.value for k in read_question(question, question).kinds} == kinds


def test_the_asked_tense() -> None:
    assert read_question("How many had been reviewed so far?", "").tense is Tense.achieved
    assert read_question("What target did the plan set?", "").tense is Tense.planned
    # "was" is a copula, not a claim that something happened.
    assert read_question("How much was the uplift?", "").tense is Tense.either
    # How far something had got, and irregular participles, ask what was done.
    for done in (
        "How far had the provider got with the new diagnostic team?",
        "What headway had the parent carer forum made in health meetings?",
        "What has happened since the exclusions in the autumn term?",
    ):
        assert read_question(done, "").tense is Tense.achieved, done


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Internal project group established with three focus groups held to date", True),
        ("2 x new AR officer posts created within the SEN Team", True),
        ("Training has been provided to 165 parent and/or education setting staff", True),
        ("3.1 Efficient neurodevelopmental pathways are coproduced", False),  # a reference
        ("Review the caseloads of EHC Co-ordinators by Sep 20", False),  # a date
        ("ASD & ADHD 18+ pathway in place", False),  # an age
        ("5.1.10 Review staff recruitment in the EP Service in 2023", False),
    ],
)
def test_a_count_is_a_number_of_things_not_a_reference_date_or_age(text: str, count: bool) -> None:
    assert holds(Fact.count, text) is count


def test_names_terms_and_roles() -> None:
    assert has_name("recruitment of an AD for Education (David Shaw)")
    assert not has_name("Assistant Director for Education and Strategic Lead")
    assert defines("EAS", "EAS M’ger     Education Access Service (SC)   Christine Kerry")
    assert defines("A", "RAG: R: Delayed; A: Completion delayed or at risk but being managed;")
    assert not defines("EAS", "Initial discussions started with SEN and EAS Teams")
    subject = frozenset({"board", "chair", "transformation"})
    assert names_in_role("chair", "Chair Simone White, Director for Children,", subject)
    # The chair of another body named beside the board is not the board's chair.
    assert not names_in_role("chair", "Cath Griffiths (PCPW Chair) joined the Board", subject)
    assert not names_in_role(
        "chair", "Cath Griffiths, Chair of the Parent Carer Partnership Wirral", subject
    )
    assert not names_in_role("chair", "Jo Bloggs, Co-Chair of the Board", subject)
    # Only the role ignores case: "Baker Head" is no acronym naming another body, and
    # "Head of SEND" heads no body the question leaves out.
    council = frozenset({"council", "head"})
    assert names_in_role("head", "Kelly Givens\tSENDIAS\nHannah Baker\tHead of SEND", council)
    assert not names_in_role("head", "Jo Bloggs, Head of Inclusion Partnership", council)


def test_a_units_own_words_decide_its_tense_before_its_kind() -> None:
    created = _unit("2 x new AR officer posts created within the SEN Team", kind=StatementKind.plan)
    assert unit_tense(created) is Tense.achieved
    assert unit_tense(_unit("We will review 60 plans by March.")) is Tense.planned
    assert unit_tense(_unit("Monthly KPI data", kind=StatementKind.plan)) is Tense.planned


def test_the_unit_stating_the_fact_beats_the_one_sharing_words() -> None:
    fact = read_question(
        "How many focus groups had the project group actually run?",
        "How many focus groups had the project group actually run?",
    )
    target = _unit(
        "Planned: 80% of health visitors trained; ongoing project group engagement",
        relevance=0.6,
        kind=StatementKind.plan,
    )
    stated = _unit(
        "Internal project group established with three focus groups held to date.", 0.5, 100
    )
    choice = choose(fact, read_units(fact, [target, stated]))
    assert choice.units == [stated]


def test_only_a_target_is_said_to_be_only_a_target() -> None:
    fact = read_question(
        "What share of social care advice is actually received within six weeks?", ""
    )
    fact = read_question(fact.text, "share social care advice received within six weeks")
    target = _unit(
        "We will have received 75% of social care advice within 6 weeks of the request.",
        kind=StatementKind.plan,
    )
    choice = choose(fact, read_units(fact, [target]))
    assert not choice.answered
    assert choice.only_planned == [target]


def test_no_unit_holding_the_asked_kind_means_no_answer() -> None:
    fact = read_question("What is the average caseload of an EHC co-ordinator?", "")
    fact = read_question(fact.text, "average caseload EHC co-ordinator")
    plan = _unit("(iv) Review the caseloads of EHC Co-ordinators, producing a report.")
    assert not choose(fact, read_units(fact, [plan])).answered


def test_where_the_next_meeting_is_does_not_answer_where_this_one_was() -> None:
    fact = read_question("Where was the February review meeting held?", "February review meeting")
    units = [
        _unit("Date and venue of next review meeting: Torbay Council Office", 0.8, 0),
        _unit("The review meeting was held at Tor Hill House, Torquay.", 0.6, 100),
    ]
    chosen = choose(fact, read_units(fact, units)).units
    assert chosen and "Tor Hill House" in chosen[0].text
    asked = read_question("Where will the next review meeting be held?", "next review meeting")
    assert "Council Office" in choose(asked, read_units(asked, units)).units[0].text


def test_the_named_lead_of_a_plan_row_leads_it_and_an_sro_is_the_owner() -> None:
    fact = read_question(
        "Who is leading the update of the EHCP quality standards?",
        "leading update EHCP quality standards",
    )
    row = _unit(
        "5.1.2\tUpdate EHCP quality standards and agree a plan writing programme\t\t"
        "Fran Davis - SEND\tApr-23"
    )
    other = _unit("5.1.3\tAudit EHCP quality standards each month\t\tTBC\tMay-23", 0.6, 100)
    assert choose(fact, read_units(fact, [other, row])).units == [row]
    owner = read_question("Who is the senior responsible owner?", "senior responsible owner")
    sro = _unit("Claire Parker\tDirector of Partnerships (STWCCG) SRO")
    assert choose(owner, read_units(owner, [sro])).units == [sro]


def test_the_unit_of_the_asked_month_beats_one_of_another_time() -> None:
    fact = read_question(
        "By mid-September, how many children were waiting over 18 weeks?",
        "children waiting over 18 weeks",
    )
    then = _unit("At the inspection nearly 900 children had been waiting over 18 weeks.", 0.6)
    later = _unit("As at mid-September only 32 children were waiting over 18 weeks.", 0.5, 100)
    assert choose(fact, read_units(fact, [then, later])).units[0] is later
    # The month of the document's own date names the document ("the November 2020
    # plan"), not the time a sentence speaks of: no unit is preferred for repeating it.
    own = read_question("In the November 2020 plan, how many children waited?", "children waited")
    dated = _unit("In November 12 children waited for a review.", 0.5)  # dated 2020-11
    plain = _unit("Nearly 900 children waited over 18 weeks.", 0.5, 100)
    scores = {r.unit.text: r.score for r in read_units(own, [dated, plain])}
    assert scores[dated.text] <= scores[plain.text] + 0.05


def test_a_lead_in_carries_the_subject_to_the_sentence_that_answers() -> None:
    text = (
        "We have met with data leads from the three Health providers and asked them to "
        "complete a simple template\n\nindicating what data is available. Responses have "
        "already been received from Wirral University Teaching Hospital."
    )
    start = text.index("Responses")
    unit = _unit(text[start:], start=start)
    assert "template" in lead_in(unit, text)  # the blank line inside a sentence is no break
    row = "6.1.9 Implement restorative practice in all settings.\n\nFeb 21\n\n£10K Grant funding"
    cell = _unit("£10K Grant funding", start=row.index("£10K"))
    assert "restorative" in lead_in(cell, row)  # a plan's row reads from its action number


def test_a_list_of_roles_is_read_line_by_line_with_exact_spans() -> None:
    text = "Key roles\nDCS Director (SC) Karen Bradshaw\nEAS M’ger Education Access Service Kerry"
    lines = lines_of(_unit(text, kind=StatementKind.boilerplate))
    assert [u.text for u in lines][-1] == "EAS M’ger Education Access Service Kerry"
    assert all(text[u.start : u.end] == u.text for u in lines)
    # Two rows of an attendee table are two facts; two lines of a wrapped sentence are one.
    rows = "Kelly Givens\tSENDIAS\nHannah Baker\tHead of SEND, Torbay Council"
    split = lines_of(_unit(rows, kind=StatementKind.boilerplate))
    assert [u.text for u in split] == [
        "Kelly Givens\tSENDIAS",
        "Hannah Baker\tHead of SEND, Torbay Council",
    ]
    wrapped = "The forum met the Head of SEND\nin May to agree the charter"
    assert lines_of(_unit(wrapped, kind=StatementKind.boilerplate))[0].text == wrapped


def test_real_the_stated_count_not_the_plans_targets(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask(
        "How many focus groups had Shropshire's internal speech and language therapy "
        "project group actually run by November 2020?"
    )
    assert not answer.abstained
    assert "three focus groups" in answer.sentences[0].text
    assert len([s for s in answer.sentences if s.kind is SentenceKind.claim]) <= 3


def test_real_how_far_a_piece_of_work_had_got_is_what_was_done(
    shared_real_assistant: Assistant,
) -> None:
    """A progress question is read for the sentence saying what was done on that work."""
    answer = shared_real_assistant.ask(
        "By November 2020, how far had Shropshire's provider got with the new ASD diagnostic team?",
        local_area="Shropshire",
    )
    assert not answer.abstained
    assert "allocated a resource Team" in answer.sentences[0].text
    assert assert_citations_exact(shared_real_assistant, answer) >= 1


def test_real_a_term_is_found_and_expanded(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask(
        "In the key roles list of Shropshire's 2020 WSoA, what does 'EAS' stand for?"
    )
    assert "Education Access Service" in answer.sentences[0].text
    assert answer.citations and all(c.quote for c in answer.citations)


def test_real_only_a_target_is_shown_as_a_target(shared_real_assistant: Assistant) -> None:
    answer = shared_real_assistant.ask(
        "What share of social care advice for EHC needs assessments is Shropshire actually "
        "receiving within six weeks of the request?"
    )
    assert answer.abstained
    assert "only the target or plan" in answer.sentences[0].text
    assert any(s.kind is SentenceKind.claim for s in answer.sentences[1:])


def test_a_spelled_out_abbreviation_counts_in_either_form_and_a_deputy_is_not_the_post() -> None:
    question = "Who is the senior responsible owner (SRO) for SEND?"
    fact = read_question(question, question)
    deputy = _unit("Tanya Miles Executive Director of People (SLA) Deputy SRO", 0.4)
    holder = _unit("Claire Parker Director of Partnerships (STWCCG) SRO", 0.35, 100)
    readings = read_units(fact, [deputy, holder])
    assert readings[0].unit is holder and readings[0].focus == 1.0
    assert choose(fact, readings).units[0] is holder


def test_a_wrapped_cell_stays_whole_and_a_sentence_tail_is_dropped() -> None:
    cell = "£10K \nGrant \nfunding \nallocation \nand spend \nto save \ninitiative"
    assert lines_of(_unit(cell, kind=StatementKind.boilerplate)) == [
        _unit(cell, kind=StatementKind.boilerplate)
    ]
    text = "partnership board. This is now being strengthened with a Quality Assurance Group."
    unit = without_tail(_unit(text, start=10))
    assert unit.text.startswith("This is now") and unit.start == 10 + text.index("This")


def test_the_fifth_monitoring_review_is_mr5_and_markup_is_never_shown() -> None:
    assert review_references("the 20-week timeliness at the fifth monitoring review?") == ["MR5"]
    shown = clean('<ul style="list-style-type: none"> • See above – Torbay Council Office</ul>')
    assert shown == "See above – Torbay Council Office"


def test_planted_markup_stays_visible_as_text() -> None:
    assert clean("Priority 1 <script>alert(1)</script>") == "Priority 1 <script>alert(1)</script>"
    assert "<img src=x onerror=alert(1)>" in clean("A <img src=x onerror=alert(1)> B")


def test_the_premise_sets_the_scene_and_the_asked_clause_asks() -> None:
    question = "The service planned to audit 40 cases. How many had been audited by March?"
    premise, asked = split_premise(question)
    assert (premise, asked) == ("The service planned to audit 40 cases.", asked)
    fact = read_question(question, "service planned audit 40 cases audited March")
    assert fact.tense is Tense.achieved  # "planned" is the premise's word, not the ask
    restated = _unit("The audit will look at 40 cases across the service.", 0.6)
    stated = _unit("So far 12 cases have been audited.", 0.45, 100)
    assert choose(fact, read_units(fact, [restated, stated])).units == [stated]


def test_a_figure_the_question_states_is_not_its_answer() -> None:
    question = "What was the baseline that the 85% attendance target was meant to raise?"
    fact = read_question(question, "baseline 85% attendance target raise")
    assert fact.given == {"85"}
    target = _unit("Attendance will reach 85% or more.", 0.6, kind=StatementKind.plan)
    baseline = _unit("Attendance will rise from the current 71% to 85%.", 0.5, 100)
    readings = {r.unit.start: r for r in read_units(fact, [target, baseline])}
    assert not readings[0].has_kind and readings[100].has_kind
    # A yes-or-no question about the stated figure is answered by the figure's own line.
    met = read_question("Did attendance reach its 85% goal?", "attendance reach 85% goal")
    assert read_units(met, [target])[0].has_kind


def test_a_field_labelled_with_the_asked_kind_states_it() -> None:
    fact = read_question("Where did the panel meet?", "panel meet")
    other = _unit("The panel met to review the deep dive held at the school in May.", 0.6)
    venue = _unit("Location:\tCounty Hall, Exeter", 0.1, 100)
    assert choose(fact, read_units(fact, [other, venue])).units[0] == venue
    assert not labelled_as(frozenset({Fact.place}), "Date and location of next meeting\tTBC")


def test_a_person_asked_by_title_must_be_named_in_that_title() -> None:
    assert asked_title("Who is Devon's Director of Public Health?")
    assert asked_title("The DCO's hours went up - what's the DCO's name?")
    assert not asked_title("Who is the SEND lead?")  # a role word, read as before
    fact = read_question("Who is the Director of Public Health?", "Director of Public Health")
    assert Fact.person in fact.kinds and fact.required
    nearby = _unit("Workstream 1 Lead Jo Bloggs, Assistant Director Care and Health", 0.6)
    assert not choose(fact, read_units(fact, [nearby])).answered
    named = _unit("Sam Okoro, Director of Public Health, chairs the group.", 0.4, 100)
    assert choose(fact, read_units(fact, [nearby, named])).units == [named]


def test_which_school_asks_for_one_by_name() -> None:
    fact = read_question("Which school will host the autumn event?", "school host autumn event")
    generic = _unit("Events are taking place in Devon schools every month.", 0.6)
    named = _unit("- October event will be held in Hill View Primary School", 0.4, 100)
    readings = {r.unit.start: r for r in read_units(fact, [generic, named])}
    assert readings[100].has_kind and not readings[0].has_kind


def test_a_list_item_reads_with_the_paragraph_introducing_the_list() -> None:
    text = (
        "Area 5 The quality of EHC plans.\n\nProgress on key actions\n\n"
        "- Panel feedback now reaches health leads.\n"
        " Training delivered to 20 practitioners\n"
        "- 20 week performance remains at 71%.\n\nNext steps\n"
    )
    start = text.index("- 20 week")
    item = _unit("- 20 week performance remains at 71%.", start=start)
    before = lead_in(item, text)
    # Not its sibling items; a heading over the list reads with the one above it.
    assert "Panel feedback" not in before and "Training" not in before
    assert "EHC plans" in before and "Progress on key actions" in before


def test_the_numbered_reference_asked_beats_its_neighbours_and_a_person_is_named() -> None:
    """'Workstream 5 Lead Jo Bloggs' answers who leads workstream 5, though other lines share
    more of the question's words; a line about workstream 3 does not; a body the question
    names, or a title the question says, names nobody."""
    fact = read_question(
        "Who leads Workstream 5 on the Devon SEND Improvement Board?", "lead improvement board"
    )
    other = _unit("Reports go to the SEND Improvement Board via the Workstream 3 Lead.", 0.7)
    asked = _unit(
        "Workstream 4 Lead Sam Okoro, Devon Council Workstream 5 Lead Jo Bloggs,", 0.4, 90
    )
    assert choose(fact, read_units(fact, [other, asked])).units == [asked]
    assert not names_in_role("lead", other.text, fact.subject, bodies=True)
    commissioner = read_question(
        "Who is the new joint commissioner leading the Market Position Statement work?",
        "joint commissioner market position statement",
    )
    unnamed = _unit(
        "New joint commissioner in post, leading an all ages Market Position Statement."
    )
    assert not choose(commissioner, read_units(commissioner, [unnamed])).answered


def test_a_question_after_a_label_and_an_event_asked_in_the_present() -> None:
    labelled = read_question("Devon APP - who is the executive lead for SEND?", "")
    assert Fact.person in labelled.kinds
    assert Fact.person in read_question("Devon APP: who is the executive lead?", "").kinds
    upcoming = read_question("Where is the June parent event being held?", "june parent event")
    assert upcoming.tense is Tense.either  # "will be held in …" answers it
    planned = _unit("- June event will be held in Hill View Primary School", 0.5)
    assert choose(upcoming, read_units(upcoming, [planned])).units == [planned]


def test_real_who_leads_a_numbered_workstream(shared_real_assistant: Assistant) -> None:
    """The membership list at the top of Wirral's template, outside every priority."""
    answer = shared_real_assistant.ask(
        "Who is the lead for Workstream 5 of Wirral's SEND Transformation Board?"
    )
    assert not answer.abstained
    assert "Richard Crockford" in answer.sentences[0].text
    assert assert_citations_exact(shared_real_assistant, answer) >= 1
    venue = shared_real_assistant.ask("Where is Wirral's June parent/carer event being held?")
    assert "Prenton High School" in venue.sentences[0].text
