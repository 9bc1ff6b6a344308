"""Every phrase the book's code writes (chart titles and labels, table headers
and captions, alt text), in each language the book can be built in.

Keys are grouped by where they appear: ``tier.*`` and ``chart.*`` everywhere,
``col.*`` table headers, ``chN.*`` chapter N. Values are ``str.format``
templates; numbers and dates are formatted by ``pronvovid.formatting`` before
they are put in. The Slovenian phrases are ours and wait for a native
speaker's review before a Slovenian edition is published.

Units carry CLDR plural categories (Slovenian has one, two, few and other).
"""

from __future__ import annotations

UNITS: dict[str, dict[str, dict[str, str]]] = {
    "months": {
        "en": {"one": "{n} month", "other": "{n} months"},
        "sl": {"one": "{n} mesec", "two": "{n} meseca", "few": "{n} meseci", "other": "{n} mesecev"},
    },
    "days": {
        "en": {"one": "{n} day", "other": "{n} days"},
        "sl": {"one": "{n} dan", "two": "{n} dneva", "few": "{n} dnevi", "other": "{n} dni"},
    },
    "rows": {
        "en": {"one": "{n} row", "other": "{n} rows"},
        "sl": {"one": "{n} vrstica", "two": "{n} vrstici", "few": "{n} vrstice", "other": "{n} vrstic"},
    },
    "claims": {
        "en": {"one": "{n} claim", "other": "{n} claims"},
        "sl": {"one": "{n} navedba", "two": "{n} navedbi", "few": "{n} navedbe", "other": "{n} navedb"},
    },
}


def _(en: str, sl: str) -> dict[str, str]:
    return {"en": en, "sl": sl}


TEXT: dict[str, dict[str, str]] = {
    # Tiers: the marker on every figure.
    "tier.header": _("Kind", "Vrsta"),
    "tier.reported": _("reported", "poročano"),
    "tier.derived": _("derived", "izračunano"),
    "tier.context": _("context", "kontekst"),
    "tier.reported.abbr": _("R", "P"),
    "tier.derived.abbr": _("D", "I"),
    "tier.context.abbr": _("C", "K"),
    "tier.reported.title": _(
        "reported: stated in the project's results report", "poročano: navedeno v poročilu projekta"
    ),
    "tier.derived.title": _(
        "derived: computed by this book from reported or context figures",
        "izračunano: izračunala ta knjiga iz poročanih ali kontekstnih podatkov",
    ),
    "tier.reported.says": _("The report says:", "Poročilo pravi:"),
    "tier.context.title": _(
        "context: from a public source other than the report", "kontekst: iz javnega vira, ki ni poročilo"
    ),
    # Charts, quotes and small words.
    "source.report": _(
        "Source: PRO-NVO-VID results report (NVO-VID network, 2020)",
        "Vir: poročilo o rezultatih projekta PRO-NVO-VID (mreža NVO-VID, 2020)",
    ),
    "source.report_and_context": _(
        "Source: PRO-NVO-VID results report (NVO-VID network, 2020); context: {context}",
        "Vir: poročilo o rezultatih projekta PRO-NVO-VID (mreža NVO-VID, 2020); kontekst: {context}",
    ),
    "chart.data": _("Data behind this chart", "Podatki za ta grafikon"),
    "chart.csv": _("The data this chart draws (CSV)", "Podatki, ki jih riše ta grafikon (CSV)"),
    "chart.table": _("Numbers behind the chart", "Številke za grafikonom"),
    "chart.none_reported": _(
        "The results page lists no results under this area",
        "Stran z rezultati pod tem področjem ne navaja rezultatov",
    ),
    "quote.original": _("Slovenian original", "Izvirnik"),
    "quote.translation": _("Our translation", "Naš prevod"),
    "quote.source": _("Source", "Vir"),
    "yes": _("yes", "da"),
    "no": _("no", "ne"),
    "none": _("none", "nobena"),
    "passed": _("passed", "izpolnjeno"),
    "failed": _("FAILED", "NI IZPOLNJENO"),
    "consistent": _("consistent", "skladno"),
    "inconsistent": _("inconsistent", "neskladno"),
    # Roles in the partnership chart.
    "role.grant": _("Grant", "Dotacija"),
    "role.own_funds": _("Own funds", "Lastna sredstva"),
    "role.accountable": _("Accountable", "Odgovorni"),
    "role.implementing": _("Implementing", "Izvajalec"),
    # Timeline labels.
    "timeline.call_published": _("Call published", "Objava razpisa"),
    "timeline.call_deadline": _("Applications due", "Rok za prijave"),
    "timeline.project_start": _("Project starts", "Začetek projekta"),
    "timeline.project_end": _("Project ends", "Konec projekta"),
    "timeline.day": _("{event}, {place} (date inferred)", "{event}, {place} (datum sklepan)"),
    "timeline.network_meeting": _("Network meeting", "Srečanje mreže"),
    "timeline.report_published": _("Results page published", "Objava rezultatov"),
    # Table headers.
    "col.address": _("Address", "Naslov"),
    "col.amount": _("Amount", "Znesek"),
    "col.amount_is": _("Amount is", "Znesek je"),
    "col.area": _("Area", "Področje"),
    "col.as_written": _("As the report writes it", "Kot piše v poročilu"),
    "col.check": _("Check", "Preverjanje"),
    "col.checks": _("What it checks", "Kaj preverja"),
    "col.citation_is": _("Citation is", "Navedba je"),
    "col.cited": _("Cited by the report", "Navaja poročilo"),
    "col.cites": _("The report cites", "Poročilo navaja"),
    "col.claim_sl": _("Claim (Slovenian, as reported)", "Navedba (kot v poročilu)"),
    "col.claims": _("Claims", "Navedbe"),
    "col.comparison": _("Comparison", "Primerjava"),
    "col.constraints": _("Constraints", "Omejitve"),
    "col.contents": _("Contents", "Vsebina"),
    "col.context_status": _("Context status", "Status konteksta"),
    "col.count_is": _("Count is", "Število je"),
    "col.date": _("Date", "Datum"),
    "col.description": _("Description", "Opis"),
    "col.event": _("Event", "Dogodek"),
    "col.fact": _("Fact", "Dejstvo"),
    "col.field": _("Field", "Polje"),
    "col.figure": _("Figure", "Podatek"),
    "col.formula": _("Formula", "Formula"),
    "col.framework": _("Framework", "Okvir"),
    "col.goal": _("Goal", "Cilj"),
    "col.handling": _("How the book handles it", "Kako ga obravnava knjiga"),
    "col.holds": _("Holds", "Vsebuje"),
    "col.iati_roles": _("IATI-style roles", "Vloge po IATI"),
    "col.kind": _("Kind", "Vrsta"),
    "col.line": _("Line", "Postavka"),
    "col.list_is": _("List is", "Seznam je"),
    "col.mapping_is": _("Mapping is", "Preslikava je"),
    "col.meaning": _("Meaning", "Pomen"),
    "col.missing": _("What is missing", "Kaj manjka"),
    "col.name_ours": _("Name (our translation)", "Ime (naš prevod)"),
    "col.name_sl": _("Name (Slovenian)", "Ime"),
    "col.name_unverified": _("Name (our translation, unverified)", "Ime (angleški prevod, nepreverjen)"),
    "col.organisation": _("Organisation", "Organizacija"),
    "col.part": _("Part", "Del"),
    "col.project_role": _("Role in the project", "Vloga v projektu"),
    "col.published": _("Published", "Objavljeno"),
    "col.publisher": _("Publisher", "Izdajatelj"),
    "col.quantities": _("Quantities", "Količine"),
    "col.quantity": _("Quantity", "Količina"),
    "col.quote_sl": _("Quoted sentence (Slovenian)", "Navedeni stavek"),
    "col.required": _("Required", "Obvezno"),
    "col.result": _("Result", "Rezultat"),
    "col.results": _("Results", "Rezultati"),
    "col.rows": _("Rows", "Vrstice"),
    "col.rows_is": _("Row count is", "Število vrstic je"),
    "col.role_is": _("Role is", "Vloga je"),
    "col.rule": _("Rule", "Pravilo"),
    "col.share": _("Share of total", "Delež celote"),
    "col.share_is": _("Share is", "Delež je"),
    "col.slovenian": _("Slovenian", "Slovensko"),
    "col.source": _("Source", "Vir"),
    "col.source_clause": _("Source clause (Slovenian)", "Navedba v poročilu"),
    "col.status": _("Status", "Status"),
    "col.table": _("Table", "Tabela"),
    "col.table_field": _("Table.field", "Tabela.polje"),
    "col.table_and_field": _("Table and field", "Tabela in polje"),
    "col.term": _("Term", "Izraz"),
    "col.title": _("Title", "Naslov"),
    "col.title_ours": _("Title (our translation)", "Naslov (naš prevod)"),
    "col.title_sl": _("Title (Slovenian)", "Naslov"),
    "col.topic": _("Topic", "Tema"),
    "col.translation": _("Our translation", "Naš prevod"),
    "col.type": _("Type", "Tip"),
    "col.unit": _("Unit", "Enota"),
    "col.value": _("Value", "Vrednost"),
    "col.values_checked": _("Values checked", "Preverjene vrednosti"),
    # Chapter 0: the landing page.
    "ch0.scorecard.caption": _(
        "What the results page reports for PRO-NVO-VID, {start} – {end}",
        "Kaj navaja stran z rezultati projekta PRO-NVO-VID, {start}–{end}",
    ),
    "ch0.scorecard.done": _("What the project did", "Kaj je projekt naredil"),
    "ch0.scorecard.money": _("What it was worth, and who paid", "Kolikšna je bila vrednost in kdo je plačal"),
    "ch0.sharebar.caption": _(
        "Who paid for the project's {total}", "Kdo je plačal vrednost projekta {total}"
    ),
    "ch0.grant_as_jobs.equal": _(
        "{jobs} × {per_job} = {product}, exactly the grant",
        "{jobs} × {per_job} = {product}, natanko dotacija",
    ),
    "ch0.grant_as_jobs.different": _(
        "{jobs} × {per_job} = {product}, while the grant is {grant}",
        "{jobs} × {per_job} = {product}, dotacija pa je {grant}",
    ),
    # Chapter 1: problem and objective.
    "ch1.call_table": _(
        "The {year} public call in public context (not from the report)",
        "Javni razpis {year} v javnem kontekstu (ne iz poročila)",
    ),
    "ch1.call_headline_status": _(
        "status {status}, from the call itself", "status {status}, iz samega razpisa"
    ),
    # Labels of the call's terms (a fact without one is shown by its statement).
    "ch1.fact.call-lot-a": _("Lot A", "Sklop A"),
    "ch1.fact.call-lot-b": _("Lot B", "Sklop B"),
    "ch1.fact.call-jobs-planned": _("Jobs the call planned", "Načrtovana delovna mesta"),
    "ch1.fact.call-max-partners": _("Partners per applicant, at most", "Največ partnerjev na prijavitelja"),
    "ch1.fact.call-subsidy-per-job": _("Subsidy per job created", "Subvencija na novo delovno mesto"),
    "ch1.fact.call-min-employment": _("Shortest length of each job", "Najkrajše trajanje vsake zaposlitve"),
    "ch1.fact.call-max-per-project": _(
        "Value a call summary gives (not said to be a cap per project)",
        "Vrednost iz povzetka razpisa (ni navedeno, da je to zgornja meja na projekt)",
    ),
    "ch1.chart.title": _(
        "{n} organisations co-financed the project with own funds; {funder} paid the grant",
        "Organizacije ({n}) so projekt sofinancirale z lastnimi sredstvi; dotacijo je plačalo {funder}",
    ),
    "ch1.chart.subtitle": _(
        "Roles of the {n} organisations named in the report; grant and own funds [{r}] as reported, "
        "accountable and implementing [{d}] the book's mapping to IATI roles; PRO-NVO-VID, {start} – {end}",
        "Vloge organizacij, ki jih navaja poročilo ({n}); dotacija in lastna sredstva [{r}] po poročilu, "
        "odgovorni in izvajalci [{d}] po preslikavi te knjige v vloge po IATI; PRO-NVO-VID, {start}–{end}",
    ),
    "ch1.chart.caption": _(
        "Who had which role in PRO-NVO-VID. Grant and own funds [{r}]: as the report states them. "
        "Accountable and implementing [{d}]: the book's mapping of the roles the report names, each resting "
        "on a quoted sentence. {abbreviations}",
        "Kdo je imel katero vlogo v projektu PRO-NVO-VID. Dotacija in lastna sredstva [{r}]: kot ju navaja "
        "poročilo. Odgovorni in izvajalci [{d}]: preslikava te knjige iz vlog, ki jih poročilo imenuje, vsaka "
        "na podlagi navedenega stavka. {abbreviations}",
    ),
    "ch1.chart.abbreviations": _(
        "{terms}: this book's abbreviation, not the report's.",
        "{terms}: kratica te knjige, ne poročila.",
    ),
    "ch1.chart.table": _("Organisations and their roles", "Organizacije in njihove vloge"),
    "ch1.chart.alt": _(
        "Dot matrix of the {n} organisations the report names against four roles. {funder} provided the "
        "grant. {carriers} co-financed the project with own funds; in the book's mapping of the roles the report "
        "names they are also the implementing organisations, and {accountable}, the applicant, is the accountable "
        "one. The associated partners ({associated}) have no further role in the report.",
        "Matrika pik za organizacije, ki jih navaja poročilo ({n}), in štiri vloge. Dotacijo je zagotovilo "
        "{funder}. {carriers} so projekt sofinancirale z lastnimi sredstvi; po preslikavi te knjige iz vlog, ki "
        "jih imenuje poročilo, so tudi izvajalci, {accountable} kot prijavitelj pa je odgovorni. Pridruženi "
        "partnerji ({associated}) v poročilu nimajo druge vloge.",
    ),
    # Chapter 2: outcomes.
    "ch2.scorecard.caption": _(
        "Every quantity the results page gives, by result area; PRO-NVO-VID, {start} – {end}",
        "Vse količine, ki jih navaja stran z rezultati, po področjih; PRO-NVO-VID, {start}–{end}",
    ),
    "ch2.scorecard.area": _("Area {area}: {title}", "Področje {area}: {title}"),
    "ch2.derived.participants_per_training": _(
        "Participants per training or workshop (average)",
        "Udeleženci na izobraževanje ali delavnico (povprečje)",
    ),
    "ch2.derived.participants_per_ngo": _(
        "Participants per NGO that sent people (average)",
        "Udeleženci na NVO, ki je poslala ljudi (povprečje)",
    ),
    "ch2.derived.people_reached": _(
        "People reached by the trainings and the Day together, at most (groups may overlap)",
        "Največje število ljudi, ki so jih dosegli izobraževanja in Dan skupaj (skupine se lahko prekrivajo)",
    ),
    "ch2.timeline.title": _(
        "By the date public context suggests, the Day 2019 fell in month {month} of the {months}-month project",
        "Po datumu iz javnega konteksta je bil Dan 2019 v {month}. mesecu projekta, ki je trajal {months} mesecev",
    ),
    "ch2.timeline.subtitle": _(
        "Project period as reported; other dates from public context, the Day's inferred; {first} – {last}",
        "Obdobje projekta po poročilu; drugi datumi iz javnega konteksta, datum Dneva sklepan; {first}–{last}",
    ),
    "ch2.timeline.caption": _(
        "The project period (shaded) with the dated events around it; [R] reported, [C] context, "
        "[D] the Day's date, which the book infers from context.",
        "Obdobje projekta (osenčeno) z datiranimi dogodki; [P] poročano, [K] kontekst, "
        "[I] datum Dneva, ki ga knjiga sklepa iz konteksta.",
    ),
    "ch2.timeline.alt": _(
        "Timeline from the call to the publication of the results. {items}.",
        "Časovnica od razpisa do objave rezultatov. {items}.",
    ),
    # Chapter 3: strategies.
    "ch3.claims.title": _(
        "{framework} accounts for {n} of the report's {total} claims of contribution",
        "Na {framework} se nanaša {n} od {total} navedb o prispevku v poročilu",
    ),
    "ch3.claims.subtitle": _(
        "Claims of contribution the report makes, by strategy or act; the report's own claims, not measured effects",
        "Navedbe o prispevku po strategijah in zakonu; navedbe poročila, ne izmerjeni učinki",
    ),
    "ch3.claims.caption": _(
        "Claims of contribution per framework, as the report lists them.",
        "Navedbe o prispevku po okvirih, kot jih navaja poročilo.",
    ),
    "ch3.claims.alt": _(
        "Horizontal bar chart of the report's claims of contribution by framework: {items}.",
        "Vodoravni stolpčni grafikon navedb o prispevku po okvirih: {items}.",
    ),
    "ch3.framework_item": _("the {name} ({short})", "{name} ({short})"),
    "ch3.framework_item_short": _("the {name}", "{name}"),
    "ch3.goals.title": _(
        "The report cites {n} of the {total} SRS 2030 development goals: goals {goals}",
        "Poročilo navaja razvojne cilje SRS 2030 {goals} ({n} od {total})",
    ),
    "ch3.goals.subtitle": _(
        "Development goals of the Slovenian Development Strategy 2030, highlighted where the report cites them; "
        "English names: our translation, unverified",
        "Razvojni cilji Strategije razvoja Slovenije 2030; poudarjeni so cilji, ki jih navaja poročilo",
    ),
    "ch3.goals.source": _(
        "{publisher}, {date} (list of goals, verified)", "{publisher}, {date} (seznam ciljev, preverjeno)"
    ),
    "ch3.goals.caption": _(
        "Where the goals the report cites sit among all the development goals.",
        "Kje med vsemi razvojnimi cilji so cilji, ki jih navaja poročilo.",
    ),
    "ch3.goals.alt": _(
        "List of the {total} SRS 2030 development goals with goals {goals} highlighted as cited by the report: "
        "{items}.",
        "Seznam razvojnih ciljev SRS 2030 ({total}), poudarjeni cilji {goals}, ki jih navaja poročilo: {items}.",
    ),
    "ch3.goals.cited": _("cited", "naveden"),
    "ch3.goals.table": _(
        "The development goals (the list is context; the citations are reported)",
        "Razvojni cilji (seznam je kontekst, navedbe so iz poročila)",
    ),
    "ch3.claims_table": _("The report's claims of contribution", "Navedbe poročila o prispevku"),
    "ch3.context_table": _(
        "Public context about the frameworks (not from the report)",
        "Javni kontekst o okvirih (ne iz poročila)",
    ),
    # Chapter 4: finances.
    "ch4.sum_check": _(
        "grant + own funds − total value = {difference}",
        "dotacija + lastna sredstva − skupna vrednost = {difference}",
    ),
    "ch4.chart.title": _(
        "The ministry's grant paid for {share} of the project's {total}",
        "Dotacija ministrstva je pokrila {share} od {total} vrednosti projekta",
    ),
    "ch4.chart.subtitle": _(
        "Financing of PRO-NVO-VID by source, in euros and as a share of the total; {start} – {end}",
        "Financiranje projekta PRO-NVO-VID po virih, v evrih in kot delež celote; {start}–{end}",
    ),
    "ch4.chart.caption": _(
        "How the project was financed. Amounts reported; shares derived (rounded half up).",
        "Kako je bil projekt financiran. Zneski so iz poročila; deleži izračunani (zaokroženi navzgor od polovice).",
    ),
    "ch4.chart.alt": _(
        "Stacked bar of the project's {total}: {items}. Amounts reported; shares derived.",
        "Naložen stolpec vrednosti projekta {total}: {items}. Zneski iz poročila; deleži izračunani.",
    ),
    "ch4.value_per_month": _("total value ÷ {months} = {result}", "skupna vrednost ÷ {months} = {result}"),
    "ch4.own_per_grant": _("own funds ÷ grant = {result}", "lastna sredstva ÷ dotacija = {result}"),
    "ch4.per_job.equal": _(
        "the same as the call's rate: at that rate the reported jobs would earn exactly the grant",
        "enako kot po razpisu: dotacija je natanko toliko, kolikor bi po tej stopnji prinesla poročana delovna mesta",
    ),
    "ch4.per_job.different": _(
        "not the call's rate: at that rate the reported jobs would earn {implied}",
        "ne ustreza stopnji razpisa: po njej bi poročana delovna mesta prinesla {implied}",
    ),
    # Chapter 5: data, methods and checks.
    "ch5.tables_table": _("The tables of the data package", "Tabele podatkovnega paketa"),
    "ch5.quoted": _("quoted", "navedeno"),
    "ch5.written_form_of": _("written form of {field}", "zapis polja {field}"),
    "ch5.primary_key": _("primary key: {fields}", "primarni ključ: {fields}"),
    "ch5.this_table": _("this table", "ta tabela"),
    "ch5.keys": _("Keys: {keys}.", "Ključi: {keys}."),
    "ch5.provenance_table": _(
        "Provenance of the reported numbers and dates", "Izvor poročanih števil in datumov"
    ),
    "ch5.rules_table": _(
        "The book's data rules, as run for this build", "Pravila za podatke, kot so se izvedla za to izdajo"
    ),
    "ch5.context_checks_table": _(
        "Checks of the report against public context", "Primerjave poročila z javnim kontekstom"
    ),
    "ch5.context_check.grant_jobs": _(
        "Grant equals reported jobs × the call's per-job subsidy",
        "Dotacija je enaka številu delovnih mest × subvenciji na mesto",
    ),
    "ch5.context_check.grant_cap": _(
        "Grant below the value a call summary gives (not said to be a cap per project)",
        "Dotacija pod vrednostjo iz povzetka razpisa (ni navedeno, da je to zgornja meja na projekt)",
    ),
    "ch5.context_check.period_employment": _(
        "The call's minimum employment fits within the project period (how long the jobs lasted is not reported)",
        "Najkrajša zaposlitev po razpisu ne presega obdobja projekta (trajanje zaposlitev ni navedeno)",
    ),
    "ch5.context_check.period_employment.possible": _(
        "could have been met; not shown that it was", "bi lahko bilo izpolnjeno; ni pokazano, da je bilo"
    ),
    "ch5.context_check.period_employment.impossible": _(
        "could not have been met within the project", "v obdobju projekta ne bi moglo biti izpolnjeno"
    ),
    "ch5.holds.reported": _("reported facts", "poročana dejstva"),
    "ch5.holds.context": _("context facts", "kontekstna dejstva"),
    "ch5.holds.book": _("our own record", "naš zapis"),
    "ch5.table_summary": _("{file}: {title} ({holds}; {rows})", "{file}: {title} ({holds}; {rows})"),
    "ch5.context_check.partners": _(
        "Project partners within the call's maximum (associated partners not counted)",
        "Projektni partnerji v mejah razpisa (brez pridruženih partnerjev)",
    ),
    "ch5.gaps_table": _("Gaps in the report", "Vrzeli v poročilu"),
    "ch5.sources_table": _("Sources of the data", "Viri podatkov"),
    "ch5.sources_online": _("Sources with an address online:", "Viri z naslovom na spletu:"),
    # Chapter 6: glossary.
    "ch6.table": _("Names and abbreviations", "Imena in kratice"),
    "ch6.source.report": _("the report", "poročilo"),
    "ch6.source.book": _("ours", "naše"),
}
