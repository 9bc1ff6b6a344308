"""The book's fixed phrases in each language it can be built in.

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
    "organisations": {
        "en": {"one": "{n} organisation", "other": "{n} organisations"},
        "sl": {
            "one": "{n} organizacija",
            "two": "{n} organizaciji",
            "few": "{n} organizacije",
            "other": "{n} organizacij",
        },
    },
    "people": {
        "en": {"one": "{n} person", "other": "{n} people"},
        "sl": {"one": "{n} oseba", "two": "{n} osebi", "few": "{n} osebe", "other": "{n} oseb"},
    },
    "goals": {
        "en": {"one": "{n} goal", "other": "{n} goals"},
        "sl": {"one": "{n} cilj", "two": "{n} cilja", "few": "{n} cilji", "other": "{n} ciljev"},
    },
    "claims": {
        "en": {"one": "{n} claim", "other": "{n} claims"},
        "sl": {"one": "{n} navedba", "two": "{n} navedbi", "few": "{n} navedbe", "other": "{n} navedb"},
    },
}

TEXT: dict[str, dict[str, str]] = {
    "tier.header": {"en": "Kind", "sl": "Vrsta"},
    "tier.reported": {"en": "reported", "sl": "poročano"},
    "tier.derived": {"en": "derived", "sl": "izračunano"},
    "tier.context": {"en": "context", "sl": "kontekst"},
    "tier.reported.abbr": {"en": "R", "sl": "P"},
    "tier.derived.abbr": {"en": "D", "sl": "I"},
    "tier.context.abbr": {"en": "C", "sl": "K"},
    "tier.reported.title": {
        "en": "reported: stated in the project's results report",
        "sl": "poročano: navedeno v poročilu projekta",
    },
    "tier.derived.title": {
        "en": "derived: computed by this book from reported figures",
        "sl": "izračunano: izračunala ta knjiga iz poročanih podatkov",
    },
    "tier.context.title": {
        "en": "context: from a public source other than the report",
        "sl": "kontekst: iz javnega vira, ki ni poročilo",
    },
    "source.report": {
        "en": "Source: PRO-NVO-VID results report (NVO-VID network, 2020)",
        "sl": "Vir: poročilo o rezultatih projekta PRO-NVO-VID (mreža NVO-VID, 2020)",
    },
    "source.report_and_context": {
        "en": "Source: PRO-NVO-VID results report (NVO-VID network, 2020); context: {context}",
        "sl": "Vir: poročilo o rezultatih projekta PRO-NVO-VID (mreža NVO-VID, 2020); kontekst: {context}",
    },
    "source.derived": {
        "en": "Derived by this book from the PRO-NVO-VID results report (NVO-VID network, 2020)",
        "sl": "Izračun te knjige iz poročila o rezultatih projekta PRO-NVO-VID (mreža NVO-VID, 2020)",
    },
    "chart.data": {"en": "Data behind this chart", "sl": "Podatki za ta grafikon"},
    "chart.none_reported": {
        "en": "The report lists no results for this area",
        "sl": "Poročilo za to področje ne navaja rezultatov",
    },
    "quote.original": {"en": "Slovenian original", "sl": "Izvirnik"},
    "quote.translation": {"en": "Our translation", "sl": "Naš prevod"},
    "quote.source": {"en": "Source", "sl": "Vir"},
    "role.grant": {"en": "Grant", "sl": "Dotacija"},
    "role.own_funds": {"en": "Own funds", "sl": "Lastna sredstva"},
    "role.accountable": {"en": "Accountable", "sl": "Odgovorni"},
    "role.implementing": {"en": "Implementing", "sl": "Izvajalec"},
    "timeline.call_published": {"en": "Call published", "sl": "Objava razpisa"},
    "timeline.call_deadline": {"en": "Applications due", "sl": "Rok za prijave"},
    "timeline.project_start": {"en": "Project starts", "sl": "Začetek projekta"},
    "timeline.project_end": {"en": "Project ends", "sl": "Konec projekta"},
    "timeline.network_meeting": {"en": "Network meeting", "sl": "Srečanje mreže"},
    "timeline.report_published": {"en": "Results page published", "sl": "Objava rezultatov"},
    "unknown": {"en": "not given in the report", "sl": "poročilo ne navaja"},
}
