"""Every phrase the book's code writes (chart titles and labels, table headers
and captions, alt text, unit words), as its English source.

The translations live in gettext catalogues, ``locales/<language>/LC_MESSAGES/
pronvovid.po`` (Slovenian: ``locales/sl/...``), edited by translators and
compiled with Babel when the book runs (``load_translations``). Each phrase's
key is its gettext context (``msgctxt``) and its English text the ``msgid``;
``make catalog`` extracts them into ``locales/pronvovid.pot`` (``extract``
below is the Babel extractor, named in ``babel.cfg``) and merges that into each
``.po``, so a translator sees what is new or changed. ``catalogue_problems``
lists every missing, empty, fuzzy or obsolete entry and every placeholder
mismatch; the build refuses a catalogue with any.

Keys are grouped by where they appear: ``tier.*`` and ``chart.*`` everywhere,
``col.*`` table headers, ``chN.*`` chapter N, ``rule.<id>`` what each data rule
checks (``pronvovid.rules``), ``constraint.*`` the data dictionary's
constraints. Values are ``str.format`` templates; numbers and dates are
formatted by ``pronvovid.formatting`` before they are put in.

``UNITS``: the noun that stands with a count (``fmt.quantity``), singular and
plural (a language may have more forms: Slovenian has four, 1 / 2 / 3–4 / 5+),
and the form after a decimal number (Slovenian: the genitive singular,
*8,5 udeleženca*). ``PLURAL``: phrases whose words change with a number
(``fmt.text(key, count=n)``).
"""

from __future__ import annotations

import ast
import gettext
import io
import string
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "pronvovid"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locales"
SOURCE_LANGUAGE = "en"

UNITS: dict[str, tuple[str, str]] = {
    "months": ("{n} month", "{n} months"),
    "days": ("{n} day", "{n} days"),
    "rows": ("{n} row", "{n} rows"),
    "claims": ("{n} claim", "{n} claims"),
    "jobs": ("{n} job", "{n} jobs"),
    "ngos": ("{n} NGO", "{n} NGOs"),
    "trainings": ("{n} training or workshop", "{n} trainings and workshops"),
    "participants": ("{n} participant", "{n} participants"),
    "members": ("{n} member", "{n} members"),
    "people": ("{n} person", "{n} people"),
    "locations": ("{n} location", "{n} locations"),
    "projects-events": ("{n} project / event", "{n} projects / events"),
    "organisations": ("{n} organisation", "{n} organisations"),
    "partners": ("{n} project partner", "{n} project partners"),
    "associated-partners": ("{n} associated partner", "{n} associated partners"),
    "areas": ("{n} area", "{n} areas"),
    "results": ("{n} result", "{n} results"),
    # A quantity the report states (Slovenian: številčni podatek).
    "figures": ("{n} reported quantity", "{n} reported quantities"),
    # A development goal of SRS 2030 (razvojni cilj).
    "goals": ("{n} development goal", "{n} development goals"),
    # A strategy or a law (dokument).
    "documents": ("{n} document", "{n} documents"),
    "tables": ("{n} table", "{n} tables"),
    "values": ("{n} value", "{n} values"),
    "sources": ("{n} source", "{n} sources"),
    "rules": ("{n} rule", "{n} rules"),
    "checks": ("{n} check", "{n} checks"),
}

PLURAL: dict[str, tuple[str, str]] = {
    "ch1.chart.title": (
        "{n} organisation co-financed the project with own funds; {funder} paid the grant",
        "{n} organisations co-financed the project with own funds; {funder} paid the grant",
    ),
    "ch1.chart.subtitle": (
        "Roles of the {n} organisation named in the report; grant and own funds [{r}] as reported, "
        "accountable and implementing [{d}] the book's mapping to IATI roles; PRO-NVO-VID, {start} – {end}",
        "Roles of the {n} organisations named in the report; grant and own funds [{r}] as reported, "
        "accountable and implementing [{d}] the book's mapping to IATI roles; PRO-NVO-VID, {start} – {end}",
    ),
    "ch1.chart.abbreviations": (
        "{terms}: this book's abbreviation, not the report's.",
        "{terms}: this book's abbreviations, not the report's.",
    ),
    # n: the organisations the report names.
    "ch1.chart.alt": (
        "Dot matrix of the {n} organisation the report names against four roles. {funder} provided the "
        "grant. {carriers_clause} The associated partners ({associated}) have no further role in the report.",
        "Dot matrix of the {n} organisations the report names against four roles. {funder} provided the "
        "grant. {carriers_clause} The associated partners ({associated}) have no further role in the report.",
    ),
    # n: the organisations named in {carriers}.
    "ch1.chart.alt.carriers": (
        "{carriers} co-financed the project with own funds; in the book's mapping of the roles the report "
        "names it is also the implementing organisation, and {accountable}, the applicant, is the accountable "
        "one.",
        "{carriers} co-financed the project with own funds; in the book's mapping of the roles the report "
        "names they are also the implementing organisations, and {accountable}, the applicant, is the "
        "accountable one.",
    ),
    "ch3.claims.title": (
        "{framework} accounts for {n} of the report's {total} claims of contribution",
        "{framework} accounts for {n} of the report's {total} claims of contribution",
    ),
    # n: the goals the report cites; {goals} lists their numbers.
    "ch3.goals.title": (
        "The report cites {n} of the {total} SRS 2030 development goals: goal {goals}",
        "The report cites {n} of the {total} SRS 2030 development goals: goals {goals}",
    ),
    "ch3.goals.alt": (
        "List of the {total} SRS 2030 development goals with goal {goals} highlighted as cited by the report: "
        "{items}.",
        "List of the {total} SRS 2030 development goals with goals {goals} highlighted as cited by the report: "
        "{items}.",
    ),
}

TEXT: dict[str, str] = {
    # Tiers: the marker on every figure.
    "tier.header": "Kind",
    "tier.reported": "reported",
    "tier.derived": "derived",
    "tier.context": "context",
    "tier.reported.abbr": "R",
    "tier.derived.abbr": "D",
    "tier.context.abbr": "C",
    "tier.reported.title": "reported: stated in the project's results report",
    "tier.derived.title": "derived: computed by this book from reported or context figures",
    "tier.reported.says": "The report says:",
    "tier.context.title": "context: from a public source other than the report",
    # Charts, quotes and small words.
    "source.report": "Source: PRO-NVO-VID results report (NVO-VID network, 2020)",
    "source.report_and_context": "Source: PRO-NVO-VID results report (NVO-VID network, 2020); context: {context}",
    "chart.data": "Data behind this chart",
    "chart.csv": "The data this chart draws (CSV)",
    "chart.table": "Numbers behind the chart",
    "chart.none_reported": "The results page lists no results under this area",
    "quote.original": "Slovenian original",
    "quote.translation": "Our translation",
    "quote.source": "Source",
    "chart.text": "Chart:",
    # A period inside a sentence; {start} and {end} are dates as a sentence needs them (fmt.date_in_text).
    "period.in_text": "from {start} to {end}",
    # The division sign in a formula (Slovenian writes a colon: 34 : 4 = 8,5).
    "op.divide": "÷",
    # Values of the data shown in tables (enumerations).
    "status.verified": "verified",
    "status.secondary": "secondary",
    "source_kind.report": "report",
    "source_kind.context": "context",
    "source_kind.book": "book",
    "iati.funding": "Funding",
    "iati.accountable": "Accountable",
    "iati.implementing": "Implementing",
    "yes": "yes",
    "no": "no",
    "none": "none",
    "passed": "passed",
    "failed": "FAILED",
    "consistent": "consistent",
    "inconsistent": "inconsistent",
    # Roles in the partnership chart.
    "role.grant": "Grant",
    "role.own_funds": "Own funds",
    "role.accountable": "Accountable",
    "role.implementing": "Implementing",
    # Timeline labels.
    "timeline.call_published": "Call published",
    "timeline.call_deadline": "Applications due",
    "timeline.project_start": "Project starts",
    "timeline.project_end": "Project ends",
    "timeline.day": "{event}, {place} (date inferred)",
    "timeline.network_meeting": "Network meeting",
    "timeline.report_published": "Results page published",
    # Table headers.
    "col.address": "Address",
    "col.amount": "Amount",
    "col.amount_is": "Amount is",
    "col.area": "Area",
    "col.as_written": "As the report writes it",
    "col.check": "Check",
    "col.checks": "What it checks",
    "col.citation_is": "Citation is",
    "col.cited": "Cited by the report",
    "col.cites": "The report cites",
    "col.claim_sl": "Claim (Slovenian, as reported)",
    "col.claims": "Claims",
    "col.comparison": "Comparison",
    "col.constraints": "Constraints",
    "col.contents": "Contents",
    "col.context_status": "Context status",
    "col.count_is": "Count is",
    "col.date": "Date",
    "col.description": "Description",
    "col.event": "Event",
    "col.fact": "Fact",
    "col.field": "Field",
    "col.figure": "Figure",
    "col.formula": "Formula",
    "col.framework": "Framework",
    "col.goal": "Goal",
    "col.handling": "How the book handles it",
    "col.holds": "Holds",
    "col.iati_roles": "IATI-style roles",
    "col.kind": "Kind",
    "col.line": "Line",
    "col.list_is": "List is",
    "col.mapping_is": "Mapping is",
    "col.meaning": "Meaning",
    "col.missing": "What is missing",
    "col.name_ours": "Name (our translation)",
    "col.name_sl": "Name (Slovenian)",
    "col.name_unverified": "Name (our translation, unverified)",
    "col.organisation": "Organisation",
    "col.part": "Part",
    "col.project_role": "Role in the project",
    "col.published": "Published",
    "col.publisher": "Publisher",
    "col.quantities": "Quantities",
    "col.quantity": "Quantity",
    "col.quote_sl": "Quoted sentence (Slovenian)",
    "col.required": "Required",
    "col.result": "Result",
    "col.results": "Results",
    "col.rows": "Rows",
    "col.rows_is": "Row count is",
    "col.role_is": "Role is",
    "col.rule": "Rule",
    "col.share": "Share of total",
    "col.share_is": "Share is",
    "col.slovenian": "Slovenian",
    "col.source": "Source",
    "col.source_clause": "Source clause (Slovenian)",
    "col.status": "Status",
    "col.table": "Table",
    "col.table_field": "Table.field",
    "col.table_and_field": "Table and field",
    "col.term": "Term",
    "col.title": "Title",
    "col.title_ours": "Title (our translation)",
    "col.title_sl": "Title (Slovenian)",
    "col.topic": "Topic",
    "col.translation": "Our translation",
    "col.type": "Type",
    "col.unit": "Unit",
    "col.value": "Value",
    "col.values_checked": "Values checked",
    # Chapter 0: the landing page.
    "ch0.scorecard.caption": "What the results page reports for PRO-NVO-VID, {start} – {end}",
    "ch0.scorecard.done": "What the project did",
    "ch0.scorecard.money": "What it was worth, and who paid",
    "ch0.sharebar.caption": "Who paid for the project's {total}",
    "ch0.grant_as_jobs.equal": "{jobs} × {per_job} = {product}, exactly the grant",
    "ch0.grant_as_jobs.different": "{jobs} × {per_job} = {product}, while the grant is {grant}",
    # Chapter 1: problem and objective.
    "ch1.call_table": "The {year} public call in public context (not from the report)",
    "ch1.call_headline_status": "status {status}, from the call itself",
    # Labels of the call's terms (a fact without one is shown by its statement).
    "ch1.fact.call-lot-a": "Lot A",
    "ch1.fact.call-lot-b": "Lot B",
    "ch1.fact.call-jobs-planned": "Jobs the call planned",
    "ch1.fact.call-max-partners": "Partners per applicant, at most",
    "ch1.fact.call-subsidy-per-job": "Subsidy per job created",
    "ch1.fact.call-min-employment": "Shortest length of each job",
    "ch1.fact.call-max-per-project": "Value a call summary gives (not said to be a cap per project)",
    "ch1.chart.caption": "Who had which role in PRO-NVO-VID. Grant and own funds [{r}]: as the report states them. Accountable and implementing [{d}]: the book's mapping of the roles the report names, each resting on a quoted sentence. {abbreviations}",
    "ch1.chart.table": "Organisations and their roles",
    # Chapter 2: outcomes.
    "ch2.scorecard.caption": "Every quantity the results page gives, by result area; PRO-NVO-VID, {start} – {end}",
    "ch2.scorecard.area": "Area {area}: {title}",
    "ch2.derived.participants_per_training": "Participants per training or workshop (average)",
    "ch2.derived.participants_per_ngo": "Participants per NGO that sent people (average)",
    "ch2.derived.people_reached": "People reached by the trainings and the Day together, at most (groups may overlap)",
    "ch2.timeline.title": "By the date public context suggests, the Day 2019 fell in month {month} of the {months}-month project",
    "ch2.timeline.subtitle": "Project period as reported; other dates from public context, the Day's inferred; {first} – {last}",
    "ch2.timeline.caption": "The project period (shaded) with the dated events around it; [R] reported, [C] context, [D] the Day's date, which the book infers from context.",
    "ch2.timeline.alt": "Timeline from the call to the publication of the results. {items}.",
    # Chapter 3: strategies.
    "ch3.claims.subtitle": "Claims of contribution the report makes, by strategy or act; the report's own claims, not measured effects",
    "ch3.claims.caption": "Claims of contribution per framework, as the report lists them.",
    "ch3.claims.alt": "Horizontal bar chart of the report's claims of contribution by framework: {items}.",
    "ch3.framework_item": "the {name} ({short})",
    "ch3.framework_item_short": "the {name}",
    "ch3.goals.subtitle": "Development goals of the Slovenian Development Strategy 2030, highlighted where the report cites them; English names: our translation, unverified",
    "ch3.goals.source": "{publisher}, {date} (list of goals, verified)",
    "ch3.goals.caption": "Where the goals the report cites sit among all the development goals.",
    "ch3.goals.cited": "cited",
    "ch3.goals.table": "The development goals (the list is context; the citations are reported)",
    "ch3.claims_table": "The report's claims of contribution",
    "ch3.context_table": "Public context about the frameworks (not from the report)",
    # Chapter 4: finances.
    "ch4.sum_check": "grant + own funds − total value = {difference}",
    "ch4.chart.title": "The ministry's grant paid for {share} of the project's {total}",
    "ch4.chart.subtitle": "Financing of PRO-NVO-VID by source, in euros and as a share of the total; {start} – {end}",
    "ch4.chart.caption": "How the project was financed. Amounts reported; shares derived (rounded half up).",
    "ch4.chart.alt": "Stacked bar of the project's {total}: {items}. Amounts reported; shares derived.",
    "ch4.value_per_month": "total value ÷ {months} = {result}",
    "ch4.own_per_grant": "own funds ÷ grant = {result}",
    "ch4.per_job.equal": "the same as the call's rate: at that rate the reported jobs would earn exactly the grant",
    "ch4.per_job.different": "not the call's rate: at that rate the reported jobs would earn {implied}",
    # Chapter 5: data, methods and checks.
    "ch5.tables_table": "The tables of the data package",
    "ch5.quoted": "quoted",
    "ch5.written_form_of": "written form of {field}",
    "ch5.primary_key": "primary key: {fields}",
    "ch5.this_table": "this table",
    "ch5.keys": "Keys: {keys}.",
    "ch5.provenance_table": "Provenance of the reported numbers and dates",
    "ch5.rules_table": "The book's data rules, as run for this build",
    "ch5.context_checks_table": "Checks of the report against public context",
    "ch5.context_check.grant_jobs": "Grant equals reported jobs × the call's per-job subsidy",
    "ch5.context_check.grant_cap": "Grant below the value a call summary gives (not said to be a cap per project)",
    "ch5.context_check.period_employment": "The call's minimum employment fits within the project period (how long the jobs lasted is not reported)",
    "ch5.context_check.period_employment.possible": "could have been met; not shown that it was",
    "ch5.context_check.period_employment.impossible": "could not have been met within the project",
    "ch5.holds.reported": "reported facts",
    "ch5.holds.context": "context facts",
    "ch5.holds.book": "our own record",
    "ch5.table_summary": "{file}: {title} ({holds}; {rows})",
    "ch5.context_check.partners": "Project partners within the call's maximum (associated partners not counted)",
    "ch5.gaps_table": "Gaps in the report",
    "ch5.sources_table": "Sources of the data",
    "ch5.sources_online": "Sources with an address online:",
    # Frictionless constraints in chapter 5's data dictionary.
    "constraint.minimum": "minimum {value}",
    "constraint.maximum": "maximum {value}",
    "constraint.enum": "one of: {values}",
    "constraint.pattern": "pattern: {value}",
    # Data rules (chapter 5): what each rule of pronvovid.rules checks (its rules table; keys rule.<rule id>).
    "rule.finite-numbers": "Every number is finite (no inf or nan).",
    "rule.clean-text": "Text has no leading or trailing spaces and is in Unicode NFC, so that equal names are equal.",
    "rule.one-project": "The package describes exactly one project.",
    "rule.parts-sum-to-total": "The financing parts sum exactly (to the cent) to the reported total.",
    "rule.amounts-to-the-cent": "Amounts in euros are written with exactly two decimals.",
    "rule.dates-in-order": "The project ends after it starts; events fall in the project period; the call's dates precede the project.",
    "rule.numbers-match-quotes": "Every reported number and date appears in its quoted sentence as the report writes it (digits such as 76.334,02 or a word such as »treh«).",
    "rule.names-match-quotes": "Every reported name, title and role appears verbatim in its quoted sentence.",
    "rule.quotes-in-archive": "Every Slovenian quote (quote_sl, and every field marked quoted) appears verbatim in the archived text of the report, runs of whitespace read as one space; the archive is inside the data folder and has the recorded sha256.",
    "rule.groups-not-exceeding-units": "A count is not smaller than the count of groups it came from (participants not fewer than their organisations).",
    "rule.area-results-consistent": "Each result area's flag agrees with the results listed for it.",
    "rule.locations-match-count": "Each event lists as many locations as the report counts.",
    "rule.tiers-match-sources": "Reported tables cite the report; context tables cite context sources with the same status.",
    "rule.sources-checkable": "A reader can check every source: a report or context source has its address or says why there is none, and an address has the date it was retrieved.",
    "rule.srs-goal-names-match": "The SRS 2030 goals the report cites carry the names of the public list.",
    "rule.units-with-values": "A context fact's value has its unit, and a unit has its value.",
    "rule.values-the-chapters-use": "The values the chapters compute with are there: the report's address and date, the context facts the chapters cite, and the article and paragraph of every cited act.",
    "rule.twins-filled": "Every English text column (…_en) has its Slovenian twin (…_sl), and in every row a twin is filled wherever the other one is, so that each edition shows its own language.",
    "rule.statements-match-values": "A context fact's statement, in each language, writes the row's own date, month and whole number (4 May 2018 / 4. maja 2018, 2,000,000 / 2.000.000), so that the words and the values the chapters compute with cannot drift apart.",
    # Chapter 6: glossary.
    "ch6.table": "Names and abbreviations",
    "ch6.source.report": "the report",
    "ch6.source.book": "ours",
    # The book as a whole: its title (the record's title in CITATION.cff, which a
    # test keeps equal) and abstract, as each edition shows them.
    "book.title": "PRO-NVO-VID: what an NGO network project reported, checked and computed",
    "book.abstract": (
        "A reproducible analysis book of the public results page of PRO-NVO-VID, a Slovenian NGO project "
        "(1 October 2018 to 31 December 2019) co-financed by the Ministry of Public Administration: every "
        "figure computed from a validated data package, each marked as reported, derived or context."
    ),
    # The PDF's title page and contents (tools/pdf.py).
    "pdf.authors": "Authors",
    "pdf.version": "Version",
    "pdf.date": "Date",
    "pdf.licence": "Licence",
    "pdf.licence_value": "{licence} (text and data); code: MIT",
    "pdf.cite_as": "Please cite as:",
    "pdf.reference": "{authors} ({year}). {title} (version {version}). Licence: {licence}.",
    "pdf.contents": "Contents",
}


def unit_context(unit: str, decimal: bool = False) -> str:
    """The gettext context of a unit's forms: ``unit.months``; after a decimal number ``unit.months.decimal``."""
    return f"unit.{unit}" + (".decimal" if decimal else "")


def entries() -> list[tuple[str, str | tuple[str, str], str]]:
    """Every phrase as (context, English: a msgid or a (singular, plural) pair, a note for translators)."""
    found: list[tuple[str, str | tuple[str, str], str]] = []
    for unit, (one, other) in UNITS.items():
        found.append((unit_context(unit), (one, other), "A count and its noun."))
        found.append(
            (
                unit_context(unit, True),
                other,
                "After a decimal number (Slovenian: genitive singular, 8,5 meseca).",
            )
        )
    found.extend(
        (key, forms, "A phrase whose words change with the number n.") for key, forms in PLURAL.items()
    )
    found.extend((key, text, "") for key, text in TEXT.items())
    return found


# ----------------------------------------------------------------------------
# Extraction (Babel) and translations at run time


def extract(fileobj, keywords, comment_tags, options):
    """Babel extraction method for this module (see ``babel.cfg``): yields each
    phrase of the tables above as a ``pgettext``/``npgettext`` call, at the line
    where it is written."""
    tree = ast.parse(fileobj.read())
    lines: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Dict):
            table = node.target.id
            for key in node.value.keys:
                if isinstance(key, ast.Constant):
                    lines[f"{table}:{key.value}"] = key.lineno
    for context, english, note in entries():
        if context.startswith("unit."):
            table, key = "UNITS", context.split(".")[1]
        else:
            table, key = ("PLURAL" if context in PLURAL else "TEXT"), context
        lineno = lines.get(f"{table}:{key}", 0)
        comments = [note] if note else []
        if isinstance(english, tuple):
            yield lineno, "npgettext", (context, *english), comments
        else:
            yield lineno, "pgettext", (context, english), comments


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str, path: Path | None = None) -> Catalog:
    path = path or po_path(language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN, abort_invalid=True)


@cache
def _compiled(language: str) -> tuple[gettext.GNUTranslations, frozenset[tuple[str | None, str]]]:
    catalog = read_catalogue(language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    translated = frozenset(
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else (m.string,))
    )
    return gettext.GNUTranslations(buffer), translated


def load_translations(language: str) -> gettext.NullTranslations:
    """The language's translations, compiled from its .po with Babel in memory,
    once per process (never a stale .mo); English, the source language, needs none."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return _compiled(language)[0]


def is_translated(language: str, context: str, msgid: str) -> bool:
    """Whether the language's catalogue has a usable (non-empty, not fuzzy) translation."""
    return language == SOURCE_LANGUAGE or (context, msgid) in _compiled(language)[1]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalogue_problems(language: str, path: Path | None = None) -> list[str]:
    """Everything wrong with a language's catalogue, one line each naming the
    file, the line and the key: a phrase missing or untranslated, a translation
    left fuzzy, an obsolete entry, a wrong number of plural forms, or
    placeholders ({name}) that differ from the English. Empty when the
    catalogue is complete."""
    if language == SOURCE_LANGUAGE:
        return []
    path = path or po_path(language)
    if not path.is_file():
        return [f"{path}: no catalogue for {language!r}; run `make catalog`"]
    try:
        catalog = read_catalogue(language, path)
    except Exception as error:  # a broken file is one problem to report
        return [f"{path}: cannot be read: {error}"]
    problems = []
    where = path.as_posix()
    for context, english, _ in entries():
        msgid = english[0] if isinstance(english, tuple) else english
        message = catalog.get(msgid, context=context)
        if message is None:
            problems.append(f"{where}: {context}: missing (run `make catalog`, then translate it)")
            continue
        at = f"{where}:{message.lineno}: {context}"
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(english, tuple) != isinstance(message.id, tuple):
            problems.append(f"{at}: should {'' if isinstance(english, tuple) else 'not '}have plural forms")
            continue
        if message.fuzzy:
            problems.append(f"{at}: fuzzy (check the translation against the English, then remove the flag)")
        if not all(forms):
            problems.append(f"{at}: untranslated (empty msgstr)")
            continue
        if isinstance(english, tuple) and len(forms) != catalog.num_plurals:
            problems.append(f"{at}: {len(forms)} plural forms, the language has {catalog.num_plurals}")
        expected = set().union(
            *(placeholders(e) for e in (english if isinstance(english, tuple) else (english,)))
        )
        for form in forms:
            try:
                got = placeholders(form)
            except ValueError as error:
                problems.append(f"{at}: not a valid template ({error}): {form!r}")
                continue
            # A plural form may leave out {n} (Slovenian "one" forms sometimes spell it out); nothing else.
            if got - expected or (expected - {"n"}) - got:
                problems.append(
                    f"{at}: placeholders {sorted(got)} differ from the English {sorted(expected)}: {form!r}"
                )
    known = {(c, e[0] if isinstance(e, tuple) else e) for c, e, _ in entries()}
    for message in catalog:
        if (
            message.id
            and (message.context, message.id if isinstance(message.id, str) else message.id[0]) not in known
        ):
            problems.append(
                f"{where}:{message.lineno}: {message.context}: no such phrase in the code (stale entry)"
            )
    for message in catalog.obsolete.values():
        problems.append(f"{where}:{message.lineno}: {message.context}: obsolete (#~), remove it")
    return problems
